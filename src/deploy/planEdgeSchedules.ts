/**
 * Which EventBridge Scheduler schedules wake the open and close handlers: a budgeted set of cron
 * expressions that fires at (at least) every window edge of the file, plus one-time fallbacks for
 * the edges a cron would miss on DST days. Extra firings are harmless: every handler re-evaluates
 * the file at its scheduled time and acts only for models with an edge in the minute before it.
 * Pure: `now` is an argument.
 */
import type { Schedule } from '../schedule/types.js';
import { windowsBetween } from '../schedule/windows.js';
import { DAY, MINUTE, ZoneRules } from '../schedule/zone.js';
import { atExpression, type CronSpec, cronExpression, cronMatchesLocal } from './cronSpec.js';
import { type EdgeKind, type EdgeSpec, edgeSpecs } from './edgeSpecs.js';
import { isAmbiguousReading, offsetChangeDays } from './zoneChanges.js';

/**
 * How coarse the crons of one (kind, zone) group are: one per local time, one per hour (its
 * minutes listed), one per zone (every listed minute of every listed hour), or, for a whole kind,
 * one every-minute cron in UTC.
 */
export type EdgeLevel = 'time' | 'hour' | 'zone' | 'every-minute';

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

export interface EdgePlan {
  readonly schedules: readonly PlannedSchedule[];
  /** Level chosen per `kind|zone` group. */
  readonly levels: Readonly<Record<string, EdgeLevel>>;
  /** Edges near offset changes and overrides that were checked against the crons. */
  readonly checkedEdges: number;
  /** Of those, edges no cron fires at, each given a fallback. */
  readonly fallbackEdges: number;
}

export interface EdgePlanOptions {
  /** Package time: dated edges before it are dropped, DST days are looked for after it. */
  readonly now: number;
  /** Most schedules for window edges (the reconcile schedule is not counted). */
  readonly maxSchedules: number;
  /** How far ahead DST days get fallbacks (default two years; redeploy before it runs out). */
  readonly horizonMs?: number;
}

export const DEFAULT_HORIZON_MS = 730 * DAY;

interface CronWithModels {
  readonly spec: CronSpec;
  readonly label: string;
  readonly models: readonly string[];
}

interface Group {
  readonly kind: EdgeKind;
  readonly zone: string;
  readonly specs: readonly EdgeSpec[];
  /** Transition instants (epoch ms) that the crons must fire at, sorted. */
  readonly required: readonly { readonly at: number; readonly model: string }[];
}

const LEVELS: readonly EdgeLevel[] = ['time', 'hour', 'zone'];
const pad2 = (n: number) => String(n).padStart(2, '0');
const zoneLabel = (zone: string) => zone.replace(/[^0-9a-zA-Z-_.]/g, '.');

/** The schedules for the window edges of `schedule`, within `options.maxSchedules`. */
export function planEdgeSchedules(schedule: Schedule, options: EdgePlanOptions): EdgePlan {
  const horizon = options.now + (options.horizonMs ?? DEFAULT_HORIZON_MS);
  const specs = edgeSpecs(schedule, options.now);
  const groups = new Map<string, Group>();
  const required = requiredEdges(schedule, options.now, horizon);
  for (const spec of specs) {
    const key = `${spec.kind}|${spec.zone}`;
    const group = groups.get(key);
    groups.set(key, {
      kind: spec.kind,
      zone: spec.zone,
      specs: [...(group?.specs ?? []), spec],
      required: group?.required ?? [],
    });
  }
  for (const [key, list] of required) {
    const [kind, zone] = key.split('|') as [EdgeKind, string];
    const group = groups.get(key);
    groups.set(key, { kind, zone, specs: group?.specs ?? [], required: list });
  }

  // Cost of each group at each level (crons plus fallbacks), computed lazily.
  const memo = new Map<string, PlannedSchedule[]>();
  const at = (key: string, level: EdgeLevel): PlannedSchedule[] => {
    const id = `${key}#${level}`;
    let planned = memo.get(id);
    if (planned === undefined) {
      planned = planGroup(groups.get(key) as Group, level);
      memo.set(id, planned);
    }
    return planned;
  };
  const levels = new Map<string, EdgeLevel>([...groups.keys()].sort().map((k) => [k, 'time']));
  const everyMinute = new Set<EdgeKind>();
  const total = () => {
    let n = everyMinute.size;
    for (const [key, level] of levels)
      if (!everyMinute.has(groups.get(key)?.kind as EdgeKind)) n += at(key, level).length;
    return n;
  };
  let count = total();
  while (count > options.maxSchedules) {
    // Coarsen the group whose next level saves the most schedules; ties go to the first key.
    let best: { key: string; saving: number } | null = null;
    for (const [key, level] of levels) {
      const kind = groups.get(key)?.kind as EdgeKind;
      const next = LEVELS[LEVELS.indexOf(level) + 1];
      if (everyMinute.has(kind) || next === undefined) continue;
      // A level whose crons would not fit ScheduleExpression's 256 characters is not an option.
      if (!fits(at(key, next))) continue;
      const saving = at(key, level).length - at(key, next).length;
      if (saving > 0 && (best === null || saving > best.saving)) best = { key, saving };
    }
    if (best !== null) {
      const level = levels.get(best.key) as EdgeLevel;
      levels.set(best.key, LEVELS[LEVELS.indexOf(level) + 1] as EdgeLevel);
    } else {
      // Last resort: one every-minute cron for the kind with the most schedules.
      const perKind = new Map<EdgeKind, number>();
      for (const [key, level] of levels) {
        const kind = groups.get(key)?.kind as EdgeKind;
        if (!everyMinute.has(kind)) perKind.set(kind, (perKind.get(kind) ?? 0) + at(key, level).length);
      }
      const worst = [...perKind].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
      if (worst === undefined) break;
      everyMinute.add(worst[0]);
    }
    count = total();
  }

  const schedules: PlannedSchedule[] = [];
  const levelsOut: Record<string, EdgeLevel> = {};
  let fallbackEdges = 0;
  for (const [key, level] of levels) {
    const group = groups.get(key) as Group;
    if (everyMinute.has(group.kind)) {
      levelsOut[key] = 'every-minute';
      continue;
    }
    levelsOut[key] = level;
    const planned = at(key, level);
    schedules.push(...planned);
    fallbackEdges += planned.filter((p) => p.role === 'fallback').reduce((n, p) => n + p.models.length, 0);
  }
  schedules.splice(0, schedules.length, ...mergeIdenticalFallbacks(schedules));
  for (const kind of [...everyMinute].sort()) {
    schedules.push({
      kind,
      expression: 'cron(* * * * ? *)',
      timezone: 'UTC',
      role: 'every-minute',
      label: 'every-minute',
      models: [],
    });
  }
  let checkedEdges = 0;
  for (const list of required.values()) checkedEdges += list.length;
  return { schedules, levels: levelsOut, checkedEdges, fallbackEdges };
}

/**
 * The edges that ordinary-day crons do not vouch for: every transition within two days (plus the
 * lead time) of an offset change in [now, horizon), and at each override's bounds after `now`.
 * Keyed by `kind|zone`.
 */
function requiredEdges(
  schedule: Schedule,
  now: number,
  horizon: number,
): Map<string, { at: number; model: string }[]> {
  const changes = new Map<string, number[]>();
  const out = new Map<string, { at: number; model: string }[]>();
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

/**
 * Fallbacks are in UTC: zones whose edges fall on the same UTC instant (or day) would each get an
 * identical schedule. One schedule with the union of their models fires for all of them; its label
 * loses the zone when it stands for several.
 */
function mergeIdenticalFallbacks(schedules: readonly PlannedSchedule[]): PlannedSchedule[] {
  const out: PlannedSchedule[] = [];
  const byExpression = new Map<string, number>();
  for (const p of schedules) {
    if (p.role !== 'fallback') {
      out.push(p);
      continue;
    }
    const key = `${p.kind}|${p.timezone}|${p.expression}`;
    const index = byExpression.get(key);
    const first = index === undefined ? undefined : out[index];
    if (index === undefined || first === undefined) {
      byExpression.set(key, out.length);
      out.push(p);
      continue;
    }
    out[index] = {
      ...first,
      // `at-20261025T0100Z` or `on-20261025`, without the zone.
      label: first.label.slice(0, first.label.startsWith('at-') ? 17 : 11),
      models: [...new Set([...first.models, ...p.models])].sort(),
    };
  }
  return out;
}

/** ScheduleExpression's length limit (scheduler.json). */
export const MAX_EXPRESSION_LENGTH = 256;

const fits = (planned: readonly PlannedSchedule[]) =>
  planned.every((p) => p.expression.length <= MAX_EXPRESSION_LENGTH);

/** The crons of one group at one level, then fallbacks for the required edges they miss. */
function planGroup(group: Group, level: EdgeLevel): PlannedSchedule[] {
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

/** The crons for a group's edge specs at a level. */
function cronsAt(specs: readonly EdgeSpec[], level: EdgeLevel, zone: string): CronWithModels[] {
  const z = zoneLabel(zone);
  const weekly = new Map<
    string,
    { minutes: Set<number>; hours: Set<number>; weekdays: number; models: Set<string> }
  >();
  const dated = new Map<
    string,
    { minutes: Set<number>; hours: Set<number>; dates: Set<number>; models: Set<string> }
  >();
  for (const spec of specs) {
    const hour = Math.floor(spec.minute / 60);
    const base =
      level === 'time'
        ? `${pad2(hour)}${pad2(spec.minute % 60)}`
        : level === 'hour'
          ? `${pad2(hour)}xx`
          : 'all';
    if (spec.weekdays !== null) {
      const entry = weekly.get(base) ?? {
        minutes: new Set(),
        hours: new Set(),
        weekdays: 0,
        models: new Set(),
      };
      entry.minutes.add(spec.minute % 60);
      entry.hours.add(hour);
      entry.weekdays |= spec.weekdays;
      for (const m of spec.models) entry.models.add(m);
      weekly.set(base, entry);
    }
    for (const day of spec.dates ?? []) {
      const date = new Date(day * DAY);
      const period =
        level === 'zone'
          ? `${date.getUTCFullYear()}`
          : `${date.getUTCFullYear()}-${pad2(date.getUTCMonth() + 1)}`;
      const key = `${base}|${period}`;
      const entry = dated.get(key) ?? {
        minutes: new Set(),
        hours: new Set(),
        dates: new Set(),
        models: new Set(),
      };
      entry.minutes.add(spec.minute % 60);
      entry.hours.add(hour);
      entry.dates.add(day);
      for (const m of spec.models) entry.models.add(m);
      dated.set(key, entry);
    }
  }
  const out: CronWithModels[] = [];
  for (const [base, e] of weekly) {
    const spec: CronSpec = {
      minutes: [...e.minutes].sort((a, b) => a - b),
      hours: [...e.hours].sort((a, b) => a - b),
      weekdays: e.weekdays,
      dates: null,
    };
    const dow = cronExpression(spec).split(' ')[4] as string;
    out.push({
      spec,
      label: `${base}-${dow === '*' ? 'daily' : dow.replaceAll(',', '.')}-${z}`,
      models: [...e.models].sort(),
    });
  }
  for (const [key, e] of dated) {
    const [base, period] = key.split('|') as [string, string];
    const days = [...e.dates].map((d) => new Date(d * DAY));
    out.push({
      spec: {
        minutes: [...e.minutes].sort((a, b) => a - b),
        hours: [...e.hours].sort((a, b) => a - b),
        weekdays: null,
        dates: {
          daysOfMonth: [...new Set(days.map((d) => d.getUTCDate()))].sort((a, b) => a - b),
          months: [...new Set(days.map((d) => d.getUTCMonth() + 1))].sort((a, b) => a - b),
          years: [...new Set(days.map((d) => d.getUTCFullYear()))].sort((a, b) => a - b),
        },
      },
      label: `${base}-${period}-${z}`,
      models: [...e.models].sort(),
    });
  }
  return out;
}
