/**
 * The pure parts of `lvsched status`: the window now or next, the differs rule cell by cell (with
 * the edges where a model is legitimately on its way), and the UTC month's plan figures.
 */
import { describe, expect, it } from 'vitest';
import {
  currentOrNextWindow,
  monthPlan,
  type StatusVerdict,
  statusCheck,
  utcMonthOf,
} from '../../src/control/statusCheck.js';
import type { ModelStatus } from '../../src/ports.js';
import { parseScheduleOrThrow } from '../../src/schedule/parseSchedule.js';
import type { ModelSchedule, Schedule } from '../../src/schedule/types.js';
import { monthFiguresByPlan } from '../render/planFixture.js';
import { at, CLOSE, MINUTE, MODEL, OPEN, onlyModel, SETTINGS } from './fixtures.js';

const schedule = (text: string): Schedule =>
  parseScheduleOrThrow(text, { file: 'test/control/status.yaml', now: at('2026-03-01T00:00:00Z') });

/** Europe/Berlin Mon-Fri 06:00-22:00 with a 15-minute lead time (the example file's circuit boards). */
const LEAD = onlyModel(
  schedule(`version: 1
models:
  - { id: lead, project: p, version: "1", timezone: Europe/Berlin, leadTime: 15m,
      windows: [{ days: Mon-Fri, open: "06:00", close: "22:00" }] }
`),
);
/** America/Chicago Mon-Thu 22:00-06:00: each window closes the next morning. */
const NIGHT = onlyModel(
  schedule(`version: 1
models:
  - { id: night, project: n, version: "1", timezone: America/Chicago,
      windows: [{ days: [Mon, Tue, Wed, Thu], open: "22:00", close: "06:00" }] }
`),
);
/** Hosted by an override for three weeks, on top of a daily window. */
const LONG = onlyModel(
  schedule(`version: 1
models:
  - { id: long, project: l, version: "1", windows: [{ days: daily, open: "08:00", close: "20:00" }] }
overrides:
  - { model: long, state: hosted, from: "2026-03-02T00:00:00Z", until: "2026-03-23T00:00:00Z" }
`),
);
const NONE = onlyModel(
  schedule('version: 1\nmodels:\n  - { id: none, project: z, version: "1", windows: [] }\n'),
);

describe('currentOrNextWindow', () => {
  it.each([
    [
      'is the open window, lead time included',
      LEAD,
      '2026-12-01T08:00:00Z',
      'open',
      '2026-12-01T04:45:00Z',
      '2026-12-01T21:00:00Z',
    ],
    [
      'is open from the start of the lead time',
      LEAD,
      '2026-12-01T04:45:00Z',
      'open',
      '2026-12-01T04:45:00Z',
      '2026-12-01T21:00:00Z',
    ],
    [
      'is the next window after a close',
      LEAD,
      '2026-12-01T21:00:00Z',
      'next',
      '2026-12-02T04:45:00Z',
      '2026-12-02T21:00:00Z',
    ],
    [
      'skips the weekend',
      LEAD,
      '2026-12-05T12:00:00Z',
      'next',
      '2026-12-07T04:45:00Z',
      '2026-12-07T21:00:00Z',
    ],
    [
      'closes an overnight window on the next local morning',
      NIGHT,
      '2026-12-08T06:00:00Z',
      'open',
      '2026-12-08T04:00:00Z',
      '2026-12-08T12:00:00Z',
    ],
    [
      'finds the opening of a window longer than a week',
      LONG,
      '2026-03-20T12:00:00Z',
      'open',
      '2026-03-02T00:00:00Z',
      '2026-03-23T00:00:00Z',
    ],
  ] as const)('%s', (_name, model, instant, state, open, close) => {
    expect(currentOrNextWindow(model, at(instant))).toEqual({ state, open: at(open), close: at(close) });
  });

  it('is null for a model without windows', () => {
    expect(currentOrNextWindow(NONE, at('2026-12-01T00:00:00Z'))).toBeNull();
  });
});

type Row = [
  name: string,
  model: ModelSchedule,
  instant: number,
  observed: ModelStatus,
  verdict: StatusVerdict,
];

// MODEL: daily 08:00-20:00 UTC, no lead time. LEAD opens 04:45Z (05:45 Berlin, 15 min before 06:00).
const LEAD_OPEN = at('2026-12-01T04:45:00Z');
const TABLE: Row[] = [
  ['hosted in its window is ok', MODEL, OPEN + 60 * MINUTE, 'HOSTED', 'ok'],
  [
    'starting within the lead time is not flagged',
    LEAD,
    LEAD_OPEN + 10 * MINUTE,
    'STARTING_HOSTING',
    'starting',
  ],
  [
    'starting just after the nominal opening is not flagged',
    LEAD,
    LEAD_OPEN + 25 * MINUTE,
    'STARTING_HOSTING',
    'starting',
  ],
  ['starting 30 min after the opening differs', LEAD, LEAD_OPEN + 30 * MINUTE, 'STARTING_HOSTING', 'differs'],
  ['trained within the edge grace is starting', MODEL, OPEN + MINUTE, 'TRAINED', 'starting'],
  ['trained after the edge grace differs', MODEL, OPEN + 2 * MINUTE, 'TRAINED', 'differs'],
  ['hosting failed in its window differs', MODEL, OPEN + MINUTE, 'HOSTING_FAILED', 'differs'],
  ['stopping in its window differs', MODEL, OPEN + 20 * MINUTE, 'STOPPING_HOSTING', 'differs'],
  ['system updating in its window differs', MODEL, OPEN + 20 * MINUTE, 'SYSTEM_UPDATING', 'differs'],
  ['a model the service does not know differs', MODEL, OPEN + 20 * MINUTE, 'NOT_FOUND', 'differs'],
  ['an unobserved model is unknown', MODEL, OPEN + 20 * MINUTE, 'UNKNOWN', 'unknown'],
  ['stopped outside its windows is ok', MODEL, CLOSE + 60 * MINUTE, 'TRAINED', 'ok'],
  ['failed outside its windows is ok (not billed)', MODEL, CLOSE + 60 * MINUTE, 'HOSTING_FAILED', 'ok'],
  ['hosted within the edge grace after the close is stopping', MODEL, CLOSE + MINUTE, 'HOSTED', 'stopping'],
  ['hosted outside its windows differs', MODEL, CLOSE + 2 * MINUTE, 'HOSTED', 'differs'],
  ['starting outside its windows differs', MODEL, CLOSE + 60 * MINUTE, 'STARTING_HOSTING', 'differs'],
  ['system updating outside its windows differs', MODEL, CLOSE + 60 * MINUTE, 'SYSTEM_UPDATING', 'differs'],
  ['stopping just after the close is not flagged', MODEL, CLOSE + 9 * MINUTE, 'STOPPING_HOSTING', 'stopping'],
  ['stopping past the stop deadline differs', MODEL, CLOSE + 10 * MINUTE, 'STOPPING_HOSTING', 'differs'],
  ['stopping with no close in 8 days differs', NONE, CLOSE, 'STOPPING_HOSTING', 'differs'],
  ['hosted without any window differs', NONE, CLOSE, 'HOSTED', 'differs'],
];

describe('statusCheck', () => {
  it.each(TABLE)('%s', (_name, model, instant, observed, verdict) => {
    const check = statusCheck(model, instant, observed, SETTINGS);
    expect(check.verdict).toBe(verdict);
    expect(check.differs).toBe(verdict === 'unknown' ? null : verdict === 'differs');
    expect(check.reason).not.toBe('');
  });

  it('gives the desired state at the instant', () => {
    expect(statusCheck(MODEL, OPEN, 'HOSTED', SETTINGS).desired).toBe('hosted');
    expect(statusCheck(MODEL, CLOSE, 'HOSTED', SETTINGS).desired).toBe('stopped');
  });

  it('says why a model in a window too short to start is not hosted', () => {
    const short = onlyModel(
      schedule(`version: 1
models:
  - { id: s, project: s, version: "1", windows: [{ days: daily, open: "08:00", close: "08:20" }] }
`),
    );
    const check = statusCheck(short, at('2026-03-30T08:10:00Z'), 'TRAINED', SETTINGS);
    expect(check).toMatchObject({ verdict: 'differs', differs: true });
    expect(check.reason).toMatch(/shorter than 30 min: the engine does not start it/);
  });

  it('says how long a stuck start has lasted', () => {
    expect(statusCheck(MODEL, OPEN + 95 * MINUTE, 'STARTING_HOSTING', SETTINGS).reason).toMatch(
      /95 min after/,
    );
  });
});

describe('utcMonthOf', () => {
  it.each([
    ['2026-12-15T12:00:00Z', '2026-12-01T00:00:00Z', '2027-01-01T00:00:00Z'],
    ['2026-12-01T00:00:00Z', '2026-12-01T00:00:00Z', '2027-01-01T00:00:00Z'],
    // 2026-12-31 19:30 in New York is January in UTC.
    ['2026-12-31T19:30:00-05:00', '2027-01-01T00:00:00Z', '2027-02-01T00:00:00Z'],
    ['2028-02-29T23:59:59Z', '2028-02-01T00:00:00Z', '2028-03-01T00:00:00Z'],
  ])('puts %s in [%s, %s)', (instant, from, to) => {
    expect(utcMonthOf(at(instant))).toEqual({ from: at(from), to: at(to) });
  });
});

describe('monthPlan', () => {
  const example = schedule(`version: 1
defaults: { timezone: Europe/Berlin, leadTime: 15m }
pricing: { inferenceUnitHour: 4.25, currency: EUR }
models:
  - { project: a, version: "1", minInferenceUnits: 2, windows: [{ days: Mon-Fri, open: "06:00", close: "22:00" }] }
  - { project: b, version: "1", timezone: America/Chicago,
      windows: [{ days: [Mon, Tue, Wed, Thu], open: "22:00", close: "06:00" }] }
`);
  const now = at('2026-12-09T10:30:00Z');

  it('equals buildPlan over the month so far and the whole month', () => {
    const month = monthPlan(example, now);
    const from = at('2026-12-01T00:00:00Z');
    expect(month.from).toBe(from);
    expect(month.currency).toBe('EUR');
    expect(month.totals).toEqual(monthFiguresByPlan(example, from, now, at('2027-01-01T00:00:00Z')));
    // By hand: a runs 16.25 h x 2 units on each weekday; 2026-12-01..12-08 has 6 weekdays, and
    // 12-09 from 04:45Z to 10:30Z adds 5.75 h.
    expect(month.models.get('a:1')).toMatchObject({
      hoursSoFar: 6 * 16.25 + 5.75,
      inferenceUnitHoursSoFar: 2 * (6 * 16.25 + 5.75),
    });
    // December 2026 has 23 weekdays.
    expect(month.models.get('a:1')?.hours).toBe(23 * 16.25);
    // 747.5 IU-h x 4.25 = 3176.875, to the cent.
    expect(month.models.get('a:1')?.cost).toBe(3176.88);
    const sum = (k: 'hours' | 'costSoFar') => [...month.models.values()].reduce((s, f) => s + f[k], 0);
    expect(sum('hours')).toBeCloseTo(month.totals.hours, 6);
    expect(sum('costSoFar')).toBeCloseTo(month.totals.costSoFar, 2);
  });

  it('has nothing so far at the first instant of the month', () => {
    const month = monthPlan(example, at('2026-12-01T00:00:00Z'));
    expect(month.totals.hoursSoFar).toBe(0);
    expect(month.totals.costSoFar).toBe(0);
    expect(month.totals.hours).toBeGreaterThan(0);
  });
});
