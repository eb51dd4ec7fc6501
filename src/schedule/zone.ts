/** Milliseconds in a minute, an hour and a (calendar, not DST-aware) day. */
export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

/** Zones are sampled once a day when their offsets are loaded; transitions are then found to the second. */
const SAMPLE_STEP = DAY;
/** How far the loaded years are extended to reach an instant; farther, they are replaced. */
const MAX_EXTENSION_MS = 100 * 366 * DAY;

/**
 * Offsets of one IANA time zone, and conversions between local wall time and instants.
 *
 * The offsets come from the ICU time-zone data Node ships, read through `Intl.DateTimeFormat`
 * (`offsetFromIntl`); nothing here is a hand-written table, and this is the project's only source
 * of offsets (CLI, Lambda and the local-time helpers in `localTime.ts` all come here). ICU has no
 * API for transitions and asking it costs microseconds while the planner converts millions of
 * times, so the transitions of each UTC year are found once (a daily sample, then a bisection to
 * the second) and kept; every later lookup is a search in a short array. A daily sample misses
 * only an offset that lasts less than a day and then returns; no zone has one in 1970-2199, which
 * `npm run bench` (zone section) checks for every zone against the zoneinfo files, and
 * test/schedule/allZones.test.ts checks every transition against Luxon.
 *
 * Invariants: instants and "local" values are epoch milliseconds; a local value is the wall-clock
 * reading encoded as if it were UTC (so `Math.floor(local / DAY)` is the local date's epoch day).
 */
export class ZoneRules {
  readonly name: string;
  /** Loaded UTC years [#loFrom, #loTo). */
  #lo = 0;
  #hi = 0;
  /** Instants at which the offset changes, ascending, and the offset (ms) in force from each. */
  #at: number[] = [];
  #offset: number[] = [];
  /** Offset in force before the first loaded transition. */
  #initial = 0;
  #hint = 0;

  readonly #format: Intl.DateTimeFormat;

  private constructor(name: string) {
    this.name = name;
    this.#format = offsetFormat(name);
  }

  static #cache = new Map<string, ZoneRules>();

  /** The rules of `name` (an IANA zone name); throws if the name is not a zone. Shared per name. */
  static of(name: string): ZoneRules {
    let rules = ZoneRules.#cache.get(name);
    if (rules === undefined) {
      if (!isValidTimeZone(name)) throw new RangeError(`"${name}" is not an IANA time zone`);
      rules = new ZoneRules(name);
      ZoneRules.#cache.set(name, rules);
    }
    return rules;
  }

  /** UTC offset in milliseconds at an instant. */
  offsetAt(instant: number): number {
    if (instant < this.#lo || instant >= this.#hi) this.#load(instant);
    const at = this.#at;
    const i = this.#hint;
    // Most lookups land near the previous one: walk from the hint, fall back to a binary search.
    if (
      i < at.length &&
      (at[i] as number) <= instant &&
      (i + 1 >= at.length || (at[i + 1] as number) > instant)
    ) {
      return this.#offset[i] as number;
    }
    let lo = 0;
    let hi = at.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if ((at[mid] as number) <= instant) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found < 0) return this.#initial;
    this.#hint = found;
    return this.#offset[found] as number;
  }

  /** The local wall-clock reading (encoded as UTC epoch ms) at an instant. */
  toLocal(instant: number): number {
    return instant + this.offsetAt(instant);
  }

  /**
   * The instant of a local wall-clock reading, disambiguated like Temporal's "compatible" (and
   * Python's zoneinfo with fold=0): a reading in a gap moves forward by the gap's length; an
   * ambiguous reading takes the earlier instant.
   *
   * @example
   * // Europe/Berlin, 2026-03-29: 02:30 does not exist (02:00 -> 03:00), so it becomes 03:30 CEST.
   * ZoneRules.of('Europe/Berlin').toInstant(Date.UTC(2026, 2, 29, 2, 30)) === Date.UTC(2026, 2, 29, 1, 30)
   */
  toInstant(local: number): number {
    const before = this.offsetAt(local - DAY);
    const after = this.offsetAt(local + DAY);
    if (before === after) {
      const candidate = local - before;
      if (this.offsetAt(candidate) === before) return candidate;
    }
    const early = local - before;
    const late = local - after;
    const earlyOk = this.offsetAt(early) === before;
    const lateOk = this.offsetAt(late) === after;
    if (earlyOk && lateOk) return Math.min(early, late);
    if (earlyOk) return early;
    if (lateOk) return late;
    // In a gap: read the wall time with the offset in force before the gap, i.e. move forward by it.
    return early;
  }

  /**
   * The gaps (spring-forward) in [from, to): for each, the instant it happens and the local
   * readings [localStart, localEnd) that do not exist.
   */
  gapsBetween(from: number, to: number): { at: number; localStart: number; localEnd: number }[] {
    return this.transitionsBetween(from, to)
      .filter(({ before, after }) => after > before)
      .map(({ at, before, after }) => ({ at, localStart: at + before, localEnd: at + after }));
  }

  /**
   * The offset changes in [from, to): for each, the instant it takes effect and the offsets
   * before and after (ms). Offsets that change only the zone's abbreviation are not changes.
   */
  transitionsBetween(from: number, to: number): { at: number; before: number; after: number }[] {
    // Year by year: a jump of more than a century would start the loaded range afresh.
    for (let t = from; t < to; t += 365 * DAY) this.offsetAt(t);
    this.offsetAt(to);
    const out: { at: number; before: number; after: number }[] = [];
    for (let i = 0; i < this.#at.length; i++) {
      const at = this.#at[i] as number;
      if (at < from || at >= to) continue;
      const before = i === 0 ? this.#initial : (this.#offset[i - 1] as number);
      out.push({ at, before, after: this.#offset[i] as number });
    }
    return out;
  }

  #load(instant: number): void {
    const year = new Date(instant).getUTCFullYear();
    const from = startOfYear(year);
    const to = startOfYear(year + 1);
    // Far from what is loaded (a plan in year -1 after a check in 2026): start afresh there rather
    // than scan every year in between (2,000 years of daily samples took seconds per zone).
    if (from > this.#hi + MAX_EXTENSION_MS || to < this.#lo - MAX_EXTENSION_MS) {
      this.#lo = 0;
      this.#hi = 0;
      this.#at = [];
      this.#offset = [];
      this.#hint = 0;
    }
    if (this.#hi === this.#lo) {
      this.#lo = from;
      this.#hi = from;
      this.#initial = this.#ask(from);
    }
    // Extend the loaded range contiguously so the transition list stays one sorted array.
    while (this.#lo > from) this.#prepend(this.#lo);
    while (this.#hi < to) this.#append(this.#hi);
  }

  #append(yearStart: number): void {
    const yearEnd = startOfYear(new Date(yearStart).getUTCFullYear() + 1);
    this.#scan(yearStart, yearEnd, this.#at, this.#offset, this.#at.length === 0 ? this.#initial : undefined);
    this.#hi = yearEnd;
  }

  #prepend(loadedStart: number): void {
    const yearStart = startOfYear(new Date(loadedStart).getUTCFullYear() - 1);
    const at: number[] = [];
    const offset: number[] = [];
    const initial = this.#ask(yearStart);
    this.#scan(yearStart, loadedStart, at, offset, initial);
    this.#at = at.concat(this.#at);
    this.#offset = offset.concat(this.#offset);
    this.#initial = initial;
    this.#lo = yearStart;
    this.#hint = 0;
  }

  /** Finds the transitions in [from, to) and appends them; `known` is the offset at `from` if known. */
  #scan(from: number, to: number, at: number[], offset: number[], known: number | undefined): void {
    let t = from;
    let current = known ?? (offset.length > 0 ? (offset[offset.length - 1] as number) : this.#ask(from));
    while (t < to) {
      const next = Math.min(t + SAMPLE_STEP, to);
      const o = this.#ask(next);
      if (o !== current) {
        // Bisect (t, next] to the second for the first instant with the new offset.
        let lo = t;
        let hi = next;
        while (hi - lo > 1000) {
          const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
          if (mid <= lo) break;
          if (this.#ask(mid) === current) lo = mid;
          else hi = mid;
        }
        at.push(hi);
        offset.push(this.#ask(hi));
        current = this.#ask(hi);
        // A second change within the same sample step is handled by continuing from the transition.
        t = hi;
        continue;
      }
      t = next;
    }
  }

  #ask(instant: number): number {
    return offsetFromIntl(this.#format, instant);
  }
}

/**
 * Epoch ms of 1 January of `year`, UTC. Not `Date.UTC(year, 0, 1)`: that reads years 0-99 as
 * 1900-1999, and loading year 99 then never reached year 100 (a `plan` in year -1 spun forever).
 */
export function startOfYear(year: number): number {
  return new Date(0).setUTCFullYear(year, 0, 1);
}

const validity = new Map<string, boolean>();

/** True when `name` is an IANA time-zone name that this runtime knows (any case, links too). */
export function isValidTimeZone(name: string): boolean {
  if (name === '') return false;
  let valid = validity.get(name);
  if (valid === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: name });
      valid = true;
    } catch {
      valid = false;
    }
    validity.set(name, valid);
  }
  return valid;
}

/** The formatter `offsetFromIntl` reads: the zone's offset alone, as `GMT+05:45` (or `GMT`). */
export function offsetFormat(zone: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
}

const LONG_OFFSET = /GMT(?:([+\u2212-])(\d\d):(\d\d)(?::(\d\d))?)?$/;

/**
 * The UTC offset (ms) that ICU gives at `instant`, read from `format` (see `offsetFormat`), with
 * the seconds of local mean time (before 1972 in a few zones). Reading one formatted offset costs
 * a quarter of reading the wall-clock parts and subtracting (what Luxon does); the two agree for
 * every zone, which test/schedule/allZones.test.ts checks against Luxon.
 */
export function offsetFromIntl(format: Intl.DateTimeFormat, instant: number): number {
  const text = format.format(instant);
  const m = LONG_OFFSET.exec(text);
  if (m === null) throw new RangeError(`ICU wrote the offset as "${text}"`);
  if (m[1] === undefined) return 0;
  const ms = ((Number(m[2]) * 60 + Number(m[3])) * 60 + Number(m[4] ?? 0)) * 1000;
  return m[1] === '+' ? ms : -ms;
}
