import { SHORT_WINDOW_MINUTES } from '../schedule/windows.js';
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
  /** Delay before repeating a step after a throttled/failed call or a conflict; doubles per try. */
  readonly recheckBaseDelayMs: number;
  /** The longest of those delays (default 5 min). */
  readonly recheckMaxDelayMs: number;
  /** Tries of a failed step before giving up with an alert (default 6). */
  readonly maxRechecks: number;
  /**
   * How long after an edge its action may still be in flight (delivery within a minute, plus
   * the call): a pass that finds the edge's work undone later than this reports a correction,
   * and makes the call with a token of its own.
   */
  readonly edgeGraceMs: number;
  /** Period of the reconcile pass (from the schedule file; default 15 min). */
  readonly reconcileEveryMs: number;
  /**
   * Verify timers and rechecks of a model are moved later by a per-model offset in [0, this),
   * whole seconds, so a burst of models does not wake up in the same second (default 30 s; the
   * engine widens it to `staggerPerModelMs` per model of the schedule, see {@link fleetStagger}).
   */
  readonly staggerMs: number;
  /**
   * Spread of the offsets per model of the schedule (default 250 ms: 1,000 models' checks spread
   * over 250 s, the time 4 calls/s need for them).
   */
  readonly staggerPerModelMs: number;
  /**
   * A window shorter than this is not started: it could not be HOSTED before it closes (the
   * short-window warning of `lvsched validate`: 30 minutes).
   */
  readonly minWindowMs: number;
  /** Nor is any window with less than this left: the quickest start (default 10 min). */
  readonly minStartLeftMs: number;
  /**
   * After a window's start attempts are spent (or a model is found failed long after its
   * opening), one more try at most this often, at a reconcile pass (default 30 min).
   */
  readonly slowRetryEveryMs: number;
}

export const DEFAULT_ENGINE_SETTINGS: EngineSettings = Object.freeze({
  verifyDeadlineMs: 30 * MINUTE,
  maxStartAttempts: 3,
  verifyDelaysMs: Object.freeze([5 * MINUTE, 3 * MINUTE, 2 * MINUTE]),
  stopDeadlineMs: 10 * MINUTE,
  maxStopAttempts: 3,
  stopVerifyDelaysMs: Object.freeze([90_000, MINUTE]),
  recheckBaseDelayMs: 30_000,
  recheckMaxDelayMs: 5 * MINUTE,
  maxRechecks: 6,
  edgeGraceMs: 2 * MINUTE,
  reconcileEveryMs: 15 * MINUTE,
  staggerMs: 30_000,
  staggerPerModelMs: 250,
  minWindowMs: SHORT_WINDOW_MINUTES * MINUTE,
  minStartLeftMs: 10 * MINUTE,
  slowRetryEveryMs: 30 * MINUTE,
});

/** The n-th delay of a list whose last entry repeats. */
export function nthDelay(delays: readonly number[], n: number): number {
  return delays[Math.min(n, delays.length - 1)] ?? MINUTE;
}

/** The back-off before try `tries + 1` of a failed step: doubling from the base, capped. */
export function backoff(settings: EngineSettings, tries: number): number {
  return Math.min(settings.recheckBaseDelayMs * 2 ** Math.min(tries, 30), settings.recheckMaxDelayMs);
}

/**
 * How long the start attempts of one opening may take: each attempt is verified within
 * `verifyDeadlineMs`. A reconcile pass leaves a failed model to the opening's verify chain until then.
 */
export function startChainSpan(settings: EngineSettings): number {
  return settings.maxStartAttempts * settings.verifyDeadlineMs;
}

/**
 * The settings for a schedule of `models` models: the stagger is at least `staggerPerModelMs` per
 * model, so a burst of a whole fleet's checks arrives at about the pace the service allows.
 *
 * @example
 * fleetStagger(DEFAULT_ENGINE_SETTINGS, 1000).staggerMs // 250_000
 */
export function fleetStagger(settings: EngineSettings, models: number): EngineSettings {
  const spread = Math.ceil((models * settings.staggerPerModelMs) / 1000) * 1000;
  return spread > settings.staggerMs ? { ...settings, staggerMs: spread } : settings;
}

/**
 * The per-model offset (whole seconds in [0, staggerMs)) added to the model's verify timers and
 * rechecks: an FNV-1a hash of the model id, so the same model always gets the same offset.
 *
 * @example
 * staggerOffset('line-a:1', { ...DEFAULT_ENGINE_SETTINGS, staggerMs: 0 }) // 0
 */
export function staggerOffset(modelId: string, settings: Pick<EngineSettings, 'staggerMs'>): number {
  const seconds = Math.floor(settings.staggerMs / 1000);
  if (seconds <= 0) return 0;
  let h = 0x811c9dc5;
  for (let i = 0; i < modelId.length; i++) {
    h ^= modelId.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return (h % seconds) * 1000;
}
