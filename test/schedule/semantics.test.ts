/**
 * The meaning of a schedule, rule by rule, in UTC unless a case says otherwise so that every
 * expected instant can be read straight off the rule. Week used: Mon 2026-12-07 .. Sun 2026-12-13
 * (2026-12-07 is a Monday: Python `date(2026, 12, 7).strftime('%a')`).
 */
import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../src/schedule/plan.js';
import { desiredStateAt, nextTransition, windowsBetween } from '../../src/schedule/windows.js';
import { at, iso, modelOf, pairs, scheduleOf } from './helpers.js';

const WEEK_FROM = at('2026-12-07T00:00Z');
const WEEK_TO = at('2026-12-14T00:00Z');

/** Local dates (UTC here) on which the one-hour rule opens during the week. */
function openingDates(days: string): string[] {
  const model = modelOf(`timezone: UTC, windows: [{ days: ${days}, open: "09:00", close: "10:00" }]`);
  return windowsBetween(model, WEEK_FROM, WEEK_TO).map((w) => iso(w.open).slice(0, 10));
}

const MON = '2026-12-07';
const TUE = '2026-12-08';
const WED = '2026-12-09';
const THU = '2026-12-10';
const FRI = '2026-12-11';
const SAT = '2026-12-12';
const SUN = '2026-12-13';

describe('days', () => {
  it.each([
    ['Mon', [MON]],
    ['mon', [MON]],
    ['MON', [MON]],
    ['Monday', [MON]],
    ['wEdNeSdAy', [WED]],
    ['Sun', [SUN]],
    ['Mon-Fri', [MON, TUE, WED, THU, FRI]],
    ['tue-thursday', [TUE, WED, THU]],
    ['Fri-Mon', [MON, FRI, SAT, SUN]],
    ['Sun-Tue', [MON, TUE, SUN]],
    ['Wed-Tue', [MON, TUE, WED, THU, FRI, SAT, SUN]],
    ['Sat-Sat', [SAT]],
    ['[Mon, Wed]', [MON, WED]],
    ['[Mon-Tue, Thu, sunday]', [MON, TUE, THU, SUN]],
    ['[Mon, Mon-Tue]', [MON, TUE]],
    ['daily', [MON, TUE, WED, THU, FRI, SAT, SUN]],
    ['weekdays', [MON, TUE, WED, THU, FRI]],
    ['weekends', [SAT, SUN]],
    ['[weekends, Wed]', [WED, SAT, SUN]],
  ])('days %s selects %j', (days, expected) => {
    expect(openingDates(days)).toEqual(expected);
  });
});

describe('dates', () => {
  it.each([
    ['2026-12-08', [TUE]],
    ['"2026-12-08"', [TUE]],
    ['2026-12-08..2026-12-10', [TUE, WED, THU]],
    ['2026-12-10..2026-12-10', [THU]],
    ['[2026-12-07, 2026-12-11..2026-12-12]', [MON, FRI, SAT]],
    ['[2026-12-12, 2026-12-07]', [MON, SAT]],
    ['2026-11-30..2026-12-08', [MON, TUE]],
    ['2026-12-13..2027-01-02', [SUN]],
    ['2025-12-08', []],
    ['[2026-12-07..2026-12-11, 2026-12-07, 2026-12-08]', [MON, TUE, WED, THU, FRI]],
    ['[2026-12-07..2026-12-13, 2026-12-08..2026-12-09, 2026-12-10]', [MON, TUE, WED, THU, FRI, SAT, SUN]],
  ])('dates %s selects %j', (dates, expected) => {
    const model = modelOf(`timezone: UTC, windows: [{ dates: ${dates}, open: "09:00", close: "10:00" }]`);
    expect(windowsBetween(model, WEEK_FROM, WEEK_TO).map((w) => iso(w.open).slice(0, 10))).toEqual(expected);
  });

  it('runs a date range across a year end', () => {
    const model = modelOf(
      'timezone: UTC, windows: [{ dates: 2026-12-31..2027-01-01, open: "09:00", close: "10:00" }]',
    );
    expect(pairs(windowsBetween(model, at('2026-12-30T00:00Z'), at('2027-01-03T00:00Z')))).toEqual([
      ['2026-12-31T09:00Z', '2026-12-31T10:00Z'],
      ['2027-01-01T09:00Z', '2027-01-01T10:00Z'],
    ]);
  });
});

/** Windows of a UTC model with these rules over the week. */
function weekWindows(windows: string, extra = '', tail = ''): [string, string][] {
  const model = modelOf(`timezone: UTC, ${extra}${extra ? ', ' : ''}windows: [${windows}]`, tail);
  return pairs(windowsBetween(model, WEEK_FROM, WEEK_TO));
}

describe('times of day', () => {
  it.each<[string, string, [string, string][]]>([
    [
      'ends at midnight with 24:00',
      '{ days: Mon, open: "18:00", close: "24:00" }',
      [[`${MON}T18:00Z`, `${TUE}T00:00Z`]],
    ],
    [
      'runs a whole day with 00:00-24:00',
      '{ days: Tue, open: "00:00", close: "24:00" }',
      [[`${TUE}T00:00Z`, `${WED}T00:00Z`]],
    ],
    [
      'closes an overnight window on the next morning',
      '{ days: Mon, open: "22:00", close: "06:00" }',
      [[`${MON}T22:00Z`, `${TUE}T06:00Z`]],
    ],
    [
      'closes at 00:00 of the next day when close is 00:00',
      '{ days: Mon, open: "20:00", close: "00:00" }',
      [[`${MON}T20:00Z`, `${TUE}T00:00Z`]],
    ],
    [
      'runs almost a day when close is just before open',
      '{ days: Wed, open: "12:00", close: "11:59" }',
      [[`${WED}T12:00Z`, `${THU}T11:59Z`]],
    ],
    [
      'keeps both Sunday overnight windows, clipped to the week',
      '{ days: Sun, open: "22:00", close: "02:00" }',
      [
        [`${MON}T00:00Z`, `${MON}T02:00Z`],
        [`${SUN}T22:00Z`, '2026-12-14T00:00Z'],
      ],
    ],
    [
      'includes the part of the previous Sunday overnight window after the start',
      '{ days: Sun, open: "20:00", close: "03:00" }',
      [
        [`${MON}T00:00Z`, `${MON}T03:00Z`],
        [`${SUN}T20:00Z`, '2026-12-14T00:00Z'],
      ],
    ],
  ])('%s', (_name, windows, expected) => {
    expect(weekWindows(windows)).toEqual(expected);
  });
});

describe('merging', () => {
  it.each<[string, string, [string, string][]]>([
    [
      'merges overlapping windows',
      '{ days: Mon, open: "09:00", close: "12:00" }, { days: Mon, open: "11:00", close: "15:00" }',
      [[`${MON}T09:00Z`, `${MON}T15:00Z`]],
    ],
    [
      'merges touching windows',
      '{ days: Mon, open: "09:00", close: "12:00" }, { days: Mon, open: "12:00", close: "15:00" }',
      [[`${MON}T09:00Z`, `${MON}T15:00Z`]],
    ],
    [
      'keeps windows a minute apart separate',
      '{ days: Mon, open: "09:00", close: "12:00" }, { days: Mon, open: "12:01", close: "15:00" }',
      [
        [`${MON}T09:00Z`, `${MON}T12:00Z`],
        [`${MON}T12:01Z`, `${MON}T15:00Z`],
      ],
    ],
    [
      'merges a window contained in another',
      '{ days: Mon, open: "08:00", close: "18:00" }, { days: Mon, open: "10:00", close: "11:00" }',
      [[`${MON}T08:00Z`, `${MON}T18:00Z`]],
    ],
    [
      'merges an overnight window with the next morning',
      '{ days: Mon, open: "22:00", close: "06:00" }, { days: Tue, open: "06:00", close: "10:00" }',
      [[`${MON}T22:00Z`, `${TUE}T10:00Z`]],
    ],
    [
      'merges 24:00 with the next day 00:00',
      '{ days: Mon, open: "18:00", close: "24:00" }, { days: Tue, open: "00:00", close: "02:00" }',
      [[`${MON}T18:00Z`, `${TUE}T02:00Z`]],
    ],
    [
      'merges daily whole days into one window',
      '{ days: daily, open: "00:00", close: "24:00" }',
      [[`${MON}T00:00Z`, '2026-12-14T00:00Z']],
    ],
    [
      'merges nightly overnight windows that touch the day windows',
      '{ days: Mon-Tue, open: "18:00", close: "08:00" }, { days: Tue-Wed, open: "08:00", close: "18:00" }',
      [[`${MON}T18:00Z`, `${WED}T18:00Z`]],
    ],
  ])('%s', (_name, windows, expected) => {
    expect(weekWindows(windows)).toEqual(expected);
  });
});

describe('closedOn', () => {
  const daily = '{ days: daily, open: "09:00", close: "17:00" }';
  const dayWindows = (dates: string[]) => dates.map((d): [string, string] => [`${d}T09:00Z`, `${d}T17:00Z`]);
  it.each<[string, string, string, string[]]>([
    ['drops a date given directly', 'closedOn: 2026-12-08', '', [MON, WED, THU, FRI, SAT, SUN]],
    [
      'drops a list of dates and ranges',
      'closedOn: [2026-12-08, 2026-12-10..2026-12-12]',
      '',
      [MON, WED, SUN],
    ],
    [
      'drops the dates of a calendar',
      'closedOn: [hols]',
      'calendars: { hols: [2026-12-09, 2026-12-13] }',
      [MON, TUE, THU, FRI, SAT],
    ],
    [
      'drops a calendar range and a direct date together',
      'closedOn: [hols, 2026-12-07]',
      'calendars: { hols: [2026-12-11..2026-12-13] }',
      [TUE, WED, THU],
    ],
    [
      'combines two calendars',
      'closedOn: [a, b]',
      'calendars: { a: [2026-12-07], b: [2026-12-08] }',
      [WED, THU, FRI, SAT, SUN],
    ],
    ['ignores a holiday outside the range', 'closedOn: 2026-12-25', '', [MON, TUE, WED, THU, FRI, SAT, SUN]],
    [
      'drops every day of overlapping ranges',
      'closedOn: [2026-12-07..2026-12-12, 2026-12-08, 2026-12-10]',
      '',
      [SUN],
    ],
  ])('%s', (_name, closedOn, tail, open) => {
    expect(weekWindows(daily, closedOn, tail)).toEqual(dayWindows(open));
  });

  it('keeps the overnight window that opens the evening before a holiday running into it', () => {
    expect(weekWindows('{ days: daily, open: "22:00", close: "06:00" }', 'closedOn: 2026-12-09')).toEqual([
      [`${MON}T00:00Z`, `${MON}T06:00Z`],
      [`${MON}T22:00Z`, `${TUE}T06:00Z`],
      [`${TUE}T22:00Z`, `${WED}T06:00Z`],
      [`${THU}T22:00Z`, `${FRI}T06:00Z`],
      [`${FRI}T22:00Z`, `${SAT}T06:00Z`],
      [`${SAT}T22:00Z`, `${SUN}T06:00Z`],
      [`${SUN}T22:00Z`, '2026-12-14T00:00Z'],
    ]);
  });

  it('judges the holiday by the local date of the model zone', () => {
    // Tokyo is +09:00: the window of local 2026-12-08 09:00-17:00 is 00:00Z-08:00Z; 2026-12-08 closed.
    const model = modelOf(
      'timezone: Asia/Tokyo, closedOn: 2026-12-08, windows: [{ days: Mon-Wed, open: "09:00", close: "17:00" }]',
    );
    expect(pairs(windowsBetween(model, WEEK_FROM, WEEK_TO))).toEqual([
      [`${MON}T00:00Z`, `${MON}T08:00Z`],
      [`${WED}T00:00Z`, `${WED}T08:00Z`],
    ]);
  });
});

describe('leadTime', () => {
  it.each<[string, string, string, [string, string][]]>([
    [
      'moves the opening 15 minutes earlier',
      'leadTime: 15m',
      '{ days: Mon, open: "09:00", close: "17:00" }',
      [[`${MON}T08:45Z`, `${MON}T17:00Z`]],
    ],
    [
      'reads 1h30m',
      'leadTime: 1h30m',
      '{ days: Mon, open: "09:00", close: "17:00" }',
      [[`${MON}T07:30Z`, `${MON}T17:00Z`]],
    ],
    [
      'reads 90s',
      'leadTime: 90s',
      '{ days: Mon, open: "09:00", close: "17:00" }',
      [[`${MON}T08:58:30Z`, `${MON}T17:00Z`]],
    ],
    [
      'reads 0 as no lead time',
      'leadTime: "0"',
      '{ days: Mon, open: "09:00", close: "17:00" }',
      [[`${MON}T09:00Z`, `${MON}T17:00Z`]],
    ],
    [
      'merges windows that the lead time makes touch',
      'leadTime: 30m',
      '{ days: Mon, open: "09:00", close: "12:00" }, { days: Mon, open: "12:30", close: "15:00" }',
      [[`${MON}T08:30Z`, `${MON}T15:00Z`]],
    ],
    [
      'merges windows that the lead time makes overlap',
      'leadTime: 1h',
      '{ days: Mon, open: "09:00", close: "12:00" }, { days: Mon, open: "12:30", close: "15:00" }',
      [[`${MON}T08:00Z`, `${MON}T15:00Z`]],
    ],
    [
      'moves an opening back into the previous day',
      'leadTime: 2h',
      '{ days: Tue, open: "01:00", close: "05:00" }',
      [[`${MON}T23:00Z`, `${TUE}T05:00Z`]],
    ],
    [
      'clips a lead time that reaches before the range and keeps the lead time of the next Monday',
      'leadTime: 1h',
      '{ days: Mon, open: "00:00", close: "05:00" }',
      [
        [`${MON}T00:00Z`, `${MON}T05:00Z`],
        [`${SUN}T23:00Z`, '2026-12-14T00:00Z'],
      ],
    ],
  ])('%s', (_name, lead, windows, expected) => {
    expect(weekWindows(windows, lead)).toEqual(expected);
  });

  it('includes the lead time of a window opening just after the end of the range', () => {
    // Mon 2026-12-14 00:30 with a 1h lead opens at Sun 23:30, inside the week.
    expect(weekWindows('{ days: Mon, open: "00:30", close: "05:00" }', 'leadTime: 1h')).toEqual([
      [`${MON}T00:00Z`, `${MON}T05:00Z`],
      [`${SUN}T23:30Z`, '2026-12-14T00:00Z'],
    ]);
  });
});

describe('overrides', () => {
  const weekday = '{ days: Mon-Fri, open: "09:00", close: "17:00" }';
  const override = (state: string, from: string, until: string) =>
    `  - { model: "m:1", state: ${state}, from: "${from}", until: "${until}" }\n`;
  it.each<[string, string, [string, string][]]>([
    [
      'adds a hosted window on a day without windows',
      override('hosted', `${SAT}T10:00:00Z`, `${SAT}T14:00:00Z`),
      [
        [`${FRI}T09:00Z`, `${FRI}T17:00Z`],
        [`${SAT}T10:00Z`, `${SAT}T14:00Z`],
      ],
    ],
    [
      'extends a window that a hosted override overlaps',
      override('hosted', `${FRI}T16:00:00Z`, `${FRI}T20:00:00Z`),
      [[`${FRI}T09:00Z`, `${FRI}T20:00Z`]],
    ],
    [
      'merges a hosted override that touches a window',
      override('hosted', `${FRI}T17:00:00Z`, `${FRI}T18:00:00Z`),
      [[`${FRI}T09:00Z`, `${FRI}T18:00Z`]],
    ],
    [
      'splits a window that a stopped override cuts',
      override('stopped', `${FRI}T12:00:00Z`, `${FRI}T13:00:00Z`),
      [
        [`${FRI}T09:00Z`, `${FRI}T12:00Z`],
        [`${FRI}T13:00Z`, `${FRI}T17:00Z`],
      ],
    ],
    [
      'starts a window late when a stopped override crosses its opening',
      override('stopped', `${FRI}T08:00:00Z`, `${FRI}T10:00:00Z`),
      [[`${FRI}T10:00Z`, `${FRI}T17:00Z`]],
    ],
    [
      'ends a window early when a stopped override crosses its close',
      override('stopped', `${FRI}T16:00:00Z`, `${SAT}T00:00:00Z`),
      [[`${FRI}T09:00Z`, `${FRI}T16:00Z`]],
    ],
    ['removes a whole window', override('stopped', `${FRI}T00:00:00Z`, `${SAT}T00:00:00Z`), []],
    [
      'reads the offset of an override instant',
      override('hosted', `${SAT}T11:00:00+01:00`, `${SAT}T15:00:00+01:00`),
      [
        [`${FRI}T09:00Z`, `${FRI}T17:00Z`],
        [`${SAT}T10:00Z`, `${SAT}T14:00Z`],
      ],
    ],
    [
      'lets stopped win over hosted',
      override('hosted', `${SAT}T10:00:00Z`, `${SAT}T14:00:00Z`) +
        override('stopped', `${SAT}T12:00:00Z`, `${SAT}T13:00:00Z`),
      [
        [`${FRI}T09:00Z`, `${FRI}T17:00Z`],
        [`${SAT}T10:00Z`, `${SAT}T12:00Z`],
        [`${SAT}T13:00Z`, `${SAT}T14:00Z`],
      ],
    ],
    [
      'lets stopped win over hosted whatever their order in the file',
      override('stopped', `${SAT}T12:00:00Z`, `${SAT}T13:00:00Z`) +
        override('hosted', `${SAT}T10:00:00Z`, `${SAT}T14:00:00Z`),
      [
        [`${FRI}T09:00Z`, `${FRI}T17:00Z`],
        [`${SAT}T10:00Z`, `${SAT}T12:00Z`],
        [`${SAT}T13:00Z`, `${SAT}T14:00Z`],
      ],
    ],
    [
      'removes a hosted override that a stopped one covers entirely',
      override('hosted', `${SAT}T10:00:00Z`, `${SAT}T14:00:00Z`) +
        override('stopped', `${SAT}T09:00:00Z`, `${SAT}T15:00:00Z`),
      [[`${FRI}T09:00Z`, `${FRI}T17:00Z`]],
    ],
  ])('%s', (_name, overrides, expected) => {
    const model = modelOf(`timezone: UTC, windows: [${weekday}]`, `overrides:\n${overrides}`);
    expect(pairs(windowsBetween(model, at(`${FRI}T00:00Z`), at(`${SUN}T00:00Z`)))).toEqual(expected);
  });

  it('applies an override only to the model it names', () => {
    const schedule = scheduleOf(
      [
        'version: 1',
        'defaults: { timezone: UTC }',
        'models:',
        '  - { project: a, version: "1", windows: [] }',
        '  - { project: b, version: "1", windows: [] }',
        'overrides:',
        `  - { model: "b:1", state: hosted, from: "${SAT}T10:00:00Z", until: "${SAT}T14:00:00Z" }`,
      ].join('\n'),
    );
    const [a, b] = schedule.models;
    if (a === undefined || b === undefined) throw new Error('two models expected');
    expect(pairs(windowsBetween(a, WEEK_FROM, WEEK_TO))).toEqual([]);
    expect(pairs(windowsBetween(b, WEEK_FROM, WEEK_TO))).toEqual([[`${SAT}T10:00Z`, `${SAT}T14:00Z`]]);
  });
});

describe('clipping to the range', () => {
  const model = () => modelOf('timezone: UTC, windows: [{ days: Mon, open: "09:00", close: "17:00" }]');
  it.each<[string, string, string, [string, string][]]>([
    [
      'clips both ends of a window that covers the range',
      `${MON}T12:00Z`,
      `${MON}T14:00Z`,
      [[`${MON}T12:00Z`, `${MON}T14:00Z`]],
    ],
    ['clips the opening', `${MON}T12:00Z`, `${TUE}T00:00Z`, [[`${MON}T12:00Z`, `${MON}T17:00Z`]]],
    ['clips the close', `${MON}T00:00Z`, `${MON}T10:00Z`, [[`${MON}T09:00Z`, `${MON}T10:00Z`]]],
    ['reports nothing for a range that ends at the opening', `${MON}T00:00Z`, `${MON}T09:00Z`, []],
    ['reports nothing for a range that starts at the close', `${MON}T17:00Z`, `${TUE}T00:00Z`, []],
    [
      'reports one millisecond at the last instant of a window',
      `${MON}T16:59:59.999Z`,
      `${MON}T17:00Z`,
      [[`${MON}T16:59:59.999Z`, `${MON}T17:00Z`]],
    ],
    ['reports nothing for an empty range', `${MON}T12:00Z`, `${MON}T12:00Z`, []],
    ['reports nothing for an inverted range', `${MON}T14:00Z`, `${MON}T12:00Z`, []],
  ])('%s', (_name, from, to, expected) => {
    expect(pairs(windowsBetween(model(), at(from), at(to)))).toEqual(expected);
  });

  it('reports clipped windows and their hours in a plan', () => {
    const schedule = scheduleOf(
      'version: 1\nmodels:\n  - { project: m, version: "1", timezone: UTC, minInferenceUnits: 3, windows: [{ days: Mon, open: "09:00", close: "17:00" }] }\n',
    );
    const plan = buildPlan(schedule, at(`${MON}T12:00Z`), at(`${MON}T18:00Z`));
    expect(plan.models[0]?.windows).toEqual([
      { open: `${MON}T12:00:00Z`, close: `${MON}T17:00:00Z`, hours: 5, inferenceUnitHours: 15 },
    ]);
    // 5 h x 3 units against 6 h x 3 units always on: cost 15 x 4.00, savings 1 - 15/18 = 16.67 %.
    expect(plan.totals).toEqual({
      hours: 5,
      inferenceUnitHours: 15,
      alwaysOnInferenceUnitHours: 18,
      estimatedCost: 60,
      currency: 'USD',
      savingsPercent: 16.67,
    });
  });
});

describe('desiredStateAt', () => {
  const model = () =>
    modelOf(
      'timezone: UTC, windows: [{ days: Mon, open: "09:00", close: "17:00" }, { days: Wed, open: "22:00", close: "06:00" }, { days: Fri, open: "20:00", close: "24:00" }]',
    );
  it.each([
    ['stopped just before an opening', `${MON}T08:59:59.999Z`, 'stopped'],
    ['hosted at the exact opening', `${MON}T09:00Z`, 'hosted'],
    ['hosted just before the close', `${MON}T16:59:59.999Z`, 'hosted'],
    ['stopped at the exact close', `${MON}T17:00Z`, 'stopped'],
    ['hosted at midnight inside an overnight window', `${THU}T00:00Z`, 'hosted'],
    ['stopped at the next-morning close of an overnight window', `${THU}T06:00Z`, 'stopped'],
    ['hosted just before a 24:00 close', `${FRI}T23:59:59.999Z`, 'hosted'],
    ['stopped at a 24:00 close', `${SAT}T00:00Z`, 'stopped'],
    ['stopped on a day without windows', `${TUE}T12:00Z`, 'stopped'],
  ])('is %s', (_name, instant, expected) => {
    expect(desiredStateAt(model(), at(instant))).toBe(expected);
  });
});

describe('nextTransition', () => {
  const weekdays = 'timezone: UTC, windows: [{ days: Mon-Fri, open: "09:00", close: "17:00" }]';
  it.each<[string, string, string, string, { at: string; state: string } | null]>([
    [
      'closes the window it is inside',
      weekdays,
      '',
      `${MON}T12:00Z`,
      { at: `${MON}T17:00Z`, state: 'stopped' },
    ],
    [
      'opens the next window from outside',
      weekdays,
      '',
      `${MON}T18:00Z`,
      { at: `${TUE}T09:00Z`, state: 'hosted' },
    ],
    [
      'looks strictly after an opening instant',
      weekdays,
      '',
      `${MON}T09:00Z`,
      { at: `${MON}T17:00Z`, state: 'stopped' },
    ],
    [
      'opens the window one millisecond later',
      weekdays,
      '',
      `${MON}T08:59:59.999Z`,
      { at: `${MON}T09:00Z`, state: 'hosted' },
    ],
    [
      'looks strictly after a closing instant',
      weekdays,
      '',
      `${MON}T17:00Z`,
      { at: `${TUE}T09:00Z`, state: 'hosted' },
    ],
    ['skips the weekend', weekdays, '', `${FRI}T17:00Z`, { at: '2026-12-14T09:00Z', state: 'hosted' }],
    [
      'closes a window made of merged touching windows at its end',
      'timezone: UTC, windows: [{ days: Mon, open: "22:00", close: "06:00" }, { days: Tue, open: "06:00", close: "10:00" }]',
      '',
      `${MON}T23:00Z`,
      { at: `${TUE}T10:00Z`, state: 'stopped' },
    ],
    [
      'closes a window that runs longer than a week',
      'timezone: UTC, windows: [{ dates: 2026-12-01..2026-12-31, open: "00:00", close: "24:00" }]',
      '',
      `${MON}T12:00Z`,
      { at: '2027-01-01T00:00Z', state: 'stopped' },
    ],
    [
      'finds a dated window months ahead',
      'timezone: UTC, windows: [{ dates: 2027-06-01, open: "09:00", close: "10:00" }]',
      '',
      `${MON}T12:00Z`,
      { at: '2027-06-01T09:00Z', state: 'hosted' },
    ],
    [
      'finds a dated window more than two years ahead',
      'timezone: UTC, windows: [{ dates: 2029-01-01, open: "09:00", close: "10:00" }]',
      '',
      `${MON}T12:00Z`,
      { at: '2029-01-01T09:00Z', state: 'hosted' },
    ],
    [
      'finds a hosted override more than two years ahead',
      'timezone: UTC, windows: []',
      'overrides:\n  - { model: "m:1", state: hosted, from: "2029-06-01T08:00:00Z", until: "2029-06-01T12:00:00Z" }\n',
      `${MON}T12:00Z`,
      { at: '2029-06-01T08:00Z', state: 'hosted' },
    ],
    [
      'is null when every dated window is past',
      'timezone: UTC, windows: [{ dates: 2026-01-05, open: "09:00", close: "10:00" }]',
      '',
      `${MON}T12:00Z`,
      null,
    ],
    ['is null for a model without windows', 'timezone: UTC, windows: []', '', `${MON}T12:00Z`, null],
    [
      'is null when the model is hosted all the time',
      'timezone: UTC, windows: [{ days: daily, open: "00:00", close: "24:00" }]',
      '',
      `${MON}T12:00Z`,
      null,
    ],
  ])('%s', (_name, fields, tail, after, expected) => {
    const t = nextTransition(modelOf(fields, tail), at(after));
    expect(t === null ? null : { at: iso(t.at), state: t.state }).toEqual(expected);
  });

  it('opens a Berlin window at its local time after the spring-forward weekend', () => {
    // Mon 2026-03-30 09:00 CEST (+02:00) is 07:00Z; the previous Friday 17:00 CET (+01:00) is 16:00Z.
    const model = modelOf(
      'timezone: Europe/Berlin, windows: [{ days: Mon-Fri, open: "09:00", close: "17:00" }]',
    );
    const t = nextTransition(model, at('2026-03-27T16:00Z'));
    expect(t === null ? null : { at: iso(t.at), state: t.state }).toEqual({
      at: '2026-03-30T07:00Z',
      state: 'hosted',
    });
  });
});

describe('defaults and normalisation', () => {
  const rule = 'windows: [{ days: Mon, open: "09:00", close: "17:00" }]';
  it('uses the built-in defaults when a key is absent everywhere', () => {
    const [m] = scheduleOf(`version: 1\nmodels:\n  - { project: p, version: "1", ${rule} }\n`).models;
    expect(m).toMatchObject({
      id: 'p:1',
      timezone: 'UTC',
      minInferenceUnits: 1,
      maxInferenceUnits: null,
      leadTimeMs: 0,
      region: null,
    });
  });

  it('takes the region from the options when the file names none', () => {
    const [m] = scheduleOf(
      `version: 1\nmodels:\n  - { project: p, version: "1", ${rule} }\n`,
      'eu-west-1',
    ).models;
    expect(m?.region).toBe('eu-west-1');
  });

  it('inherits every key from defaults, and a model key wins over it', () => {
    const schedule = scheduleOf(
      [
        'version: 1',
        'defaults: { region: eu-central-1, timezone: Europe/Berlin, minInferenceUnits: 2, maxInferenceUnits: 5, leadTime: 15m }',
        'models:',
        `  - { project: a, version: "1", ${rule} }`,
        `  - { project: b, version: "1", region: us-east-2, timezone: America/Chicago, minInferenceUnits: 3, maxInferenceUnits: 4, leadTime: 1h, ${rule} }`,
      ].join('\n'),
      'us-west-2',
    );
    const [a, b] = schedule.models;
    expect(a).toMatchObject({
      region: 'eu-central-1',
      timezone: 'Europe/Berlin',
      minInferenceUnits: 2,
      maxInferenceUnits: 5,
      leadTimeMs: 15 * 60_000,
    });
    expect(b).toMatchObject({
      region: 'us-east-2',
      timezone: 'America/Chicago',
      minInferenceUnits: 3,
      maxInferenceUnits: 4,
      leadTimeMs: 3_600_000,
    });
  });

  it('applies an inherited zone and lead time to the windows', () => {
    // Mon 2026-12-07 09:00 in Berlin (+01:00) is 08:00Z; minus 15 minutes.
    const schedule = scheduleOf(
      `version: 1\ndefaults: { timezone: Europe/Berlin, leadTime: 15m }\nmodels:\n  - { project: a, version: "1", ${rule} }\n`,
    );
    const [a] = schedule.models;
    if (a === undefined) throw new Error('one model expected');
    expect(pairs(windowsBetween(a, WEEK_FROM, WEEK_TO))).toEqual([[`${MON}T07:45Z`, `${MON}T16:00Z`]]);
  });

  it.each([
    ['3', '3', 'p:3'],
    ['"3"', '3', 'p:3'],
    ['12', '12', 'p:12'],
    ['latest', 'latest', 'p:latest'],
  ])('normalises version %s to "%s" and the default id to %s', (written, version, id) => {
    const [m] = scheduleOf(`version: 1\nmodels:\n  - { project: p, version: ${written}, ${rule} }\n`).models;
    expect(m).toMatchObject({ version, id });
  });

  it('keeps an explicit id', () => {
    const [m] = scheduleOf(
      `version: 1\nmodels:\n  - { project: p, version: 2, id: pilot, ${rule} }\n`,
    ).models;
    expect(m).toMatchObject({ id: 'pilot', project: 'p', version: '2' });
  });

  it('defaults pricing to 4.00 USD', () => {
    expect(scheduleOf(`version: 1\nmodels:\n  - { project: p, version: 1, ${rule} }\n`).pricing).toEqual({
      inferenceUnitHour: 4,
      currency: 'USD',
    });
  });
});
