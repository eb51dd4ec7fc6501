import { describe, expect, it } from 'vitest';
import { EmfMetrics, emfDocument } from '../../src/aws/emfMetrics.js';
import { EnvironmentError, readLambdaEnv } from '../../src/aws/lambdaEnv.js';
import { timerName } from '../../src/aws/schedulerTimers.js';
import { alertBody, alertSubject, SnsAlerts } from '../../src/aws/snsAlerts.js';
import type { Alert, TimerPayload } from '../../src/ports.js';
import { modelsWithEdge } from '../../src/runtime/modelsWithEdge.js';
import { EventError, parseSchedulerEvent } from '../../src/runtime/schedulerEvent.js';
import { parse } from '../deploy/helpers.js';

const payload: TimerPayload = {
  op: 'verify-start',
  model: 'circuit-boards:3',
  anchor: Date.parse('2026-03-30T03:45:00Z'),
  slot: 0,
  attempt: 1,
  startedAt: Date.parse('2026-03-30T03:45:00Z'),
  deadline: Date.parse('2026-03-30T04:15:00Z'),
  check: 0,
};

const alert: Alert = {
  key: 'circuit-boards:3|start-failed|1774842300000',
  at: Date.parse('2026-03-30T04:15:00Z'),
  cause: 'start-failed',
  model: 'circuit-boards:3',
  ref: { region: 'us-east-1', project: 'circuit-boards', version: '3' },
  window: { open: Date.parse('2026-03-30T03:45:00Z'), close: Date.parse('2026-03-30T20:00:00Z') },
  message: 'circuit-boards:3 did not start after 3 attempts',
  status: 'HOSTING_FAILED',
  statusMessage: 'insufficient capacity',
  clientToken: 'open-20260330t0345z-a3-0123456789abcdef01234567',
  attempt: 3,
};

describe('Scheduler events', () => {
  it('reads the scheduled time of an edge event as the instant', async () => {
    const e = await parseSchedulerEvent(
      { source: 'lvsched', kind: 'open', schedule: 's', scheduledTime: '2026-03-30T03:45:00Z', attempt: '2' },
      'open',
    );
    expect(e).toEqual({
      kind: 'open',
      scheduledTime: Date.parse('2026-03-30T03:45:00Z'),
      schedule: 's',
      attempt: 2,
      payload: null,
      intendedAt: null,
    });
  });

  it.each([
    [null, 'open', /not an object/],
    [{ kind: 'close', scheduledTime: '2026-03-30T03:45:00Z' }, 'open', /handles "open" events/],
    [{ kind: 'open', scheduledTime: '<aws.scheduler.scheduled-time>' }, 'open', /not an ISO-8601 instant/],
    [
      { kind: 'verify', scheduledTime: '2026-03-30T03:45:00Z', payload: { op: 'explode' } },
      'verify',
      /payload/,
    ],
    [{ kind: 'open', scheduledTime: '-000001-12-24T04:45:00Z' }, 'open', /1970-2199/],
    [{ kind: 'open', scheduledTime: '1969-12-31T23:59:59Z' }, 'open', /1970-2199/],
    [{ kind: 'open', scheduledTime: '2026-03-30T03:45:00Z', attempt: '-1' }, 'open', /attempt/],
    [
      { kind: 'verify', scheduledTime: '2026-03-30T03:45:00Z', payload: { ...payload, anchor: 'abc' } },
      'verify',
      /anchor/,
    ],
    [
      { kind: 'verify', scheduledTime: '2026-03-30T03:45:00Z', payload: { ...payload, attempt: -1000 } },
      'verify',
      /attempt/,
    ],
  ] as const)('rejects %j for %s', async (event, kind, message) => {
    await expect(parseSchedulerEvent(event, kind)).rejects.toThrow(EventError);
    await expect(parseSchedulerEvent(event, kind)).rejects.toThrow(message);
  });
});

describe('models with an edge', () => {
  const schedule = parse(
    'version: 1\nmodels:\n  - { project: a, version: "1", timezone: Europe/Berlin, leadTime: 90s, windows: [{ days: Mon, open: "06:00", close: "14:00" }] }\n  - { project: b, version: "1", timezone: Europe/Berlin, windows: [{ days: Mon, open: "06:00", close: "14:00" }] }\n',
  );

  it('finds an opening whose lead time has seconds in the minute before the firing', () => {
    // 06:00 CEST less 90 s = 03:58:30Z: the cron fires at 03:59.
    expect(modelsWithEdge(schedule, 'open', Date.parse('2026-03-30T03:59:00Z'))).toEqual(['a:1']);
    expect(modelsWithEdge(schedule, 'open', Date.parse('2026-03-30T04:00:00Z'))).toEqual(['b:1']);
    expect(modelsWithEdge(schedule, 'close', Date.parse('2026-03-30T12:00:00Z'))).toEqual(['a:1', 'b:1']);
  });

  it('finds none for an extra firing of a merged cron', () => {
    expect(modelsWithEdge(schedule, 'open', Date.parse('2026-03-30T04:30:00Z'))).toEqual([]);
    expect(modelsWithEdge(schedule, 'open', Date.parse('2026-03-31T04:00:00Z'))).toEqual([]);
  });
});

describe('Lambda environment', () => {
  const complete = {
    AWS_REGION: 'us-east-1',
    VERIFY_FUNCTION_ARN: 'arn:aws:lambda:us-east-1:123456789012:function:v',
    SCHEDULER_ROLE_ARN: 'arn:aws:iam::123456789012:role/r',
    VERIFY_GROUP_NAME: 'g',
    DEAD_LETTER_ARN: 'arn:aws:sqs:us-east-1:123456789012:q',
    ALERT_TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:t',
    DEAD_LETTER_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/q',
    ALERT_TABLE_NAME: 'lvsched-test-alerts',
  };

  it('is read once into a frozen config', () => {
    const env = readLambdaEnv(complete);
    expect(Object.isFrozen(env)).toBe(true);
    expect(env).toMatchObject({
      region: 'us-east-1',
      metricsNamespace: 'LookoutVisionScheduler',
      scheduleFile: null,
    });
  });

  it.each(Object.keys(complete))('names %s when it is missing', (name) => {
    const env: Record<string, string> = { ...complete };
    delete env[name];
    expect(() => readLambdaEnv(env)).toThrow(new EnvironmentError(name));
    expect(() => readLambdaEnv(env)).toThrow(`Environment variable ${name} is required`);
  });
});

describe('verify timer names', () => {
  it('are the same for the same payload and instant, different otherwise, and valid Scheduler names', () => {
    const at = Date.parse('2026-03-30T03:50:00Z');
    const name = timerName(at, payload);
    expect(name).toMatch(/^[0-9a-zA-Z-_.]{1,64}$/);
    expect(name).toBe(timerName(at, { ...payload }));
    expect(name).toBe(timerName(at - 200, payload)); // rounded up to the same second
    expect(name).not.toBe(timerName(at, { ...payload, check: 1 }));
    expect(name).not.toBe(timerName(at + 60_000, payload));
  });
});

describe('SNS alerts', () => {
  it('have an ASCII subject under 100 characters naming the cause and the model', () => {
    expect(alertSubject(alert)).toBe('[lvsched] start-failed: circuit-boards:3, window 2026-03-30 03:45Z');
    const long = alertSubject({ ...alert, model: `Prüfstand-${'x'.repeat(200)}` });
    expect(long.length).toBeLessThan(100);
    expect(long).toMatch(/^[\x20-\x7e]+$/);
  });

  it('have a JSON body with model, window, cause, status message, token and attempt', () => {
    expect(alertBody(alert)).toMatchObject({
      model: 'circuit-boards:3',
      window: { open: '2026-03-30T03:45:00.000Z', close: '2026-03-30T20:00:00.000Z' },
      cause: 'start-failed',
      statusMessage: 'insufficient capacity',
      clientToken: alert.clientToken,
      attempt: 3,
    });
  });

  it('publish one message per call (repeats are kept out by the alert ledger in front)', async () => {
    const sent: unknown[] = [];
    const alerts = new SnsAlerts(
      { publish: async (input) => sent.push(input) },
      'arn:aws:sns:us-east-1:123456789012:t',
    );
    await alerts.send(alert);
    await alerts.send({ ...alert, key: `${alert.key}|2` });
    expect(sent).toHaveLength(2);
  });
});

describe('EMF metrics', () => {
  it('write one JSON line with the CloudWatch metadata and the values', () => {
    const lines: string[] = [];
    new EmfMetrics('NS', { Function: 'open' }, (l) => lines.push(l)).emit(1_000, [
      { name: 'Starts', unit: 'Count', value: 2 },
      { name: 'StartLatency', unit: 'Milliseconds', value: [] },
    ]);
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      emfDocument('NS', 1_000, { Function: 'open' }, [{ name: 'Starts', unit: 'Count', value: 2 }]),
    ]);
    expect(JSON.parse(lines[0] as string)).toEqual({
      _aws: {
        Timestamp: 1_000,
        CloudWatchMetrics: [
          { Namespace: 'NS', Dimensions: [['Function']], Metrics: [{ Name: 'Starts', Unit: 'Count' }] },
        ],
      },
      Function: 'open',
      Starts: 2,
    });
  });
});
