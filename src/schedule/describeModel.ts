/**
 * A model's schedule keys as the file would say them, in a canonical form: two models whose keys
 * read the same here behave the same, whatever order or spelling the file used (`weekdays` and
 * `Mon-Fri`, a calendar and the dates it holds). Pure.
 */
import { isoUtc } from './plan.js';
import { type DayRange, formatDate, formatDuration, formatTimeOfDay } from './syntax.js';
import type { ModelSchedule, WindowRule } from './types.js';

const WEEKDAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/**
 * A weekday mask (bit 0 = Monday) as runs of days: `Mon-Fri`, `Mon-Thu, Sat`, `daily`; a run of
 * three days or more that wraps past Sunday reads `Fri-Mon` (and comes last).
 */
export function formatWeekdays(mask: number): string {
  if ((mask & 0b1111111) === 0b1111111) return 'daily';
  const runs: [number, number][] = [];
  for (let day = 0; day < 7; day++) {
    if (((mask >> day) & 1) === 0) continue;
    const last = runs[runs.length - 1];
    if (last !== undefined && last[1] === day - 1) last[1] = day;
    else runs.push([day, day]);
  }
  const first = runs[0];
  const final = runs[runs.length - 1];
  if (runs.length > 1 && first && final && first[0] === 0 && final[1] === 6) {
    if (first[1] + 1 + (7 - final[0]) >= 3) {
      runs.shift();
      final[1] = first[1];
    }
  }
  const name = (d: number) => WEEKDAY_NAMES[d] ?? '';
  return runs.map(([a, b]) => (a === b ? name(a) : `${name(a)}-${name(b)}`)).join(', ');
}

/** Inclusive epoch-day ranges as `2026-12-24, 2026-12-31..2027-01-01`, or `none`. */
export function formatDayRanges(ranges: readonly DayRange[]): string {
  if (ranges.length === 0) return 'none';
  return ranges
    .map((r) => (r.first === r.last ? formatDate(r.first) : `${formatDate(r.first)}..${formatDate(r.last)}`))
    .join(', ');
}

/** `Mon-Fri 06:00-22:00`, `2026-12-01..2026-12-05 09:00-17:00`. */
export function formatRule(rule: WindowRule): string {
  const when = rule.weekdays !== null ? formatWeekdays(rule.weekdays) : formatDayRanges(rule.dates ?? []);
  return `${when} ${formatTimeOfDay(rule.open)}-${formatTimeOfDay(rule.close)}`;
}

/** The keys of a model that the diff compares, each as canonical text. */
export interface ModelKeys {
  readonly service: string;
  readonly project: string;
  readonly version: string;
  readonly region: string;
  readonly timezone: string;
  readonly minInferenceUnits: string;
  readonly maxInferenceUnits: string;
  readonly leadTime: string;
  /** The window rules, sorted (their order in the file means nothing). */
  readonly windows: string;
  /** The closed dates, calendars expanded. */
  readonly closedOn: string;
  readonly overrides: string;
}

/** The key names of {@link ModelKeys}, in the order a diff lists them. */
export const MODEL_KEYS: readonly (keyof ModelKeys)[] = [
  'service',
  'project',
  'version',
  'region',
  'timezone',
  'minInferenceUnits',
  'maxInferenceUnits',
  'leadTime',
  'windows',
  'closedOn',
  'overrides',
];

/** A model's keys in canonical text, for comparing two versions of the file. */
export function describeModel(m: ModelSchedule): ModelKeys {
  const rules = m.rules.map(formatRule).sort();
  return {
    service: m.service,
    project: m.project,
    version: m.version,
    region: m.region ?? 'from the AWS configuration',
    timezone: m.timezone,
    minInferenceUnits: String(m.minInferenceUnits),
    maxInferenceUnits: m.maxInferenceUnits === null ? 'none' : String(m.maxInferenceUnits),
    leadTime: formatDuration(m.leadTimeMs),
    windows: rules.length === 0 ? 'none' : rules.join('; '),
    closedOn: formatDayRanges(m.closed),
    overrides:
      m.overrides.length === 0
        ? 'none'
        : m.overrides
            .map((o) => `${o.state} ${isoUtc(o.from)}..${isoUtc(o.until)}${o.reason ? ` (${o.reason})` : ''}`)
            .join('; '),
  };
}
