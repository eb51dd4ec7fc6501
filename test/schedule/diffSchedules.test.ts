import { describe, expect, it } from 'vitest';
import { formatWeekdays } from '../../src/schedule/describeModel.js';
import { diffSchedules, subtract } from '../../src/schedule/diffSchedules.js';
import { at, HOUR_MS, scheduleOf } from './helpers.js';

const FROM = at('2026-12-07T00:00:00Z'); // a Monday

/** A file with one model `m:1` in UTC whose keys are `fields`, and a top-level tail. */
function file(fields: string, tail = ''): string {
  return `version: 1\ndefaults: { timezone: UTC, region: us-east-1 }\nmodels:\n  - { project: m, version: "1", ${fields} }\n${tail}`;
}

function diffOf(before: string, after: string, days = 7) {
  return diffSchedules(scheduleOf(before), scheduleOf(after), FROM, days);
}

describe('formatWeekdays', () => {
  it.each([
    [0b0011111, 'Mon-Fri'],
    [0b1111111, 'daily'],
    [0b0101111, 'Mon-Thu, Sat'],
    [0b1110001, 'Fri-Mon'],
    [0b1000000, 'Sun'],
    [0b1100001, 'Sat-Mon'],
    [0b1110010, 'Tue, Fri-Sun'],
    [0b1000001, 'Mon, Sun'],
    [0b1010101, 'Mon, Wed, Fri, Sun'],
  ])('writes mask %i as %s', (mask, text) => {
    expect(formatWeekdays(mask)).toBe(text);
  });
});

describe('subtract', () => {
  const h = (open: number, close: number) => ({ open: open * HOUR_MS, close: close * HOUR_MS });
  it.each([
    ['keeps what the other does not cover', [h(0, 10)], [h(2, 3), h(5, 6)], [h(0, 2), h(3, 5), h(6, 10)]],
    ['removes what the other covers wholly', [h(1, 2), h(4, 5)], [h(0, 6)], []],
    ['cuts at both ends', [h(1, 5), h(7, 9)], [h(0, 2), h(4, 8)], [h(2, 4), h(8, 9)]],
    ['keeps everything when the other is empty', [h(1, 2)], [], [h(1, 2)]],
  ])('%s', (_name, a, b, expected) => {
    expect(subtract(a, b)).toEqual(expected);
  });
});

describe('diffSchedules', () => {
  it.each([
    [
      'weekdays and Mon-Fri',
      'windows: [{ days: weekdays, open: "06:00", close: "22:00" }]',
      'windows: [{ days: Mon-Fri, open: "06:00", close: "22:00" }]',
    ],
    [
      'windows in another order',
      'windows: [{ days: Sat, open: "08:00", close: "12:00" }, { days: Mon, open: "06:00", close: "22:00" }]',
      'windows: [{ days: Mon, open: "06:00", close: "22:00" }, { days: Sat, open: "08:00", close: "12:00" }]',
    ],
    [
      'Mon and monday',
      'windows: [{ days: Mon, open: "06:00", close: "22:00" }]',
      'windows: [{ days: monday, open: "06:00", close: "22:00" }]',
    ],
  ])('sees no change between %s', (_name, a, b) => {
    const diff = diffOf(file(a), file(b));
    expect(diff.changed).toBe(false);
    expect(diff.models[0]?.change).toBe('unchanged');
  });

  it('compares closedOn by its dates: a renamed calendar is no change, new dates are', () => {
    const windows = 'windows: [{ days: daily, open: "06:00", close: "22:00" }]';
    const before = file(`${windows}, closedOn: [holidays]`, 'calendars:\n  holidays: [2026-12-08]\n');
    const renamed = file(`${windows}, closedOn: [feiertage]`, 'calendars:\n  feiertage: [2026-12-08]\n');
    expect(diffOf(before, renamed).changed).toBe(false);
    const more = file(
      `${windows}, closedOn: [holidays]`,
      'calendars:\n  holidays: [2026-12-08, 2026-12-09]\n',
    );
    const diff = diffOf(before, more);
    expect(diff.models[0]?.changes).toEqual([
      { key: 'closedOn', before: '2026-12-08', after: '2026-12-08..2026-12-09' },
    ]);
    expect(diff.models[0]?.windowsLost.map((s) => [s.open, s.close])).toEqual([
      ['2026-12-09T06:00:00Z', '2026-12-09T22:00:00Z'],
    ]);
    expect(diff.models[0]?.difference.hours).toBe(-16);
  });

  it('prices each version with its own price and lists the change of price', () => {
    const model = 'windows: [{ days: Mon, open: "06:00", close: "16:00" }]';
    const diff = diffOf(file(model), file(model, 'pricing: { inferenceUnitHour: 5 }\n'));
    expect(diff.settings).toEqual([{ key: 'pricing.inferenceUnitHour', before: '4', after: '5' }]);
    expect(diff.models[0]?.change).toBe('unchanged');
    expect(diff.models[0]?.difference).toEqual({ hours: 0, inferenceUnitHours: 0, estimatedCost: 10 });
    expect(diff.changed).toBe(true);
  });

  it('lists gained and lost hosting time only within the first 7 days', () => {
    const diff = diffOf(
      file('windows: [{ days: Mon, open: "06:00", close: "16:00" }]'),
      file('windows: [{ days: Mon, open: "08:00", close: "16:00" }]'),
      30,
    );
    const model = diff.models[0];
    expect(model?.windowsLost.map((s) => s.open)).toEqual(['2026-12-07T06:00:00Z']);
    // 30 days from Monday 2026-12-07 hold 5 Mondays: two hours less on each.
    expect(model?.difference.hours).toBe(-10);
    expect(diff.windowsTo).toBe('2026-12-14T00:00:00Z');
  });

  it('warns about a DST-gap opening only when the edit brings it in', () => {
    const march = at('2027-03-22T00:00:00Z');
    const base = scheduleOf(
      file('timezone: Europe/Berlin, windows: [{ days: Sun, open: "01:30", close: "12:00" }]'),
    );
    const head = scheduleOf(
      file('timezone: Europe/Berlin, windows: [{ days: Sun, open: "02:15", close: "12:00" }]'),
    );
    expect(diffSchedules(base, head, march, 30).warnings.map((w) => w.kind)).toEqual(['dst-gap']);
    expect(diffSchedules(head, head, march, 30).warnings).toEqual([]);
    // Outside the period there is no gap to warn about.
    expect(diffSchedules(base, head, at('2027-04-05T00:00:00Z'), 30).warnings).toEqual([]);
  });
});
