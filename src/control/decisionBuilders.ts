/**
 * The building blocks of decisions: the fields every decision shares, alerts with stable keys,
 * starts and stops with their first verify timer, and the next check of a chain. Pure.
 */
import type { Alert, AlertCause, ModelRef, ObservedModel, TimerPayload } from '../ports.js';
import type { ModelSchedule } from '../schedule/types.js';
import { clientToken } from './clientToken.js';
import type { Decision } from './decision.js';
import { type EngineSettings, nthDelay, staggerOffset } from './engineSettings.js';
import { type ChainOrigin, tokenCause } from './windowContext.js';

/** Where `model` is hosted: the adapter of its service serves every call about it. */
export function refOf(model: ModelSchedule): ModelRef {
  return { region: model.region, project: model.project, version: model.version, service: model.service };
}

/** Fields shared by every decision about `model` at `at`. */
export function baseDecision(
  model: ModelSchedule,
  at: number,
  desired: Decision['desired'],
  observed: Pick<ObservedModel, 'status' | 'serviceStatus'>,
): Decision {
  return {
    model: model.id,
    ref: refOf(model),
    at,
    desired,
    observed: observed.status,
    serviceStatus: observed.serviceStatus ?? null,
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

/**
 * An alert about `model`. Its key is `model|cause|anchor`: the same for one failure event (this
 * cause, for the window edge `anchor`) whichever invocation sees it (the edge, a step of a verify
 * chain, any reconcile pass, any container), so an alert ledger lets one message through.
 */
export function makeAlert(
  model: ModelSchedule,
  at: number,
  cause: AlertCause,
  anchor: number,
  message: string,
  extra: {
    observed?: Pick<ObservedModel, 'status' | 'statusMessage'>;
    window?: { open: number; close: number } | null;
    clientToken?: string | null;
    attempt?: number | null;
  } = {},
): Alert {
  return {
    key: `${model.id}|${cause}|${anchor}`,
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

/** The start token of attempt `attempt` of `chain`. */
export function startToken(
  model: ModelSchedule,
  chain: Pick<ChainOrigin, 'anchor' | 'slot'>,
  attempt: number,
) {
  return clientToken({
    kind: 'open',
    ref: { region: model.region, project: model.project, version: model.version },
    anchor: chain.anchor,
    cause: tokenCause(chain.slot, attempt),
    minInferenceUnits: model.minInferenceUnits,
    maxInferenceUnits: model.maxInferenceUnits,
  });
}

/** A start decision for attempt `attempt` of `chain`, with its first verify timer (staggered). */
export function startDecision(
  base: Decision,
  model: ModelSchedule,
  chain: ChainOrigin,
  attempt: number,
  settings: EngineSettings,
  reason: string,
): Decision {
  return {
    ...base,
    action: 'start',
    clientToken: startToken(model, chain, attempt),
    reason,
    units: { min: model.minInferenceUnits, max: model.maxInferenceUnits },
    anchor: chain.anchor,
    attempt,
    timers: [
      {
        at: chain.startedAt + nthDelay(settings.verifyDelaysMs, 0) + staggerOffset(model.id, settings),
        payload: {
          op: 'verify-start',
          model: model.id,
          anchor: chain.anchor,
          slot: chain.slot,
          attempt,
          startedAt: chain.startedAt,
          deadline: chain.startedAt + settings.verifyDeadlineMs,
          check: 0,
        },
      },
    ],
  };
}

/** A stop decision for attempt `attempt` of `chain`, with its first verify timer (staggered). */
export function stopDecision(
  base: Decision,
  chain: ChainOrigin,
  attempt: number,
  settings: EngineSettings,
  reason: string,
): Decision {
  const token = clientToken({
    kind: 'close',
    ref: base.ref,
    anchor: chain.anchor,
    cause: tokenCause(chain.slot, attempt),
  });
  return {
    ...base,
    action: 'stop',
    clientToken: token,
    reason,
    anchor: chain.anchor,
    attempt,
    timers: [
      {
        at: chain.startedAt + nthDelay(settings.stopVerifyDelaysMs, 0) + staggerOffset(base.model, settings),
        payload: {
          op: 'verify-stop',
          model: base.model,
          anchor: chain.anchor,
          slot: chain.slot,
          attempt,
          stoppedAt: chain.startedAt,
          deadline: chain.startedAt + settings.stopDeadlineMs,
          check: 0,
        },
      },
    ],
  };
}

/**
 * Desired hosted but still stopping: look again after a back-off that grows with each try
 * (staggered), and start once it is TRAINED. `origin` is the step the start would belong to.
 */
export function waitForStopThenStart(
  base: Decision,
  settings: EngineSettings,
  tries = 0,
  origin?: number,
): Decision {
  const delay = Math.min(settings.recheckBaseDelayMs * 2 ** (tries + 1), settings.recheckMaxDelayMs);
  return {
    ...base,
    action: 'wait',
    reason: 'stopping: will start once it is TRAINED',
    timers: [
      {
        at: base.at + delay + staggerOffset(base.model, settings),
        payload: {
          op: 'recheck',
          model: base.model,
          reason: 'start after stopping',
          try: tries + 1,
          ...(origin === undefined ? {} : { origin }),
        },
      },
    ],
  };
}

/** Still changing before the deadline: the chain's next check, after the next delay. */
export function checkAgain(
  base: Decision,
  payload: Extract<TimerPayload, { check: number }>,
  delays: readonly number[],
  reason: string,
): Decision {
  const { try: _tries, ...rest } = payload;
  return {
    ...base,
    action: 'wait',
    reason,
    timers: [
      { at: base.at + nthDelay(delays, payload.check + 1), payload: { ...rest, check: payload.check + 1 } },
    ],
  };
}
