/** Verify chains: what the check after a start or a stop decides, from the timer it set. */
import { describe, expect, it } from 'vitest';
import { decideVerifyStart, decideVerifyStop } from '../../src/control/decideVerify.js';
import {
  CLOSE,
  closeToken,
  MINUTE,
  MODEL,
  OPEN,
  observed,
  openToken,
  SETTINGS,
  startPayload,
  stopPayload,
} from './fixtures.js';

describe('verifying a start', () => {
  it('is done when the model is HOSTED, and reports the start latency', () => {
    const d = decideVerifyStart(MODEL, OPEN + 10 * MINUTE, observed('HOSTED'), startPayload(), SETTINGS);
    expect([d.action, d.alerts, d.timers]).toEqual(['none', [], []]);
    expect(d.metrics).toEqual({ startLatencyMs: 10 * MINUTE });
  });

  it.each([
    [0, 5, 8],
    [1, 8, 10],
    [2, 10, 12],
    [5, 20, 22],
  ])(
    'checks again while STARTING_HOSTING before the deadline (check %i at +%i min: next at +%i)',
    (check, now, next) => {
      const d = decideVerifyStart(
        MODEL,
        OPEN + now * MINUTE,
        observed('STARTING_HOSTING'),
        startPayload({ check }),
        SETTINGS,
      );
      expect(d.action).toBe('wait');
      expect(d.alerts).toEqual([]);
      expect(d.timers).toEqual([{ at: OPEN + next * MINUTE, payload: startPayload({ check: check + 1 }) }]);
    },
  );

  it('alerts not-hosted-by-deadline once STARTING_HOSTING reaches the deadline', () => {
    const before = decideVerifyStart(
      MODEL,
      OPEN + 30 * MINUTE - 1,
      observed('STARTING_HOSTING'),
      startPayload(),
      SETTINGS,
    );
    expect(before.action).toBe('wait');
    const d = decideVerifyStart(
      MODEL,
      OPEN + 30 * MINUTE,
      observed('STARTING_HOSTING'),
      startPayload(),
      SETTINGS,
    );
    expect(d.action).toBe('leave');
    expect(d.timers).toEqual([]);
    expect(d.alerts.map((a) => [a.cause, a.attempt, a.key])).toEqual([
      ['not-hosted-by-deadline', 1, `m|not-hosted-by-deadline|${OPEN}`],
    ]);
  });

  it.each([
    ['HOSTING_FAILED', 1, 0, 'a2'],
    ['HOSTING_FAILED', 2, 0, 'a3'],
    ['HOSTING_FAILED', 1, 5, 'r5a2'],
    ['TRAINED', 1, 0, 'a2'],
  ] as const)(
    'retries %s after attempt %i (slot %i) with a new token, cause %s',
    (status, attempt, slot, cause) => {
      const now = OPEN + 10 * MINUTE;
      const d = decideVerifyStart(MODEL, now, observed(status), startPayload({ attempt, slot }), SETTINGS);
      expect(d.action).toBe('start');
      expect(d.alerts).toEqual([]);
      expect(d.clientToken).toBe(openToken(cause));
      expect(d.clientToken).not.toBe(openToken(slot === 0 ? `a${attempt}` : `r${slot}a${attempt}`));
      expect(d.attempt).toBe(attempt + 1);
      expect(d.units).toEqual({ min: 1, max: 3 });
      expect(d.timers).toEqual([
        {
          at: now + 5 * MINUTE,
          payload: startPayload({
            attempt: attempt + 1,
            slot,
            startedAt: now,
            deadline: now + 30 * MINUTE,
            check: 0,
          }),
        },
      ]);
    },
  );

  it('alerts start-failed once the last attempt ends in HOSTING_FAILED, and starts no more', () => {
    const d = decideVerifyStart(
      MODEL,
      OPEN + 30 * MINUTE,
      observed('HOSTING_FAILED', 'capacity'),
      startPayload({ attempt: SETTINGS.maxStartAttempts }),
      SETTINGS,
    );
    expect(d.action).toBe('leave');
    expect(d.clientToken).toBeNull();
    expect(d.timers).toEqual([]);
    expect(d.alerts.map((a) => [a.cause, a.attempt, a.status, a.key])).toEqual([
      ['start-failed', 3, 'HOSTING_FAILED', `m|start-failed|${OPEN}`],
    ]);
    expect(d.alerts[0]?.message).toContain('capacity');
  });

  it('stops verifying once the window has closed', () => {
    const d = decideVerifyStart(MODEL, CLOSE + MINUTE, observed('HOSTING_FAILED'), startPayload(), SETTINGS);
    expect([d.action, d.alerts, d.timers]).toEqual(['none', [], []]);
  });

  it.each([
    ['NOT_FOUND', 'leave', ['model-not-found'], []],
    ['SYSTEM_UPDATING', 'leave', ['model-unavailable'], []],
    ['STOPPING_HOSTING', 'wait', [], ['recheck']],
  ] as const)('answers %s with %s', (status, action, alerts, timers) => {
    const d = decideVerifyStart(MODEL, OPEN + 5 * MINUTE, observed(status), startPayload(), SETTINGS);
    expect(d.action).toBe(action);
    expect(d.alerts.map((a) => a.cause)).toEqual(alerts);
    expect(d.timers.map((t) => t.payload.op)).toEqual(timers);
  });
});

describe('verifying a stop', () => {
  it.each(['TRAINED', 'HOSTING_FAILED'] as const)(
    'is done once the model is %s, with the stop latency',
    (status) => {
      const d = decideVerifyStop(MODEL, CLOSE + 90_000, observed(status), stopPayload(), SETTINGS);
      expect([d.action, d.alerts, d.timers]).toEqual(['none', [], []]);
      expect(d.metrics).toEqual({ stopLatencyMs: 90_000 });
    },
  );

  it('checks again while STOPPING_HOSTING before the deadline', () => {
    const d = decideVerifyStop(MODEL, CLOSE + 90_000, observed('STOPPING_HOSTING'), stopPayload(), SETTINGS);
    expect(d.action).toBe('wait');
    expect(d.timers).toEqual([{ at: CLOSE + 150_000, payload: stopPayload({ check: 1 }) }]);
  });

  it('alerts stop-failed when still STOPPING_HOSTING at the deadline', () => {
    const d = decideVerifyStop(
      MODEL,
      CLOSE + 10 * MINUTE,
      observed('STOPPING_HOSTING'),
      stopPayload({ check: 7 }),
      SETTINGS,
    );
    expect(d.action).toBe('leave');
    expect(d.alerts.map((a) => [a.cause, a.key])).toEqual([['stop-failed', `m|stop-failed|${CLOSE}`]]);
  });

  it.each([
    ['HOSTED', 1, 'a2'],
    ['HOSTED', 2, 'a3'],
    ['STARTING_HOSTING', 1, 'a2'],
  ] as const)('stops again when still %s after attempt %i, with token cause %s', (status, attempt, cause) => {
    const now = CLOSE + 90_000;
    const d = decideVerifyStop(MODEL, now, observed(status), stopPayload({ attempt }), SETTINGS);
    expect(d.action).toBe('stop');
    expect(d.clientToken).toBe(closeToken(cause));
    expect(d.attempt).toBe(attempt + 1);
    expect(d.alerts).toEqual([]);
    expect(d.timers).toEqual([
      {
        at: now + 90_000,
        payload: stopPayload({ attempt: attempt + 1, stoppedAt: now, deadline: now + 10 * MINUTE }),
      },
    ]);
  });

  it('alerts stop-failed when the model is still HOSTED after the last stop attempt', () => {
    const d = decideVerifyStop(
      MODEL,
      CLOSE + 5 * MINUTE,
      observed('HOSTED'),
      stopPayload({ attempt: SETTINGS.maxStopAttempts }),
      SETTINGS,
    );
    expect(d.action).toBe('leave');
    expect(d.clientToken).toBeNull();
    expect(d.alerts.map((a) => [a.cause, a.attempt, a.status])).toEqual([['stop-failed', 3, 'HOSTED']]);
  });

  it('stops verifying once the next window has opened', () => {
    const d = decideVerifyStop(MODEL, OPEN + 24 * 60 * MINUTE, observed('HOSTED'), stopPayload(), SETTINGS);
    expect([d.action, d.alerts, d.timers]).toEqual(['none', [], []]);
  });
});
