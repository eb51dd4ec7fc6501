/**
 * Issue 7, parts 4, 9 and 12 as pure decisions: windows too short to start, the start attempts
 * of a window and the slow tries after them, a model found failed in mid-window, stuck states a
 * pass alerts, and `version: latest`.
 */
import { describe, expect, it } from 'vitest';
import { decideModel } from '../../src/control/decideModel.js';
import { decideReconcile, observedIn } from '../../src/control/decideReconcile.js';
import { decideVerifyStart } from '../../src/control/decideVerify.js';
import { isSlowRetry, nextSlowRetry } from '../../src/control/slowRetry.js';
import type { ObservedModel } from '../../src/ports.js';
import type { ModelSchedule } from '../../src/schedule/types.js';
import {
  at,
  CLOSE,
  MINUTE,
  MODEL,
  OPEN,
  observed,
  onlyModel,
  SETTINGS,
  scheduleOf,
  startPayload,
} from './fixtures.js';

const modelWith = (windows: string, version = '1'): ModelSchedule =>
  onlyModel(
    scheduleOf(
      `version: 1\nmodels:\n  - { id: m, project: line-a, version: "${version}", region: us-east-1, windows: ${windows} }\n`,
    ),
  );

describe('a window too short to reach HOSTED', () => {
  it.each([
    ['10:00-10:05', '[{ days: daily, open: "10:00", close: "10:05" }]', at('2026-03-30T10:00:00Z')],
    ['23:59-24:00', '[{ days: daily, open: "23:59", close: "24:00" }]', at('2026-03-30T23:59:00Z')],
    ['10:00-10:29', '[{ days: daily, open: "10:00", close: "10:29" }]', at('2026-03-30T10:00:00Z')],
  ])('is not started (%s), as validate warns', (_name, windows, open) => {
    const model = modelWith(windows);
    for (const status of ['TRAINED', 'HOSTING_FAILED'] as const) {
      const d = decideModel(model, open, observed(status), SETTINGS);
      expect(d.action).toBe('none');
      expect(d.clientToken).toBeNull();
      expect(d.alerts).toEqual([]);
      expect(d.reason).toMatch(/only \d+ min long: not started/);
    }
  });

  it('starts a 30-minute window, and not a long one with less than 10 minutes left', () => {
    const half = modelWith('[{ days: daily, open: "10:00", close: "10:30" }]');
    expect(decideModel(half, at('2026-03-30T10:00:00Z'), observed('TRAINED'), SETTINGS).action).toBe('start');
    expect(decideModel(MODEL, CLOSE - 10 * MINUTE, observed('TRAINED'), SETTINGS).action).toBe('start');
    const late = decideModel(MODEL, CLOSE - 9 * MINUTE, observed('TRAINED'), SETTINGS);
    expect([late.action, late.alerts]).toEqual(['none', []]);
  });
});

describe('HOSTING_FAILED inside a window', () => {
  const hf = observed('HOSTING_FAILED', 'capacity');

  it("makes the opening's own start (a1) in the first period, with no second verify chain", () => {
    const d = decideModel(MODEL, OPEN + 14 * MINUTE, hf, SETTINGS);
    expect(d.action).toBe('start');
    expect(d.clientToken).toBe(decideModel(MODEL, OPEN, hf, SETTINGS).clientToken);
    expect(d.timers).toEqual([]);
    expect(d.alerts).toEqual([]);
  });

  it("leaves it to the opening's verify chain until the attempts' span, without an alert", () => {
    for (const minutes of [15, 30, 45, 60, 75, 89]) {
      const d = decideModel(MODEL, OPEN + minutes * MINUTE, hf, SETTINGS);
      expect([d.action, d.alerts, d.timers]).toEqual(['wait', [], []]);
    }
  });

  it('then tries once per 30 minutes, at a pass, with a token of its own and one verified attempt', () => {
    const tried = [90, 105, 120, 135, 150].map((m) => {
      const d = decideModel(MODEL, OPEN + m * MINUTE, hf, SETTINGS);
      expect(d.alerts).toEqual([]);
      return [m, d.action, d.attempt, d.timers.map((t) => t.payload.op)];
    });
    expect(tried).toEqual([
      [90, 'start', 3, ['verify-start']],
      [105, 'wait', null, []],
      [120, 'start', 3, ['verify-start']],
      [135, 'wait', null, []],
      [150, 'start', 3, ['verify-start']],
    ]);
    expect(decideModel(MODEL, OPEN + 105 * MINUTE, hf, SETTINGS).reason).toContain('from 10:00Z');
  });

  it('gives a model found failed in mid-window (after a deploy) a try of its own, never "attempts are over"', () => {
    const d = decideModel(MODEL, at('2026-03-30T14:00:00Z'), hf, SETTINGS);
    expect(d.action).toBe('start');
    expect(d.clientToken).toMatch(/^open-20260330t0800z-r360a3-/);
    expect(d.alerts).toEqual([]);
    expect(d.reason).not.toMatch(/attempts are over/);
  });

  it("has the last attempt's alert say when the next try is", () => {
    const payload = startPayload({
      attempt: 3,
      startedAt: OPEN + 20 * MINUTE,
      deadline: OPEN + 50 * MINUTE,
      check: 1,
    });
    const d = decideVerifyStart(MODEL, OPEN + 30 * MINUTE, hf, payload, SETTINGS);
    expect(d.alerts.map((a) => a.cause)).toEqual(['start-failed']);
    expect(d.alerts[0]?.message).toContain('after 3 attempts');
    expect(d.alerts[0]?.message).toContain('next try at the first reconcile pass from 09:30Z');
    // A slow try that fails raises the same key (one failure event per window), and says the next.
    const slow = decideVerifyStart(
      MODEL,
      OPEN + 130 * MINUTE,
      hf,
      { ...payload, slot: 120, startedAt: OPEN + 120 * MINUTE, deadline: OPEN + 150 * MINUTE },
      SETTINGS,
    );
    expect(slow.alerts.map((a) => a.key)).toEqual(d.alerts.map((a) => a.key));
    expect(slow.alerts[0]?.message).toContain('from 10:30Z');
    expect(slow.alerts[0]?.message).not.toContain('after 3 attempts');
  });

  it('stops the slow cadence when too little of the window is left', () => {
    expect(nextSlowRetry(CLOSE - 25 * MINUTE, OPEN, CLOSE, SETTINGS)).toBeNull();
    expect(nextSlowRetry(OPEN + 100 * MINUTE, OPEN, CLOSE, SETTINGS)).toBe(OPEN + 120 * MINUTE);
    expect(isSlowRetry(OPEN + 90 * MINUTE, OPEN, { ...SETTINGS, reconcileEveryMs: 20 * MINUTE })).toBe(true);
    // With 20-minute passes the cadence is 40 minutes: never two tries less than 30 minutes apart.
    const p20 = { ...SETTINGS, reconcileEveryMs: 20 * MINUTE };
    const tries = Array.from({ length: 12 }, (_, i) => OPEN + 80 * MINUTE + i * 20 * MINUTE).filter((t) =>
      isSlowRetry(t, OPEN, p20),
    );
    for (let i = 1; i < tries.length; i++)
      expect((tries[i] ?? 0) - (tries[i - 1] ?? 0)).toBeGreaterThanOrEqual(30 * MINUTE);
  });
});

describe('stuck states a pass alerts, even with every timer lost', () => {
  it.each([
    [
      'STARTING_HOSTING past the attempts span',
      OPEN + 90 * MINUTE,
      'STARTING_HOSTING',
      'not-hosted-by-deadline',
      OPEN,
    ],
    [
      'STOPPING_HOSTING inside the window',
      OPEN + 30 * MINUTE,
      'STOPPING_HOSTING',
      'not-hosted-by-deadline',
      OPEN,
    ],
    [
      'STOPPING_HOSTING past the stop deadline',
      CLOSE + 10 * MINUTE,
      'STOPPING_HOSTING',
      'stop-failed',
      CLOSE,
    ],
  ] as const)(
    'alerts %s once, from the first pass after it, keyed like the verify chain',
    (_n, first, status, cause, anchor) => {
      const causes = [0, 15, 30, 45].map((m) =>
        decideModel(MODEL, first + m * MINUTE, observed(status), SETTINGS).alerts.map((a) => [
          a.cause,
          a.key,
        ]),
      );
      expect(causes).toEqual([[[cause, `m|${cause}|${anchor}`]], [], [], []]);
    },
  );

  it('stops rechecking a model still stopping inside its window at the deadline (no poll every minute)', () => {
    const early = decideModel(MODEL, OPEN + MINUTE, observed('STOPPING_HOSTING'), SETTINGS, { tries: 4 });
    expect(early.timers.map((t) => t.at - early.at)).toEqual([5 * MINUTE]);
    expect(decideModel(MODEL, OPEN + 31 * MINUTE, observed('STOPPING_HOSTING'), SETTINGS).timers).toEqual([]);
  });
});

describe('version: latest', () => {
  const listing = (entries: [string, ObservedModel['status']][]) =>
    new Map<string, ObservedModel>(entries.map(([v, s]) => [v, observed(s)]));

  it('is the highest version the project lists', () => {
    const l = listing([
      ['2', 'TRAINED'],
      ['10', 'HOSTED'],
      ['9', 'TRAINING_FAILED'],
    ]);
    expect(observedIn(l, 'latest').status).toBe('HOSTED');
    expect(observedIn(l, '2').status).toBe('TRAINED');
    expect(observedIn(listing([]), 'latest').status).toBe('NOT_FOUND');
  });

  it('is decided by a pass from that version, not as NOT_FOUND', () => {
    const model = modelWith('[{ days: daily, open: "08:00", close: "20:00" }]', 'latest');
    const schedule = { version: 1 as const, models: [model], reconcileEveryMs: 15 * MINUTE } as never;
    const [d] = decideReconcile(
      schedule,
      OPEN + 20 * MINUTE,
      new Map([
        [
          'us-east-1|line-a|lookoutvision',
          listing([
            ['1', 'TRAINED'],
            ['2', 'HOSTED'],
          ]),
        ],
      ]),
      SETTINGS,
    );
    expect([d?.observed, d?.action, d?.alerts]).toEqual(['HOSTED', 'none', []]);
  });
});
