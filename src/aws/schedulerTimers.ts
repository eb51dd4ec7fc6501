import type { CreateScheduleCommandInput } from '@aws-sdk/client-scheduler';
import { canonicalHash, sortedEntries } from '../canonicalHash.js';
import type { TimerPayload, Timers } from '../ports.js';
import { parseTimerPayload } from '../timerPayload.js';

/** Where verify timers go and what they invoke. */
export interface TimerTarget {
  readonly groupName: string;
  readonly functionArn: string;
  readonly roleArn: string;
  readonly deadLetterArn: string;
}

/** Event-age and retry limits of a timer's delivery (a verify check that is very late is useless). */
export const TIMER_RETRY_POLICY = { MaximumEventAgeInSeconds: 600, MaximumRetryAttempts: 5 } as const;

/**
 * A timer is never created less than this far ahead: AWS documents nothing for an at() in the past
 * (a verify handler retried a minute late would ask for one), so a late timer fires a minute from now.
 */
export const TIMER_MIN_LEAD_MS = 60_000;

/** The event a verify timer delivers (its `payload` is the engine's TimerPayload). */
export interface TimerEvent {
  readonly source: 'lvsched';
  readonly kind: 'verify';
  /** The instant the engine asked for (ISO, to the second); the timer may fire later, never earlier. */
  readonly at: string;
  readonly scheduledTime: '<aws.scheduler.scheduled-time>';
  readonly payload: TimerPayload;
}

/** A timer's instant, to the second (at() has no finer precision). */
const toSecond = (at: number) => Math.ceil(at / 1000) * 1000;
const isoSecond = (at: number) => new Date(toSecond(at)).toISOString().slice(0, 19);

/**
 * `v-verify-start-20260330t0450z-<24 hex>`: the same payload at the same intended instant always
 * gives the same name, so setting a timer twice (a duplicate delivery, a retried Lambda, however
 * late) finds it already set.
 */
export function timerName(at: number, payload: TimerPayload): string {
  const hash = canonicalHash([toSecond(at), sortedEntries(payload)], 24);
  const iso = new Date(toSecond(at)).toISOString();
  const stamp = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}t${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}z`;
  return `v-${payload.op}-${stamp}-${hash}`;
}

/** The target Input of a verify timer: what Scheduler delivers to the verify function (before substitution). */
export function timerEvent(intendedAt: number, payload: TimerPayload): TimerEvent {
  return {
    source: 'lvsched',
    kind: 'verify',
    at: `${isoSecond(intendedAt)}Z`,
    scheduledTime: '<aws.scheduler.scheduled-time>',
    payload,
  };
}

/** One timer as Scheduler gets it: name (from the intended instant), when it fires, and its Input JSON. */
export interface TimerSchedule {
  readonly name: string;
  /** max(intended, now + 1 min), to the second: the at() instant. */
  readonly fireAt: number;
  /** `at(2026-03-30T03:50:00)`, in UTC. */
  readonly expression: string;
  /** The target Input, exactly as written. */
  readonly input: string;
}

export class TimerPayloadError extends Error {
  override name = 'TimerPayloadError';
}

/**
 * Pure: the schedule a timer for `payload` at `intendedAt` becomes when set at `now`. The payload
 * goes through the one timer schema (the verify function reads it back with the same one); one
 * that fails it is a {@link TimerPayloadError}, never written.
 */
export function timerSchedule(intendedAt: number, payload: TimerPayload, now: number): TimerSchedule {
  const checked = parseTimerPayload(payload);
  if (!checked.ok)
    throw new TimerPayloadError(
      `timer ${payload.op}${'model' in payload ? ` for ${payload.model}` : ''}: ${checked.error}`,
    );
  const fireAt = toSecond(Math.max(intendedAt, now + TIMER_MIN_LEAD_MS));
  return {
    name: timerName(intendedAt, checked.payload),
    fireAt,
    expression: `at(${isoSecond(fireAt)})`,
    input: JSON.stringify(timerEvent(intendedAt, checked.payload)),
  };
}

/**
 * Timers as one-time EventBridge Scheduler schedules: `at(...)` in UTC, in a dedicated group,
 * deleted by Scheduler once they have fired. The client is made on first use (an invocation that
 * sets no timer never loads it), and `now` is the invocation's clock.
 */
/** The one Scheduler call timers make (src/aws/lazyClients.ts loads the SDK client on first use). */
export interface CreateScheduleApi {
  createSchedule(input: CreateScheduleCommandInput): Promise<unknown>;
}

export class SchedulerTimers implements Timers {
  readonly #client: CreateScheduleApi;
  readonly #target: TimerTarget;
  readonly #now: () => number;

  constructor(client: CreateScheduleApi, target: TimerTarget, now: () => number = Date.now) {
    this.#client = client;
    this.#target = target;
    this.#now = now;
  }

  async set(at: number, payload: TimerPayload): Promise<void> {
    const timer = timerSchedule(at, payload, this.#now());
    try {
      await this.#client.createSchedule({
        Name: timer.name,
        GroupName: this.#target.groupName,
        ScheduleExpression: timer.expression,
        ScheduleExpressionTimezone: 'UTC',
        FlexibleTimeWindow: { Mode: 'OFF' },
        ActionAfterCompletion: 'DELETE',
        State: 'ENABLED',
        Description: `lvsched ${payload.op} ${'model' in payload ? payload.model : ''}`.slice(0, 512),
        // The name is already unique per timer: a retried request is the same request.
        ClientToken: timer.name.slice(-24),
        Target: {
          Arn: this.#target.functionArn,
          RoleArn: this.#target.roleArn,
          Input: timer.input,
          RetryPolicy: { ...TIMER_RETRY_POLICY },
          DeadLetterConfig: { Arn: this.#target.deadLetterArn },
        },
      });
    } catch (error) {
      // A schedule of that name exists: this timer is already set.
      if ((error as { name?: string }).name === 'ConflictException') return;
      throw error;
    }
  }
}
