import type { ObservedModel } from '../ports.js';
import type { ModelSchedule } from '../schedule/types.js';
import { decideModel } from './decideModel.js';
import type { Decision } from './decision.js';
import { baseDecision, startDecision, stopDecision } from './decisionBuilders.js';
import type { EngineSettings } from './engineSettings.js';
import { windowContext } from './windowContext.js';

/**
 * A start or stop whose call failed (throttled, 5xx, lost connection) is repeated with the same
 * token while the model still needs it; otherwise the model is decided afresh. Pure.
 */
export function decideRetry(
  model: ModelSchedule,
  at: number,
  observed: ObservedModel,
  payload: { action: 'start' | 'stop'; anchor: number; slot: number; attempt: number },
  settings: EngineSettings,
): Decision {
  const ctx = windowContext(model, at);
  const base = baseDecision(model, at, ctx.desired, observed);
  const chain = { anchor: payload.anchor, slot: payload.slot, startedAt: at };
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
