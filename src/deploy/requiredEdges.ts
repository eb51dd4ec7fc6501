/**
 * The instants the edge crons must be checked against: window edges near offset changes (where a
 * local-time cron may skip or repeat) and at overrides' bounds. Pure: `now` is an argument.
 */
import type { Schedule } from '../schedule/types.js';
import { windowsBetween } from '../schedule/windows.js';
import { DAY, MINUTE, ZoneRules } from '../schedule/zone.js';
import { offsetChangeDays } from './zoneChanges.js';

/** A transition a cron must fire at, and the model it is for. */
export interface RequiredEdge {
  readonly at: number;
  readonly model: string;
}

/**
 * The edges that ordinary-day crons do not vouch for: every transition within two days (plus the
 * lead time) of an offset change in [now, horizon), and at each override's bounds after `now`.
 * Keyed by `kind|zone`.
 */
export function requiredEdges(schedule: Schedule, now: number, horizon: number): Map<string, RequiredEdge[]> {
  const changes = new Map<string, number[]>();
  const out = new Map<string, RequiredEdge[]>();
  for (const model of schedule.models) {
    let days = changes.get(model.timezone);
    if (days === undefined) {
      days = offsetChangeDays(ZoneRules.of(model.timezone), now, horizon);
      changes.set(model.timezone, days);
    }
    const intervals: [number, number][] = days.map((d) => [
      Math.max(now, d * DAY - 2 * DAY - model.leadTimeMs),
      d * DAY + 3 * DAY,
    ]);
    for (const o of model.overrides) {
      for (const bound of [o.from, o.until]) {
        if (bound >= now) intervals.push([bound - MINUTE, bound + MINUTE]);
      }
    }
    const seen = new Set<string>();
    for (const [from, to] of intervals) {
      for (const w of windowsBetween(model, from, to)) {
        for (const [kind, instant] of [
          ['open', w.open],
          ['close', w.close],
        ] as const) {
          // An interval's own bounds are clipping, not transitions.
          if (instant <= from || instant >= to || instant < now) continue;
          const id = `${kind}|${instant}`;
          if (seen.has(id)) continue;
          seen.add(id);
          const key = `${kind}|${model.timezone}`;
          const list = out.get(key) ?? [];
          list.push({ at: instant, model: model.id });
          out.set(key, list);
        }
      }
    }
  }
  for (const list of out.values()) list.sort((a, b) => a.at - b.at || a.model.localeCompare(b.model));
  return out;
}
