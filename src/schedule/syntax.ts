/**
 * The small languages inside the schedule file: times of day, durations, weekdays and dates.
 * Each parser returns `undefined` for text it does not accept, so callers can report the location.
 */
import { FIRST_YEAR, LAST_YEAR } from './limits.js';
import { DAY } from './zone.js';

/** `HH:MM` from 00:00 to 24:00. */
export const TIME_OF_DAY = /^(?:([01]\d|2[0-3]):([0-5]\d)|24:00)$/;
/** `90s`, `15m`, `1h30m`, `0`: hours, minutes and seconds, each optional, in that order. */
export const DURATION = /^(?:0|(?=\d)(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?)$/;
/** `YYYY-MM-DD`. */
export const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** `YYYY-MM-DD` or an inclusive range `YYYY-MM-DD..YYYY-MM-DD`. */
export const DATE_EXPR = /^\d{4}-\d{2}-\d{2}(?:\.\.\d{4}-\d{2}-\d{2})?$/;

const WEEKDAY_NAMES = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
/** `[mM][oO][nN]`: case-insensitive without the `i` flag, which JSON Schema patterns cannot carry. */
const caseless = (word: string) => [...word].map((c) => `[${c}${c.toUpperCase()}]`).join('');
const DAY_WORD = `(?:${WEEKDAY_NAMES.map((name) => `${caseless(name.slice(0, 3))}(?:${caseless(name.slice(3))})?`).join('|')})`;
/** One `days` item: a weekday, a range of weekdays (may wrap: `Fri-Mon`), `daily`, `weekdays` or `weekends`. */
export const DAYS_EXPR = new RegExp(
  `^(?:${caseless('daily')}|${caseless('weekdays')}|${caseless('weekends')}|${DAY_WORD}(?:\\s*-\\s*${DAY_WORD})?)$`,
);

/** Minutes after local midnight of a `HH:MM` time (`24:00` is 1440), or undefined. */
export function parseTimeOfDay(text: string): number | undefined {
  const m = TIME_OF_DAY.exec(text);
  if (m === null) return undefined;
  if (m[1] === undefined) return 1440;
  return Number(m[1]) * 60 + Number(m[2]);
}

/** Formats minutes after midnight as `HH:MM`. */
export function formatTimeOfDay(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** Milliseconds of a duration such as `1h30m`, or undefined. */
export function parseDuration(text: string): number | undefined {
  const m = DURATION.exec(text.trim());
  if (m === null) return undefined;
  const [, h = '0', min = '0', s = '0'] = m;
  return ((Number(h) * 60 + Number(min)) * 60 + Number(s)) * 1000;
}

/** Formats milliseconds as a duration (`1h30m`, `90s`, `0`). */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0';
  const total = Math.round(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${s ? `${s}s` : ''}`;
}

/** Weekday index, 0 = Monday .. 6 = Sunday, of a day name (3 letters or full, any case). */
function weekdayIndex(word: string): number {
  const w = word.toLowerCase();
  return WEEKDAY_NAMES.findIndex((name) => name.startsWith(w.slice(0, 3)));
}

/**
 * The weekdays a `days` item selects, as a 7-bit mask (bit 0 = Monday), or undefined.
 *
 * @example
 * parseDaysExpr('Fri-Mon') // Fri, Sat, Sun, Mon: a range may wrap past Sunday
 */
export function parseDaysExpr(text: string): number | undefined {
  const t = text.trim();
  if (!DAYS_EXPR.test(t)) return undefined;
  const lower = t.toLowerCase();
  if (lower === 'daily') return 0b1111111;
  if (lower === 'weekdays') return 0b0011111;
  if (lower === 'weekends') return 0b1100000;
  const [a, b = a] = lower.split('-').map((s) => s.trim()) as [string, string?];
  const start = weekdayIndex(a);
  const end = weekdayIndex(b);
  let mask = 0;
  for (let i = start; ; i = (i + 1) % 7) {
    mask |= 1 << i;
    if (i === end) break;
  }
  return mask;
}

/** Weekday of an epoch day, 0 = Monday .. 6 = Sunday (1970-01-01 was a Thursday). */
export function weekdayOf(epochDay: number): number {
  return (((epochDay + 3) % 7) + 7) % 7;
}

/** Epoch day of a `YYYY-MM-DD` date, or undefined when it is not a real date. */
export function parseDate(text: string): number | undefined {
  const m = DATE.exec(text);
  if (m === null) return undefined;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const ms = Date.UTC(y, mo - 1, d);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d)
    return undefined;
  return ms / DAY;
}

/** Formats an epoch day as `YYYY-MM-DD`. */
export function formatDate(epochDay: number): string {
  return new Date(epochDay * DAY).toISOString().slice(0, 10);
}

/** An inclusive range of epoch days. */
export interface DayRange {
  readonly first: number;
  readonly last: number;
}

/** Epoch day of a date within 1970-2199, or why not. */
function dateIn(text: string): number | string {
  const shown = text.length > 40 ? `${text.slice(0, 37)}...` : text;
  const m = DATE.exec(text);
  if (m !== null && (Number(m[1]) < FIRST_YEAR || Number(m[1]) > LAST_YEAR))
    return `"${shown}" is outside the years ${FIRST_YEAR}-${LAST_YEAR}, the years EventBridge Scheduler accepts`;
  return parseDate(text) ?? `"${shown}" is not a date of the calendar (YYYY-MM-DD)`;
}

/** The days of `YYYY-MM-DD` or `A..B` (inclusive, years 1970-2199), or an error message. */
export function parseDateExpr(text: string): DayRange | string {
  const [a = '', b, ...rest] = text.split('..');
  if (rest.length > 0)
    return `"${text.length > 40 ? `${text.slice(0, 37)}...` : text}" is not a date or a date range (YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD)`;
  const first = dateIn(a);
  if (typeof first === 'string') return first;
  if (b === undefined) return { first, last: first };
  const last = dateIn(b);
  if (typeof last === 'string') return last;
  if (last < first) return `date range "${text}" ends before it starts`;
  return { first, last };
}
