/**
 * The planner: when must a model be hosted? Pure functions of a model's schedule and instants
 * (epoch ms). No clock, no environment, no I/O.
 */
import { isClosed, selects } from './selects.js';
import type { Interval, ModelSchedule } from './types.js';
import { DAY, MINUTE, ZoneRules } from './zone.js';

/**
 * A window shorter than this (minutes) cannot be relied on to reach HOSTED before it closes (a
 * start takes 10-20 minutes): `lvsched validate` warns about it, and the engine does not start it.
 */
export const SHORT_WINDOW_MINUTES = 30;

/** Desired hosting state of a model. */
export type DesiredState = 'hosted' | 'stopped';

/**
 * The model's merged windows that intersect [from, to), clipped to it, sorted and disjoint
 * (a window that touches the next one is merged with it).
 *
 * Each rule yields, for every local date D it selects (and that `closedOn` does not close), the
 * window [D+open - leadTime, D+close), or to (D+1)+close when close <= open. Local times are
 * converted with "compatible" disambiguation (see {@link ZoneRules.toInstant}). Then `hosted`
 * overrides are added and `stopped` overrides removed.
 *
 * @example
 * // night-shift, America/Chicago, Mon-Thu 22:00-06:00: the Monday window closes Tuesday 06:00.
 * windowsBetween(nightShift, Date.parse('2026-12-07T00:00:00Z'), Date.parse('2026-12-09T00:00:00Z'))
 * // -> [{ open: 2026-12-08T04:00Z, close: 2026-12-08T12:00Z }]
 */
export function windowsBetween(model: ModelSchedule, from: number, to: number): Interval[] {
  if (!(to > from)) return [];
  const zone = ZoneRules.of(model.timezone);
  const raw: Interval[] = [];
  // Local dates whose window could reach into [from, to): a window of date D lies within
  // [D - lead - 14h, D + 2 days + 14h] (offsets are within +-14h; close is at most 24:00 of D+1).
  const firstDay = Math.floor((from - 2 * DAY) / DAY) - 1;
  const lastDay = Math.floor((to + model.leadTimeMs + 2 * DAY) / DAY) + 1;
  for (const rule of model.rules) {
    const closeDayOffset = rule.close > rule.open ? 0 : DAY;
    for (let day = firstDay; day <= lastDay; day++) {
      if (!selects(rule, day) || isClosed(model.closed, day)) continue;
      const base = day * DAY;
      const open = zone.toInstant(base + rule.open * MINUTE) - model.leadTimeMs;
      const close = zone.toInstant(base + closeDayOffset + rule.close * MINUTE);
      // A window wholly inside a DST gap can come out empty or inverted: it does not exist that day.
      if (close <= open || close <= from || open >= to) continue;
      raw.push({ open, close });
    }
  }
  for (const o of model.overrides) {
    if (o.state === 'hosted' && o.until > from && o.from < to) raw.push({ open: o.from, close: o.until });
  }
  let merged = mergeIntervals(raw);
  for (const o of model.overrides) {
    if (o.state === 'stopped' && o.until > from && o.from < to) merged = subtract(merged, o.from, o.until);
  }
  return clip(merged, from, to);
}

/**
 * Whether the model should be hosted at `at`: inside a window [open, close) means hosted.
 */
export function desiredStateAt(model: ModelSchedule, at: number): DesiredState {
  return windowsBetween(model, at, at + 1).length > 0 ? 'hosted' : 'stopped';
}

/** A change of desired state. */
export interface Transition {
  readonly at: number;
  readonly state: DesiredState;
}

/** How far {@link nextTransition} looks ahead, in weekly steps. */
const SEARCH_STEP = 7 * DAY;
const SEARCH_HORIZON = 2 * 366 * DAY;

/**
 * The first instant after `after` (strictly) at which the desired state changes, and the state it
 * changes to; null when it does not change within two years (or after the last dated window or
 * override, whichever is later).
 */
export function nextTransition(model: ModelSchedule, after: number): Transition | null {
  const start = after + 1;
  const current = desiredStateAt(model, after);
  let horizon = after + SEARCH_HORIZON;
  for (const o of model.overrides) horizon = Math.max(horizon, o.until + DAY);
  for (const rule of model.rules) {
    for (const r of rule.dates ?? []) horizon = Math.max(horizon, (r.last + 3) * DAY);
  }
  for (let from = start; from < horizon; from += SEARCH_STEP) {
    const to = Math.min(from + SEARCH_STEP, horizon);
    const windows = windowsBetween(model, from, to);
    if (current === 'stopped') {
      const first = windows[0];
      if (first) return { at: first.open, state: 'hosted' };
      continue;
    }
    // Hosted: the current window ends at its close, unless it runs on past this step.
    const first = windows[0];
    if (!first || first.open > from) return { at: from, state: 'stopped' };
    if (first.close < to) return { at: first.close, state: 'stopped' };
  }
  return null;
}

/** Sorts and merges intervals that overlap or touch. */
export function mergeIntervals(intervals: readonly Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => a.open - b.open);
  const out: Interval[] = [];
  for (const w of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && w.open <= last.close) {
      if (w.close > last.close) out[out.length - 1] = { open: last.open, close: w.close };
    } else out.push(w);
  }
  return out;
}

function subtract(intervals: readonly Interval[], from: number, until: number): Interval[] {
  const out: Interval[] = [];
  for (const w of intervals) {
    if (w.close <= from || w.open >= until) {
      out.push(w);
      continue;
    }
    if (w.open < from) out.push({ open: w.open, close: from });
    if (w.close > until) out.push({ open: until, close: w.close });
  }
  return out;
}

function clip(intervals: readonly Interval[], from: number, to: number): Interval[] {
  const out: Interval[] = [];
  for (const w of intervals) {
    const open = Math.max(w.open, from);
    const close = Math.min(w.close, to);
    if (close > open) out.push({ open, close });
  }
  return out;
}
