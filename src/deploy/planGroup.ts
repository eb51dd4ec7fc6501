/**
 * One (kind, zone) group's schedules at one level: its crons, then one-time fallbacks in UTC for
 * the required edges no cron fires at (or fires at ambiguously, in a repeated hour).
 */
import { DAY, MINUTE, ZoneRules } from '../schedule/zone.js';
import { atExpression, cronExpression, cronMatchesLocal } from './cronSpec.js';
import { cronsAt, type EdgeLevel, zoneLabel } from './cronsAt.js';
import type { EdgeKind, EdgeSpec } from './edgeSpecs.js';
import type { RequiredEdge } from './requiredEdges.js';
import { isAmbiguousReading } from './zoneChanges.js';

/** The edge specs of one `kind|zone` and the transitions their crons must fire at. */
export interface EdgeGroup {
  readonly kind: EdgeKind;
  readonly zone: string;
  readonly specs: readonly EdgeSpec[];
  /** Transition instants (epoch ms) that the crons must fire at, sorted. */
  readonly required: readonly RequiredEdge[];
}

/** One schedule to create. */
export interface PlannedSchedule {
  readonly kind: EdgeKind;
  readonly expression: string;
  readonly timezone: string;
  /** `edge`: a recurring cron; `fallback`: a one-off for edges a cron misses; `every-minute`: last resort. */
  readonly role: 'edge' | 'fallback' | 'every-minute';
  /** Readable part of the schedule's name, e.g. `0545-MON-FRI-Europe.Berlin`. */
  readonly label: string;
  /** Models with an edge this schedule exists for (for its description). */
  readonly models: readonly string[];
}

/** The crons of one group at one level, then fallbacks for the required edges they miss. */
export function planGroup(group: EdgeGroup, level: EdgeLevel): PlannedSchedule[] {
  const crons = cronsAt(group.specs, level, group.zone);
  const zone = ZoneRules.of(group.zone);
  const missed = new Map<number, Set<string>>();
  for (const edge of group.required) {
    const t = Math.ceil(edge.at / MINUTE) * MINUTE;
    const covered =
      !isAmbiguousReading(zone, t) && crons.some((c) => cronMatchesLocal(c.spec, zone.toLocal(t)));
    if (covered) continue;
    const models = missed.get(t) ?? new Set<string>();
    models.add(edge.model);
    missed.set(t, models);
  }
  const out: PlannedSchedule[] = crons.map((c) => ({
    kind: group.kind,
    expression: cronExpression(c.spec),
    timezone: group.zone,
    role: 'edge',
    label: c.label,
    models: c.models,
  }));
  // Fallbacks in UTC: one at() per instant, or one dated cron for several on the same UTC day.
  const byDay = new Map<number, number[]>();
  for (const t of [...missed.keys()].sort((a, b) => a - b)) {
    const day = Math.floor(t / DAY);
    byDay.set(day, [...(byDay.get(day) ?? []), t]);
  }
  for (const [day, instants] of byDay) {
    const models = [...new Set(instants.flatMap((t) => [...(missed.get(t) ?? [])]))].sort();
    const iso = new Date(day * DAY).toISOString();
    if (instants.length === 1) {
      const t = instants[0] as number;
      const stamp = new Date(t).toISOString();
      out.push({
        kind: group.kind,
        expression: atExpression(t),
        timezone: 'UTC',
        role: 'fallback',
        label: `at-${stamp.slice(0, 10).replaceAll('-', '')}T${stamp.slice(11, 13)}${stamp.slice(14, 16)}Z-${zoneLabel(group.zone)}`,
        models,
      });
      continue;
    }
    const date = new Date(day * DAY);
    out.push({
      kind: group.kind,
      expression: cronExpression({
        minutes: instants.map((t) => new Date(t).getUTCMinutes()),
        hours: instants.map((t) => new Date(t).getUTCHours()),
        weekdays: null,
        dates: {
          daysOfMonth: [date.getUTCDate()],
          months: [date.getUTCMonth() + 1],
          years: [date.getUTCFullYear()],
        },
      }),
      timezone: 'UTC',
      role: 'fallback',
      label: `on-${iso.slice(0, 10).replaceAll('-', '')}-${zoneLabel(group.zone)}`,
      models,
    });
  }
  return out;
}
