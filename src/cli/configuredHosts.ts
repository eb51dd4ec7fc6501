import { configuredRegion } from '../aws/awsRegion.js';
import type { ServiceHosts } from '../engine/serviceHosts.js';
import { UsageError } from '../errors.js';
import { scheduleHosts } from '../runtime/scheduleHosts.js';
import type { Schedule } from '../schedule/types.js';

/**
 * The hosts of `schedule`'s services, in the region the SDK configuration resolves (AWS_REGION,
 * profiles). A usage error when a model names no region and none is configured.
 */
export async function configuredHosts(schedule: Schedule): Promise<ServiceHosts> {
  const region = await configuredRegion();
  if (region === null && schedule.models.some((m) => m.region === null)) {
    throw new UsageError('no AWS region: set AWS_REGION (or region in the schedule file)');
  }
  return scheduleHosts(schedule, region);
}
