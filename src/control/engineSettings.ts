import { MINUTE } from '../schedule/zone.js';

/** How hard the engine tries, and how long it waits; every figure is configurable. */
export interface EngineSettings {
  /** A start must reach HOSTED within this long of each attempt, else it is alerted (default 30 min). */
  readonly verifyDeadlineMs: number;
  /** Start attempts per opening, the first included (default 3). */
  readonly maxStartAttempts: number;
  /** Delays before each verify check after a start; the last repeats (default 5, 3, then 2 min). */
  readonly verifyDelaysMs: readonly number[];
  /** A stop must reach TRAINED within this long, else it is retried or alerted (default 10 min). */
  readonly stopDeadlineMs: number;
  /** Stop attempts per closing (default 3). */
  readonly maxStopAttempts: number;
  /** Delays before each check after a stop; the last repeats (default 90 s, then 1 min). */
  readonly stopVerifyDelaysMs: readonly number[];
  /** Delay before deciding again after a throttled/failed call or a conflict; doubles per try. */
  readonly recheckBaseDelayMs: number;
  /** Tries of a recheck before giving up with an alert (default 6). */
  readonly maxRechecks: number;
  /**
   * How long after an edge its action may still be in flight (delivery within a minute, plus
   * the call): a pass that finds the edge's work undone later than this reports a correction.
   */
  readonly edgeGraceMs: number;
  /** Period of the reconcile pass (from the schedule file; default 15 min). */
  readonly reconcileEveryMs: number;
}

export const DEFAULT_ENGINE_SETTINGS: EngineSettings = Object.freeze({
  verifyDeadlineMs: 30 * MINUTE,
  maxStartAttempts: 3,
  verifyDelaysMs: Object.freeze([5 * MINUTE, 3 * MINUTE, 2 * MINUTE]),
  stopDeadlineMs: 10 * MINUTE,
  maxStopAttempts: 3,
  stopVerifyDelaysMs: Object.freeze([90_000, MINUTE]),
  recheckBaseDelayMs: 30_000,
  maxRechecks: 6,
  edgeGraceMs: 2 * MINUTE,
  reconcileEveryMs: 15 * MINUTE,
});

/** The n-th delay of a list whose last entry repeats. */
export function nthDelay(delays: readonly number[], n: number): number {
  return delays[Math.min(n, delays.length - 1)] ?? MINUTE;
}
