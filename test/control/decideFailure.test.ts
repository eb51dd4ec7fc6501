/**
 * Failures as decisions: which step is repeated after a failed observation or call, with which
 * context, and what is alerted at once.
 */
import { describe, expect, it } from 'vitest';
import { decideFailure, type FailedStep, handOff } from '../../src/control/decideFailure.js';
import { decideModel } from '../../src/control/decideModel.js';
import type { Decision } from '../../src/control/decision.js';
import { DEFAULT_ENGINE_SETTINGS, fleetStagger, staggerOffset } from '../../src/control/engineSettings.js';
import { HostError, type TimerPayload } from '../../src/ports.js';
import { CLOSE, MINUTE, MODEL, OPEN, observed, SETTINGS, startPayload, stopPayload } from './fixtures.js';

// Built as the engine builds them from a failed call (HostError: retryable when throttled or unavailable).
const throttled = new HostError(
  'throttled',
  'ThrottlingException',
  'DescribeModel: ThrottlingException: Rate exceeded',
);
const serverError = new HostError(
  'unavailable',
  'InternalServerException',
  'DescribeModel: InternalServerException: boom',
);
const expired = new HostError(
  'rejected',
  'ExpiredTokenException',
  'StartModel: ExpiredTokenException: The security token included in the request is expired',
);
const conflict = new HostError('conflict', 'ConflictException', 'busy');

/** A failed observation at `origin` (of the check `payload`, if any), after `tries` failed tries. */
const observeStep = (origin: number, payload?: TimerPayload, tries = 0): FailedStep => ({
  step: 'observe',
  payload,
  origin,
  tries,
});
/** The first failed try of carrying `decision` out (its StartModel or StopModel). */
const callStep = (decision: Decision, origin: number): FailedStep => ({
  step: 'call',
  decision,
  origin,
  tries: 0,
});

/** A later check of attempt 2, begun 10 minutes after the opening. */
const verifyStart = startPayload({
  attempt: 2,
  startedAt: OPEN + 10 * MINUTE,
  deadline: OPEN + 40 * MINUTE,
  check: 1,
});
const verifyStop = stopPayload();

describe('a failed observation', () => {
  it.each([
    ['verify-start', verifyStart, OPEN + 13 * MINUTE],
    ['verify-stop', verifyStop, CLOSE + 90_000],
  ] as const)(
    'repeats the same %s check with back-off, keeping attempt, deadline and check',
    (_op, payload, at) => {
      const d = decideFailure(MODEL, at, throttled, observeStep(at, payload), SETTINGS);
      expect(d.observed).toBe('UNKNOWN');
      expect(d.action).toBe('wait');
      expect(d.alerts).toEqual([]);
      expect(d.timers).toEqual([{ at: at + 30_000, payload: { ...payload, try: 1 } }]);
      expect([d.anchor, d.attempt]).toEqual([payload.anchor, payload.attempt]);
    },
  );

  it('doubles the back-off per try, up to 5 minutes, then alerts gave-up once', () => {
    const at = OPEN + 13 * MINUTE;
    const delays = [0, 1, 2, 3, 4, 5].map((tries) => {
      const d = decideFailure(
        MODEL,
        at,
        serverError,
        observeStep(at, { ...verifyStart, try: tries }, tries),
        SETTINGS,
      );
      expect(d.timers[0]?.payload).toEqual({ ...verifyStart, try: tries + 1 });
      return ((d.timers[0]?.at ?? 0) - at) / 1000;
    });
    expect(delays).toEqual([30, 60, 120, 240, 300, 300]);
    const last = decideFailure(MODEL, at, serverError, observeStep(at, verifyStart, 6), SETTINGS);
    expect(last.timers).toEqual([]);
    expect(last.alerts.map((a) => [a.cause, a.key])).toEqual([['gave-up', `m|gave-up|${OPEN}`]]);
  });

  it('decides an edge or a pass again as itself (a recheck carrying its origin)', () => {
    const pass = OPEN + 45 * MINUTE;
    const d = decideFailure(MODEL, pass, throttled, observeStep(pass), SETTINGS);
    expect(d.timers).toEqual([
      {
        at: pass + 30_000,
        payload: { op: 'recheck', model: 'm', reason: 'ThrottlingException', try: 1, origin: pass },
      },
    ]);
    // The recheck, a minute later, decides with the pass's token.
    const later = decideModel(MODEL, pass + 70_000, observed('TRAINED'), SETTINGS, { origin: pass });
    expect(later.clientToken).toBe(decideModel(MODEL, pass, observed('TRAINED'), SETTINGS).clientToken);
  });

  it.each([
    ['hosted', OPEN + MINUTE, 'start-rejected'],
    ['stopped', CLOSE + MINUTE, 'stop-rejected'],
  ] as const)(
    'alerts an unknown client error at once while %s, with %s, and sets no timer',
    (_desired, at, cause) => {
      const d = decideFailure(MODEL, at, expired, observeStep(at), SETTINGS);
      expect(d.timers).toEqual([]);
      expect(d.alerts.map((a) => a.cause)).toEqual([cause]);
      expect(d.alerts[0]?.message).toContain('ExpiredTokenException');
    },
  );
});

describe('a failed call', () => {
  const start = decideModel(MODEL, OPEN, observed('TRAINED'), SETTINGS);

  it('repeats a throttled StartModel with its token (a retry of the same attempt)', () => {
    const d = decideFailure(MODEL, OPEN, throttled, callStep(start, OPEN), SETTINGS);
    expect(d.action).toBe('start');
    expect(d.clientToken).toBe(start.clientToken);
    expect(d.timers).toEqual([
      {
        at: OPEN + 30_000,
        payload: { op: 'retry', model: 'm', action: 'start', anchor: OPEN, slot: 0, attempt: 1, try: 1 },
      },
    ]);
  });

  it('decides again after a conflict (the model is changing)', () => {
    const d = decideFailure(MODEL, OPEN, conflict, callStep(start, OPEN), SETTINGS);
    expect(d.timers.map((t) => t.payload)).toEqual([
      { op: 'recheck', model: 'm', reason: 'ConflictException', try: 1, origin: OPEN },
    ]);
    expect(d.alerts).toEqual([]);
  });

  it('alerts a rejected StopModel as stop-rejected, keyed to the closing', () => {
    const stop = decideModel(MODEL, CLOSE, observed('HOSTED'), SETTINGS);
    const d = decideFailure(MODEL, CLOSE, expired, callStep(stop, CLOSE), SETTINGS);
    expect(d.alerts.map((a) => [a.cause, a.key, a.clientToken])).toEqual([
      ['stop-rejected', `m|stop-rejected|${CLOSE}`, stop.clientToken],
    ]);
    expect(d.timers).toEqual([]);
  });
});

describe('staggering', () => {
  it('moves every timer of a model by the same whole-second offset under 30 s', () => {
    const offset = staggerOffset('m', DEFAULT_ENGINE_SETTINGS);
    expect(offset % 1000).toBe(0);
    expect(offset).toBeGreaterThanOrEqual(0);
    expect(offset).toBeLessThan(30_000);
    const start = decideModel(MODEL, OPEN, observed('TRAINED'), DEFAULT_ENGINE_SETTINGS);
    expect(start.timers[0]?.at).toBe(OPEN + 5 * MINUTE + offset);
    const failed = decideFailure(MODEL, OPEN, throttled, observeStep(OPEN), DEFAULT_ENGINE_SETTINGS);
    expect(failed.timers[0]?.at).toBe(OPEN + 30_000 + offset);
  });

  it('spreads a fleet of 1,000 models over 250 s, about 4 per second', () => {
    const fleet = fleetStagger(DEFAULT_ENGINE_SETTINGS, 1000);
    expect(fleet.staggerMs).toBe(250_000);
    expect(fleetStagger(DEFAULT_ENGINE_SETTINGS, 3)).toBe(DEFAULT_ENGINE_SETTINGS);
    const perSecond = new Map<number, number>();
    for (let i = 0; i < 1000; i++) {
      const o = staggerOffset(`line-${i}:1`, fleet);
      perSecond.set(o, (perSecond.get(o) ?? 0) + 1);
    }
    expect(perSecond.size).toBeGreaterThan(240);
    expect(Math.max(...perSecond.values())).toBeLessThanOrEqual(12);
  });
});

describe('a hand-off before the deadline', () => {
  it('turns an edge into a recheck that decides as the edge, and a verify check into the same check', () => {
    const edge = handOff(MODEL, OPEN, { origin: OPEN }, SETTINGS);
    expect(edge.timers).toEqual([
      {
        at: OPEN + 30_000,
        payload: { op: 'recheck', model: 'm', reason: 'handed off', try: 0, origin: OPEN },
      },
    ]);
    const later = decideModel(MODEL, OPEN + 90_000, observed('TRAINED'), SETTINGS, { origin: OPEN });
    expect(later.clientToken).toBe(decideModel(MODEL, OPEN, observed('TRAINED'), SETTINGS).clientToken);
    expect(later.alerts).toEqual([]);
    const check = handOff(MODEL, OPEN + 13 * MINUTE, { payload: verifyStart, origin: OPEN }, SETTINGS);
    expect(check.timers.map((t) => t.payload)).toEqual([verifyStart]);
  });
});
