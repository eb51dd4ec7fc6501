/**
 * The events EventBridge Scheduler delivers: the target Input of an edge, reconcile or verify
 * schedule with its `<aws.scheduler.*>` context attributes substituted;
 * instants outside Scheduler's years (1970-2199) are rejected before any time-zone arithmetic.
 */
import { SchedulerError } from '../errors.js';
import type { TimerPayload } from '../ports.js';
import { LAST_SCHEDULER_INSTANT } from '../schedule/limits.js';

export class EventError extends SchedulerError {
  override name = 'EventError';
}

export type EventKind = 'open' | 'close' | 'reconcile' | 'verify';

export interface SchedulerEvent {
  readonly kind: EventKind;
  /** The instant the schedule fired for (epoch ms), as Scheduler substituted it. */
  readonly scheduledTime: number;
  /** Name of the schedule (edge and reconcile events). */
  readonly schedule: string | null;
  /** Delivery attempt, as Scheduler counts it. */
  readonly attempt: number | null;
  /** The timer payload of a verify event. */
  readonly payload: TimerPayload | null;
  /** The instant a verify timer was asked for (it may fire later, never earlier). */
  readonly intendedAt: number | null;
}

/** ISO-8601 with a 4-digit year in 1970-2199 (no expanded years, no '<aws.scheduler.*>' left over). */
const ISO = /^(19[7-9]\d|20\d\d|21\d\d)-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** An instant in 1970-2199, checked before any time-zone arithmetic can see it. */
function instant(member: string, value: unknown): number {
  const text = typeof value === 'string' && value.length <= 40 ? value : null;
  const ms = text !== null && ISO.test(text) ? Date.parse(text) : Number.NaN;
  if (!Number.isFinite(ms) || ms < 0 || ms > LAST_SCHEDULER_INSTANT) {
    throw new EventError(
      `${member} ${JSON.stringify(value)?.slice(0, 80) ?? 'missing'}: is not an ISO-8601 instant in 1970-2199`,
    );
  }
  return ms;
}

let timerSchema: Promise<typeof import('../timerPayload.js')> | undefined;

/**
 * The timer schema (zod), loaded on first use: the verify function's first event pays for it, the
 * other functions never do. Later events await the same promise (no new I/O); a simulation loads
 * it before its clock starts, so that loading takes no virtual time.
 */
export function loadTimerSchema(): Promise<typeof import('../timerPayload.js')> {
  timerSchema ??= import('../timerPayload.js');
  return timerSchema;
}

/**
 * Reads and checks an event for a function of kind `expected`; anything else is an
 * {@link EventError}. A verify event's payload is read with the one timer schema, which is loaded
 * on first use (the other functions' cold starts do without it).
 */
export async function parseSchedulerEvent(event: unknown, expected: EventKind): Promise<SchedulerEvent> {
  if (event === null || typeof event !== 'object' || Array.isArray(event)) {
    throw new EventError('the event is not an object');
  }
  const e = event as Record<string, unknown>;
  if (e.kind !== expected) {
    throw new EventError(
      `this function handles "${expected}" events, not ${JSON.stringify(e.kind) ?? 'none'}`,
    );
  }
  const scheduledTime = instant('scheduledTime', e.scheduledTime);
  if (e.schedule !== undefined && (typeof e.schedule !== 'string' || e.schedule.length > 64)) {
    throw new EventError(`schedule ${JSON.stringify(e.schedule)?.slice(0, 80)}: is not a schedule name`);
  }
  const attempt = e.attempt === undefined ? null : Number(e.attempt);
  if (attempt !== null && !(Number.isInteger(attempt) && attempt >= 0 && attempt < 1000)) {
    throw new EventError(`attempt ${JSON.stringify(e.attempt)?.slice(0, 80)}: is not a delivery attempt`);
  }
  const intendedAt = e.at === undefined ? null : instant('at', e.at);
  let payload: TimerPayload | null = null;
  if (expected === 'verify') {
    const { parseTimerPayload } = await loadTimerSchema();
    const p = parseTimerPayload(e.payload);
    if (!p.ok) throw new EventError(`a verify event needs a valid timer payload: ${p.error}`);
    payload = p.payload;
  }
  return {
    kind: expected,
    scheduledTime,
    schedule: typeof e.schedule === 'string' ? e.schedule : null,
    attempt,
    payload,
    intendedAt,
  };
}
