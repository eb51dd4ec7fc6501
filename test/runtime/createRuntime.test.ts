/**
 * The composition root, driven as Lambda drives it: a fresh runtime per delivery, Scheduler's Input
 * JSON as the event, against the emulator over loopback.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { TIMER_MIN_LEAD_MS, timerName, timerSchedule } from '../../src/aws/schedulerTimers.js';
import { edgeInput } from '../../src/deploy/stackResources.js';
import { type EmulatorHandle, startEmulator } from '../../src/emulator/index.js';
import type { Alert, DeadLetter, ModelHost, TimerPayload } from '../../src/ports.js';
import {
  createRuntime,
  DEADLINE_MARGIN_MS,
  type FunctionKind,
  type RuntimeAdapters,
} from '../../src/runtime/createRuntime.js';
import { MemoryAlertLedger } from '../../src/runtime/ledgerAlerts.js';
import { parseScheduleOrThrow } from '../../src/schedule/parseSchedule.js';
import { emulatorHost, quiet, virtualPace } from './runtimeAdapters.js';

const T = Date.parse('2026-03-30T06:00:00Z'); // a Monday
const MODELS = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
const schedule = parseScheduleOrThrow(
  `version: 1
defaults: { timezone: UTC, leadTime: 0s }
models:
${MODELS.map((p) => `  - { id: ${p}, project: ${p}, version: "1", windows: [{ days: Mon-Fri, open: "06:00", close: "18:00" }] }`).join('\n')}
  - { id: typo, project: a, version: "9", windows: [{ days: Mon-Fri, open: "06:00", close: "18:00" }] }
`,
  { file: 'createRuntime.yaml', defaultRegion: 'us-east-1' },
);

let emulator: EmulatorHandle;
let now = T;
/** The world's clock (the emulator's and the invocations'): `now`, unless a test runs on real time. */
let clock = () => now;
let published: Alert[];
let letters: DeadLetter[];
let timers: { intended: number; payload: TimerPayload }[];
/** Shared by every runtime of a test (the containers of one deployment), new for each test. */
let ledger: MemoryAlertLedger;

beforeAll(async () => {
  emulator = await startEmulator({
    clock: { now: () => clock() },
    quota: false,
    models: MODELS.map((p) => ({ project: p, version: '1' })),
  });
});
afterAll(() => emulator?.close());
beforeEach(() => {
  published = [];
  letters = [];
  timers = [];
  ledger = new MemoryAlertLedger();
});

function adapters(overrides: Partial<RuntimeAdapters> = {}): RuntimeAdapters {
  return {
    schedule,
    host: emulatorHost(emulator.endpoint),
    pace: virtualPace((ms) => {
      now += ms;
    }),
    timers: { set: async (intended, payload) => void timers.push({ intended, payload }) },
    alerts: { send: async (alert) => void published.push(alert) },
    alertLedger: ledger,
    deadLetters: { send: async (letter) => void letters.push(letter) },
    ...quiet(),
    ...overrides,
  };
}

/** The event a schedule's Input produces when it fires at `scheduled`. */
function event(kind: FunctionKind, name: string, scheduled: number): unknown {
  return JSON.parse(
    edgeInput(kind as 'open', name)
      .replace('<aws.scheduler.scheduled-time>', new Date(scheduled).toISOString().replace('.000', ''))
      .replace('<aws.scheduler.attempt-number>', '1'),
  );
}

const invocation = (remainingMs = 60_000) => ({
  now: () => now,
  remainingMs: () => remainingMs,
  requestId: 'r',
});
const startsOf = (project: string) =>
  emulator.callLog().filter((c) => c.operation === 'StartModel' && c.project === project);

describe('an edge invocation', () => {
  it('handles only the models of the schedule that fired, so concurrent schedules do not repeat each other', async () => {
    const edgeSchedules = { 'open-0600-x': ['a', 'b'], 'open-0600-y': ['c'] };
    now = T + 5_000;
    const x = await createRuntime(adapters({ edgeSchedules })).handle(
      'open',
      event('open', 'open-0600-x', T),
      invocation(),
    );
    expect(x.decisions.map((d) => d.model)).toEqual(['a', 'b']);
    const y = await createRuntime(adapters({ edgeSchedules })).handle(
      'open',
      event('open', 'open-0600-y', T),
      invocation(),
    );
    expect(y.decisions.map((d) => d.model)).toEqual(['c']);
    expect(startsOf('a')).toHaveLength(1);
    expect(startsOf('c')).toHaveLength(1);
    expect(startsOf('d')).toEqual([]);
  });

  it('paces its calls to the configured rate per region', async () => {
    // Real sleeps on a clock that runs from T + 10 s: the pace is what spaces the calls.
    const origin = performance.now();
    clock = () => T + 10_000 + Math.floor(performance.now() - origin);
    try {
      const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
      // When each call leaves for the service (the raw host the root wraps).
      const at: number[] = [];
      const raw = adapters().host;
      const host: ModelHost = {
        listModels: (region, project, versions) => {
          at.push(clock());
          return raw.listModels(region, project, versions);
        },
        describeModel: (...args) => {
          at.push(clock());
          return raw.describeModel(...args);
        },
        startModel: (...args) => {
          at.push(clock());
          return raw.startModel(...args);
        },
        stopModel: (...args) => {
          at.push(clock());
          return raw.stopModel(...args);
        },
      };
      // The every-minute schedule is not listed: it stands for every model with an edge.
      const began = clock();
      await createRuntime(adapters({ host, pace: { requestsPerSecond: 20, sleep } })).handle(
        'open',
        event('open', 'every-minute', T),
        invocation(),
      );
      expect(at.length).toBeGreaterThanOrEqual(MODELS.length);
      at.sort((x, y) => x - y);
      // 20 per second: the i-th call leaves no earlier than i x 50 ms after the invocation began (a
      // late timer may bunch two calls, never let them run ahead of the pace; 2 ms of rounding).
      for (let i = 0; i < at.length; i++) expect((at[i] ?? 0) - began).toBeGreaterThanOrEqual(i * 50 - 2);
    } finally {
      now = clock();
      clock = () => now;
    }
  });

  it('gives the engine the deadline: now + remaining time - the safety margin', async () => {
    now = T + 20_000;
    const runtime = createRuntime(adapters({ edgeSchedules: { 'open-0600-y': ['c'] } }));
    const edge = vi.spyOn(runtime.engine, 'edge');
    await runtime.handle('open', event('open', 'open-0600-y', T), invocation(90_000));
    expect(edge.mock.calls[0]?.[2]?.deadline).toBe(T + 20_000 + 90_000 - DEADLINE_MARGIN_MS);
    expect(edge.mock.calls[0]?.[0]).toBe(T);
  });

  it('decides an event more than two minutes late for now, and one within the grace for its time', async () => {
    const runtime = createRuntime(adapters({ edgeSchedules: { 'open-0600-y': ['c'] } }));
    now = T + 119_000;
    expect((await runtime.handle('open', event('open', 'open-0600-y', T), invocation())).decidedFor).toBe(
      new Date(T).toISOString(),
    );
    now = T + 121_000;
    const late = await runtime.handle('open', event('open', 'open-0600-y', T), invocation());
    expect(late).toMatchObject({ decidedFor: new Date(T + 121_000).toISOString(), latenessMs: 121_000 });
  });
});

describe('a late reconcile event', () => {
  it('does not restart a model the close just stopped: 2 min 20 s late, it decides for now', async () => {
    const close = T + 12 * 3_600_000; // 18:00Z
    now = close + 3_000;
    const stopped = await createRuntime(adapters({ edgeSchedules: { 'close-1800-a': ['a'] } })).handle(
      'close',
      event('close', 'close-1800-a', close),
      invocation(),
    );
    expect(stopped.decisions).toEqual([expect.objectContaining({ model: 'a', action: 'stop' })]);
    now = close + 2 * 60_000;
    const pass = await createRuntime(adapters()).handle(
      'reconcile',
      event('reconcile', 'reconcile', close - 20_000), // scheduled 17:59:40, run 18:02:00
      invocation(),
    );
    expect(pass.decidedFor).toBe(new Date(close + 2 * 60_000).toISOString());
    expect(pass.decisions.find((d) => d.model === 'a')).toMatchObject({ desired: 'stopped' });
    expect(startsOf('a').filter((c) => c.at >= close)).toEqual([]);
  });
});

describe('a reconcile pass delivered twice', () => {
  it('acts once: the delivery in the second container finds the pass claimed and decides nothing', async () => {
    // Tuesday 06:15: every model is in its window; `typo` is not found (one alert).
    const pass = T + 24 * 3_600_000 + 15 * 60_000;
    now = pass + 20_000;
    const deliver = () =>
      createRuntime(adapters()).handle('reconcile', event('reconcile', 'reconcile', pass), invocation());
    const reports = await Promise.all([deliver(), deliver()]);
    expect(reports.map((r) => r.decisions.length).sort((x, y) => x - y)).toEqual([0, schedule.models.length]);
    expect(published.filter((a) => a.cause === 'model-not-found')).toHaveLength(1);
    // A later delivery of the same pass (Scheduler's at-least-once, minutes apart) is skipped too.
    now = pass + 90_000;
    expect((await deliver()).decisions).toEqual([]);
  });
});

describe('alerts through the ledger', () => {
  it('publishes an alert once across fresh runtimes, and again after a failed publish released it', async () => {
    now = T + 30_000;
    let fail = true;
    const flaky = {
      send: async (alert: Alert) => {
        // Every alert of the first delivery fails (the engine goes on to the next decision).
        if (fail) throw Object.assign(new Error('not authorized'), { name: 'AuthorizationErrorException' });
        published.push(alert);
      },
    };
    const deliver = () =>
      createRuntime(adapters({ alerts: flaky })).handle(
        'reconcile',
        event('reconcile', 'reconcile', T + 15 * 60_000),
        invocation(),
      );
    now = T + 15 * 60_000 + 20_000;
    await expect(deliver()).rejects.toThrow(/not authorized/);
    expect(published).toEqual([]);
    fail = false;
    await deliver(); // Lambda's retry: the claims were released, so this one publishes.
    const once = [...published];
    expect(once.map((a) => a.cause)).toContain('model-not-found');
    await deliver(); // a duplicate delivery: already published.
    expect(published).toEqual(once);
  });
});

describe('verify timers', () => {
  const payload: TimerPayload = { op: 'recheck', model: 'a', reason: 'ThrottlingException', try: 1 };

  it('are created a minute from now at the earliest, named after the intended instant', () => {
    const intended = T + 30_000;
    const late = timerSchedule(intended, payload, T + 90_000);
    expect(late.fireAt).toBe(T + 90_000 + TIMER_MIN_LEAD_MS);
    expect(late.expression).toBe('at(2026-03-30T06:02:30)');
    expect(late.name).toBe(timerName(intended, payload));
    expect(late.name).toBe(timerSchedule(intended, payload, T).name);
    expect(JSON.parse(late.input)).toMatchObject({ kind: 'verify', at: '2026-03-30T06:00:30Z', payload });
    expect(timerSchedule(T + 10 * 60_000, payload, T).fireAt).toBe(T + 10 * 60_000);
  });

  it('are written only through the schema', () => {
    expect(() => timerSchedule(T, { ...payload, try: -1000 }, T)).toThrow(/try/);
  });
});
