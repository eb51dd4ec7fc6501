/**
 * Where a zone's UTC offset changes, and whether a local reading is ambiguous there: what
 * EventBridge Scheduler's cron does on those days differs from ordinary days. Pure.
 */
import { DAY, type ZoneRules } from '../schedule/zone.js';

/**
 * UTC days (epoch days) in [from, to) during which the zone's offset changes (spring forward, fall
 * back, or a change of standard time): the offset at the day's start differs from the next day's.
 */
export function offsetChangeDays(zone: ZoneRules, from: number, to: number): number[] {
  const out: number[] = [];
  const first = Math.floor(from / DAY);
  const last = Math.ceil(to / DAY);
  let previous = zone.offsetAt(first * DAY);
  for (let day = first; day < last; day++) {
    const next = zone.offsetAt((day + 1) * DAY);
    if (next !== previous) out.push(day);
    previous = next;
  }
  return out;
}

/**
 * Whether the local reading of `instant` also names another instant (a fall-back hour): a cron at
 * that reading runs once, at an instant Scheduler does not document, so it cannot be relied on.
 */
export function isAmbiguousReading(zone: ZoneRules, instant: number): boolean {
  const local = zone.toLocal(instant);
  const offsets = new Set([
    zone.offsetAt(instant - DAY),
    zone.offsetAt(instant),
    zone.offsetAt(instant + DAY),
  ]);
  let readings = 0;
  for (const offset of offsets) {
    const candidate = local - offset;
    if (zone.offsetAt(candidate) === offset) readings++;
  }
  return readings > 1;
}
