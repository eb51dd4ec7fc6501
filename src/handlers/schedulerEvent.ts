/**
 * The events EventBridge Scheduler delivers: the target Input of an edge, reconcile or verify
 * schedule with its `<aws.scheduler.*>` context attributes substituted.
 */
import { SchedulerError } from '../errors.js';
import type { TimerPayload } from '../ports.js';

export class EventError extends SchedulerError {
  override name = 'EventError';
}

export type EventKind = 'open' | 'close' | 'reconcile' | 'verify';

export interface SchedulerEvent {
  readonly kind: EventKind;
  /** The instant the schedule fired for (epoch ms): the handler's only clock. */
  readonly scheduledTime: number;
  /** Name of the schedule (edge and reconcile events). */
  readonly schedule: string | null;
  /** Delivery attempt, as Scheduler counts it. */
  readonly attempt: number | null;
  /** The timer payload of a verify event. */
  readonly payload: TimerPayload | null;
}

const OPS = new Set(['verify-start', 'verify-stop', 'recheck']);

/** Reads and checks an event for a function of kind `expected`; anything else is an {@link EventError}. */
export function parseSchedulerEvent(event: unknown, expected: EventKind): SchedulerEvent {
  if (event === null || typeof event !== 'object') throw new EventError('the event is not an object');
  const e = event as Record<string, unknown>;
  if (e.kind !== expected) {
    throw new EventError(`this function handles "${expected}" events, not ${JSON.stringify(e.kind)}`);
  }
  const text = e.scheduledTime;
  const scheduledTime = typeof text === 'string' ? Date.parse(text) : Number.NaN;
  if (!Number.isFinite(scheduledTime)) {
    throw new EventError(`scheduledTime ${JSON.stringify(text)} is not an ISO-8601 instant`);
  }
  const attempt = typeof e.attempt === 'string' || typeof e.attempt === 'number' ? Number(e.attempt) : null;
  let payload: TimerPayload | null = null;
  if (expected === 'verify') {
    const p = e.payload as Record<string, unknown> | undefined;
    if (
      p === undefined ||
      p === null ||
      typeof p !== 'object' ||
      !OPS.has(String(p.op)) ||
      typeof p.model !== 'string'
    ) {
      throw new EventError('a verify event needs a payload with op and model');
    }
    payload = p as unknown as TimerPayload;
  }
  return {
    kind: expected,
    scheduledTime,
    schedule: typeof e.schedule === 'string' ? e.schedule : null,
    attempt: Number.isFinite(attempt) ? attempt : null,
    payload,
  };
}
