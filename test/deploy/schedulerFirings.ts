/**
 * An independent model of when EventBridge Scheduler fires a schedule, for tests: cron fields are
 * matched by cron-parser on the local wall clock, local readings are turned into instants by Luxon,
 * and AWS's documented DST rules are applied (a reading that does not exist is skipped; one that
 * exists twice fires once, at an undocumented instant, so neither instant is relied on). Nothing
 * here uses the generator's own cron or zone code.
 */
import { CronExpressionParser } from 'cron-parser';
import { DateTime } from 'luxon';
import type { Schedule } from '../../src/schedule/types.js';
import { windowsBetween } from '../../src/schedule/windows.js';

export interface ScheduleLike {
  readonly kind: string;
  readonly expression: string;
  readonly timezone: string;
  /** The models the schedule is for (empty: every model, the every-minute cron). */
  readonly models?: readonly string[];
}

const MINUTE = 60_000;
const parsed = new Map<string, ReturnType<typeof CronExpressionParser.parse>>();

const oneTime = new Map<string, number | null>();

/** The instant of an at() expression in its zone, or null for a cron (memoised per expression and zone). */
function oneTimeInstant(schedule: ScheduleLike): number | null {
  const key = `${schedule.expression}|${schedule.timezone}`;
  let instant = oneTime.get(key);
  if (instant === undefined) {
    const at = /^at\((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\)$/.exec(schedule.expression);
    if (at) {
      const [, y, mo, d, h, mi, s] = at.map(Number) as number[];
      instant = DateTime.fromObject(
        { year: y, month: mo, day: d, hour: h, minute: mi, second: s },
        { zone: schedule.timezone },
      ).toMillis();
    } else instant = null;
    oneTime.set(key, instant);
  }
  return instant;
}

const cronFields = new Map<string, string[]>();

/** Whether `schedule` certainly fires at `instant` (a whole minute). */
export function firesAt(schedule: ScheduleLike, instant: number): boolean {
  const at = oneTimeInstant(schedule);
  if (at !== null) return at === instant;
  let fields = cronFields.get(schedule.expression);
  if (fields === undefined) {
    const cron = /^cron\((\S+) (\S+) (\S+) (\S+) (\S+) (\S+)\)$/.exec(schedule.expression);
    if (!cron) throw new Error(`unknown expression ${schedule.expression}`);
    fields = cron.slice(1);
    cronFields.set(schedule.expression, fields);
  }
  const [minute, hour, dom, month, dow, year] = fields as [string, string, string, string, string, string];
  const local = reading(schedule.timezone, instant);
  if (year !== '*' && !listMatches(year, local.year)) return false;
  // A necessary condition first (minute and hour of the reading), to spare cron-parser most calls.
  if (!listMatches(minute as string, local.minute) || !listMatches(hour as string, local.hour)) return false;
  const text = `0 ${minute} ${hour} ${dom === '?' ? '*' : dom} ${month} ${dow === '?' ? '*' : dow}`;
  let expression = parsed.get(text);
  if (expression === undefined) {
    expression = CronExpressionParser.parse(text, { tz: 'UTC' });
    parsed.set(text, expression);
  }
  return expression.includesDate(new Date(local.asUtc)) && !local.ambiguous;
}

interface Reading {
  readonly year: number;
  readonly hour: number;
  readonly minute: number;
  /** The wall-clock reading encoded as a UTC instant (cron-parser then matches it in UTC). */
  readonly asUtc: number;
  /** The same reading also names another instant (a fall-back hour); computed when first asked. */
  readonly ambiguous: boolean;
}

const readings = new Map<string, Reading>();
const offsets = new Map<string, number>();
const QUARTER = 15 * MINUTE;
const DAY = 24 * 60 * MINUTE;

/**
 * Luxon's offset (minutes) of `zone` at `instant`: asked at both ends of the UTC day, and when they
 * differ (a clock change that day) once per quarter hour, since offsets change only at whole
 * quarter hours (UTC) in every zone and never twice within a day.
 */
function offsetAt(zone: string, instant: number): number {
  const day = Math.floor(instant / DAY) * DAY;
  const dayKey = `${zone}|d${day}`;
  let offset = offsets.get(dayKey);
  if (offset === undefined) {
    const first = DateTime.fromMillis(day, { zone }).offset;
    const last = DateTime.fromMillis(day + DAY - 1, { zone }).offset;
    offset = first === last ? first : Number.NaN;
    offsets.set(dayKey, offset);
  }
  if (!Number.isNaN(offset)) return offset;
  const quarter = Math.floor(instant / QUARTER) * QUARTER;
  const key = `${zone}|${quarter}`;
  let exact = offsets.get(key);
  if (exact === undefined) {
    exact = DateTime.fromMillis(quarter, { zone }).offset;
    offsets.set(key, exact);
  }
  return exact;
}

/** The wall-clock reading of `instant` in `zone`, to the minute, encoded as a UTC instant. */
const wall = (zone: string, instant: number) =>
  Math.floor((instant + offsetAt(zone, instant) * MINUTE) / MINUTE) * MINUTE;

function reading(zone: string, instant: number): Reading {
  const key = `${zone}|${instant}`;
  let r = readings.get(key);
  if (r === undefined) {
    const asUtc = wall(zone, instant);
    const local = new Date(asUtc);
    let ambiguous: boolean | undefined;
    r = {
      year: local.getUTCFullYear(),
      hour: local.getUTCHours(),
      minute: local.getUTCMinutes(),
      asUtc,
      get ambiguous() {
        ambiguous ??= [-60, -30, 30, 60].some((shift) => wall(zone, instant + shift * MINUTE) === asUtc);
        return ambiguous;
      },
    };
    readings.set(key, r);
  }
  return r;
}

const lists = new Map<string, ReadonlySet<number> | null>();

/** Whether a plain cron list (`*`, `5`, `5,45`, `1-5`) allows `value`; anything else is left to cron-parser. */
function listMatches(field: string, value: number): boolean {
  let set = lists.get(field);
  if (set === undefined) {
    set = /^\d+(-\d+)?(,\d+(-\d+)?)*$/.test(field) ? new Set(expandList(field)) : null;
    lists.set(field, set);
  }
  return set === null || set.has(value);
}

function expandList(field: string): number[] {
  return field.split(',').flatMap((part) => {
    const [a, b = a] = part.split('-').map(Number) as [number, number?];
    return Array.from({ length: (b as number) - a + 1 }, (_, i) => a + i);
  });
}

export interface Edge {
  readonly kind: 'open' | 'close';
  readonly model: string;
  readonly at: number;
}

/** Every change of desired state of every model in [from, to), from the planner. */
export function edgesBetween(schedule: Schedule, from: number, to: number): Edge[] {
  const out: Edge[] = [];
  for (const model of schedule.models) {
    for (const w of windowsBetween(model, from, to)) {
      if (w.open > from) out.push({ kind: 'open', model: model.id, at: w.open });
      if (w.close < to) out.push({ kind: 'close', model: model.id, at: w.close });
    }
  }
  return out.sort((a, b) => a.at - b.at);
}

const modelSets = new WeakMap<ScheduleLike, ReadonlySet<string>>();
function modelSet(s: ScheduleLike): ReadonlySet<string> {
  let set = modelSets.get(s);
  if (set === undefined) {
    set = new Set(s.models);
    modelSets.set(s, set);
  }
  return set;
}

/**
 * The edges no schedule of their kind fires for, at the minute the handler looks for them in. With
 * `listed`, a schedule covers an edge only if it also lists the edge's model (an edge invocation
 * handles only the models of the schedule that fired).
 */
export function uncoveredEdges(
  edges: readonly Edge[],
  schedules: readonly ScheduleLike[],
  zoneOf: (model: string) => string = () => '',
  listed = false,
): Edge[] {
  // The schedules that may cover an edge of (kind, model), same zone first: that is where the edge's
  // own cron is; others (UTC fallbacks) after.
  const candidatesOf = new Map<string, ScheduleLike[]>();
  const candidates = (e: Edge): ScheduleLike[] => {
    const key = `${e.kind}|${e.model}`;
    let list = candidatesOf.get(key);
    if (list === undefined) {
      const zone = zoneOf(e.model);
      const all = schedules.filter(
        (s) =>
          s.kind === e.kind &&
          (!listed || s.models === undefined || s.models.length === 0 || modelSet(s).has(e.model)),
      );
      list = [...all.filter((s) => s.timezone === zone), ...all.filter((s) => s.timezone !== zone)];
      candidatesOf.set(key, list);
    }
    return list;
  };
  return edges.filter((e) => {
    const t = Math.ceil(e.at / MINUTE) * MINUTE;
    return !candidates(e).some((s) => firesAt(s, t));
  });
}
