/**
 * Part 5's measurement: 12 hours of deliveries as EventBridge Scheduler makes them (the Input JSON
 * of each edge, reconcile and verify schedule, at seconds within the minute, each delivered twice,
 * Lambda retries after a thrown invocation), every delivery handled by a FRESH runtime (a new
 * Lambda container) built with createRuntime, against the emulator, with the alert ledger on
 * dynalite. One model's version fails hosting for good; another's version is mistyped. What is
 * counted is what reaches the publisher.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoAlertLedger } from '../../src/aws/dynamoAlertLedger.js';
import { lazyDynamoDb } from '../../src/aws/lazyClients.js';
import { timerSchedule } from '../../src/aws/schedulerTimers.js';
import { edgeInput } from '../../src/deploy/stackResources.js';
import { type EmulatorHandle, startEmulator } from '../../src/emulator/index.js';
import type { Alert, DeadLetter, TimerPayload } from '../../src/ports.js';
import { createRuntime, type FunctionKind, InvocationError } from '../../src/runtime/createRuntime.js';
import { parseScheduleOrThrow } from '../../src/schedule/parseSchedule.js';
import { TEST_CREDENTIALS } from '../emulator/helpers.js';
import { type Dynalite, startDynalite } from './dynalite.js';
import { emulatorHost, quiet, virtualPace } from './runtimeAdapters.js';

const MINUTE = 60_000;
const START = Date.parse('2026-03-29T23:50:00Z');
const END = START + 12 * 60 * MINUTE;

const schedule = parseScheduleOrThrow(
  `version: 1
defaults: { timezone: UTC, leadTime: 0s }
models:
  - { id: failing, project: line-a, version: "1", windows: [{ days: Daily, open: "00:00", close: "05:00" }, { days: Daily, open: "06:00", close: "11:00" }] }
  - { id: typo, project: line-b, version: "33", windows: [{ days: Daily, open: "00:00", close: "05:00" }, { days: Daily, open: "06:00", close: "11:00" }] }
`,
  { file: 'alertsOnce.yaml', defaultRegion: 'us-east-1' },
);

interface Delivery {
  readonly at: number;
  readonly kind: FunctionKind;
  readonly event: unknown;
  readonly retry: number;
}

let emulator: EmulatorHandle;
let dynamo: Dynalite;
let now = START;
const published: Alert[] = [];
const deadLetters: DeadLetter[] = [];
const timerNames = new Set<string>();
let invocations = 0;
let retries = 0;

const substitute = (input: string, at: number) =>
  JSON.parse(
    input
      .replaceAll('<aws.scheduler.scheduled-time>', `${new Date(at).toISOString().slice(0, 19)}Z`)
      .replaceAll('<aws.scheduler.attempt-number>', '1'),
  ) as unknown;

beforeAll(async () => {
  emulator = await startEmulator({
    clock: { now: () => now },
    quota: false,
    models: [
      { project: 'line-a', version: '1' },
      { project: 'line-b', version: '3' },
    ],
  });
  emulator.setFaults({ hostingFailures: { count: 100_000, project: 'line-a', version: '1' } });
  dynamo = await startDynalite();

  const queue: Delivery[] = [];
  const push = (d: Delivery) => queue.push(d);
  // Twice each, as at-least-once delivery allows: seconds into the minute, then again.
  const deliver = (kind: FunctionKind, scheduled: number, input: string, offsets = [7_000, 41_000]) => {
    for (const offset of offsets)
      push({ at: scheduled + offset, kind, event: substitute(input, scheduled), retry: 0 });
  };
  // rate(15 minutes) passes on the period's boundaries.
  for (let t = Math.ceil(START / (15 * MINUTE)) * 15 * MINUTE; t < END; t += 15 * MINUTE)
    deliver('reconcile', t, edgeInput('reconcile', 'reconcile'));
  for (let t = START; t < END; t += MINUTE) {
    const minute = new Date(t).getUTCHours() * 60 + new Date(t).getUTCMinutes();
    if (minute === 0 || minute === 360) deliver('open', t, edgeInput('open', 'open-test'));
    if (minute === 300 || minute === 660) deliver('close', t, edgeInput('close', 'close-test'));
  }
  // Every delivery is a new container: a fresh runtime over the shared world.
  const ledgerApi = () =>
    lazyDynamoDb('us-east-1', { endpoint: dynamo.endpoint, credentials: TEST_CREDENTIALS });
  const runtime = () =>
    createRuntime({
      schedule,
      host: emulatorHost(emulator.endpoint, { maxAttempts: 1 }),
      pace: virtualPace((ms) => {
        now += ms;
      }),
      timers: {
        async set(intended: number, payload: TimerPayload) {
          const timer = timerSchedule(intended, payload, now);
          // Scheduler answers ConflictException for a name that exists: one timer per name.
          if (timerNames.has(timer.name)) return;
          timerNames.add(timer.name);
          for (const offset of [2_000, 33_000]) {
            push({
              at: timer.fireAt + offset,
              kind: 'verify',
              event: substitute(timer.input, timer.fireAt),
              retry: 0,
            });
          }
        },
      },
      alerts: { send: async (alert) => void published.push(alert) },
      alertLedger: new DynamoAlertLedger(ledgerApi(), dynamo.tableName),
      deadLetters: { send: async (letter) => void deadLetters.push(letter) },
      ...quiet(),
    });
  for (;;) {
    queue.sort((a, b) => a.at - b.at);
    const next = queue.shift();
    if (next === undefined || next.at > END) break;
    now = Math.max(now, next.at);
    invocations++;
    try {
      await runtime().handle(next.kind, next.event, {
        now: () => now,
        remainingMs: () => 120_000,
        requestId: `r${invocations}`,
      });
    } catch (error) {
      if (!(error instanceof InvocationError)) throw error;
      // Lambda retries an async invocation that failed, up to twice.
      if (next.retry < 2) {
        retries++;
        push({ ...next, at: now + MINUTE, retry: next.retry + 1 });
      }
    }
  }
}, 300_000);

afterAll(async () => {
  await emulator?.close();
  await dynamo?.close();
});

describe('alerts over 12 hours, a fresh runtime per delivery (alert ledger on dynalite)', () => {
  it('publishes one start-failed per window for the version that never hosts', () => {
    const failed = published.filter((a) => a.cause === 'start-failed');
    expect(failed.map((a) => a.window?.open)).toEqual([
      Date.parse('2026-03-30T00:00:00Z'),
      Date.parse('2026-03-30T06:00:00Z'),
    ]);
  });

  it('publishes one model-not-found per window for the mistyped version', () => {
    const missing = published.filter((a) => a.cause === 'model-not-found');
    expect(missing.map((a) => a.window?.open)).toEqual([
      Date.parse('2026-03-30T00:00:00Z'),
      Date.parse('2026-03-30T06:00:00Z'),
    ]);
  });

  it('publishes each failure event once, though every delivery came twice to a new container', () => {
    const keys = published.map((a) => a.key);
    expect(new Set(keys).size).toBe(keys.length);
    // 48 passes and 4 edges, each delivered twice, plus the verify timers.
    expect(invocations).toBeGreaterThan(2 * (48 + 4));
    expect(deadLetters).toEqual([]);
    // For the report: how much work the 12 hours were, and what was published.
    console.log(
      `alertsOnce: ${invocations} invocations (${retries} Lambda retries), ${published.length} alerts published:\n${published.map((a) => `  ${a.cause} ${a.key} at ${new Date(a.at).toISOString()}: ${a.message}`).join('\n')}`,
    );
  });

  // Every verify delivery comes twice, 31 s apart: without one delivery per step, the duplicate of the
  // check that started attempt 2 continues attempt 1's chain, whose deadline check alerts
  // not-hosted-by-deadline: a second alert for the same failure.
  it('publishes nothing more than one start-failed and one model-not-found per window', () => {
    expect(published.map((a) => `${a.cause} ${a.model}`).sort()).toEqual([
      'model-not-found typo',
      'model-not-found typo',
      'start-failed failing',
      'start-failed failing',
    ]);
  });
});
