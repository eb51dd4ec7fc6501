import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseScheduleOrThrow } from '../../src/schedule/parseSchedule.js';
import type { Schedule } from '../../src/schedule/types.js';
import { seededRandom } from '../../src/seededRandom.js';
import { ROOT } from './packageService.js';

/** 2026-01-15T00:00Z: the package time of most tests (before 2026's DST changes). */
export const NOW = Date.parse('2026-01-15T00:00:00Z');

export const EXAMPLE = readFileSync(join(ROOT, 'config/schedule.yaml'), 'utf8');

export function parse(text: string, now = NOW): Schedule {
  return parseScheduleOrThrow(text, { file: 'test.yaml', now, defaultRegion: 'us-east-1' });
}

/** A schedule file with one model per entry: `[zone, windows YAML flow list]`. */
export function scheduleFile(models: readonly { zone: string; windows: string; extra?: string }[]): string {
  const lines = ['version: 1', 'models:'];
  models.forEach((m, i) => {
    lines.push(
      `  - project: p${i}`,
      '    version: "1"',
      `    timezone: ${m.zone}`,
      `    windows: ${m.windows}`,
    );
    if (m.extra) lines.push(m.extra);
  });
  return `${lines.join('\n')}\n`;
}

/** Zones of every family: EU, US, southern hemisphere, midnight switches, half-hour offsets, none. */
export const ZONES = [
  'Europe/Berlin',
  'Europe/London',
  'Europe/Lisbon',
  'Europe/Helsinki',
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Los_Angeles',
  'America/St_Johns',
  'America/Havana',
  'America/Santiago',
  'America/Asuncion',
  'America/Sao_Paulo',
  'Australia/Sydney',
  'Australia/Lord_Howe',
  'Australia/Adelaide',
  'Pacific/Auckland',
  'Pacific/Chatham',
  'Asia/Beirut',
  'Asia/Jerusalem',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Asia/Tokyo',
  'Asia/Shanghai',
  'Africa/Cairo',
  'UTC',
];

const pad = (n: number) => String(n).padStart(2, '0');
const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** `count` models with 3 windows each at random times, days and zones (seeded). */
export function randomScheduleFile(count: number, seed: number): string {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)] as T;
  const lines = ['version: 1', 'defaults: { leadTime: 10m }', 'models:'];
  for (let i = 0; i < count; i++) {
    lines.push(
      `  - project: line-${Math.floor(i / 10)}`,
      `    version: "${(i % 10) + 1}"`,
      `    timezone: ${pick(ZONES)}`,
    );
    lines.push('    windows:');
    for (let w = 0; w < 3; w++) {
      const open = Math.floor(random() * 1440);
      const close = (open + 30 + Math.floor(random() * 900)) % 1440;
      const first = Math.floor(random() * 7);
      const span = Math.floor(random() * 7);
      const days = span === 0 ? DAYS[first] : `${DAYS[first]}-${DAYS[(first + span) % 7]}`;
      lines.push(
        `      - { days: ${days}, open: "${pad(Math.floor(open / 60))}:${pad(open % 60)}", close: "${pad(Math.floor(close / 60))}:${pad(close % 60)}" }`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The start of every ARN in a CloudFormation value, up to its partition: `arn:aws:`,
 * `arn:${AWS::Partition}:`, or for an `Fn::Join` that writes `"arn:", {"Ref": "AWS::Partition"}`
 * the same as the Sub form.
 */
export function arnsIn(value: unknown): string[] {
  if (typeof value === 'string') return value.match(/arn:(\$\{[^}]*\}|[^:]*):/g) ?? [];
  if (Array.isArray(value)) return value.flatMap(arnsIn);
  if (value === null || typeof value !== 'object') return [];
  const join = (value as Record<string, unknown>)['Fn::Join'];
  if (Array.isArray(join) && Array.isArray(join[1])) {
    const parts = join[1] as unknown[];
    return parts.flatMap((part, i) => {
      if (part !== 'arn:') return arnsIn(part);
      const next = parts[i + 1] as { Ref?: unknown } | undefined;
      // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub syntax.
      return [next?.Ref === 'AWS::Partition' ? 'arn:${AWS::Partition}:' : `arn:${JSON.stringify(next)}:`];
    });
  }
  return Object.values(value).flatMap(arnsIn);
}

/** CloudFormation's part: the Fn::Join of the body, with Refs and GetAtts filled in. */
// biome-ignore lint/suspicious/noExplicitAny: CloudFormation JSON is read as it comes.
export function resolveBody(value: any, names: Record<string, string>): string {
  const [separator, parts] = value['Fn::Join'] as [string, unknown[]];
  return parts
    .map((p) => {
      if (typeof p === 'string') return p;
      const ref = p as { Ref?: string; 'Fn::GetAtt'?: string[] };
      const v = names[ref.Ref ?? ref['Fn::GetAtt']?.join('.') ?? ''];
      if (v === undefined) throw new Error(`nothing to fill in for ${JSON.stringify(p)}`);
      return v;
    })
    .join(separator);
}

/** Names CloudFormation could fill into the dashboard body of stage prod. */
export const FILLED: Record<string, string> = {
  'AWS::Region': 'eu-central-1',
  'DeadLetterQueue.QueueName': 'lvsched-prod-DeadLetterQueue-AbCdEf123456',
  OpenLambdaFunction: 'lvsched-prod-open',
  CloseLambdaFunction: 'lvsched-prod-close',
  VerifyLambdaFunction: 'lvsched-prod-verify',
  ReconcileLambdaFunction: 'lvsched-prod-reconcile',
};
