import type { Schedule } from '../schedule/types.js';
import { windowsBetween } from '../schedule/windows.js';
import { DAY, MINUTE } from '../schedule/zone.js';

/**
 * Scheduler fires within the minute, and edges whose lead time has seconds are scheduled at the
 * next whole minute: a schedule at `t` stands for the edges in (t - 1 min, t].
 */
export const EDGE_TOLERANCE_MS = MINUTE;

/**
 * Ids of the models that open (or close) in (at - tolerance, at]: the models an edge schedule
 * firing at `at` is for. None when the firing is an extra one of a merged cron.
 */
export function modelsWithEdge(
  schedule: Schedule,
  kind: 'open' | 'close',
  at: number,
  toleranceMs = EDGE_TOLERANCE_MS,
): string[] {
  const from = at - toleranceMs;
  return schedule.models
    .filter((m) =>
      windowsBetween(m, from - DAY, at + DAY).some((w) => {
        const edge = kind === 'open' ? w.open : w.close;
        return edge > from && edge <= at;
      }),
    )
    .map((m) => m.id);
}
