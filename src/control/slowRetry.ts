/**
 * The slow cadence of starts after a window's attempts are spent: once the opening's verify chain
 * can no longer be running (`startChainSpan` after the opening), a model found failed is tried
 * again at most every `slowRetryEveryMs` (rounded up to whole reconcile periods), by the first
 * reconcile pass after each step of that cadence, until too little of the window is left. Pure.
 */
import { type EngineSettings, startChainSpan } from './engineSettings.js';

/** The cadence's period: `slowRetryEveryMs` rounded up to whole reconcile periods. */
function slowEvery(settings: EngineSettings): number {
  const period = settings.reconcileEveryMs;
  return Math.max(period, Math.ceil(settings.slowRetryEveryMs / period) * period);
}

/**
 * Whether a pass at `origin` makes a slow-cadence try for the opening at `anchor`: it is the
 * first pass after a step `anchor + span + k * every` (passes come every `reconcileEveryMs`).
 *
 * @example
 * // Opening 08:00, span 90 min, every 30 min: the passes at 09:30, 10:00, 10:30... try; 09:45 does not.
 */
export function isSlowRetry(origin: number, anchor: number, settings: EngineSettings): boolean {
  const from = anchor + startChainSpan(settings);
  if (origin < from) return false;
  const every = slowEvery(settings);
  const step = from + Math.floor((origin - from) / every) * every;
  return origin - settings.reconcileEveryMs < step;
}

/**
 * The next step of the slow cadence after `at` for the opening at `anchor`, or null when the
 * window (closing at `close`) has too little left by then: the first pass at or after it tries.
 */
export function nextSlowRetry(
  at: number,
  anchor: number,
  close: number,
  settings: EngineSettings,
): number | null {
  const from = anchor + startChainSpan(settings);
  const every = slowEvery(settings);
  const next = at < from ? from : from + (Math.floor((at - from) / every) + 1) * every;
  return close - next >= settings.minStartLeftMs ? next : null;
}
