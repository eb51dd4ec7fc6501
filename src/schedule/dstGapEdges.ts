/**
 * Window edges that fall in a DST gap: local times that do not exist on the date a window needs
 * them, so the model starts (or stops) later than the file says. Pure.
 */
import { isClosed, selects } from './selects.js';
import type { ModelSchedule } from './types.js';
import { DAY, MINUTE, ZoneRules } from './zone.js';

/** One window edge that a DST gap moves. */
export interface GapEdge {
  /** Index of the rule in the model's `windows`. */
  readonly rule: number;
  readonly edge: 'open' | 'close';
  /** The edge as written: minutes after local midnight. */
  readonly minute: number;
  /** Local date (epoch day) on which the edge falls in the gap. */
  readonly day: number;
  /** The local readings that do not exist: minutes after midnight, [gapStart, gapEnd). */
  readonly gapStart: number;
  readonly gapEnd: number;
  /** Where the edge lands instead (minutes after midnight): moved forward by the gap. */
  readonly shifted: number;
}

/**
 * Every edge of the model's windows that falls in a DST gap of its time zone between `from` and
 * `to` (the instants of the gaps), in rule order, then edge (open before close), then date.
 *
 * @example
 * // Europe/Berlin, a Sunday window opening 02:30: on 2027-03-28 clocks go 02:00 -> 03:00.
 * dstGapEdges(model, Date.parse('2027-03-01T00:00Z'), Date.parse('2027-04-01T00:00Z'))
 * // -> [{ rule: 0, edge: 'open', minute: 150, day: <2027-03-28>, gapStart: 120, gapEnd: 180, shifted: 210 }]
 */
export function dstGapEdges(model: ModelSchedule, from: number, to: number): GapEdge[] {
  const gaps = ZoneRules.of(model.timezone).gapsBetween(from, to);
  const found: GapEdge[] = [];
  if (gaps.length === 0) return found;
  model.rules.forEach((rule, index) => {
    for (const edge of ['open', 'close'] as const) {
      const minute = rule[edge];
      // The edge of the window of local date D is at D + (a day, for an overnight close) + minute.
      const offset = edge === 'close' && rule.close <= rule.open ? DAY : 0;
      for (const gap of gaps) {
        const gapDay = Math.floor(gap.localStart / DAY);
        const windowDay = [gapDay - 2, gapDay - 1, gapDay].find((d) => {
          const local = d * DAY + offset + minute * MINUTE;
          return local >= gap.localStart && local < gap.localEnd;
        });
        if (windowDay === undefined) continue;
        if (!selects(rule, windowDay) || isClosed(model.closed, windowDay)) continue;
        const gapMinutes = (gap.localEnd - gap.localStart) / MINUTE;
        found.push({
          rule: index,
          edge,
          minute,
          day: Math.floor((windowDay * DAY + offset + minute * MINUTE) / DAY),
          gapStart: minuteOfDay(gap.localStart),
          gapEnd: minuteOfDay(gap.localEnd),
          shifted: (minute + gapMinutes) % 1440,
        });
      }
    }
  });
  return found;
}

function minuteOfDay(local: number): number {
  return ((Math.floor(local / MINUTE) % 1440) + 1440) % 1440;
}
