/**
 * Which EventBridge Scheduler schedules wake the open and close handlers: a budgeted set of cron
 * expressions that fires at (at least) every window edge of the file, plus one-time fallbacks for
 * the edges a cron would miss on DST days. Extra firings are harmless: every handler re-evaluates
 * the file at its scheduled time and acts only for models with an edge in the minute before it.
 * Pure: `now` is an argument.
 */
import type { Schedule } from '../schedule/types.js';
import { DAY } from '../schedule/zone.js';
import type { EdgeLevel } from './cronsAt.js';
import { type EdgeKind, edgeSpecs } from './edgeSpecs.js';
import { type EdgeGroup, type PlannedSchedule, planGroup } from './planGroup.js';
import { requiredEdges } from './requiredEdges.js';

export type { PlannedSchedule };

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

const LEVELS: readonly EdgeLevel[] = ['time', 'hour', 'zone'];

/** The schedules for the window edges of `schedule`, within `options.maxSchedules`. */
export function planEdgeSchedules(schedule: Schedule, options: EdgePlanOptions): EdgePlan {
  const horizon = options.now + (options.horizonMs ?? DEFAULT_HORIZON_MS);
  const specs = edgeSpecs(schedule, options.now);
  const groups = new Map<string, EdgeGroup>();
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
      planned = planGroup(groups.get(key) as EdgeGroup, level);
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
    const group = groups.get(key) as EdgeGroup;
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
