/**
 * The events EventBridge Scheduler delivers: the target Input of an edge, reconcile or verify
 * schedule with its `<aws.scheduler.*>` context attributes substituted. Read with one zod schema;
 * instants outside Scheduler's years (1970-2199) are rejected before any time-zone arithmetic.
 */
import { z } from 'zod';
import { SchedulerError } from '../errors.js';
import type { TimerPayload } from '../ports.js';
import { MAX_TIMER_INSTANT, parseTimerPayload } from '../timerPayload.js';

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

const instantText = z
  .string()
  .max(40)
  .regex(ISO, 'is not an ISO-8601 instant in 1970-2199')
  .transform((text, ctx) => {
    const ms = Date.parse(text);
    if (!Number.isFinite(ms) || ms < 0 || ms > MAX_TIMER_INSTANT) {
      ctx.addIssue({ code: 'custom', message: 'is not an instant in 1970-2199' });
      return z.NEVER;
    }
    return ms;
  });

const eventSchema = z.object({
  kind: z.enum(['open', 'close', 'reconcile', 'verify']),
  scheduledTime: instantText,
  schedule: z.string().max(64).optional(),
  attempt: z.union([z.string().regex(/^\d{1,3}$/), z.number().int().min(0).max(999)]).optional(),
  at: instantText.optional(),
  payload: z.unknown().optional(),
});

/** Reads and checks an event for a function of kind `expected`; anything else is an {@link EventError}. */
export function parseSchedulerEvent(event: unknown, expected: EventKind): SchedulerEvent {
  if (event === null || typeof event !== 'object' || Array.isArray(event)) {
    throw new EventError('the event is not an object');
  }
  const kind = (event as { kind?: unknown }).kind;
  if (kind !== expected) {
    throw new EventError(`this function handles "${expected}" events, not ${JSON.stringify(kind) ?? 'none'}`);
  }
  const r = eventSchema.safeParse(event);
  if (!r.success) {
    const issue = r.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : 'event';
    const value = issue?.path.length ? (event as Record<string, unknown>)[String(issue.path[0])] : event;
    throw new EventError(`${where} ${JSON.stringify(value)?.slice(0, 80)}: ${issue?.message ?? 'invalid'}`);
  }
  const e = r.data;
  let payload: TimerPayload | null = null;
  if (expected === 'verify') {
    const p = parseTimerPayload(e.payload);
    if (!p.ok) throw new EventError(`a verify event needs a valid timer payload: ${p.error}`);
    payload = p.payload;
  }
  return {
    kind: expected,
    scheduledTime: e.scheduledTime,
    schedule: e.schedule ?? null,
    attempt: e.attempt === undefined ? null : Number(e.attempt),
    payload,
    intendedAt: e.at ?? null,
  };
}
