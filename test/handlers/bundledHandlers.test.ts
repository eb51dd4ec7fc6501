/**
 * The packaged function bundles (unzipped from the very artifacts `serverless package` wrote), run
 * the way Lambda runs them (a fresh Node process per cold start, the handler called with a Lambda
 * context) with realistic EventBridge Scheduler events, against the Lookout for Vision emulator and
 * local stand-ins for Scheduler and SNS, all over loopback.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { timerName, timerSchedule } from '../../src/aws/schedulerTimers.js';
import { DEFAULT_ENGINE_SETTINGS, staggerOffset } from '../../src/control/engineSettings.js';
import type { EmulatorHandle } from '../../src/emulator/index.js';
import type { TimerPayload } from '../../src/ports.js';
import { timerPayloadSchema } from '../../src/timerPayload.js';
import { ROOT } from '../deploy/packageService.js';
import {
  ACCOUNT,
  type BundledStack,
  DEAD_LETTER_URL,
  edgeEvent,
  type Fn,
  type Invocation,
  type Json,
  startBundledStack,
  VERIFY_GROUP,
} from './bundleHarness.js';
import type { FakeScheduler, FakeSns, FakeSqs } from './fakeAws.js';
import { loadModel, violations } from './smithyValidate.js';

let stack: BundledStack;
let bundles: BundledStack['bundles'];
let emulator: EmulatorHandle;
let scheduler: FakeScheduler;
let sns: FakeSns;
let sqs: FakeSqs;

beforeAll(async () => {
  stack = await startBundledStack({
    emulator: {
      quota: false,
      models: [
        { project: 'circuit-boards', version: '3' },
        { project: 'night-shift', version: '1' },
        { project: 'pilot-line', version: '2' },
      ],
    },
  });
  ({ bundles, emulator, scheduler, sns, sqs } = stack);
}, 180_000);

afterAll(async () => {
  await stack?.close();
});

const lambdaEnv = (fn: Fn) => stack.lambdaEnv(fn);
const invoke = (fn: Fn, events: Json[], deliveredAt?: number) => stack.invoke(fn, events, deliveredAt);
const runTimers = (until: number) => stack.runTimers(until);

const calls = (operation: string, project: string) =>
  emulator.callLog().filter((c) => c.operation === operation && c.project === project);

function expectEveryLogLineTagged(run: Invocation, fn: Fn): void {
  expect(run.logs.length).toBeGreaterThan(0);
  for (const line of run.logs) {
    expect(line.requestId, JSON.stringify(line)).toMatch(/^req\d+-\d+$/);
    expect(line.functionName).toBe(`lvsched-test-${fn}`);
  }
}

describe('bundled handlers: open -> verify -> close (circuit-boards:3, Europe/Berlin)', () => {
  // Monday 2026-03-30: opens 06:00 CEST less 15 min lead = 03:45Z; closes 22:00 CEST = 20:00Z.
  let open: Invocation;
  let verifies: Invocation[];
  let close: Invocation;
  let stopChecks: Invocation[];

  beforeAll(async () => {
    open = await invoke('open', [edgeEvent('open', '2026-03-30T03:45:00Z')]);
    verifies = await runTimers(Date.parse('2026-03-30T05:00:00Z'));
    close = await invoke('close', [edgeEvent('close', '2026-03-30T20:00:00Z')]);
    stopChecks = await runTimers(Date.parse('2026-03-30T21:00:00Z'));
  }, 120_000);

  it('starts the model at the opening with its deterministic token and units', () => {
    expect(open.errors).toEqual([]);
    expect(open.results[0]?.decisions).toEqual([
      expect.objectContaining({
        model: 'circuit-boards:3',
        observed: 'TRAINED',
        action: 'start',
        result: 'done',
      }),
    ]);
    const starts = calls('StartModel', 'circuit-boards');
    expect(starts).toHaveLength(1);
    expect(starts[0]).toMatchObject({ minInferenceUnits: 2, maxInferenceUnits: 2, statusCode: 202 });
    expect(starts[0]?.clientToken).toMatch(/^open-20260330t0345z-a1-[0-9a-f]+$/);
    expect(open.results[0]?.decisions[0].clientToken).toBe(starts[0]?.clientToken);
  });

  it('sets one-time verify timers in the verify group that Scheduler’s model accepts', () => {
    const created = scheduler.requests.filter((r) =>
      r.body.Description?.toString().includes('circuit-boards:3'),
    );
    expect(created.length).toBeGreaterThanOrEqual(3);
    const model = loadModel('scheduler');
    for (const r of created) {
      expect(r.violations).toEqual([]);
      expect(violations(model, 'com.amazonaws.scheduler#CreateScheduleInput', r.body)).toEqual([]);
      expect(r.group).toBe(VERIFY_GROUP);
      expect(r.name).toMatch(/^[0-9a-zA-Z-_.]{1,64}$/);
      expect(r.body).toMatchObject({
        ScheduleExpressionTimezone: 'UTC',
        FlexibleTimeWindow: { Mode: 'OFF' },
        ActionAfterCompletion: 'DELETE',
        Target: {
          Arn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:lvsched-test-verify`,
          RoleArn: expect.stringContaining(':role/'),
          DeadLetterConfig: { Arn: expect.stringContaining(':sqs:') },
          RetryPolicy: { MaximumEventAgeInSeconds: 600, MaximumRetryAttempts: 5 },
        },
      });
      expect(r.body.ScheduleExpression).toMatch(/^at\(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\)$/);
      expect(JSON.parse((r.body.Target as Json).Input).scheduledTime).toBe('<aws.scheduler.scheduled-time>');
    }
    // 5 minutes after the 03:45Z start, plus the model's stagger offset (whole seconds).
    const stagger = staggerOffset('circuit-boards:3', DEFAULT_ENGINE_SETTINGS) / 1000;
    expect(created[0]?.body.ScheduleExpression).toBe(
      `at(2026-03-30T03:50:${String(stagger).padStart(2, '0')})`,
    );
  });

  it('checks until HOSTED, then reports the start latency as a metric', () => {
    const last = verifies[verifies.length - 1];
    expect(verifies.flatMap((v) => v.errors)).toEqual([]);
    expect(last?.results[0]?.decisions[0]).toMatchObject({ observed: 'HOSTED', action: 'none' });
    const latency = last?.metrics.find((m) => m.StartLatency !== undefined);
    expect(latency?.StartLatency).toEqual([
      600_000 + staggerOffset('circuit-boards:3', DEFAULT_ENGINE_SETTINGS),
    ]);
    expect(latency?._aws.CloudWatchMetrics[0]).toEqual({
      Namespace: 'LookoutVisionScheduler',
      Dimensions: [['Function']],
      Metrics: expect.arrayContaining([{ Name: 'StartLatency', Unit: 'Milliseconds' }]),
    });
    expect(open.metrics[0]).toMatchObject({ Function: 'open', Starts: 1, Failures: 0 });
  });

  it('stops the model at the closing and verifies the stop took', () => {
    expect(close.results[0]?.decisions).toEqual([
      expect.objectContaining({
        model: 'circuit-boards:3',
        observed: 'HOSTED',
        action: 'stop',
        result: 'done',
      }),
    ]);
    expect(calls('StopModel', 'circuit-boards')[0]?.clientToken).toMatch(/^close-20260330t2000z-a1-/);
    expect(stopChecks.at(-1)?.results[0]?.decisions[0]).toMatchObject({
      observed: 'TRAINED',
      action: 'none',
    });
    const hosted = emulator.history().find((h) => h.project === 'circuit-boards');
    const statuses = hosted?.events.map((c) => `${new Date(c.at).toISOString().slice(11, 16)} ${c.status}`);
    expect(statuses).toEqual([
      '00:00 TRAINED',
      '03:45 STARTING_HOSTING',
      '03:55 HOSTED',
      '20:00 STOPPING_HOSTING',
      '20:01 TRAINED',
    ]);
  });

  it('puts the request id and the function name on every log line, and logs each decision', () => {
    for (const [run, fn] of [
      [open, 'open'],
      [close, 'close'],
      ...verifies.map((v) => [v, 'verify'] as const),
    ] as const) {
      expectEveryLogLineTagged(run, fn);
    }
    expect(open.logs).toContainEqual(
      expect.objectContaining({
        message: 'decision',
        model: 'circuit-boards:3',
        action: 'start',
        level: 'info',
      }),
    );
    expect(sns.published).toEqual([]);
  });
});

describe('bundled handlers: a start that keeps failing (night-shift:1, America/Chicago)', () => {
  // Monday 2026-03-30 22:00 CDT less 15 min lead = 2026-03-31T02:45Z.
  let open: Invocation;
  let verifies: Invocation[];

  beforeAll(async () => {
    emulator.setFaults({ hostingFailures: { count: 3, project: 'night-shift', version: '1' } });
    open = await invoke('open', [edgeEvent('open', '2026-03-31T02:45:00Z')]);
    verifies = await runTimers(Date.parse('2026-03-31T05:00:00Z'));
  }, 120_000);

  it('retries with a new token per attempt, then alerts once', () => {
    expect(open.results[0]?.decisions[0]).toMatchObject({ model: 'night-shift:1', action: 'start' });
    const tokens = calls('StartModel', 'night-shift').map((c) => c.clientToken);
    expect(tokens).toHaveLength(3);
    expect(new Set(tokens).size).toBe(3);
    expect(tokens.map((t) => t?.split('-')[2])).toEqual(['a1', 'a2', 'a3']);
    expect(verifies.flatMap((v) => v.errors)).toEqual([]);
    expect(sns.published).toHaveLength(1);
  });

  it('publishes an SNS message whose subject and JSON body say what failed and where', () => {
    const message = sns.published[0];
    expect(message?.violations).toEqual([]);
    expect(violations(loadModel('sns'), 'com.amazonaws.sns#PublishInput', message?.params)).toEqual([]);
    const params = message?.params as Json;
    expect(params.TopicArn).toBe(`arn:aws:sns:us-east-1:${ACCOUNT}:lvsched-test-AlertTopic-ABC123`);
    expect(params.Subject.length).toBeLessThanOrEqual(100);
    expect(params.Subject).toContain('start-failed');
    expect(params.Subject).toContain('night-shift:1');
    const body = JSON.parse(params.Message);
    const last = calls('StartModel', 'night-shift').at(-1);
    expect(body).toMatchObject({
      cause: 'start-failed',
      model: 'night-shift:1',
      project: 'night-shift',
      version: '1',
      window: { open: '2026-03-31T02:45:00.000Z', close: '2026-03-31T11:00:00.000Z' },
      status: 'HOSTING_FAILED',
      statusMessage: expect.any(String),
      clientToken: last?.clientToken,
      attempt: 3,
    });
    expect(params.MessageAttributes.cause).toEqual({ DataType: 'String', StringValue: 'start-failed' });
    const failures = verifies.flatMap((v) => v.metrics).reduce((n, m) => n + (m.Failures ?? 0), 0);
    expect(failures).toBeGreaterThanOrEqual(1);
  });
});

describe('bundled handlers: duplicate deliveries', () => {
  // Saturday 2026-04-04: circuit-boards opens 08:00 CEST less 15 min = 05:45Z.
  let first: Invocation;
  let again: Invocation;

  beforeAll(async () => {
    const event = edgeEvent('open', '2026-04-04T05:45:00Z');
    first = await invoke('open', [event, { ...event, attempt: '2' }]); // a retry, warm
    again = await invoke('open', [event]); // and once more, cold
  }, 120_000);

  it('starts the model once, however often the open event arrives', () => {
    const starts = calls('StartModel', 'circuit-boards').filter((c) =>
      c.clientToken?.startsWith('open-20260404t0545z'),
    );
    expect(starts).toHaveLength(1);
    expect(first.results.map((r) => r.decisions[0].action)).toEqual(['start', 'wait']);
    expect(again.results[0]?.decisions[0]).toMatchObject({ observed: 'STARTING_HOSTING', action: 'wait' });
  });

  it('acts once on a verify event delivered twice: the repeat finds the step claimed and skips it', async () => {
    const key = [...scheduler.schedules.keys()].find((k) => k.includes('20260404t0550'));
    expect(key).toBeDefined();
    const event = scheduler.fire(key as string);
    const before = scheduler.requests.length;
    const observed = emulator.callLog().length;
    const twice = await invoke('verify', [event, event]);
    expect(twice.errors).toEqual([]);
    expect(twice.results.map((r) => r.decisions.map((d: Json) => d.action))).toEqual([['wait'], []]);
    expect(twice.logs).toContainEqual(
      expect.objectContaining({ message: 'verify timer already handled by another delivery: skipped' }),
    );
    // One observation, one next timer.
    expect(emulator.callLog().length - observed).toBe(1);
    expect(scheduler.requests.slice(before).map((r) => r.status)).toEqual([200]);
  });
});

/** What the open bundle writes to stderr when its cold start, in `env`, fails (no event is handled). */
function coldStartStderr(env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise<string>((resolve) => {
    execFile(
      process.execPath,
      [join(ROOT, 'test/handlers/invokeBundle.mjs'), bundles.open, '[]', 'x'],
      { env },
      (_error, _out, err) => resolve(err),
    );
  });
}

describe('bundled handlers: reconcile and bad input', () => {
  it('reconciles every model at the scheduled time and reports hosted-outside-window minutes', async () => {
    // 2026-04-04 09:30Z: circuit-boards (Sat 08:00-12:00 CEST) is inside its window; the others are not.
    const run = await invoke('reconcile', [
      {
        source: 'lvsched',
        kind: 'reconcile',
        schedule: 'reconcile',
        scheduledTime: '2026-04-04T09:30:00Z',
        attempt: '1',
      },
    ]);
    expect(run.errors).toEqual([]);
    const byModel = Object.fromEntries(run.results[0]?.decisions.map((d: Json) => [d.model, d.desired]));
    expect(byModel).toEqual({ 'circuit-boards:3': 'hosted', 'night-shift:1': 'stopped', pilot: 'stopped' });
    expect(run.metrics[0]).toMatchObject({ Function: 'reconcile', HostedOutsideWindowMinutes: 0 });
    expectEveryLogLineTagged(run, 'reconcile');
  });

  it("leaves an opening in the pass's own minute to the edge, unlisted, and acts once when the pass comes twice at once", async () => {
    // Saturday 2026-04-11 05:45Z: circuit-boards' opening (08:00 CEST less 15 min) and a reconcile
    // pass fall in the same minute. Scheduler delivers the pass twice, to two new containers at once.
    const pass = '2026-04-11T05:45:00Z';
    const event = {
      source: 'lvsched',
      kind: 'reconcile',
      schedule: 'reconcile',
      scheduledTime: pass,
      attempt: '1',
    };
    const since = (operation: string, project: string) =>
      calls(operation, project).filter((c) => c.at >= Date.parse(pass));
    const runs = await Promise.all([
      invoke('reconcile', [event], Date.parse(pass) + 7_000),
      invoke('reconcile', [event], Date.parse(pass) + 7_000),
    ]);
    for (const run of runs) expect(run.errors).toEqual([]);
    const [acted, skipped] = [...runs].sort(
      (a, b) => (b.results[0]?.decisions.length ?? 0) - (a.results[0]?.decisions.length ?? 0),
    );
    expect(skipped?.results[0]?.decisions).toEqual([]);
    const boards = acted?.results[0]?.decisions.find((d: Json) => d.model === 'circuit-boards:3');
    expect(boards).toMatchObject({ desired: 'hosted', observed: 'UNKNOWN', action: 'wait' });
    expect(boards?.reason).toMatch(/left to it \(not observed\)/);
    // Its project was not listed (the edge's starts keep the quota); the others were, once.
    expect(since('ListModels', 'circuit-boards')).toEqual([]);
    expect(since('ListModels', 'night-shift')).toHaveLength(1);
    expect(since('StartModel', 'circuit-boards')).toEqual([]);
  });

  it('dead-letters an event of the wrong kind or without a scheduled time at once, without an exception', async () => {
    const before = sqs.sent.length;
    const run = await invoke('close', [
      edgeEvent('close', '2026-04-04T10:31:00Z'),
      { ...edgeEvent('open', '2026-04-04T10:31:00Z') },
      { source: 'lvsched', kind: 'close', scheduledTime: '<aws.scheduler.scheduled-time>' },
    ]);
    expect(run.errors).toEqual([]);
    expect(run.results.map((r) => r.rejected)).toEqual([
      null,
      expect.stringContaining('handles "close" events'),
      expect.stringContaining('scheduledTime'),
    ]);
    expect(run.logs.filter((l) => l.level === 'error')).toHaveLength(2);
    const letters = sqs.sent.slice(before);
    expect(letters).toHaveLength(2);
    for (const l of letters) {
      expect(l.queueUrl).toBe(DEAD_LETTER_URL);
      expect(l.signed).toBe(true);
      expect(l.body).toMatchObject({ source: 'lvsched', function: 'close', reason: expect.any(String) });
    }
    expect(letters[1]?.body.event).toEqual({
      source: 'lvsched',
      kind: 'close',
      scheduledTime: '<aws.scheduler.scheduled-time>',
    });
  });

  it('fails at cold start with the name of a missing environment variable', async () => {
    const env = lambdaEnv('open');
    delete env.ALERT_TOPIC_ARN;
    const stderr = await coldStartStderr(env);
    expect(stderr).toContain('Environment variable ALERT_TOPIC_ARN is required');
  });

  it('fails at cold start on a pace that is not a number in (0, 100], as the CLI does', async () => {
    const env = { ...lambdaEnv('open'), LVSCHED_REQUESTS_PER_SECOND: 'fast' };
    const stderr = await coldStartStderr(env);
    expect(stderr).toContain(
      'Environment variable LVSCHED_REQUESTS_PER_SECOND must be a number in (0, 100], not fast',
    );
  });
});

describe('bundled verify: every timer kind the engine can create round-trips', () => {
  // Monday 2026-04-06 05:00Z: circuit-boards (06:00-22:00 CEST less 15 min) is in its window.
  const t0 = Date.parse('2026-04-06T05:00:00Z');
  const model = 'circuit-boards:3';
  /** One payload per op: the Record makes a new op a type error here until it has a case. */
  const cases: { [Op in TimerPayload['op']]: Extract<TimerPayload, { op: Op }> } = {
    'verify-start': {
      op: 'verify-start',
      model,
      anchor: t0 - 15 * 60_000,
      slot: 0,
      attempt: 1,
      startedAt: t0 - 15 * 60_000,
      deadline: t0 + 15 * 60_000,
      check: 0,
    },
    'verify-stop': {
      op: 'verify-stop',
      model,
      anchor: t0 - 60_000,
      slot: 0,
      attempt: 1,
      stoppedAt: t0 - 60_000,
      deadline: t0 + 9 * 60_000,
      check: 0,
    },
    retry: { op: 'retry', model, action: 'start', anchor: t0 - 15 * 60_000, slot: 0, attempt: 1, try: 1 },
    recheck: { op: 'recheck', model, reason: 'ThrottlingException', try: 1 },
    reconcile: { op: 'reconcile', pass: t0 - 60_000, from: 1 },
  };

  it('has a case for every op of the one timer schema', () => {
    const ops = timerPayloadSchema.options.map((o) => o.shape.op.value);
    expect(Object.keys(cases).sort()).toEqual([...ops].sort());
  });

  it.each(Object.keys(cases))(
    'writes a %s timer through the schema and the verify bundle reads and decides it',
    async (op) => {
      const payload = cases[op as TimerPayload['op']];
      // Set a minute late (as a late verify handler would): it fires a minute after `now`, never in the past.
      const timer = timerSchedule(t0, payload, t0 + 30_000);
      expect(timer.fireAt).toBe(t0 + 90_000);
      expect(timer.name).toBe(timerName(t0, payload));
      const event = JSON.parse(
        timer.input.replaceAll(
          '<aws.scheduler.scheduled-time>',
          `${new Date(timer.fireAt).toISOString().slice(0, 19)}Z`,
        ),
      );
      const before = sqs.sent.length;
      const run = await invoke('verify', [event], timer.fireAt + 5_000);
      expect(run.errors).toEqual([]);
      expect(run.results[0]?.rejected).toBeNull();
      expect(run.results[0]?.decisions.length).toBeGreaterThan(0);
      if ('model' in payload) expect(run.results[0]?.decisions[0]).toMatchObject({ model });
      expect(sqs.sent.length).toBe(before);
    },
    60_000,
  );
});

describe('bundled handlers: events against now (circuit-boards is closed on 2026-12-24)', () => {
  // Thursday 2026-12-24 is in circuit-boards' closedOn; its ordinary opening would be 04:45Z.
  const today = Date.parse('2026-12-24T05:00:00Z');
  const startsSince = (instant: number) =>
    calls('StartModel', 'circuit-boards').filter((c) => c.at >= instant);
  const reconcileEvent = (scheduledTime: string): Json => ({
    source: 'lvsched',
    kind: 'reconcile',
    schedule: 'reconcile',
    scheduledTime,
    attempt: '1',
  });
  const verifyEvent = (scheduledTime: string, payload: Json): Json => ({
    source: 'lvsched',
    kind: 'verify',
    at: scheduledTime,
    scheduledTime,
    payload,
  });

  it('decides an open event replayed from last week for now: nothing is started', async () => {
    const run = await invoke('open', [edgeEvent('open', '2026-12-17T04:45:00Z')], today);
    expect(run.errors).toEqual([]);
    expect(run.results[0]?.rejected).toBeNull();
    expect(Date.parse(run.results[0]?.decidedFor) - today).toBeGreaterThanOrEqual(0);
    expect(Date.parse(run.results[0]?.decidedFor) - today).toBeLessThan(30_000);
    expect(run.results[0]?.latenessMs).toBeGreaterThan(6 * 86_400_000);
    for (const d of run.results[0]?.decisions ?? []) expect(d.action).not.toBe('start');
    expect(run.logs).toContainEqual(
      expect.objectContaining({ level: 'warn', latenessMs: expect.any(Number) }),
    );
    expect(run.metrics[0]?.EventLateness).toBeGreaterThan(6 * 86_400_000);
    expect(startsSince(today)).toEqual([]);
  });

  it.each([
    ['an open event dated tomorrow', 'open', edgeEvent('open', '2026-12-25T04:45:00Z'), /in the future/],
    [
      'a reconcile event dated tomorrow',
      'reconcile',
      reconcileEvent('2026-12-25T05:00:00Z'),
      /in the future/,
    ],
    ['a scheduledTime of year -1', 'open', edgeEvent('open', '-000001-12-24T04:45:00Z'), /1970-2199/],
    ['a scheduledTime of year 2200', 'reconcile', reconcileEvent('2200-01-01T00:00:00Z'), /1970-2199/],
    [
      'a verify payload with anchor "abc"',
      'verify',
      verifyEvent('2026-12-24T04:59:00Z', { ...cases(), anchor: 'abc' }),
      /anchor/,
    ],
    [
      'a verify payload with attempt -1000',
      'verify',
      verifyEvent('2026-12-24T04:59:00Z', { ...cases(), attempt: -1000 }),
      /attempt/,
    ],
    [
      'a verify payload of an unknown op',
      'verify',
      verifyEvent('2026-12-24T04:59:00Z', { ...cases(), op: 'explode' }),
      /op/,
    ],
  ] as const)(
    'dead-letters %s at once, without an exception or a start',
    async (_what, fn, event, reason) => {
      const before = sqs.sent.length;
      const run = await invoke(fn, [event], today);
      expect(run.errors).toEqual([]);
      expect(run.results[0]?.rejected).toMatch(reason);
      expect(run.results[0]?.decisions).toEqual([]);
      expect(sqs.sent.slice(before).map((l) => l.body.reason)).toEqual([run.results[0]?.rejected]);
      expect(run.metrics[0]).toMatchObject({ DeadLettered: 1 });
      expect(startsSince(today)).toEqual([]);
    },
  );

  it('decides an old verify timer delivered today for now: nothing is started', async () => {
    const old = Date.parse('2026-12-17T04:45:00Z');
    const payload = {
      ...cases(),
      anchor: old,
      startedAt: old,
      deadline: old + 30 * 60_000,
    };
    const run = await invoke('verify', [verifyEvent('2026-12-17T04:50:00Z', payload)], today);
    expect(run.errors).toEqual([]);
    expect(run.results[0]?.rejected).toBeNull();
    expect(Date.parse(run.results[0]?.decidedFor) - today).toBeGreaterThanOrEqual(0);
    expect(Date.parse(run.results[0]?.decidedFor) - today).toBeLessThan(30_000);
    for (const d of run.results[0]?.decisions ?? []) expect(d.action).not.toBe('start');
    expect(startsSince(today)).toEqual([]);
  });

  /** A valid verify-start payload for circuit-boards (the tests above break one member each). */
  function cases(): Json {
    const anchor = Date.parse('2026-12-24T04:45:00Z');
    return {
      op: 'verify-start',
      model: 'circuit-boards:3',
      anchor,
      slot: 0,
      attempt: 1,
      startedAt: anchor,
      deadline: anchor + 30 * 60_000,
      check: 0,
    };
  }
});
