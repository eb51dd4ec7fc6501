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
}

const MINUTE = 60_000;
const parsed = new Map<string, ReturnType<typeof CronExpressionParser.parse>>();

/** Whether `schedule` certainly fires at `instant` (a whole minute). */
export function firesAt(schedule: ScheduleLike, instant: number): boolean {
  const at = /^at\((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\)$/.exec(schedule.expression);
  if (at) {
    const [, y, mo, d, h, mi, s] = at.map(Number) as number[];
    const dt = DateTime.fromObject(
      { year: y, month: mo, day: d, hour: h, minute: mi, second: s },
      { zone: schedule.timezone },
    );
    return dt.toMillis() === instant;
  }
  const cron = /^cron\((\S+) (\S+) (\S+) (\S+) (\S+) (\S+)\)$/.exec(schedule.expression);
  if (!cron) throw new Error(`unknown expression ${schedule.expression}`);
  const [, minute, hour, dom, month, dow, year] = cron as unknown as string[];
  const local = reading(schedule.timezone, instant);
  if (year !== '*' && !expandList(year as string).includes(local.year)) return false;
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
  /** The wall-clock reading encoded as a UTC instant (cron-parser then matches it in UTC). */
  readonly asUtc: number;
  /** The same reading also names another instant (a fall-back hour). */
  readonly ambiguous: boolean;
}

const readings = new Map<string, Reading>();

function reading(zone: string, instant: number): Reading {
  const key = `${zone}|${instant}`;
  let r = readings.get(key);
  if (r === undefined) {
    const local = DateTime.fromMillis(instant, { zone });
    const wall = local.toFormat("yyyy-MM-dd'T'HH:mm");
    const ambiguous = [-60, -30, 30, 60].some(
      (shift) =>
        DateTime.fromMillis(instant + shift * MINUTE, { zone }).toFormat("yyyy-MM-dd'T'HH:mm") === wall,
    );
    r = {
      year: local.year,
      asUtc: Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute),
      ambiguous,
    };
    readings.set(key, r);
  }
  return r;
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

/** The edges no schedule of their kind fires for, at the minute the handler looks for them in. */
export function uncoveredEdges(
  edges: readonly Edge[],
  schedules: readonly ScheduleLike[],
  zoneOf: (model: string) => string = () => '',
): Edge[] {
  return edges.filter((e) => {
    const t = Math.ceil(e.at / MINUTE) * MINUTE;
    // Same zone first: that is where the edge's own cron is; others (UTC fallbacks) after.
    const zone = zoneOf(e.model);
    const candidates = schedules.filter((s) => s.kind === e.kind);
    const ordered = [
      ...candidates.filter((s) => s.timezone === zone),
      ...candidates.filter((s) => s.timezone !== zone),
    ];
    return !ordered.some((s) => firesAt(s, t));
  });
}
