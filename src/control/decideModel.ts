/**
 * The decision table (design.md), for window edges, reconcile passes and rechecks alike: what to do
 * with one model at one instant, given what the service says about it now. Pure.
 *
 * | desired \ observed | TRAINED | STARTING | HOSTED | HOSTING_FAILED | STOPPING | other |
 * | hosted  | start (not in a window < 30 min, nor with < 10 min left) | wait; alert past the attempts' span (90 min) | ok | the verify chain retries; later a slow try every 30 min | wait, then start | leave; alert if it lasts |
 * | stopped | ok | stop | stop | ok | wait; alert past the stop deadline | leave |
 */
import type { AlertCause, ModelStatus, ObservedModel } from '../ports.js';
import type { ModelSchedule } from '../schedule/types.js';
import type { Decision } from './decision.js';
import {
  baseDecision,
  makeAlert,
  startDecision,
  startToken,
  stopDecision,
  waitForStopThenStart,
} from './decisionBuilders.js';
import { type EngineSettings, startChainSpan } from './engineSettings.js';
import { isSlowRetry, nextSlowRetry } from './slowRetry.js';
import { chainOrigin, windowContext } from './windowContext.js';

/** Statuses in which a model can be neither started nor stopped. */
const UNAVAILABLE: readonly ModelStatus[] = ['TRAINING', 'TRAINING_FAILED', 'SYSTEM_UPDATING', 'DELETING'];

/** What a decision continues, when it is not simply the step at `at`. */
export interface DecideOptions {
  /**
   * The scheduled instant of the edge or reconcile pass this decision belongs to (a recheck after
   * a failed observation, work handed off before a deadline, a pass continued in a follow-up
   * invocation). Tokens, corrections and first-pass alerts follow it. Default: `at`.
   */
  readonly origin?: number | undefined;
  /** Rechecks of this step so far (a model still stopping inside its window). */
  readonly tries?: number | undefined;
  /**
   * The decision is a reconcile pass's. Within an edge's grace the edge is in flight (1,000 models
   * opening at once take minutes at the quota's pace): the pass leaves a start or stop to it instead
   * of sending the same call again; a lost edge is corrected by the next pass.
   */
  readonly pass?: boolean | undefined;
}

const minutes = (ms: number) => Math.round(ms / 60_000);

/**
 * A hosted model is left as it is, even when it runs with other units than the file's: a restart
 * would cost minutes of downtime inside its window. The difference is said (and so logged); the
 * file's units apply at its next start.
 */
function hostedReason(model: ModelSchedule, observed: ObservedModel): string {
  const min = observed.minInferenceUnits ?? null;
  if (min === null) return 'hosted, as desired';
  const max = observed.maxInferenceUnits ?? null;
  const wantMax = model.maxInferenceUnits;
  // A service that reports no max runs with max = min; the file's null max means the same.
  if (min === model.minInferenceUnits && (max ?? min) === (wantMax ?? model.minInferenceUnits))
    return 'hosted, as desired';
  const file = `${model.minInferenceUnits}-${wantMax ?? model.minInferenceUnits}`;
  return `hosted with ${min}-${max ?? min} units, the file says ${file}: not restarted inside its window; the file's units apply at its next start`;
}

/** A pass within an edge's grace: the edge's own call is in flight (or was lost: the next pass corrects). */
const leftToEdge = (base: Decision, action: 'start' | 'stop'): Decision => ({
  ...base,
  action: 'wait',
  reason: `within the edge's grace: the edge's ${action} is left to it`,
});
const hhmm = (t: number) => `${new Date(t).toISOString().slice(11, 16)}Z`;

/**
 * What to do with `model` at `at` (a window edge, a reconcile pass or a recheck), given its observed
 * status. A start or stop found undone more than `edgeGraceMs` after its edge is a correction (a lost
 * or late event, or someone started or stopped the model by hand): it carries a `corrected` alert
 * and a token of its own, tied to the minute of the step that makes it.
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
  options: DecideOptions = {},
): Decision {
  const ctx = windowContext(model, at);
  // The origin counts only while it is in the same state as `at` (same anchor).
  const origin =
    options.origin !== undefined && windowContext(model, options.origin).anchor === ctx.anchor
      ? options.origin
      : at;
  const since = origin - ctx.anchor;
  const chain = chainOrigin(ctx, origin, settings);
  const edge = chain.slot === 0;
  const period = settings.reconcileEveryMs;
  const base = baseDecision(model, at, ctx.desired, observed);
  const status = observed.status;
  /** The service's own word where the engine's is a translation (Rekognition's EXPIRED reads as TRAINING_FAILED). */
  const word = observed.serviceStatus ?? status;
  const alert = (cause: AlertCause, message: string) =>
    makeAlert(model, at, cause, ctx.anchor, message, { observed, window: ctx.window });
  const lasting = at >= ctx.anchor + settings.verifyDeadlineMs;
  /** The first pass at or after `deadline` (after the edge): stuck states are alerted there, once. */
  const firstPassAfter = (deadline: number) => since >= deadline && since < deadline + period;

  if (ctx.desired === 'hosted') {
    const left = (ctx.window?.close ?? Number.POSITIVE_INFINITY) - at;
    const length = ctx.window === null ? Number.POSITIVE_INFINITY : ctx.window.close - ctx.window.open;
    const tooLate = length < settings.minWindowMs || left < settings.minStartLeftMs;
    const tooLateDecision = (): Decision => ({
      ...base,
      action: 'none',
      reason:
        length < settings.minWindowMs
          ? `${status}, but the window is only ${minutes(length)} min long: not started (a start takes 10-20 min)`
          : `${status}, but the window closes in ${minutes(left)} min: too late to start (a start takes 10-20 min)`,
    });
    switch (status) {
      case 'TRAINED': {
        if (tooLate) return tooLateDecision();
        if (edge && options.pass === true) return leftToEdge(base, 'start');
        const decision = startDecision(
          base,
          model,
          chain,
          1,
          settings,
          edge ? 'window open: starting' : 'inside its window but not hosted: starting (correction)',
        );
        if (edge) return decision;
        const message = `${model.id} was found TRAINED inside its window, ${minutes(since)} min after it opened; started it (a lost open event or a manual stop)`;
        return { ...decision, alerts: [alert('corrected', message)] };
      }
      case 'STARTING_HOSTING': {
        // Within the edge grace (a duplicate or retried delivery of the edge, or a pass racing it),
        // set the edge's first verify timer again: the very timer the start set (same instant and
        // payload, so the same timer), unless setting it failed then. Later steps leave verifying
        // to the chain, and the first pass after its attempts' span alerts if it is still starting.
        // The attempts' span, not one attempt's deadline: a later attempt may be starting then.
        const timers = edge ? startDecision(base, model, chain, 1, settings, '').timers : [];
        if (firstPassAfter(startChainSpan(settings))) {
          return {
            ...base,
            action: 'wait',
            reason: "still starting after the opening's start attempts could have ended",
            alerts: [
              alert(
                'not-hosted-by-deadline',
                `${model.id} was still STARTING_HOSTING ${minutes(since)} min after its window opened`,
              ),
            ],
          };
        }
        return { ...base, action: 'wait', reason: 'starting: waiting for HOSTED', timers };
      }
      case 'HOSTED':
        return { ...base, action: 'none', reason: hostedReason(model, observed) };
      case 'HOSTING_FAILED':
        return hostingFailed();
      case 'STOPPING_HOSTING':
        // The edge follows the stop through with rechecks (carrying the edge as their origin, so
        // the start after it is the edge's own) until the opening's deadline; passes only look.
        if (edge && at - ctx.anchor < settings.verifyDeadlineMs)
          return waitForStopThenStart(base, settings, options.tries ?? 0, origin);
        return {
          ...base,
          action: 'wait',
          reason: 'still stopping inside its window: a later pass starts it once it is TRAINED',
          alerts: firstPassAfter(settings.verifyDeadlineMs)
            ? [
                alert(
                  'not-hosted-by-deadline',
                  `${model.id} was still STOPPING_HOSTING ${minutes(since)} min after its window opened; it is not hosted`,
                ),
              ]
            : [],
        };
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
          reason: `${word}: cannot be started now`,
          alerts: lasting
            ? [alert('model-unavailable', `${model.id} has been ${word} inside its window; it is not hosted`)]
            : [],
        };
    }

    function hostingFailed(): Decision {
      if (tooLate) return tooLateDecision();
      // At the edge: a failure left from an earlier window; this window gets its own first attempt.
      if (edge)
        return startDecision(base, model, chain, 1, settings, 'window open: starting (was HOSTING_FAILED)');
      const close = ctx.window?.close ?? Number.POSITIVE_INFINITY;
      if (since < period) {
        // The opening's first period: the edge's own start again (its token, so a repeat of a start
        // the edge made is nothing, and the start a lost edge did not make happens), with no timer:
        // the edge's verify chain, if there is one, owns the attempts; no second chain for them.
        return {
          ...base,
          action: 'start',
          clientToken: startToken(model, { anchor: ctx.anchor, slot: 0 }, 1),
          reason:
            "hosting failed in the opening's first period: the opening's own start (a1), left to its verify chain",
          units: { min: model.minInferenceUnits, max: model.maxInferenceUnits },
          anchor: ctx.anchor,
          attempt: 1,
        };
      }
      if (since < startChainSpan(settings)) {
        return { ...base, action: 'wait', reason: "hosting failed: the opening's verify chain retries it" };
      }
      if (isSlowRetry(origin, ctx.anchor, settings)) {
        // One more try, verified (its failure is the window's one start-failed alert, same key).
        return startDecision(
          base,
          model,
          chain,
          settings.maxStartAttempts,
          settings,
          `hosting failed ${minutes(since)} min after the opening: one more try (at most every ${minutes(settings.slowRetryEveryMs)} min)`,
        );
      }
      const next = nextSlowRetry(at, ctx.anchor, close, settings);
      return {
        ...base,
        action: 'wait',
        reason:
          next === null
            ? 'hosting failed: no further try in this window'
            : `hosting failed: next try at the first reconcile pass from ${hhmm(next)}`,
      };
    }
  }

  switch (status) {
    case 'STARTING_HOSTING':
    case 'HOSTED': {
      if (edge && options.pass === true) return leftToEdge(base, 'stop');
      const decision = stopDecision(
        base,
        chain,
        1,
        settings,
        edge ? 'window closed: stopping' : 'hosted outside its windows: stopping (correction)',
      );
      if (edge) return decision;
      const message = `${model.id} was found ${status} outside its windows, ${minutes(since)} min after the close; stopped it (a lost close event or a manual start)`;
      return { ...decision, alerts: [alert('corrected', message)] };
    }
    case 'STOPPING_HOSTING':
      return {
        ...base,
        action: 'wait',
        reason: 'stopping',
        alerts: firstPassAfter(settings.stopDeadlineMs)
          ? [
              alert(
                'stop-failed',
                `${model.id} was still STOPPING_HOSTING ${minutes(since)} min after its window closed; charges may continue`,
              ),
            ]
          : [],
      };
    case 'TRAINED':
    case 'HOSTING_FAILED':
    case 'NOT_FOUND':
      return { ...base, action: 'none', reason: 'not hosted, as desired' };
    default:
      if (UNAVAILABLE.includes(status))
        return { ...base, action: 'leave', reason: `${word}: nothing to stop` };
      return { ...base, action: 'leave', reason: `${word}` };
  }
}
