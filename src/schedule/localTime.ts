/**
 * Local times for people: the wall-clock fields of an instant in a zone, formatting them, and the
 * zone's abbreviation (isoInstant.ts reads ISO-8601 instants). All offsets come from `ZoneRules`
 * (zone.ts), the project's one time-zone implementation; names of months and weekdays are English
 * whatever the machine's locale, so output is the same everywhere. Pure: no clock, no environment.
 */
import { DAY, MINUTE, ZoneRules } from './zone.js';

/** The wall-clock reading of an instant in a zone. */
export interface LocalParts {
  readonly year: number;
  /** 1-12 */
  readonly month: number;
  /** 1-31 */
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly millisecond: number;
  /** ISO weekday: 1 = Monday ... 7 = Sunday. */
  readonly weekday: number;
  /** The local date as days since 1970-01-01 (for counting calendar days). */
  readonly epochDay: number;
  /** UTC offset in force, ms. */
  readonly offset: number;
}

/**
 * The wall-clock fields of `instant` (epoch ms) in `zone` (an IANA name).
 *
 * @example
 * localParts(Date.parse('2026-11-30T05:45:00Z'), 'Europe/Berlin') // { year: 2026, month: 11, day: 30, hour: 6, minute: 45, weekday: 1, ... }
 */
export function localParts(instant: number, zone: string): LocalParts {
  const offset = ZoneRules.of(zone).offsetAt(instant);
  const local = instant + offset;
  const d = new Date(local);
  const epochDay = Math.floor(local / DAY);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    millisecond: d.getUTCMilliseconds(),
    weekday: d.getUTCDay() === 0 ? 7 : d.getUTCDay(),
    epochDay,
    offset,
  };
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const pad = (x: number, width = 2) => String(Math.abs(x)).padStart(width, '0');

/** `+05:45`, `-03:00`: an offset in ms as hours and minutes (seconds of local mean time dropped). */
export function formatOffset(offset: number): string {
  const minutes = Math.trunc(offset / MINUTE);
  return `${offset >= 0 ? '+' : '-'}${pad(Math.trunc(Math.abs(minutes) / 60))}:${pad(Math.abs(minutes) % 60)}`;
}

type Token = (p: LocalParts, instant: number, zone: string) => string;

/** The month as `LLLL`..`L` (stand-alone) or `MMMM`..`M` (in a date): the same text in English. */
const monthTokens = (letter: 'L' | 'M'): Record<string, Token> => ({
  [letter.repeat(4)]: (p) => MONTHS[p.month - 1] ?? '',
  [letter.repeat(3)]: (p) => (MONTHS[p.month - 1] ?? '').slice(0, 3),
  [letter.repeat(2)]: (p) => pad(p.month),
  [letter]: (p) => String(p.month),
});

/** Each token `formatLocal` knows, with what it prints. */
const TOKENS: Readonly<Record<string, Token>> = {
  yyyy: (p) => (p.year < 0 ? `-${pad(p.year, 6)}` : pad(p.year, 4)),
  ...monthTokens('L'),
  ...monthTokens('M'),
  dd: (p) => pad(p.day),
  d: (p) => String(p.day),
  cccc: (p) => WEEKDAYS[p.weekday - 1] ?? '',
  ccc: (p) => (WEEKDAYS[p.weekday - 1] ?? '').slice(0, 3),
  HH: (p) => pad(p.hour),
  H: (p) => String(p.hour),
  mm: (p) => pad(p.minute),
  ss: (p) => pad(p.second),
  SSS: (p) => pad(p.millisecond, 3),
  ZZ: (p) => formatOffset(p.offset),
  ZZZZ: (_, instant, zone) => zoneAbbreviation(instant, zone),
};
const TOKEN = /'([^']*)'|([A-Za-z])\2*/g;

/**
 * `instant` in `zone` written with a pattern of Luxon-style tokens: `yyyy` `LLLL` (January) `LLL`
 * (Jan) `LL` `L` (month number; `M`-forms alike) `dd` `d` `cccc` (Monday) `ccc` (Mon) `HH` `H`
 * `mm` `ss` `SSS` `ZZ` (+01:00)
 * `ZZZZ` (CET, see `zoneAbbreviation`); text in single quotes and anything not a letter is copied.
 * Throws on any other run of letters, so a typo is not printed as a date.
 *
 * @example
 * formatLocal(Date.parse('2026-11-30T05:45:00Z'), 'Europe/Berlin', 'ccc d LLL yyyy HH:mm') // 'Mon 30 Nov 2026 06:45'
 */
export function formatLocal(instant: number, zone: string, pattern: string): string {
  const parts = localParts(instant, zone);
  return pattern.replace(TOKEN, (run, quoted: string | undefined) => {
    if (quoted !== undefined) return quoted;
    const write = TOKENS[run];
    if (write === undefined) throw new RangeError(`"${run}" is not a date token formatLocal knows`);
    return write(parts, instant, zone);
  });
}

/**
 * `instant` as ISO-8601 in `zone`'s local time with its offset, seconds always, milliseconds only
 * when not zero: `2026-12-01T06:00:00+01:00`; in `UTC` (or `GMT`) the offset is written `Z`.
 */
export function formatIsoLocal(instant: number, zone: string): string {
  const p = localParts(instant, zone);
  const ms = p.millisecond === 0 ? '' : `.${pad(p.millisecond, 3)}`;
  const fixedZero = /^(utc|gmt)$/i.test(zone) && p.offset === 0;
  const year = p.year >= 0 && p.year <= 9999 ? pad(p.year, 4) : `${p.year < 0 ? '-' : '+'}${pad(p.year, 6)}`;
  return `${year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}${ms}${fixedZero ? 'Z' : formatOffset(p.offset)}`;
}

const abbreviations = new Map<string, string>();
/** ICU gives each abbreviation only in some English locales: CST in en-US, CET in en-GB, AEDT in en-AU... */
const ABBREVIATION_LOCALES = ['en-US', 'en-GB', 'en-AU', 'en-IN', 'en-ZA', 'en-SG'];
const nameFormats = new Map<string, Intl.DateTimeFormat>();

/** ICU's short name of the zone at an instant in one locale (`CET`, `GMT+1`), if any. */
function shortName(instant: number, zone: string, locale: string): string | undefined {
  const key = `${locale}|${zone}`;
  let format = nameFormats.get(key);
  if (format === undefined) {
    format = new Intl.DateTimeFormat(locale, {
      timeZoneName: 'short',
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      timeZone: zone,
    });
    nameFormats.set(key, format);
  }
  return format.formatToParts(instant).find((part) => part.type === 'timeZoneName')?.value;
}

/**
 * The zone's abbreviation at that moment (`CET`, `CST`, `UTC`), else its offset (`+05:45`).
 * Cached per zone and offset: asking ICU is slow and a plan can hold tens of thousands of windows.
 */
export function zoneAbbreviation(instant: number, zone: string): string {
  const offset = ZoneRules.of(zone).offsetAt(instant);
  const key = `${zone}|${offset}`;
  let name = abbreviations.get(key);
  if (name === undefined) {
    // Luxon, which these names must match, calls the zones `UTC` and `GMT` both "UTC".
    name = /^(utc|gmt)$/i.test(zone) ? 'UTC' : formatOffset(offset);
    if (name !== 'UTC') {
      for (const locale of ABBREVIATION_LOCALES) {
        const short = shortName(instant, zone, locale);
        if (short !== undefined && /^[A-Z]{2,5}$/.test(short)) {
          name = short;
          break;
        }
      }
    }
    abbreviations.set(key, name);
  }
  return name;
}
