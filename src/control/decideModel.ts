/**
 * The decision table (design.md), for window edges, reconcile passes and rechecks alike: what to do
 * with one model at one instant, given what the service says about it now. Pure.
 *
 * | desired \ observed | TRAINED | STARTING | HOSTED | HOSTING_FAILED           | STOPPING          | other      |
 * | hosted             | start   | wait     | ok     | wait, then alert (bounded)| wait, then start | leave; alert if it lasts |
 * | stopped            | ok      | stop     | stop   | ok                       | wait              | leave      |
 */
import type { Alert, AlertCause, ModelStatus, ObservedModel, TimerPayload } from '../ports.js';
import type { ModelSchedule } from '../schedule/types.js';
import { clientToken } from './clientToken.js';
import type { Decision } from './decision.js';
import { type EngineSettings, nthDelay } from './engineSettings.js';
import { tokenCause, type WindowContext, windowContext } from './windowContext.js';

/** Statuses in which a model can be neither started nor stopped. */
const UNAVAILABLE: readonly ModelStatus[] = ['TRAINING', 'TRAINING_FAILED', 'SYSTEM_UPDATING', 'DELETING'];

/** Fields shared by every decision about `model` at `at`. */
export function baseDecision(
  model: ModelSchedule,
  at: number,
  desired: Decision['desired'],
  observed: ObservedModel,
): Decision {
  return {
    model: model.id,
    ref: { region: model.region, project: model.project, version: model.version },
    at,
    desired,
    observed: observed.status,
    action: 'none',
    clientToken: null,
    reason: '',
    units: null,
    anchor: null,
    attempt: null,
    timers: [],
    alerts: [],
    metrics: {},
  };
}

/** An alert about `model`, keyed so that repeats of one failure event are one alert. */
export function makeAlert(
  model: ModelSchedule,
  at: number,
  cause: AlertCause,
  anchor: number,
  message: string,
  extra: {
    observed?: ObservedModel;
    window?: { open: number; close: number } | null;
    clientToken?: string | null;
    attempt?: number | null;
    keySuffix?: string;
  } = {},
): Alert {
  return {
    key: `${model.id}|${cause}|${anchor}${extra.keySuffix ?? ''}`,
    at,
    cause,
    model: model.id,
    ref: { region: model.region, project: model.project, version: model.version },
    window: extra.window ?? null,
    message,
    status: extra.observed?.status ?? null,
    statusMessage: extra.observed?.statusMessage ?? null,
    clientToken: extra.clientToken ?? null,
    attempt: extra.attempt ?? null,
  };
}

/** A start decision for attempt `attempt` of the opening in `ctx`, with its first verify timer. */
export function startDecision(
  base: Decision,
  model: ModelSchedule,
  ctx: Pick<WindowContext, 'anchor' | 'slot'>,
  attempt: number,
  settings: EngineSettings,
  reason: string,
): Decision {
  const token = clientToken({
    kind: 'open',
    ref: base.ref,
    anchor: ctx.anchor,
    cause: tokenCause(ctx.slot, attempt),
    minInferenceUnits: model.minInferenceUnits,
    maxInferenceUnits: model.maxInferenceUnits,
  });
  return {
    ...base,
    action: 'start',
    clientToken: token,
    reason,
    units: { min: model.minInferenceUnits, max: model.maxInferenceUnits },
    anchor: ctx.anchor,
    attempt,
    timers: [
      {
        at: base.at + nthDelay(settings.verifyDelaysMs, 0),
        payload: {
          op: 'verify-start',
          model: model.id,
          anchor: ctx.anchor,
          slot: ctx.slot,
          attempt,
          startedAt: base.at,
          deadline: base.at + settings.verifyDeadlineMs,
          check: 0,
        },
      },
    ],
  };
}

/** A stop decision for attempt `attempt` of the closing in `ctx`, with its first verify timer. */
export function stopDecision(
  base: Decision,
  ctx: Pick<WindowContext, 'anchor' | 'slot'>,
  attempt: number,
  settings: EngineSettings,
  reason: string,
): Decision {
  const token = clientToken({
    kind: 'close',
    ref: base.ref,
    anchor: ctx.anchor,
    cause: tokenCause(ctx.slot, attempt),
  });
  return {
    ...base,
    action: 'stop',
    clientToken: token,
    reason,
    anchor: ctx.anchor,
    attempt,
    timers: [
      {
        at: base.at + nthDelay(settings.stopVerifyDelaysMs, 0),
        payload: {
          op: 'verify-stop',
          model: base.model,
          anchor: ctx.anchor,
          slot: ctx.slot,
          attempt,
          stoppedAt: base.at,
          deadline: base.at + settings.stopDeadlineMs,
          check: 0,
        },
      },
    ],
  };
}

/** Desired hosted but still stopping: look again shortly, and start once it is TRAINED. */
export function waitForStopThenStart(base: Decision, settings: EngineSettings): Decision {
  return {
    ...base,
    action: 'wait',
    reason: 'stopping: will start once it is TRAINED',
    timers: [
      {
        at: base.at + settings.recheckBaseDelayMs * 2,
        payload: { op: 'recheck', model: base.model, reason: 'start after stopping', try: 0 },
      },
    ],
  };
}

/** Still changing before the deadline: check again after the next delay of the chain. */
export function checkAgain(
  base: Decision,
  payload: Extract<TimerPayload, { check: number }>,
  delays: readonly number[],
  reason: string,
): Decision {
  return {
    ...base,
    action: 'wait',
    reason,
    timers: [
      {
        at: base.at + nthDelay(delays, payload.check + 1),
        payload: { ...payload, check: payload.check + 1 },
      },
    ],
  };
}

/**
 * A start or stop whose call failed is repeated with the same token while the model still needs
 * it; otherwise the model is decided afresh.
 */
export function decideRetry(
  model: ModelSchedule,
  at: number,
  observed: ObservedModel,
  payload: { action: 'start' | 'stop'; anchor: number; slot: number; attempt: number },
  settings: EngineSettings,
): Decision {
  const ctx = windowContext(model, at, settings.reconcileEveryMs);
  const base = baseDecision(model, at, ctx.desired, observed);
  const chain = { anchor: payload.anchor, slot: payload.slot };
  const reason = `repeating ${payload.action} attempt ${payload.attempt} after a failed call`;
  if (payload.action === 'start' && ctx.desired === 'hosted' && ctx.anchor === payload.anchor) {
    if (observed.status === 'TRAINED' || observed.status === 'HOSTING_FAILED') {
      return startDecision(base, model, chain, payload.attempt, settings, reason);
    }
  }
  if (payload.action === 'stop' && ctx.desired === 'stopped' && ctx.anchor === payload.anchor) {
    if (observed.status === 'HOSTED' || observed.status === 'STARTING_HOSTING') {
      return stopDecision(base, chain, payload.attempt, settings, reason);
    }
  }
  return decideModel(model, at, observed, settings);
}

/**
 * What to do with `model` at `at` (a window edge, a reconcile pass or a recheck), given its observed
 * status. A start or stop found undone more than `edgeGraceMs` after its edge is a correction (a lost or late
 * event, or someone started or stopped the model by hand) and carries a `corrected` alert.
 *
 * @example
 * // Inside a window, found TRAINED at the opening: start with the opening's first-attempt token.
 * decideModel(model, Date.parse('2026-12-01T04:45:00Z'), { status: 'TRAINED', statusMessage: null }, settings)
 * // -> { action: 'start', clientToken: 'open-20261201t0445z-a1-…', … }
 */
export function decideModel(
  model: ModelSchedule,
  at: number,
  observed: ObservedModel,
  settings: EngineSettings,
): Decision {
  const ctx = windowContext(model, at, settings.reconcileEveryMs);
  const base = baseDecision(model, at, ctx.desired, observed);
  const status = observed.status;
  const alert = (cause: AlertCause, message: string, keySuffix = '') =>
    makeAlert(model, at, cause, ctx.anchor, message, { observed, window: ctx.window, keySuffix });
  const lasting = at >= ctx.anchor + settings.verifyDeadlineMs;

  if (ctx.desired === 'hosted') {
    switch (status) {
      case 'TRAINED': {
        // The token follows the reconcile slot (so an edge and the pass sharing its period send one
        // token); the alert follows the clock: the edge's start should have been seen by now.
        const late = at - ctx.anchor >= settings.edgeGraceMs;
        const decision = startDecision(
          base,
          model,
          ctx,
          1,
          settings,
          late ? 'inside its window but not hosted: starting (correction)' : 'window open: starting',
        );
        if (!late) return decision;
        const message = `${model.id} was found TRAINED inside its window, ${Math.round((at - ctx.anchor) / 60_000)} min after it opened; started it (a lost open event or a manual stop)`;
        return { ...decision, alerts: [alert('corrected', message)] };
      }
      case 'STARTING_HOSTING': {
        // At the opening itself (a duplicate or retried delivery of its event), set the opening's
        // first verify timer again: the very timer the start set (same payload, so the same timer),
        // unless setting it failed then. A later pass leaves verifying to that chain.
        const chain = startDecision(base, model, ctx, 1, settings, '').timers;
        return {
          ...base,
          action: 'wait',
          reason: 'starting: waiting for HOSTED',
          timers: at === ctx.anchor ? chain : [],
        };
      }
      case 'HOSTED':
        return { ...base, action: 'none', reason: 'hosted, as desired' };
      case 'HOSTING_FAILED':
        // In the opening's first reconcile period, start with the opening's own first token: if the
        // failure is left from an earlier window this is a real new start; if the opening already
        // made that call, the token makes this a no-op repeat. Later, the verify chain owns retries.
        if (ctx.slot === 0) {
          return startDecision(base, model, ctx, 1, settings, 'window open: starting (was HOSTING_FAILED)');
        }
        if (!lasting)
          return { ...base, action: 'wait', reason: 'hosting failed: the verify chain retries it' };
        return {
          ...base,
          action: 'leave',
          reason: 'hosting failed and the start attempts are over',
          alerts: [
            alert('start-failed', `${model.id} is HOSTING_FAILED inside its window; start attempts are over`),
          ],
        };
      case 'STOPPING_HOSTING':
        return waitForStopThenStart(base, settings);
      case 'NOT_FOUND':
        return {
          ...base,
          action: 'leave',
          reason: 'the service does not know this model',
          alerts: [
            alert(
              'model-not-found',
              `${model.id} (${model.project} version ${model.version}) does not exist; it cannot be started`,
            ),
          ],
        };
      default:
        return {
          ...base,
          action: 'leave',
          reason: `${status}: cannot be started now`,
          alerts: lasting
            ? [
                alert(
                  'model-unavailable',
                  `${model.id} has been ${status} inside its window; it is not hosted`,
                ),
              ]
            : [],
        };
    }
  }

  switch (status) {
    case 'STARTING_HOSTING':
    case 'HOSTED': {
      const late = at - ctx.anchor >= settings.edgeGraceMs;
      const decision = stopDecision(
        base,
        ctx,
        1,
        settings,
        late ? 'hosted outside its windows: stopping (correction)' : 'window closed: stopping',
      );
      if (!late) return decision;
      const message = `${model.id} was found ${status} outside its windows; stopped it (a lost close event or a manual start)`;
      return { ...decision, alerts: [alert('corrected', message)] };
    }
    case 'STOPPING_HOSTING':
      return { ...base, action: 'wait', reason: 'stopping' };
    case 'TRAINED':
    case 'HOSTING_FAILED':
    case 'NOT_FOUND':
      return { ...base, action: 'none', reason: 'not hosted, as desired' };
    default:
      if (UNAVAILABLE.includes(status))
        return { ...base, action: 'leave', reason: `${status}: nothing to stop` };
      return { ...base, action: 'leave', reason: `${status}` };
  }
}
