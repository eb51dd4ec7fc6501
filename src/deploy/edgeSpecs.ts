/**
 * The recurring window edges of a schedule file, as local times in each model's zone: what the
 * cron schedules must fire at on an ordinary day. Days on which a zone changes its offset are
 * handled separately (the fallbacks of planEdgeSchedules.ts). Pure.
 */
import type { Schedule } from '../schedule/types.js';
import { DAY, MINUTE, ZoneRules } from '../schedule/zone.js';

export type EdgeKind = 'open' | 'close';

/** One local edge time in one zone, on the union of the days of the rules that share it. */
export interface EdgeSpec {
  readonly kind: EdgeKind;
  readonly zone: string;
  /** Minute of the local day, 0..1439 (rounded up when a lead time has seconds). */
  readonly minute: number;
  /** Monday-first weekday mask of weekly rules, or null for a dated edge. */
  readonly weekdays: number | null;
  /** Local dates (epoch days, sorted) of a dated edge, or null for a weekly one. */
  readonly dates: readonly number[] | null;
  /** Ids of the models that have this edge. */
  readonly models: readonly string[];
}

/** A weekday mask moved by `shift` days (-1, 0 or 1). */
function rotate(mask: number, shift: number): number {
  const s = ((shift % 7) + 7) % 7;
  return ((mask << s) | (mask >> (7 - s))) & 0x7f;
}

/**
 * Every distinct (kind, zone, local minute) edge of the file. Weekly rules sharing an edge share
 * one spec (their weekdays are joined); dated rules get their own spec, and local dates before
 * `now`'s local yesterday are dropped. An opening is moved earlier by the model's lead time (to
 * the previous day if need be); a closing at or before its opening falls on the next day.
 */
export function edgeSpecs(schedule: Schedule, now: number): EdgeSpec[] {
  const weekly = new Map<string, { spec: EdgeSpec; weekdays: number; models: Set<string> }>();
  const dated = new Map<string, { spec: EdgeSpec; dates: Set<number>; models: Set<string> }>();
  for (const model of schedule.models) {
    const today = Math.floor(ZoneRules.of(model.timezone).toLocal(now) / DAY);
    for (const rule of model.rules) {
      const edges: { kind: EdgeKind; minutes: number }[] = [
        { kind: 'open', minutes: Math.ceil((rule.open * MINUTE - model.leadTimeMs) / MINUTE) },
        { kind: 'close', minutes: rule.close + (rule.close <= rule.open ? 1440 : 0) },
      ];
      for (const { kind, minutes } of edges) {
        const shift = Math.floor(minutes / 1440);
        const minute = minutes - shift * 1440;
        const key = `${kind}|${model.timezone}|${minute}`;
        if (rule.weekdays !== null) {
          const entry = weekly.get(key) ?? {
            spec: { kind, zone: model.timezone, minute, weekdays: 0, dates: null, models: [] },
            weekdays: 0,
            models: new Set<string>(),
          };
          entry.weekdays |= rotate(rule.weekdays, shift);
          entry.models.add(model.id);
          weekly.set(key, entry);
        } else if (rule.dates !== null) {
          const entry = dated.get(key) ?? {
            spec: { kind, zone: model.timezone, minute, weekdays: null, dates: [], models: [] },
            dates: new Set<number>(),
            models: new Set<string>(),
          };
          let added = false;
          for (const range of rule.dates) {
            for (let d = range.first; d <= range.last; d++) {
              if (d + shift < today - 1) continue;
              entry.dates.add(d + shift);
              added = true;
            }
          }
          if (added) {
            entry.models.add(model.id);
            dated.set(key, entry);
          }
        }
      }
    }
  }
  const out: EdgeSpec[] = [];
  for (const e of weekly.values()) {
    out.push({ ...e.spec, weekdays: e.weekdays, models: [...e.models].sort() });
  }
  for (const e of dated.values()) {
    out.push({ ...e.spec, dates: [...e.dates].sort((a, b) => a - b), models: [...e.models].sort() });
  }
  return out.sort(compareSpecs);
}

function compareSpecs(a: EdgeSpec, b: EdgeSpec): number {
  return (
    a.kind.localeCompare(b.kind) ||
    a.zone.localeCompare(b.zone) ||
    a.minute - b.minute ||
    Number(a.dates !== null) - Number(b.dates !== null)
  );
}
