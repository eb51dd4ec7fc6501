/**
 * A pass in the minute of an edge leaves the edge's start or stop to it without observing the
 * model; outside the grace, or for a model without windows, it observes as usual.
 */
import { describe, expect, it } from 'vitest';
import { passLeavesToEdge } from '../../src/control/decideReconcile.js';
import { CLOSE, MINUTE, MODEL, OPEN, onlyModel, SETTINGS, scheduleOf } from './fixtures.js';

const NO_WINDOWS = onlyModel(
  scheduleOf(
    'version: 1\nmodels:\n  - { id: idle, project: p, version: "1", region: us-east-1, windows: [] }\n',
  ),
);

describe('passLeavesToEdge', () => {
  it.each([
    ['at the opening', OPEN, 'hosted', 'start'],
    ['1 min 59 s after the opening', OPEN + 2 * MINUTE - 1000, 'hosted', 'start'],
    ['at the closing', CLOSE, 'stopped', 'stop'],
  ] as const)('leaves the edge its call %s, unobserved', (_, instant, desired, action) => {
    const d = passLeavesToEdge(MODEL, instant, SETTINGS);
    expect(d).not.toBeNull();
    expect(d).toMatchObject({
      desired,
      observed: 'UNKNOWN',
      action: 'wait',
      clientToken: null,
      timers: [],
      alerts: [],
    });
    expect(d?.reason).toBe(`within the edge's grace: the edge's ${action} is left to it (not observed)`);
  });

  it.each([
    ['2 min after the opening (grace over)', OPEN + 2 * MINUTE],
    ['a minute before the opening', OPEN - MINUTE],
    ['mid-window', OPEN + 3 * 60 * MINUTE],
    ['15 min after the closing', CLOSE + 15 * MINUTE],
  ])('observes %s', (_, instant) => {
    expect(passLeavesToEdge(MODEL, instant, SETTINGS)).toBeNull();
  });

  it('observes a model without windows at UTC midnight (its fallback anchor is no edge)', () => {
    expect(passLeavesToEdge(NO_WINDOWS, Date.UTC(2026, 2, 30), SETTINGS)).toBeNull();
  });

  it("follows the pass's origin in a continuation: a follow-up 3 min later still leaves the edge its start", () => {
    expect(passLeavesToEdge(MODEL, OPEN + 3 * MINUTE, SETTINGS, OPEN)).not.toBeNull();
    expect(passLeavesToEdge(MODEL, OPEN + 3 * MINUTE, SETTINGS)).toBeNull();
  });
});
