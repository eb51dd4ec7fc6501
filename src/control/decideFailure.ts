/**
 * Failures as decisions: after a failed observation (DescribeModel, ListModels) or call
 * (StartModel, StopModel), what to do next. Throttling, 5xx and network errors repeat the SAME
 * step after a back-off (staggered per model), keeping its context: a verify check stays that
 * check (attempt, deadline, check), a failed call is repeated with its token, an edge or a pass
 * is decided again as itself. A conflict (the model is changing) decides again. Every other
 * failure (access denied, quota, validation, expired or unrecognised credentials...) is alerted
 * at once, with a cause that fits the desired state. Pure.
 */
import type { AlertCause, HostErrorKind, TimerPayload } from '../ports.js';
import type { ModelSchedule } from '../schedule/types.js';
import type { Decision } from './decision.js';
import { baseDecision, makeAlert } from './decisionBuilders.js';
import { backoff, type EngineSettings, staggerOffset } from './engineSettings.js';
import { windowContext } from './windowContext.js';

/** A failed call to the service, as the decision needs it (a HostError's fields). */
export interface HostFailure {
  readonly kind: HostErrorKind;
  readonly code: string;
  readonly message: string;
  readonly retryable: boolean;
}

/** The step that failed, with what it needs to be repeated. */
export type FailedStep =
  /** Observing the model failed; `payload` is the timer being handled (none for an edge or a pass). */
  | {
      readonly step: 'observe';
      readonly payload?: TimerPayload | undefined;
      readonly origin: number;
      readonly tries: number;
    }
  /** Carrying `decision` out failed (its StartModel or StopModel). */
  | { readonly step: 'call'; readonly decision: Decision; readonly origin: number; readonly tries: number };

/**
 * What to do after `failure` of `failed` at `at`.
 *
 * @example
 * // A verify check at +5 min is throttled: the same check again 30 s (plus the model's offset) later.
 * decideFailure(model, at, { kind: 'throttled', code: 'ThrottlingException', message, retryable: true },
 *   { step: 'observe', payload: verifyStart, origin: at, tries: 0 }, settings)
 * // -> { action: 'wait', timers: [{ at: at + 30_000 + offset, payload: { ...verifyStart, try: 1 } }] }
 */
export function decideFailure(
  model: ModelSchedule,
  at: number,
  failure: HostFailure,
  failed: FailedStep,
  settings: EngineSettings,
): Decision {
  const ctx = windowContext(model, at);
  const base: Decision =
    failed.step === 'call'
      ? { ...failed.decision, at, timers: [], alerts: [], metrics: {} }
      : {
          ...baseDecision(model, at, ctx.desired, { status: 'UNKNOWN' }),
          action: 'wait',
          ...chainOf(failed.payload),
        };
  const what = failed.step === 'call' ? `${failed.decision.action} call` : 'observation';
  const alertExtra = {
    window: ctx.window,
    clientToken: base.clientToken,
    attempt: base.attempt,
    observed: { status: base.observed, statusMessage: failure.message },
  };
  // The decision that gives up on the step: `fields` over the base, and one alert.
  const alerted = (fields: Partial<Decision>, cause: AlertCause, message: string): Decision => ({
    ...base,
    ...fields,
    alerts: [makeAlert(model, at, cause, ctx.anchor, `${model.id}: ${message}`, alertExtra)],
  });
  if (failure.retryable || failure.kind === 'conflict') {
    if (failed.tries < settings.maxRechecks) {
      const next = failed.tries + 1;
      const when = at + backoff(settings, failed.tries) + staggerOffset(model.id, settings);
      return {
        ...base,
        reason: `${what} failed (${failure.code}): the same step again in ${Math.round((when - at) / 1000)} s (try ${next} of ${settings.maxRechecks})`,
        timers: [{ at: when, payload: repeat(model, failure, failed, next) }],
      };
    }
    return alerted(
      { reason: `${what} failed (${failure.code}) ${failed.tries + 1} times: gave up` },
      'gave-up',
      `gave up after ${failed.tries + 1} failed tries (${what}, desired ${ctx.desired}): ${failure.message}`,
    );
  }
  return alerted(
    {
      action: failed.step === 'call' ? base.action : 'leave',
      reason: `${what} rejected (${failure.code}): alerted, not retried`,
    },
    ctx.desired === 'hosted' ? 'start-rejected' : 'stop-rejected',
    `the service rejected the ${what} (${failure.code}) while it should be ${ctx.desired}: ${failure.message}`,
  );
}

/** The chain fields a failed check keeps (anchor, attempt) for its log line. */
function chainOf(payload: TimerPayload | undefined): Partial<Decision> {
  if (payload === undefined || !('anchor' in payload)) return {};
  return { anchor: payload.anchor, attempt: payload.attempt };
}

/** The timer that repeats the failed step. */
function repeat(model: ModelSchedule, failure: HostFailure, failed: FailedStep, tries: number): TimerPayload {
  const recheck: TimerPayload = {
    op: 'recheck',
    model: model.id,
    reason: failure.code.slice(0, 256),
    try: tries,
    origin: failed.origin,
  };
  if (failed.step === 'observe') {
    const p = failed.payload;
    if (p === undefined || p.op === 'reconcile') return recheck;
    return { ...p, try: tries };
  }
  const d = failed.decision;
  // A call that may not have happened is repeated with its token (it happens at most once); a
  // conflict means the model is changing: decide again.
  if (
    failure.retryable &&
    (d.action === 'start' || d.action === 'stop') &&
    d.anchor !== null &&
    d.attempt !== null
  ) {
    return {
      op: 'retry',
      model: model.id,
      action: d.action,
      anchor: d.anchor,
      slot: slotOf(d),
      attempt: d.attempt,
      try: tries,
    };
  }
  return recheck;
}

/** The chain slot a start/stop decision belongs to (carried by its verify timer, else the edge's). */
function slotOf(d: Decision): number {
  const timer = d.timers.find((t) => t.payload.op === 'verify-start' || t.payload.op === 'verify-stop');
  return timer && 'slot' in timer.payload ? timer.payload.slot : 0;
}

/**
 * A step whose service call could not begin before its invocation's deadline: the same step as a
 * timer (`payload`, or for an edge or a pass a recheck that decides as that `origin` would), so
 * the work continues in another invocation instead of being cut off.
 */
export function handOff(
  model: ModelSchedule,
  at: number,
  step: { readonly payload?: TimerPayload | undefined; readonly origin: number },
  settings: EngineSettings,
): Decision {
  const ctx = windowContext(model, at);
  const p = step.payload;
  const payload: TimerPayload =
    p === undefined || p.op === 'reconcile'
      ? { op: 'recheck', model: model.id, reason: 'handed off', try: 0, origin: step.origin }
      : p;
  return {
    ...baseDecision(model, at, ctx.desired, { status: 'UNKNOWN' }),
    action: 'wait',
    reason: 'handed off: its call could not begin before the invocation deadline',
    timers: [{ at: at + settings.recheckBaseDelayMs + staggerOffset(model.id, settings), payload }],
  };
}

/**
 * The rest of a reconcile pass, from project `from` of `total`, handed to a follow-up invocation
 * (its deadline came first). The decision is about the first model not observed.
 */
export function continuePass(
  model: ModelSchedule,
  at: number,
  pass: number,
  from: number,
  total: number,
  settings: EngineSettings,
): Decision {
  const ctx = windowContext(model, at);
  return {
    ...baseDecision(model, at, ctx.desired, { status: 'UNKNOWN' }),
    action: 'wait',
    reason: `the pass continues from project ${from + 1} of ${total} in a follow-up invocation (deadline)`,
    timers: [{ at: at + settings.recheckBaseDelayMs, payload: { op: 'reconcile', pass, from } }],
  };
}
