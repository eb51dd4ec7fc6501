import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLambdaEnv, readRequestsPerSecond } from '../../src/aws/lambdaEnv.js';
import { type EmulatorHandle, startEmulator } from '../../src/emulator/index.js';
import { localAdapters } from '../../src/runtime/localAdapters.js';
import { emulatorEnv, lvschedProcess } from './helpers.js';

const lambdaVariables = {
  AWS_REGION: 'eu-west-1',
  VERIFY_FUNCTION_ARN: 'arn:aws:lambda:eu-west-1:123456789012:function:verify',
  SCHEDULER_ROLE_ARN: 'arn:aws:iam::123456789012:role/scheduler',
  VERIFY_GROUP_NAME: 'verify',
  DEAD_LETTER_ARN: 'arn:aws:sqs:eu-west-1:123456789012:dead',
  DEAD_LETTER_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/dead',
  ALERT_TOPIC_ARN: 'arn:aws:sns:eu-west-1:123456789012:alerts',
  ALERT_TABLE_NAME: 'alerts',
};

describe('LVSCHED_REQUESTS_PER_SECOND, read one way by the functions and the CLI', () => {
  it.each([
    [undefined, 4],
    ['', 4],
    ['2.5', 2.5],
    ['100', 100],
  ])('reads %j as %d calls per second in both', (text, expected) => {
    const env = text === undefined ? {} : { LVSCHED_REQUESTS_PER_SECOND: text };
    expect(readRequestsPerSecond(env)).toBe(expected);
    expect(localAdapters(env).pace.requestsPerSecond).toBe(expected);
    expect(readLambdaEnv({ ...lambdaVariables, ...env }).requestsPerSecond).toBe(expected);
  });

  it.each(['abc', '0', '-1', '101', 'Infinity'])('rejects %j in both, naming the variable', (text) => {
    const env = { LVSCHED_REQUESTS_PER_SECOND: text };
    const message = `Environment variable LVSCHED_REQUESTS_PER_SECOND must be a number in (0, 100], not ${text}`;
    expect(() => localAdapters(env)).toThrow(message);
    expect(() => readLambdaEnv({ ...lambdaVariables, ...env })).toThrow(message);
  });
});

describe('lvsched reconcile with a bad LVSCHED_REQUESTS_PER_SECOND', () => {
  let emulator: EmulatorHandle;
  beforeAll(async () => {
    emulator = await startEmulator({ models: [{ project: 'circuit-boards', version: '3' }] });
  });
  afterAll(async () => {
    await emulator.close();
  });

  it('exits 1 with one line naming the variable, before any call', async () => {
    const r = await lvschedProcess(['reconcile', '--at', '2026-12-01T09:00:00+01:00'], {
      ...emulatorEnv(emulator.endpoint),
      LVSCHED_REQUESTS_PER_SECOND: 'fast',
    });
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(
      'Environment variable LVSCHED_REQUESTS_PER_SECOND must be a number in (0, 100], not fast',
    );
    expect(r.stdout).toBe('');
    expect(emulator.callLog()).toHaveLength(0);
  });
});
