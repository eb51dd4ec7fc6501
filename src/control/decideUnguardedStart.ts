/**
 * Starts without an idempotency token (Rekognition Custom Labels): a repeated start is a second
 * start, so one is sent only when it is safe now, and a conflict it meets may be another
 * delivery's start that won. Pure.
 */
import type { ModelStatus, ObservedModel } from '../ports.js';
import type { ModelSchedule } from '../schedule/types.js';
import { desiredStateAt } from '../schedule/windows.js';
import type { Decision } from './decision.js';

/** The observed statuses a start is decided from (the decision table's): a stopped model. */
const START_FROM: readonly ModelStatus[] = ['TRAINED', 'HOSTING_FAILED'];

/**
 * Why a start decision without a token must not be sent at `now`, or null when it may: the
 * observation it was decided on (made in this invocation) must show the model startable, and its
 * window must still be open at `now` on the invocation's clock (a slow or late invocation may have
 * crossed the close since the step's scheduled instant).
 */
export function unsafeStartReason(
  decision: Decision,
  model: ModelSchedule | undefined,
  now: number,
): string | null {
  const observed = decision.serviceStatus ?? decision.observed;
  if (!START_FROM.includes(decision.observed))
    return `${observed}: not started (no idempotency token: a start is sent only from an observed stopped model)`;
  if (model !== undefined && desiredStateAt(model, now) !== 'hosted')
    return `the window is closed at ${new Date(now).toISOString()}: start not sent (no idempotency token)`;
  return null;
}

/**
 * A start without a token answered a conflict (ResourceInUse) and the model, observed again, is
 * `again`: starting or hosted means another delivery (or someone) started it, which counts as done,
 * with no alert (the start that won owns the verify chain). Null otherwise.
 */
export function startedByAnother(decision: Decision, again: ObservedModel): Decision | null {
  if (again.status !== 'STARTING_HOSTING' && again.status !== 'HOSTED') return null;
  return {
    ...decision,
    action: 'wait',
    observed: again.status,
    serviceStatus: again.serviceStatus ?? null,
    reason: `start conflicted (ResourceInUse); observed again: ${again.serviceStatus ?? again.status}, started by another delivery: done`,
    timers: [],
    alerts: [],
  };
}
