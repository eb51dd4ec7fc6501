/**
 * EventBridge Scheduler cron expressions as data: the fields this project generates, how they are
 * written (`cron(min hour day-of-month month day-of-week year)`), and whether one fires at a local
 * wall-clock reading. Pure.
 */
import { weekdayOf } from '../schedule/syntax.js';
import { DAY, MINUTE } from '../schedule/zone.js';

/**
 * The fields of one cron expression. `weekdays` (bit 0 = Monday) makes a weekly expression
 * (`? * DOW *`); `dates` makes a dated one (days of month, months and years, `?` for the weekday).
 * Both null: every day. A cron fires at every combination of its minutes and hours.
 */
export interface CronSpec {
  /** Minutes 0..59, sorted; null: every minute. */
  readonly minutes: readonly number[] | null;
  /** Hours 0..23, sorted; null: every hour. */
  readonly hours: readonly number[] | null;
  readonly weekdays: number | null;
  readonly dates: {
    readonly daysOfMonth: readonly number[];
    readonly months: readonly number[];
    readonly years: readonly number[];
  } | null;
}

const DOW_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] as const;

/** `1,2,3,5` -> `1-3,5`: runs of three or more become ranges (Scheduler accepts both). */
export function compressList(values: readonly number[], name: (v: number) => string = String): string {
  const sorted = [...new Set(values)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && (sorted[j + 1] as number) === (sorted[j] as number) + 1) j++;
    const first = sorted[i] as number;
    const last = sorted[j] as number;
    if (j - i >= 2) parts.push(`${name(first)}-${name(last)}`);
    else for (let k = i; k <= j; k++) parts.push(name(sorted[k] as number));
    i = j + 1;
  }
  return parts.join(',');
}

/** Scheduler's day-of-week numbers (1 = SUN .. 7 = SAT) of a Monday-first weekday mask. */
function schedulerWeekdays(mask: number): number[] {
  const out: number[] = [];
  for (let bit = 0; bit < 7; bit++) if ((mask >> bit) & 1) out.push(((bit + 1) % 7) + 1);
  return out.sort((a, b) => a - b);
}

/** The `cron(...)` text of a spec. */
export function cronExpression(spec: CronSpec): string {
  const minutes = spec.minutes === null ? '*' : compressList(spec.minutes);
  const hours = spec.hours === null ? '*' : compressList(spec.hours);
  if (spec.dates !== null) {
    const d = spec.dates;
    return `cron(${minutes} ${hours} ${compressList(d.daysOfMonth)} ${compressList(d.months)} ? ${compressList(d.years)})`;
  }
  const dow =
    spec.weekdays === null || (spec.weekdays & 0x7f) === 0x7f
      ? '*'
      : compressList(schedulerWeekdays(spec.weekdays), (n) => DOW_NAMES[n - 1] as string);
  // `*` may not be in both day fields: the day of month is `?` whenever the weekday decides.
  return `cron(${minutes} ${hours} ? * ${dow} *)`;
}

/**
 * Whether the cron matches a local wall-clock reading (epoch ms encoding the local time as if it
 * were UTC). Whether that reading exists, or exists twice, on a DST day is the caller's business.
 */
export function cronMatchesLocal(spec: CronSpec, local: number): boolean {
  const minuteOfDay = Math.floor((((local % DAY) + DAY) % DAY) / MINUTE);
  const minute = minuteOfDay % 60;
  const hour = Math.floor(minuteOfDay / 60);
  if (spec.minutes !== null && !spec.minutes.includes(minute)) return false;
  if (spec.hours !== null && !spec.hours.includes(hour)) return false;
  const day = Math.floor(local / DAY);
  if (spec.weekdays !== null && ((spec.weekdays >> weekdayOf(day)) & 1) === 0) return false;
  if (spec.dates !== null) {
    const date = new Date(day * DAY);
    if (!spec.dates.daysOfMonth.includes(date.getUTCDate())) return false;
    if (!spec.dates.months.includes(date.getUTCMonth() + 1)) return false;
    if (!spec.dates.years.includes(date.getUTCFullYear())) return false;
  }
  return true;
}

/** `at(2026-03-29T01:30:00)`: a one-time expression for a UTC instant, to the second. */
export function atExpression(instant: number): string {
  return `at(${new Date(Math.ceil(instant / 1000) * 1000).toISOString().slice(0, 19)})`;
}

/** `rate(15 minutes)`, `rate(1 minute)`: the reconcile period (whole minutes). */
export function rateExpression(everyMs: number): string {
  const minutes = Math.round(everyMs / MINUTE);
  return `rate(${minutes} ${minutes === 1 ? 'minute' : 'minutes'})`;
}
