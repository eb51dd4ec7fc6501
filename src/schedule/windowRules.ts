/**
 * The meaning of `windows` and `closedOn`: window rules with their dates, and closed date ranges
 * with calendars copied in (bounded in total, shared between models that name the same list).
 */
import type { ModelDraft, WindowDraft } from './checkStructure.js';
import type { Collector, Locator, Path } from './diagnostics.js';
import { formatCount, LIMITS } from './limits.js';
import { Suggestions } from './suggest.js';
import { type DayRange, formatTimeOfDay, parseDateExpr, parseDaysExpr, parseTimeOfDay } from './syntax.js';
import type { WindowRule } from './types.js';
import { SHORT_WINDOW_MINUTES } from './windows.js';

/** The items of a key written as one item or as a list (`days: Mon-Fri` or `days: [Mon, Sat]`). */
const itemsOf = <T>(v: T | readonly T[] | null | undefined): readonly T[] =>
  Array.isArray(v) ? v : v === null || v === undefined ? [] : [v as T];

/** The rules of one model's `windows`, with located errors and short-window warnings. */
export function parseRules(
  windows: readonly (WindowDraft | null)[],
  path: Path,
  loc: Locator,
  out: Collector,
): WindowRule[] {
  const rules: WindowRule[] = [];
  windows.forEach((w, i) => {
    if (w === null) return;
    const at = [...path, i];
    const open = typeof w.open === 'string' ? parseTimeOfDay(w.open) : undefined;
    const close = typeof w.close === 'string' ? parseTimeOfDay(w.close) : undefined;
    if (open === 1440)
      out.error(loc.at([...at, 'open']), 'open "24:00" is the end of a day; open at "00:00" instead');
    if (open !== undefined && close !== undefined && open === close) {
      out.error(loc.at([...at, 'close']), `close "${w.close}" equals open: a window cannot be empty`);
    }
    let weekdays: number | null = null;
    let dates: DayRange[] | null = null;
    if (w.days !== undefined && w.dates === undefined) {
      let mask = 0;
      for (const d of itemsOf(w.days)) if (d !== null) mask |= parseDaysExpr(d) ?? 0;
      weekdays = mask;
    } else if (w.dates !== undefined && w.days === undefined) {
      dates = [];
      itemsOf(w.dates).forEach((d, j) => {
        if (d === null) return;
        const r = parseDateExpr(d);
        if (typeof r === 'string')
          out.error(loc.at(Array.isArray(w.dates) ? [...at, 'dates', j] : [...at, 'dates']), r);
        else dates?.push(r);
      });
      // Overlapping ranges are merged: the lookup is a binary search over disjoint ranges.
      dates = mergeDayRanges(dates);
    } else return;
    if (open === undefined || close === undefined || open === 1440 || open === close) return;
    const minutes = close > open ? close - open : close + 1440 - open;
    if (minutes < SHORT_WINDOW_MINUTES) {
      out.warn(
        loc.at(at),
        `window ${formatTimeOfDay(open)}-${formatTimeOfDay(close)} is only ${minutes} minutes long; a start takes 10-20 minutes`,
      );
    }
    rules.push({ weekdays, dates, open, close });
  });
  return rules;
}

/**
 * `closedOn` lists -> merged closed ranges. Calendars are copied into each model that names them,
 * so the total is bounded, and models with the same list share one result.
 */
export class ClosedOn {
  readonly #byList = new Map<string, DayRange[]>();
  readonly suggestions = new Suggestions();
  #total = 0;
  constructor(
    readonly calendars: Map<string, DayRange[]>,
    readonly used: Set<string>,
    readonly loc: Locator,
    readonly out: Collector,
  ) {}

  parse(value: ModelDraft['closedOn'], path: Path): DayRange[] {
    const list = itemsOf(value);
    const key = list.every((item) => item !== null) ? list.join('\n') : null;
    const known = key === null ? undefined : this.#byList.get(key);
    if (known !== undefined) return known;
    const ranges: DayRange[] = [];
    // A list with problems is not shared: each place it is written gets its own messages.
    let faulty = false;
    list.forEach((item, i) => {
      if (item === null) return;
      const at = Array.isArray(value) ? [...path, i] : path;
      if (/^\d{4}-/.test(item)) {
        const r = parseDateExpr(item);
        if (typeof r === 'string') {
          faulty = true;
          this.out.error(this.loc.at(at), r);
        } else ranges.push(r);
        return;
      }
      const calendar = this.calendars.get(item);
      if (calendar === undefined) {
        faulty = true;
        this.out.error(
          this.loc.at(at),
          `unknown calendar "${item}"${this.suggestions.didYouMean(item, this.calendars.keys())}`,
        );
        return;
      }
      this.used.add(item);
      this.#total += calendar.length;
      if (this.#total > LIMITS.closedRangesTotal) {
        if (this.#total - calendar.length <= LIMITS.closedRangesTotal)
          this.out.error(
            this.loc.at(at),
            `the models' closedOn lists copy more than ${formatCount(LIMITS.closedRangesTotal)} dates and ranges from calendars in all; use fewer or shorter calendars`,
          );
        return;
      }
      // Not ranges.push(...calendar): a spread of 100,000 items overflows the call stack.
      for (const r of calendar) ranges.push(r);
    });
    const merged = mergeDayRanges(ranges);
    if (key !== null && !faulty) this.#byList.set(key, merged);
    return merged;
  }
}

/** Sorted, disjoint ranges covering the same days. */
export function mergeDayRanges(ranges: DayRange[]): DayRange[] {
  const sorted = [...ranges].sort((a, b) => a.first - b.first);
  const merged: DayRange[] = [];
  for (const r of sorted) {
    const last = merged[merged.length - 1];
    if (last && r.first <= last.last + 1)
      merged[merged.length - 1] = { first: last.first, last: Math.max(last.last, r.last) };
    else merged.push(r);
  }
  return merged;
}
