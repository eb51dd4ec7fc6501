import { createHash } from 'node:crypto';
import { CreateScheduleCommand, type SchedulerClient } from '@aws-sdk/client-scheduler';
import type { TimerPayload, Timers } from '../ports.js';

/** Where verify timers go and what they invoke. */
export interface TimerTarget {
  readonly groupName: string;
  readonly functionArn: string;
  readonly roleArn: string;
  readonly deadLetterArn: string;
}

/** Event-age and retry limits of a timer's delivery (a verify check that is very late is useless). */
export const TIMER_RETRY_POLICY = { MaximumEventAgeInSeconds: 600, MaximumRetryAttempts: 5 } as const;

/** The event a verify timer delivers (its `payload` is the engine's TimerPayload). */
export interface TimerEvent {
  readonly source: 'lvsched';
  readonly kind: 'verify';
  readonly at: string;
  readonly scheduledTime: string;
  readonly payload: TimerPayload;
}

/** A timer's instant, to the second (at() has no finer precision). */
const toSecond = (at: number) => Math.ceil(at / 1000) * 1000;

/**
 * `v-verify-start-20260330t0450z-<24 hex>`: the same payload at the same instant always gives the
 * same name, so setting a timer twice (a duplicate delivery, a retried Lambda) finds it already set.
 */
export function timerName(at: number, payload: TimerPayload): string {
  const canonical = JSON.stringify([
    toSecond(at),
    Object.entries(payload).sort(([a], [b]) => a.localeCompare(b)),
  ]);
  const hash = createHash('sha256').update(canonical).digest('hex').slice(0, 24);
  const iso = new Date(toSecond(at)).toISOString();
  const stamp = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}t${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}z`;
  return `v-${payload.op}-${stamp}-${hash}`;
}

/**
 * Timers as one-time EventBridge Scheduler schedules: `at(...)` in UTC, in a dedicated group,
 * deleted by Scheduler once they have fired. The client is given (region, endpoint, retries are
 * the caller's), as for the other adapters.
 */
export class SchedulerTimers implements Timers {
  readonly #client: SchedulerClient;
  readonly #target: TimerTarget;

  constructor(client: SchedulerClient, target: TimerTarget) {
    this.#client = client;
    this.#target = target;
  }

  async set(at: number, payload: TimerPayload): Promise<void> {
    const name = timerName(at, payload);
    const when = new Date(toSecond(at)).toISOString().slice(0, 19);
    const event: TimerEvent = {
      source: 'lvsched',
      kind: 'verify',
      at: `${when}Z`,
      scheduledTime: '<aws.scheduler.scheduled-time>',
      payload,
    };
    try {
      await this.#client.send(
        new CreateScheduleCommand({
          Name: name,
          GroupName: this.#target.groupName,
          ScheduleExpression: `at(${when})`,
          ScheduleExpressionTimezone: 'UTC',
          FlexibleTimeWindow: { Mode: 'OFF' },
          ActionAfterCompletion: 'DELETE',
          State: 'ENABLED',
          Description: `lvsched ${payload.op} ${'model' in payload ? payload.model : ''}`.slice(0, 512),
          // The name is already unique per timer: a retried request is the same request.
          ClientToken: name.slice(-24),
          Target: {
            Arn: this.#target.functionArn,
            RoleArn: this.#target.roleArn,
            Input: JSON.stringify(event),
            RetryPolicy: { ...TIMER_RETRY_POLICY },
            DeadLetterConfig: { Arn: this.#target.deadLetterArn },
          },
        }),
      );
    } catch (error) {
      // A schedule of that name exists: this timer is already set.
      if ((error as { name?: string }).name === 'ConflictException') return;
      throw error;
    }
  }
}
