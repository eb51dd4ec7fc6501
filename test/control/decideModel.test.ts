/**
 * The decision table of design.md, cell by cell: desired state (inside or outside a window) x
 * observed status, at fixed instants early in the state (at the edge) and late in it.
 */
import { describe, expect, it } from 'vitest';
import { clientToken } from '../../src/control/clientToken.js';
import { decideModel } from '../../src/control/decideModel.js';
import { decideReconcile } from '../../src/control/decideReconcile.js';
import type { ModelStatus, ObservedModel } from '../../src/ports.js';
import {
  CLOSE,
  MINUTE,
  MODEL,
  OPEN,
  observed,
  openToken,
  REF,
  SETTINGS,
  scheduleOf,
  startPayload,
  stopPayload,
} from './fixtures.js';

/** 1 minute into the state (inside the edge's grace and reconcile period). */
const IN = OPEN + MINUTE;
/** 20 minutes in: past the grace, before the 30-minute verify deadline. */
const IN_MID = OPEN + 20 * MINUTE;
/** 45 minutes in: reconcile slot 3, past the verify deadline ("it lasts"). */
const IN_LATE = OPEN + 45 * MINUTE;
const OUT = CLOSE + MINUTE;
const OUT_LATE = CLOSE + 45 * MINUTE;

const UNAVAILABLE: ModelStatus[] = ['SYSTEM_UPDATING', 'TRAINING', 'DELETING', 'TRAINING_FAILED'];

type Row = [
  desired: 'hosted' | 'stopped',
  status: ModelStatus,
  at: number,
  action: string,
  alerts: string[],
  tokenCause: string | null,
  timers: string[],
];

const TABLE: Row[] = [
  ['hosted', 'TRAINED', IN, 'start', [], 'a1', ['verify-start']],
  ['hosted', 'TRAINED', IN_LATE, 'start', ['corrected'], 'r45a1', ['verify-start']],
  // Within the edge grace: the edge's own verify timer again (the same timer, restored if lost).
  ['hosted', 'STARTING_HOSTING', IN, 'wait', [], null, ['verify-start']],
  ['hosted', 'STARTING_HOSTING', IN_LATE, 'wait', [], null, []],
  // Stuck: the first pass after the start attempts' span (3 x 30 min) alerts, even if every timer was lost.
  ['hosted', 'STARTING_HOSTING', OPEN + 90 * MINUTE, 'wait', ['not-hosted-by-deadline'], null, []],
  ['hosted', 'STARTING_HOSTING', OPEN + 105 * MINUTE, 'wait', [], null, []],
  ['hosted', 'HOSTED', IN, 'none', [], null, []],
  ['hosted', 'HOSTED', IN_LATE, 'none', [], null, []],
  // Retried by the verify chain of this window's start (slow tries after its span: see below).
  ['hosted', 'HOSTING_FAILED', IN_MID, 'wait', [], null, []],
  ['hosted', 'HOSTING_FAILED', IN_LATE, 'wait', [], null, []],
  // Wait, then start: a recheck follows the stop through until the opening's deadline; the first
  // pass after it alerts, later passes look again without an alert.
  ['hosted', 'STOPPING_HOSTING', IN, 'wait', [], null, ['recheck']],
  ['hosted', 'STOPPING_HOSTING', OPEN + 30 * MINUTE, 'wait', ['not-hosted-by-deadline'], null, []],
  ['hosted', 'STOPPING_HOSTING', IN_LATE, 'wait', [], null, []],
  ...UNAVAILABLE.flatMap((s): Row[] => [
    ['hosted', s, IN, 'leave', [], null, []],
    ['hosted', s, IN_LATE, 'leave', ['model-unavailable'], null, []],
  ]),
  ['hosted', 'NOT_FOUND', IN, 'leave', ['model-not-found'], null, []],
  ['stopped', 'TRAINED', OUT, 'none', [], null, []],
  ['stopped', 'TRAINED', OUT_LATE, 'none', [], null, []],
  ['stopped', 'STARTING_HOSTING', OUT, 'stop', [], 'a1', ['verify-stop']],
  ['stopped', 'STARTING_HOSTING', OUT_LATE, 'stop', ['corrected'], 'r45a1', ['verify-stop']],
  ['stopped', 'HOSTED', OUT, 'stop', [], 'a1', ['verify-stop']],
  ['stopped', 'HOSTED', OUT_LATE, 'stop', ['corrected'], 'r45a1', ['verify-stop']],
  ['stopped', 'HOSTING_FAILED', OUT, 'none', [], null, []],
  ['stopped', 'HOSTING_FAILED', OUT_LATE, 'none', [], null, []],
  ['stopped', 'STOPPING_HOSTING', OUT, 'wait', [], null, []],
  // Stuck past the stop deadline (10 min): the first pass after it alerts, once.
  ['stopped', 'STOPPING_HOSTING', CLOSE + 15 * MINUTE, 'wait', ['stop-failed'], null, []],
  ['stopped', 'STOPPING_HOSTING', OUT_LATE, 'wait', [], null, []],
  ...UNAVAILABLE.flatMap((s): Row[] => [
    ['stopped', s, OUT, 'leave', [], null, []],
    ['stopped', s, OUT_LATE, 'leave', [], null, []],
  ]),
  ['stopped', 'NOT_FOUND', OUT, 'none', [], null, []],
];

const offset = (at: number) => {
  const anchor = at >= CLOSE ? CLOSE : OPEN;
  return `${at >= CLOSE ? 'close' : 'open'}+${(at - anchor) / MINUTE}m`;
};

describe('the decision table', () => {
  it.each(TABLE.map((row) => [row[0], row[1], offset(row[2]), row[3], row] as const))(
    '%s x %s at %s: %s',
    (desired, status, _when, _action, row) => {
      const [, , at, action, alerts, cause, timers] = row;
      const d = decideModel(MODEL, at, observed(status), SETTINGS);
      expect(d.desired).toBe(desired);
      expect(d.observed).toBe(status);
      expect(d.action).toBe(action);
      expect(d.alerts.map((a) => a.cause)).toEqual(alerts);
      expect(d.timers.map((t) => t.payload.op)).toEqual(timers);
      const anchor = desired === 'hosted' ? OPEN : CLOSE;
      if (cause === null) {
        expect(d.clientToken).toBeNull();
      } else if (action === 'start') {
        expect(d.clientToken).toBe(
          clientToken({ kind: 'open', ref: REF, anchor, cause, minInferenceUnits: 1, maxInferenceUnits: 3 }),
        );
        expect(d.units).toEqual({ min: 1, max: 3 });
        expect([d.anchor, d.attempt]).toEqual([anchor, 1]);
      } else {
        expect(d.clientToken).toBe(clientToken({ kind: 'close', ref: REF, anchor, cause }));
        expect([d.anchor, d.attempt]).toEqual([anchor, 1]);
      }
      for (const a of d.alerts) {
        expect(a.model).toBe('m');
        expect(a.ref).toEqual(REF);
        expect(a.status).toBe(status);
        expect(a.key).toContain(`m|${a.cause}|${anchor}`);
      }
    },
  );

  it('covers every observed status for both desired states', () => {
    const statuses: ModelStatus[] = [
      'TRAINED',
      'STARTING_HOSTING',
      'HOSTED',
      'HOSTING_FAILED',
      'STOPPING_HOSTING',
      ...UNAVAILABLE,
      'NOT_FOUND',
    ];
    for (const desired of ['hosted', 'stopped'] as const)
      expect(new Set(TABLE.filter((r) => r[0] === desired).map((r) => r[1]))).toEqual(new Set(statuses));
  });

  it('sets the first verify check of a start 5 minutes on, with a 30-minute deadline', () => {
    const d = decideModel(MODEL, OPEN, observed('TRAINED'), SETTINGS);
    expect(d.timers).toEqual([
      { at: OPEN + 5 * MINUTE, payload: startPayload({ startedAt: OPEN, deadline: OPEN + 30 * MINUTE }) },
    ]);
  });

  it('sets the first check of a stop 90 seconds on, with a 10-minute deadline', () => {
    const d = decideModel(MODEL, CLOSE, observed('HOSTED'), SETTINGS);
    expect(d.timers).toEqual([
      { at: CLOSE + 90_000, payload: stopPayload({ stoppedAt: CLOSE, deadline: CLOSE + 10 * MINUTE }) },
    ]);
  });

  it('reports a correction once the edge grace has passed, with a token of its own', () => {
    const grace = SETTINGS.edgeGraceMs;
    const early = decideModel(MODEL, OPEN + grace - 1, observed('TRAINED'), SETTINGS);
    const late = decideModel(MODEL, OPEN + grace, observed('TRAINED'), SETTINGS);
    expect(early.alerts).toEqual([]);
    expect(early.clientToken).toBe(decideModel(MODEL, OPEN, observed('TRAINED'), SETTINGS).clientToken);
    expect(late.alerts.map((a) => a.cause)).toEqual(['corrected']);
    expect(late.clientToken).not.toBe(early.clientToken);
  });

  it("gives a pass in the opening's own period a start token of its own, tied to its minute", () => {
    // A 10:01 opening stopped by hand at 10:13: the 10:15 pass must really restart it, so its
    // token is not the edge's (the service would replay that one and do nothing).
    const tokenAt = (at: number) => decideModel(MODEL, at, observed('TRAINED'), SETTINGS).clientToken;
    expect(tokenAt(OPEN + 14 * MINUTE)).not.toBe(tokenAt(OPEN));
    expect(tokenAt(OPEN + 14 * MINUTE)).toBe(openToken('r14a1'));
    // Duplicates of one pass, decided within its minute, collapse into one token.
    expect(tokenAt(OPEN + 14 * MINUTE + 40_000)).toBe(tokenAt(OPEN + 14 * MINUTE));
    expect(tokenAt(OPEN + 15 * MINUTE)).not.toBe(tokenAt(OPEN + 14 * MINUTE));
  });

  it('starts at the opening a model left HOSTING_FAILED by an earlier window', () => {
    // The failure belongs to yesterday's window (its attempts and alert are over); today's window
    // gets its own first attempt. Waiting would leave the model unhosted all day.
    const d = decideModel(MODEL, OPEN, observed('HOSTING_FAILED', 'Hosting failed.'), SETTINGS);
    expect(d.action).toBe('start');
    expect(d.clientToken).toBe(openToken('a1'));
  });
});

describe('a reconcile pass', () => {
  const schedule = scheduleOf(`version: 1
models:
  - { id: a, project: line-a, version: "1", region: us-east-1, windows: [{ days: daily, open: "08:00", close: "20:00" }] }
  - { id: b, project: line-a, version: "2", region: us-east-1, windows: [{ days: daily, open: "08:00", close: "20:00" }] }
  - { id: c, project: line-b, version: "1", region: us-east-1, windows: [{ days: daily, open: "08:00", close: "20:00" }] }
`);
  const listing = (entries: [string, ModelStatus][]) =>
    new Map<string, ObservedModel>(entries.map(([v, s]) => [v, observed(s)]));

  it('decides for the models of the file only, NOT_FOUND for those the listing lacks', () => {
    const listings = new Map([
      [
        'us-east-1|line-a|lookoutvision',
        listing([
          ['1', 'HOSTED'],
          ['3', 'HOSTED'],
          ['4', 'STARTING_HOSTING'],
        ]),
      ],
      ['us-east-1|line-b|lookoutvision', listing([])],
    ]);
    const decisions = decideReconcile(schedule, OUT, listings, SETTINGS);
    expect(decisions.map((d) => [d.model, d.observed, d.action])).toEqual([
      ['a', 'HOSTED', 'stop'],
      ['b', 'NOT_FOUND', 'none'],
      ['c', 'NOT_FOUND', 'none'],
    ]);
    expect(decisions.every((d) => d.ref.version !== '3' && d.ref.version !== '4')).toBe(true);
  });

  it('skips the models of a project whose listing could not be read', () => {
    const listings = new Map([['us-east-1|line-b|lookoutvision', listing([['1', 'TRAINED']])]]);
    expect(decideReconcile(schedule, IN, listings, SETTINGS).map((d) => [d.model, d.action])).toEqual([
      ['c', 'start'],
    ]);
  });
});

describe('a model found starting at its opening', () => {
  it('gets the very verify timer the start set, so a lost timer is restored and a kept one is not doubled', () => {
    const start = decideModel(MODEL, OPEN, observed('TRAINED'), SETTINGS);
    const starting = decideModel(MODEL, OPEN, observed('STARTING_HOSTING'), SETTINGS);
    expect(starting.action).toBe('wait');
    expect(starting.timers).toEqual(start.timers);
  });

  it("sets no timer after the edge grace, where the start's own verify chain is running", () => {
    expect(decideModel(MODEL, OPEN + 3 * MINUTE, observed('STARTING_HOSTING'), SETTINGS).timers).toEqual([]);
    expect(decideModel(MODEL, IN_MID, observed('STARTING_HOSTING'), SETTINGS).timers).toEqual([]);
  });
});
