/**
 * Formatting shared by the plan renderers: numbers, durations, zone abbreviations and the
 * local/UTC wording of a window. Pure: the only inputs are the arguments (and ICU's zone data).
 */

import { formatLocal, localParts, zoneAbbreviation } from '../../schedule/localTime.js';
import type { PlanTotals } from '../../schedule/plan.js';
import { DAY, HOUR, MINUTE } from '../../schedule/zone.js';
import { plural } from './plural.js';

/** Options both plan renderers accept. */
export interface PlanRenderOptions {
  /**
   * Price of one inference-unit-hour (`pricing.inferenceUnitHour`). The report carries only the
   * rounded estimated cost, so without this the always-on cost is derived from it and can be off
   * by a few cents.
   */
  readonly inferenceUnitHourPrice?: number;
}

/** `12.5` -> `12.50`; never `-0.00`. */
export function fixed2(x: number): string {
  const s = x.toFixed(2);
  return s === '-0.00' ? '0.00' : s;
}

/** Epoch ms of a report's ISO instant; throws on a malformed one rather than drawing garbage. */
export function instantOf(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`"${iso}" is not an ISO-8601 instant`);
  return ms;
}

/** `7 days`, `1 hour`, `2 days 6 hours`, `1 hour 30 minutes`: the two largest non-zero units. */
export function formatDuration(ms: number): string {
  const units: [number, string][] = [
    [DAY, 'day'],
    [HOUR, 'hour'],
    [MINUTE, 'minute'],
  ];
  const parts: string[] = [];
  let rest = Math.max(0, Math.round(ms / MINUTE) * MINUTE);
  for (const [size, name] of units) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0 && parts.length < 2) parts.push(plural(n, name));
    else if (parts.length > 0) break;
  }
  return parts.length === 0 ? '0 minutes' : parts.join(' ');
}

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const pad2 = (x: number) => String(x).padStart(2, '0');

/** The wall-clock reading of an instant in a zone, as the renderers print it. */
export interface WallTime {
  /** Local date as days since 1970-01-01, for counting calendar days. */
  readonly day: number;
  /** `Mon` */
  readonly weekday: string;
  /** `2026-11-30` */
  readonly date: string;
  /** `06:45` (seconds are not shown) */
  readonly time: string;
  /** `CET`, or an offset such as `+05:30` */
  readonly zone: string;
}

/** The wall time of `instant` in `zone` (an IANA name), from the project's own zone rules. */
export function wallTime(instant: number, zone: string): WallTime {
  const p = localParts(instant, zone);
  return {
    day: p.epochDay,
    weekday: WEEKDAYS[p.weekday - 1] ?? '',
    date: `${p.year}-${pad2(p.month)}-${pad2(p.day)}`,
    time: `${pad2(p.hour)}:${pad2(p.minute)}`,
    zone: zoneAbbreviation(instant, zone),
  };
}

/**
 * How a close reads after its open: `22:00` on the same date, `24:00` at the next midnight,
 * `Tue 06:00` on the next date, `Wed 2026-12-02 22:00` later.
 */
export function closeText(open: WallTime, close: WallTime): string {
  const days = close.day - open.day;
  if (days === 0) return close.time;
  if (days === 1 && close.time === '00:00') return '24:00';
  if (days === 1) return `${close.weekday} ${close.time}`;
  return `${close.weekday} ${close.date} ${close.time}`;
}

/**
 * A window in the model's local time: `Mon 2026-11-30 06:45 -> 22:00 CET`, overnight
 * `Mon 2026-11-30 22:00 -> Tue 06:00 CST`, across a DST change `Sat ... 22:00 CET -> Sun 07:00 CEST`.
 */
export function localSpan(open: number, close: number, zone: string, arrow = '->'): string {
  const o = wallTime(open, zone);
  const c = wallTime(close, zone);
  const openText = `${o.weekday} ${o.date} ${o.time}${o.zone === c.zone ? '' : ` ${o.zone}`}`;
  return `${openText} ${arrow} ${closeText(o, c)} ${c.zone}`;
}

/**
 * A window in UTC, short beside its local form: `05:45Z -> 21:00Z`, with the weekday when the UTC
 * date is not the local opening date (`Tue 04:00Z -> 12:00Z`).
 */
export function utcSpanShort(open: number, close: number, zone: string, arrow = '->'): string {
  const o = wallTime(open, 'UTC');
  const c = wallTime(close, 'UTC');
  const sameDate = o.day === wallTime(open, zone).day;
  return `${sameDate ? '' : `${o.weekday} `}${o.time}Z ${arrow} ${closeText(o, c)}Z`;
}

/** A window in UTC with its date: `Tue 2026-12-01 04:45 -> 21:00 UTC`. */
export function utcSpan(open: number, close: number, arrow = '->'): string {
  const o = wallTime(open, 'UTC');
  return `${o.weekday} ${o.date} ${o.time} ${arrow} ${closeText(o, wallTime(close, 'UTC'))} UTC`;
}

/**
 * An instant in UTC with its weekday: `Mon 2026-11-30 00:00Z`; with `seconds`, an instant that has
 * seconds (or milliseconds) shows them, `Mon 2026-11-30 00:00:30Z`, and without, they are cut.
 */
export function utcInstant(ms: number, options: { readonly seconds: boolean }): string {
  const dt = localParts(ms, 'UTC');
  const whole = !options.seconds || (dt.second === 0 && dt.millisecond === 0);
  return `${formatLocal(ms, 'UTC', whole ? 'ccc yyyy-MM-dd HH:mm' : 'ccc yyyy-MM-dd HH:mm:ss')}Z`;
}

/** Costs for the totals: the estimate, the always-on cost and what the schedule saves. */
export interface CostSummary {
  readonly estimated: number;
  /** null when it cannot be known: no price given and no unit-hour to derive one from. */
  readonly alwaysOn: number | null;
  readonly saved: number | null;
}

export function costSummary(totals: PlanTotals, options: PlanRenderOptions): CostSummary {
  const price =
    options.inferenceUnitHourPrice ??
    (totals.inferenceUnitHours > 0 ? totals.estimatedCost / totals.inferenceUnitHours : null);
  if (price === null) return { estimated: totals.estimatedCost, alwaysOn: null, saved: null };
  const alwaysOn = Math.round(totals.alwaysOnInferenceUnitHours * price * 100) / 100;
  return { estimated: totals.estimatedCost, alwaysOn, saved: Math.max(0, alwaysOn - totals.estimatedCost) };
}
