/**
 * Warnings that need a whole model: nothing ever hosted, dated windows all past, and window edges
 * that fall in a DST gap ahead (they will be shifted).
 */
import type { Collector, Locator } from './diagnostics.js';
import { isClosed, selects } from './selects.js';
import { formatDate, formatTimeOfDay } from './syntax.js';
import type { ModelSchedule } from './types.js';
import { DAY, MINUTE, ZoneRules } from './zone.js';

/** How far ahead of `now` DST gaps are looked for. */
const GAP_HORIZON_MS = 400 * DAY;

/** Warnings that need the whole model: DST gaps ahead, nothing ever hosted, dates all past. */
export function warnAboutModel(
  m: ModelSchedule,
  index: number,
  declared: number,
  now: number | null,
  loc: Locator,
  out: Collector,
): void {
  const path = ['models', index] as const;
  // Only when the file declares none: windows with errors were reported already.
  if (declared === 0 && !m.overrides.some((o) => o.state === 'hosted')) {
    out.warn(loc.at(path), `model ${m.id} has no windows: it will be kept stopped`);
  }
  if (now === null) return;
  const nowDay = Math.floor(now / DAY);
  const zone = ZoneRules.of(m.timezone);
  const gaps = zone.gapsBetween(now - DAY, now + GAP_HORIZON_MS);
  m.rules.forEach((rule, i) => {
    if (rule.dates?.every((r) => r.last < nowDay - 1)) {
      out.warn(loc.at([...path, 'windows', i, 'dates']), `every date of this window is in the past`);
    }
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
        if (!selects(rule, windowDay) || isClosed(m.closed, windowDay)) continue;
        const edgeDay = Math.floor((windowDay * DAY + offset + minute * MINUTE) / DAY);
        const shifted = formatTimeOfDay((minute + (gap.localEnd - gap.localStart) / MINUTE) % 1440);
        out.warn(
          loc.at([...path, 'windows', i, edge]),
          `${edge} ${formatTimeOfDay(minute)} falls in the DST gap of ${m.timezone} on ${formatDate(edgeDay)} ` +
            `(${formatTimeOfDay(minuteOfDay(gap.localStart))}-${formatTimeOfDay(minuteOfDay(gap.localEnd))} does not exist); ` +
            `the model will ${edge === 'open' ? 'start' : 'stop'} at ${shifted} that day`,
        );
        break;
      }
    }
  });
}

function minuteOfDay(local: number): number {
  return ((Math.floor(local / MINUTE) % 1440) + 1440) % 1440;
}
