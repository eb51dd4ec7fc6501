import type { Interval, ModelSchedule } from '../schedule/types.js';
import { type DesiredState, windowsBetween } from '../schedule/windows.js';
import { DAY, MINUTE } from '../schedule/zone.js';
import type { EngineSettings } from './engineSettings.js';

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
}

/** The window context of `model` at `at`. */
export function windowContext(model: ModelSchedule, at: number): WindowContext {
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
  return { desired: current !== null ? 'hosted' : 'stopped', window, anchor };
}

/** Where a start or stop chain begins: part of its tokens, and the instant its checks count from. */
export interface ChainOrigin {
  readonly anchor: number;
  /** 0 for the edge's own chain; else the minutes from the anchor to the step that began it. */
  readonly slot: number;
  /** The instant the chain's first check and deadline count from. */
  readonly startedAt: number;
}

/**
 * The chain a start or stop decided at `origin` (an edge's or a pass's scheduled instant) belongs
 * to. Within the edge grace it is the edge's own chain (token `a1`, first check counted from the
 * anchor), so duplicate and concurrent deliveries of the edge, and a pass racing it, make one
 * call and set one timer. Later, it is a chain of the step's own, tied to its minute: a pass at
 * 10:15 after a 10:01 opening sends `r14a1`, whatever the edge sent, and its duplicates collapse.
 *
 * @example
 * chainOrigin(ctx, ctx.anchor + 14 * MINUTE, settings) // { anchor, slot: 14, startedAt: anchor + 14 min }
 */
export function chainOrigin(
  ctx: Pick<WindowContext, 'anchor'>,
  origin: number,
  settings: Pick<EngineSettings, 'edgeGraceMs'>,
): ChainOrigin {
  const since = origin - ctx.anchor;
  if (since < settings.edgeGraceMs) return { anchor: ctx.anchor, slot: 0, startedAt: ctx.anchor };
  const slot = Math.max(1, Math.floor(since / MINUTE));
  return { anchor: ctx.anchor, slot, startedAt: ctx.anchor + slot * MINUTE };
}

/** The token cause of attempt `attempt` of a chain begun at `slot`: `a1`, `a2`, `r14a1`. */
export function tokenCause(slot: number, attempt: number): string {
  return `${slot === 0 ? '' : `r${slot}`}a${attempt}`;
}
