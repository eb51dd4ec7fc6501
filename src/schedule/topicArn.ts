/**
 * `alerts.topicArn` against where the stack runs. A CloudWatch alarm can only notify a topic in
 * its own region, and a function publishes with credentials of its own partition, so a topic
 * elsewhere validates, packages and deploys, and then fails at the first alert. At package time the
 * stack's region is known (osls's `--region` or the stage's region): the topic must be in it. `lvsched
 * validate` does not know it, so it checks the partition against the file's region (defaults.region,
 * else the AWS configuration's) and warns when the topic's region differs from that region.
 */
import type { Collector, Locator } from './diagnostics.js';

/** AWS partitions and how their region names start (the rest are in `aws`). */
const PARTITIONS: readonly (readonly [partition: string, regionPrefix: RegExp])[] = [
  ['aws-cn', /^cn-/],
  ['aws-us-gov', /^us-gov-/],
  ['aws-iso-b', /^us-isob-/],
  ['aws-iso-e', /^eu-isoe-/],
  ['aws-iso-f', /^us-isof-/],
  ['aws-iso', /^us-iso-/],
  ['aws-eusc', /^eusc-/],
];

/** The partition a region belongs to (`aws` unless its name says otherwise). */
export function partitionOf(region: string): string {
  return PARTITIONS.find(([, prefix]) => prefix.test(region))?.[0] ?? 'aws';
}

const KNOWN = ['aws', ...PARTITIONS.map(([p]) => p)];
const ARN = /^arn:([^:]+):sns:([^:]+):(\d{12}):([^:]+)$/;

export interface TopicRegions {
  /** The stack's region, when known (package time). */
  readonly stackRegion: string | null;
  /** The region the file's models default to (defaults.region, else the AWS configuration's). */
  readonly fileRegion: string | null;
}

/** Reports a topic the stack could not use; `value` is `alerts.topicArn` as the schema accepted it. */
export function checkTopicArn(
  value: string | null | undefined,
  regions: TopicRegions,
  loc: Locator,
  out: Collector,
): void {
  if (value === undefined || value === null) return;
  const m = ARN.exec(value);
  if (m === null) return; // Not reached: the schema accepts only ARNs of this shape.
  const [, partition = '', region = ''] = m;
  const at = loc.at(['alerts', 'topicArn']);
  if (!KNOWN.includes(partition)) {
    out.error(
      at,
      `alerts.topicArn is in the partition "${partition}", which is not an AWS partition (${KNOWN.join(', ')})`,
    );
    return;
  }
  if (partitionOf(region) !== partition) {
    out.error(
      at,
      `alerts.topicArn names the region ${region} in the partition ${partition}, but ${region} belongs to ${partitionOf(region)}`,
    );
    return;
  }
  if (regions.stackRegion !== null) {
    if (region !== regions.stackRegion) {
      out.error(
        at,
        `alerts.topicArn is in ${region}, but the stack will be in ${regions.stackRegion}: CloudWatch alarms can only notify a topic in their own region; use a topic in ${regions.stackRegion}, or deploy with --region ${region}`,
      );
    }
    return;
  }
  const fileRegion = regions.fileRegion;
  if (fileRegion === null) return;
  if (partitionOf(fileRegion) !== partition) {
    out.error(
      at,
      `alerts.topicArn is in the partition ${partition}, but the models' region ${fileRegion} is in ${partitionOf(fileRegion)}: the stack cannot publish across partitions`,
    );
  } else if (region !== fileRegion) {
    out.warn(
      at,
      `alerts.topicArn is in ${region}, not in the models' region ${fileRegion}: deploy the stack to ${region} (serverless deploy --region ${region}), since CloudWatch alarms can only notify a topic in their own region`,
    );
  }
}
