/**
 * Reading ISO-8601 instants, with the forms and checks Luxon's `DateTime.fromISO` has (the CLI and
 * the schedule used it until both came to use `localTime.ts`; test/schedule/isoInstant.test.ts
 * compares the two): calendar, week (`2026-W49-2`) and ordinal (`2026-335`) dates, basic and
 * extended forms, times to the hour, minute or second with a fraction, `24:00`, offsets `Z`,
 * `+01`, `+0100`, `+01:00`, and a bracketed IANA zone (`2026-12-01T06:00[Europe/Berlin]`).
 */
import { weekdayOf } from './syntax.js';
import { DAY, HOUR, isValidTimeZone, MINUTE, startOfYear, ZoneRules } from './zone.js';

const IANA = /[A-Za-z_+-]{1,256}(?::?\/[A-Za-z0-9_+-]{1,256}(?:\/[A-Za-z0-9_+-]{1,256})?)?/;
const OFFSET = /(?:([Zz])|([+-]\d\d)(?::?(\d\d))?)/;
const ZONE = `(?:${OFFSET.source}?(?:\\[(${IANA.source})\\])?)?`;
const TIME_BASE = /(\d\d)(?::?(\d\d)(?::?(\d\d)(?:[.,](\d{1,30}))?)?)?/;
const TIME = `${TIME_BASE.source}${ZONE}`;
const TIME_EXTENSION = `(?:[Tt]${TIME})?`;
const YMD = new RegExp(`^([+-]\\d{6}|\\d{4})(?:-?(\\d\\d)(?:-?(\\d\\d))?)?${TIME_EXTENSION}$`);
const WEEK = new RegExp(`^(\\d{4})-?W(\\d\\d)(?:-?(\\d))?${TIME_EXTENSION}$`);
const ORDINAL = new RegExp(`^(\\d{4})-?(\\d{3})${TIME_EXTENSION}$`);
const TIME_ONLY = new RegExp(`^${TIME}$`);

const isLeap = (y: number) => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
const daysInMonth = (y: number, m: number) =>
  m === 2 ? (isLeap(y) ? 29 : 28) : ([31, 0, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1] as number);

/** Epoch day of a calendar date, or null when the date does not exist. */
function calendarDay(year: number, month: number, day: number): number | null {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return new Date(0).setUTCFullYear(year, month - 1, day) / DAY;
}

/** Epoch day of an ISO week date, or null when the week or weekday does not exist. */
function weekDay(weekYear: number, week: number, weekday: number): number | null {
  const jan1 = startOfYear(weekYear) / DAY;
  // A year has 53 ISO weeks when it starts on a Thursday, or on a Wednesday in a leap year.
  const jan1Weekday = weekdayOf(jan1); // 0 = Monday
  const weeks = jan1Weekday === 3 || (jan1Weekday === 2 && isLeap(weekYear)) ? 53 : 52;
  if (week < 1 || week > weeks || weekday < 1 || weekday > 7) return null;
  // Week 1 is the one with 4 January in it; it starts on that week's Monday.
  const jan4 = jan1 + 3;
  return jan4 - weekdayOf(jan4) + (week - 1) * 7 + (weekday - 1);
}

/** Epoch day of an ordinal date, or null when the year has no such day. */
function ordinalDay(year: number, ordinal: number): number | null {
  if (ordinal < 1 || ordinal > (isLeap(year) ? 366 : 365)) return null;
  return startOfYear(year) / DAY + ordinal - 1;
}

/** Time of day in ms from the matched fields, or null when it is not a time (24:00 is one). */
function timeOfDay(
  h: string | undefined,
  m: string | undefined,
  s: string | undefined,
  f: string | undefined,
) {
  const hour = Number(h ?? 0);
  const minute = Number(m ?? 0);
  const second = Number(s ?? 0);
  // Luxon's reading of a fraction: truncated to the millisecond.
  const ms = f === undefined ? 0 : Math.floor(Number.parseFloat(`0.${f}`) * 1000);
  const valid =
    (hour <= 23 || (hour === 24 && minute === 0 && second === 0 && ms === 0)) && minute <= 59 && second <= 59;
  return valid ? hour * HOUR + minute * MINUTE + second * 1000 + ms : null;
}

/**
 * The date a text names (undefined for a time alone, null for a date that does not exist) and the
 * matched time and zone fields after it, tried in Luxon's order; null when no form matches.
 */
function dateAndRest(text: string): { day: number | null | undefined; rest: (string | undefined)[] } | null {
  const ymd = YMD.exec(text);
  if (ymd !== null) {
    return { day: calendarDay(Number(ymd[1]), Number(ymd[2] ?? 1), Number(ymd[3] ?? 1)), rest: ymd.slice(4) };
  }
  const week = WEEK.exec(text);
  if (week !== null) {
    return { day: weekDay(Number(week[1]), Number(week[2]), Number(week[3] ?? 1)), rest: week.slice(4) };
  }
  const ordinal = ORDINAL.exec(text);
  if (ordinal !== null)
    return { day: ordinalDay(Number(ordinal[1]), Number(ordinal[2])), rest: ordinal.slice(3) };
  const time = TIME_ONLY.exec(text);
  return time === null ? null : { day: undefined, rest: time.slice(1) };
}

/** Options of `parseIsoInstant`. */
export interface IsoInstantOptions {
  /**
   * For a time without a date (`06:00`): the instant whose date (in the text's zone) it is on.
   * Without it such a text is not an instant.
   */
  readonly today?: number;
}

/**
 * The epoch ms an ISO-8601 text stands for, or null when it is not one (or names a date or time
 * that does not exist). A text with an offset is read with it; a bracketed zone, when there is one,
 * wins over the offset, and a reading it has twice or not at all is resolved as the schedule does
 * (`ZoneRules.toInstant`); a text with neither is read as UTC. Years beyond what `Date` holds
 * (about +-275,000) are null; the caller checks narrower ranges.
 *
 * @example
 * parseIsoInstant('2026-12-01T06:00+01:00') // Date.UTC(2026, 11, 1, 5)
 * parseIsoInstant('2026-12-01') // Date.UTC(2026, 11, 1)
 * parseIsoInstant('2026-02-30') // null
 */
export function parseIsoInstant(text: string, options: IsoInstantOptions = {}): number | null {
  const match = dateAndRest(text);
  if (match === null) return null;
  let day = match.day;
  if (day === null || Number.isNaN(day)) return null;
  const rest = match.rest;
  const [h, min, s, f, zulu, offsetHour, offsetMinute, bracketZone] = rest;
  const time = timeOfDay(h, min, s, f);
  if (time === null) return null;
  let rules: ZoneRules | undefined;
  if (bracketZone !== undefined) {
    if (!isValidTimeZone(bracketZone)) return null;
    rules = ZoneRules.of(bracketZone);
  }
  let offset = 0;
  if (zulu === undefined && offsetHour !== undefined) {
    const hours = Number.parseInt(offsetHour, 10);
    const minutes = Number.parseInt(offsetMinute ?? '0', 10) || 0;
    offset = (hours * 60 + (offsetHour.startsWith('-') ? -minutes : minutes)) * MINUTE;
  }
  if (day === undefined) {
    if (options.today === undefined) return null;
    const local = rules === undefined ? options.today + offset : rules.toLocal(options.today);
    day = Math.floor(local / DAY);
  }
  const local = day * DAY + time;
  if (!(Math.abs(local) <= 8.64e15)) return null;
  return rules === undefined ? local - offset : rules.toInstant(local);
}
