/**
 * Verify timers: after a start, check until HOSTED (retrying HOSTING_FAILED with a new attempt
 * token while attempts remain and the window is open) or alert; after a stop, check until it is
 * no longer hosted (retrying) or alert, because a model that keeps running keeps billing. Pure.
 */
import type { ObservedModel, TimerPayload } from '../ports.js';
import type { ModelSchedule } from '../schedule/types.js';
import { clientToken } from './clientToken.js';
import type { Decision } from './decision.js';
import {
  baseDecision,
  checkAgain,
  makeAlert,
  startDecision,
  startToken,
  stopDecision,
  waitForStopThenStart,
} from './decisionBuilders.js';
import { type EngineSettings, startChainSpan } from './engineSettings.js';
import { nextSlowRetry } from './slowRetry.js';
import { tokenCause, windowContext } from './windowContext.js';

type VerifyStart = Extract<TimerPayload, { op: 'verify-start' }>;
type VerifyStop = Extract<TimerPayload, { op: 'verify-stop' }>;

/**
 * What both checks begin with: the window at `at`, the decision's common fields, and whether the
 * chain being verified is over (the state it served is no longer desired, or a new edge anchors it).
 */
function beginVerify(
  model: ModelSchedule,
  at: number,
  observed: ObservedModel,
  payload: VerifyStart | VerifyStop,
  overWhen: Decision['desired'],
) {
  const ctx = windowContext(model, at);
  const base = {
    ...baseDecision(model, at, ctx.desired, observed),
    anchor: payload.anchor,
    attempt: payload.attempt,
  };
  return { ctx, base, over: ctx.desired === overWhen || ctx.anchor !== payload.anchor };
}

/** The check after a start, `payload` being the timer the start set. */
export function decideVerifyStart(
  model: ModelSchedule,
  at: number,
  observed: ObservedModel,
  payload: VerifyStart,
  settings: EngineSettings,
): Decision {
  const { ctx, base, over } = beginVerify(model, at, observed, payload, 'stopped');
  if (over)
    return { ...base, action: 'none', reason: 'the window has closed: no longer verifying the start' };
  const chain = { anchor: payload.anchor, slot: payload.slot, startedAt: at };
  // The token of the attempt being verified, so an alert names the call it is about.
  const token = startToken(model, chain, payload.attempt);
  const alertExtra = { observed, window: ctx.window, attempt: payload.attempt, clientToken: token };
  const close = ctx.window?.close ?? Number.POSITIVE_INFINITY;
  const retry = (why: string): Decision => {
    if (payload.attempt < settings.maxStartAttempts && close - at >= settings.minStartLeftMs) {
      return startDecision(
        base,
        model,
        chain,
        payload.attempt + 1,
        settings,
        `${why}: start attempt ${payload.attempt + 1}`,
      );
    }
    // A try of the slow cadence (begun after the opening's chain span) is one attempt.
    const slow = payload.slot * 60_000 >= startChainSpan(settings);
    const next = nextSlowRetry(at, payload.anchor, close, settings);
    const tried = slow
      ? `did not start on a try ${payload.slot} min after its window opened`
      : `did not start after ${payload.attempt} attempts`;
    const then =
      next === null
        ? 'no further try in this window'
        : `next try at the first reconcile pass from ${new Date(next).toISOString().slice(11, 16)}Z, then at most every ${Math.round(settings.slowRetryEveryMs / 60_000)} min until the window closes`;
    return {
      ...base,
      action: 'leave',
      reason: `${why}: no attempts left; ${then}`,
      alerts: [
        makeAlert(
          model,
          at,
          'start-failed',
          payload.anchor,
          `${model.id} ${tried}: ${observed.statusMessage ?? observed.status}; ${then}`,
          alertExtra,
        ),
      ],
    };
  };

  switch (observed.status) {
    case 'HOSTED':
      return {
        ...base,
        action: 'none',
        reason: `HOSTED (attempt ${payload.attempt})`,
        metrics: { startLatencyMs: at - payload.startedAt },
      };
    case 'STARTING_HOSTING':
      if (at < payload.deadline) return checkAgain(base, payload, settings.verifyDelaysMs, 'still starting');
      return {
        ...base,
        action: 'leave',
        reason: 'not HOSTED by the verify deadline',
        alerts: [
          makeAlert(
            model,
            at,
            'not-hosted-by-deadline',
            payload.anchor,
            `${model.id} was still STARTING_HOSTING ${Math.round((at - payload.startedAt) / 60_000)} min after StartModel`,
            alertExtra,
          ),
        ],
      };
    case 'HOSTING_FAILED':
      return retry('hosting failed');
    case 'TRAINED':
      return retry('not starting (TRAINED)');
    case 'STOPPING_HOSTING':
      return waitForStopThenStart(base, settings);
    case 'NOT_FOUND':
      return {
        ...base,
        action: 'leave',
        reason: 'the service does not know this model',
        alerts: [
          makeAlert(model, at, 'model-not-found', payload.anchor, `${model.id} does not exist`, alertExtra),
        ],
      };
    default:
      return {
        ...base,
        action: 'leave',
        reason: `${observed.status}: cannot be started now`,
        alerts: [
          makeAlert(
            model,
            at,
            'model-unavailable',
            payload.anchor,
            `${model.id} is ${observed.status}; it is not hosted`,
            alertExtra,
          ),
        ],
      };
  }
}

/** The check after a stop. */
export function decideVerifyStop(
  model: ModelSchedule,
  at: number,
  observed: ObservedModel,
  payload: VerifyStop,
  settings: EngineSettings,
): Decision {
  const { ctx, base, over } = beginVerify(model, at, observed, payload, 'hosted');
  if (over) return { ...base, action: 'none', reason: 'a window has opened: no longer verifying the stop' };
  const token = clientToken({
    kind: 'close',
    ref: base.ref,
    anchor: payload.anchor,
    cause: tokenCause(payload.slot, payload.attempt),
  });
  const alertExtra = { observed, window: ctx.window, attempt: payload.attempt, clientToken: token };
  // Left as it is, with a stop-failed alert: the model may still be billed.
  const stopFailed = (reason: string, message: string): Decision => ({
    ...base,
    action: 'leave',
    reason,
    alerts: [makeAlert(model, at, 'stop-failed', payload.anchor, `${model.id} ${message}`, alertExtra)],
  });
  switch (observed.status) {
    case 'STOPPING_HOSTING':
      if (at < payload.deadline)
        return checkAgain(base, payload, settings.stopVerifyDelaysMs, 'still stopping');
      return stopFailed(
        'still stopping at the deadline',
        `was still STOPPING_HOSTING ${Math.round((at - payload.stoppedAt) / 60_000)} min after StopModel; charges may continue`,
      );
    case 'HOSTED':
    case 'STARTING_HOSTING':
      if (payload.attempt < settings.maxStopAttempts) {
        return stopDecision(
          base,
          { anchor: payload.anchor, slot: payload.slot, startedAt: at },
          payload.attempt + 1,
          settings,
          `still ${observed.status} after StopModel: stop attempt ${payload.attempt + 1}`,
        );
      }
      return stopFailed(
        `still ${observed.status} after ${payload.attempt} stop attempts`,
        `is still ${observed.status} after ${payload.attempt} StopModel attempts: charges continue`,
      );
    default:
      return {
        ...base,
        action: 'none',
        reason: `stopped (${observed.status})`,
        metrics: { stopLatencyMs: at - payload.stoppedAt },
      };
  }
}
