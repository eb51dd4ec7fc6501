import type { DayRange } from './syntax.js';
import type { WindowRule } from './types.js';

/** Whether a rule selects local date `day` (an epoch day). */
export function selects(rule: WindowRule, day: number): boolean {
  if (rule.weekdays !== null) return ((rule.weekdays >> ((((day + 3) % 7) + 7) % 7)) & 1) === 1;
  return rule.dates !== null && isInRanges(rule.dates, day);
}

/** Whether `day` is in the sorted ranges. */
export function isClosed(closed: readonly DayRange[], day: number): boolean {
  return isInRanges(closed, day);
}

function isInRanges(ranges: readonly DayRange[], day: number): boolean {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = ranges[mid] as DayRange;
    if (day < r.first) hi = mid - 1;
    else if (day > r.last) lo = mid + 1;
    else return true;
  }
  return false;
}
