import type { Interval, ModelSchedule } from '../schedule/types.js';
import { type DesiredState, windowsBetween } from '../schedule/windows.js';
import { DAY } from '../schedule/zone.js';

/** How far back an opening or closing is looked for. */
const LOOKBACK = 8 * DAY;

/** Where `at` stands in a model's schedule: the edge the current state began with. */
export interface WindowContext {
  readonly desired: DesiredState;
  /** The merged window containing `at` (hosted), or the last one before it (stopped), if any. */
  readonly window: Interval | null;
  /**
   * The opening (hosted) or closing (stopped) that began the current state: the instant tokens
   * and alerts are anchored to. Without one in the last 8 days, UTC midnight of `at`'s day.
   */
  readonly anchor: number;
  /** Reconcile periods since the anchor: 0 for the edge itself and the pass that shares its period. */
  readonly slot: number;
}

/** The window context of `model` at `at`; reconcile slots are `reconcileEveryMs` long. */
export function windowContext(model: ModelSchedule, at: number, reconcileEveryMs: number): WindowContext {
  const around = windowsBetween(model, at - LOOKBACK, at + LOOKBACK);
  const current = around.find((w) => w.open <= at && at < w.close) ?? null;
  let anchor: number;
  let window: Interval | null;
  if (current !== null) {
    window = current;
    anchor = current.open > at - LOOKBACK ? current.open : Math.floor(at / DAY) * DAY;
  } else {
    const before = around.filter((w) => w.close <= at);
    window = before[before.length - 1] ?? null;
    anchor = window !== null && window.close > at - LOOKBACK ? window.close : Math.floor(at / DAY) * DAY;
  }
  return {
    desired: current !== null ? 'hosted' : 'stopped',
    window,
    anchor,
    slot: Math.max(0, Math.floor((at - anchor) / reconcileEveryMs)),
  };
}

/** The token cause of attempt `attempt` of a chain begun in reconcile slot `slot`: `a1`, `a2`, `r5a1`. */
export function tokenCause(slot: number, attempt: number): string {
  return `${slot === 0 ? '' : `r${slot}`}a${attempt}`;
}
