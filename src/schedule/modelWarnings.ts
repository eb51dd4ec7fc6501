/**
 * Warnings that need a whole model: nothing ever hosted, dated windows all past, and window edges
 * that fall in a DST gap ahead (they will be shifted).
 */
import type { Collector, Locator } from './diagnostics.js';
import { dstGapEdges, type GapEdge } from './dstGapEdges.js';
import { formatDate, formatTimeOfDay } from './syntax.js';
import type { ModelSchedule } from './types.js';
import { DAY } from './zone.js';

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
  m.rules.forEach((rule, i) => {
    if (rule.dates?.every((r) => r.last < nowDay - 1)) {
      out.warn(loc.at([...path, 'windows', i, 'dates']), `every date of this window is in the past`);
    }
  });
  // One warning per edge: the first gap it falls in.
  const warned = new Set<string>();
  for (const gap of dstGapEdges(m, now - DAY, now + GAP_HORIZON_MS)) {
    const key = `${gap.rule}:${gap.edge}`;
    if (warned.has(key)) continue;
    warned.add(key);
    out.warn(loc.at([...path, 'windows', gap.rule, gap.edge]), dstGapMessage(m.timezone, gap));
  }
}

/** `open 02:30 falls in the DST gap of Europe/Berlin on 2027-03-28 (02:00-03:00 does not exist); ...` */
export function dstGapMessage(timezone: string, gap: GapEdge): string {
  return (
    `${gap.edge} ${formatTimeOfDay(gap.minute)} falls in the DST gap of ${timezone} on ${formatDate(gap.day)} ` +
    `(${formatTimeOfDay(gap.gapStart)}-${formatTimeOfDay(gap.gapEnd)} does not exist); ` +
    // The window's edge moves; a start still comes its lead time before the moved opening.
    `the window ${gap.edge === 'open' ? 'opens' : 'closes'} at ${formatTimeOfDay(gap.shifted)} that day`
  );
}
