import { describe, expect, it } from 'vitest';
import { decideModel } from '../../src/control/decideModel.js';
import { startedByAnother, unsafeStartReason } from '../../src/control/decideUnguardedStart.js';
import { CLOSE, MINUTE, MODEL, OPEN, observed, SETTINGS } from './fixtures.js';

/** The start decided at the opening from a model observed in `status`. */
const startFrom = (status: 'TRAINED' | 'HOSTING_FAILED') => {
  const d = decideModel(MODEL, OPEN, observed(status), SETTINGS);
  expect(d.action).toBe('start');
  return d;
};

describe('a start without an idempotency token', () => {
  it('may be sent from an observed stopped model while its window is open', () => {
    expect(unsafeStartReason(startFrom('TRAINED'), MODEL, OPEN + 5 * MINUTE)).toBeNull();
    expect(unsafeStartReason(startFrom('HOSTING_FAILED'), MODEL, OPEN)).toBeNull();
  });

  it('is not sent once the invocation clock has crossed the close', () => {
    expect(unsafeStartReason(startFrom('TRAINED'), MODEL, CLOSE + 1000)).toBe(
      'the window is closed at 2026-03-30T20:00:01.000Z: start not sent (no idempotency token)',
    );
  });

  it('is not sent from a decision observed in another status, naming what the service said', () => {
    const d = { ...startFrom('TRAINED'), observed: 'STARTING_HOSTING' as const, serviceStatus: 'STARTING' };
    expect(unsafeStartReason(d, MODEL, OPEN)).toBe(
      'STARTING: not started (no idempotency token: a start is sent only from an observed stopped model)',
    );
  });

  it('counts a conflict as done, with no timer or alert, when the model is seen starting or hosted', () => {
    const d = startFrom('TRAINED');
    const won = startedByAnother(d, { ...observed('STARTING_HOSTING'), serviceStatus: 'STARTING' });
    expect(won).toMatchObject({
      action: 'wait',
      observed: 'STARTING_HOSTING',
      serviceStatus: 'STARTING',
      reason: 'start conflicted (ResourceInUse); observed again: STARTING, started by another delivery: done',
      timers: [],
      alerts: [],
    });
    expect(startedByAnother(d, observed('HOSTED'))?.action).toBe('wait');
  });

  it('leaves a conflict to the failure table when the model is not seen starting', () => {
    const d = startFrom('TRAINED');
    expect(startedByAnother(d, observed('TRAINED'))).toBeNull();
    expect(startedByAnother(d, observed('STOPPING_HOSTING'))).toBeNull();
  });
});
