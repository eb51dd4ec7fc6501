/**
 * renderPlanText. Expected times are worked out by hand, not copied from the output:
 * Europe/Berlin is UTC+1 (CET) and America/Chicago UTC-6 (CST) all of December 2026; the example
 * config/schedule.yaml gives every model leadTime 15m, so each window opens 15 minutes early.
 * Week Mon 2026-11-30T00:00Z .. Mon 2026-12-07T00:00Z:
 * - circuit-boards:3 (2 units): Mon 30 Nov closed; Tue-Fri 06:00-22:00 CET -> opens 05:45 CET =
 *   04:45Z, closes 21:00Z, 16.25 h, 32.50 IU-h; Sat 08:00-12:00 -> 07:45 CET = 06:45Z .. 11:00Z, 4.25 h.
 * - night-shift:1 (1 unit): Mon-Thu 22:00 -> 06:00 CST: opens 21:45 CST = 03:45Z the next UTC day,
 *   closes 06:00 CST = 12:00Z, 8.25 h.
 * - pilot (1 unit): 2026-12-01..05 09:00-17:00 CET -> 08:45 CET = 07:45Z .. 16:00Z, 8.25 h.
 * - Totals 143.50 h, 212.75 IU-h, 851.00 USD at 4.00; always on 168 h x 4 units = 672 IU-h =
 *   2688.00 USD; saved 1837.00 USD = 68.34 %.
 */
import { describe, expect, it } from 'vitest';
import { renderPlanText } from '../../src/cli/render/planText.js';
import { parseScheduleOrThrow } from '../../src/schedule/parseSchedule.js';
import { buildPlan, type PlanReport } from '../../src/schedule/plan.js';
import { at, example, exampleWeek } from './planFixture.js';

const week = exampleWeek();
/** Lines with runs of spaces collapsed, so expectations do not depend on column widths. */
const squeezed = (text: string) => text.split('\n').map((l) => l.replace(/ +/g, ' ').trim());

/** The plan of one model given as the inner text of a flow mapping, over [from, to). */
function oneModel(fields: string, from: string, to: string, tail = ''): PlanReport {
  const yaml = `version: 1\nmodels:\n  - { project: m, version: "1", ${fields} }\n${tail}`;
  const schedule = parseScheduleOrThrow(yaml, { file: 'test.yaml' });
  return buildPlan(schedule, at(from), at(to));
}

describe('renderPlanText on the example week', () => {
  const text = renderPlanText(week);
  const lines = squeezed(text);

  it('shows each window in local time and in UTC with hours and inference-unit-hours', () => {
    expect(lines).toContain('Tue 2026-12-01 05:45 -> 22:00 CET (04:45Z -> 21:00Z) 16.25 h 32.50 IU-h');
    expect(lines).toContain('Sat 2026-12-05 07:45 -> 12:00 CET (06:45Z -> 11:00Z) 4.25 h 8.50 IU-h');
    expect(lines).toContain('Tue 2026-12-01 08:45 -> 17:00 CET (07:45Z -> 16:00Z) 8.25 h 8.25 IU-h');
  });

  it("shows an overnight window's close with its weekday, and the UTC weekday when it differs", () => {
    expect(lines).toContain('Mon 2026-11-30 21:45 -> Tue 06:00 CST (Tue 03:45Z -> 12:00Z) 8.25 h 8.25 IU-h');
    expect(lines).toContain('Thu 2026-12-03 21:45 -> Fri 06:00 CST (Fri 03:45Z -> 12:00Z) 8.25 h 8.25 IU-h');
  });

  it('lists the windows of each model under its header, with a subtotal', () => {
    const start = lines.indexOf('circuit-boards:3 (project circuit-boards, version 3)');
    expect(start).toBeGreaterThanOrEqual(0);
    expect(lines.slice(start + 1, start + 8)).toStrictEqual([
      'region: us-east-1 time zone: Europe/Berlin inference units: min 2, max 2',
      'Tue 2026-12-01 05:45 -> 22:00 CET (04:45Z -> 21:00Z) 16.25 h 32.50 IU-h',
      'Wed 2026-12-02 05:45 -> 22:00 CET (04:45Z -> 21:00Z) 16.25 h 32.50 IU-h',
      'Thu 2026-12-03 05:45 -> 22:00 CET (04:45Z -> 21:00Z) 16.25 h 32.50 IU-h',
      'Fri 2026-12-04 05:45 -> 22:00 CET (04:45Z -> 21:00Z) 16.25 h 32.50 IU-h',
      'Sat 2026-12-05 07:45 -> 12:00 CET (06:45Z -> 11:00Z) 4.25 h 8.50 IU-h',
      'subtotal, 5 windows 69.25 h 138.50 IU-h',
    ]);
    expect(lines).toContain('subtotal, 4 windows 33.00 h 33.00 IU-h');
    expect(lines).toContain('pilot (project pilot-line, version 2)');
  });

  it('ends with the totals, the cost against always-on and the savings', () => {
    expect(lines.slice(-3)).toStrictEqual([
      'Total, 3 models 143.50 h 212.75 IU-h',
      'estimated cost: 851.00 USD (always on: 2688.00 USD for 672.00 IU-h)',
      'savings: 68.34 % (1837.00 USD)',
    ]);
  });

  it('aligns the number columns of every window, subtotal and total line', () => {
    const numbered = text.split('\n').filter((l) => / h +[\d.]+ IU-h$/.test(l));
    expect(numbered).toHaveLength(14 + 3 + 1);
    expect(new Set(numbered.map((l) => l.indexOf(' h ')))).toHaveProperty('size', 1);
    expect(new Set(numbered.map((l) => l.length))).toHaveProperty('size', 1);
  });

  it('states the period in UTC, uses no colours and leaves the final newline to the caller', () => {
    expect(lines[0]).toBe('Hosting plan Mon 2026-11-30 00:00Z -> Mon 2026-12-07 00:00Z (7 days)');
    expect(text.includes('\u001b')).toBe(false);
    expect(text.endsWith('\n')).toBe(false);
  });

  it('uses the given price for the always-on cost instead of deriving it from the estimate', () => {
    const cheap = { ...week, totals: { ...week.totals, estimatedCost: 425.5 } };
    expect(squeezed(renderPlanText(cheap))).toContain(
      'estimated cost: 425.50 USD (always on: 1344.00 USD for 672.00 IU-h)',
    );
    expect(squeezed(renderPlanText(cheap, { inferenceUnitHourPrice: 3 }))).toContain(
      'estimated cost: 425.50 USD (always on: 2016.00 USD for 672.00 IU-h)',
    );
  });
});

describe('renderPlanText edge cases', () => {
  it('says so when a model has no window in the period', () => {
    // pilot's dates (2026-12-01..05) all fall before this week.
    const lines = squeezed(
      renderPlanText(buildPlan(example, at('2026-12-07T00:00Z'), at('2026-12-14T00:00Z'))),
    );
    const start = lines.indexOf('pilot (project pilot-line, version 2)');
    expect(lines.slice(start + 2, start + 4)).toStrictEqual([
      'no windows in this period',
      'subtotal, 0 windows 0.00 h 0.00 IU-h',
    ]);
  });

  it('says so when the schedule has no model, and still prints the totals', () => {
    const empty = buildPlan(
      parseScheduleOrThrow('version: 1\nmodels: []\n', { file: 'test.yaml' }),
      at('2026-11-30T00:00Z'),
      at('2026-12-07T00:00Z'),
    );
    const lines = squeezed(renderPlanText(empty));
    expect(lines).toContain('No models in the schedule.');
    expect(lines).toContain('Total, 0 models 0.00 h 0.00 IU-h');
    expect(lines).toContain('estimated cost: 0.00 USD (always on: 0.00 IU-h)');
  });

  it('names the AWS configuration when no region is set', () => {
    const report = oneModel(
      'windows: [{ days: Mon, open: "09:00", close: "10:00" }]',
      '2026-11-30T00:00Z',
      '2026-12-01T00:00Z',
    );
    expect(squeezed(renderPlanText(report))).toContain(
      'region: from AWS config (unknown) time zone: UTC inference units: 1 (no auto-scaling)',
    );
  });

  interface Case {
    readonly name: string;
    readonly fields: string;
    readonly tail?: string;
    readonly from: string;
    readonly to: string;
    readonly line: string;
  }
  const cases: Case[] = [
    {
      name: 'names both abbreviations when a window spans the EU change to summer time',
      // Sun 2026-03-29 01:00Z: CET (+1) -> CEST (+2). 22:00 CET = 21:00Z; 07:00 CEST = 05:00Z: 8 h.
      fields: 'timezone: Europe/Berlin, windows: [{ days: Sat, open: "22:00", close: "07:00" }]',
      from: '2026-03-28T00:00Z',
      to: '2026-03-30T00:00Z',
      line: 'Sat 2026-03-28 22:00 CET -> Sun 07:00 CEST (21:00Z -> Sun 05:00Z) 8.00 h 8.00 IU-h',
    },
    {
      name: 'names both abbreviations when a window spans the US change to standard time',
      // Sun 2026-11-01 07:00Z: CDT (-5) -> CST (-6). 22:00 CDT = 03:00Z; 06:00 CST = 12:00Z: 9 h.
      fields: 'timezone: America/Chicago, windows: [{ days: Sat, open: "22:00", close: "06:00" }]',
      from: '2026-10-31T00:00Z',
      to: '2026-11-02T00:00Z',
      line: 'Sat 2026-10-31 22:00 CDT -> Sun 06:00 CST (Sun 03:00Z -> 12:00Z) 9.00 h 9.00 IU-h',
    },
    {
      name: 'writes a close at the next local midnight as 24:00',
      fields: 'timezone: UTC, windows: [{ days: Tue, open: "18:00", close: "24:00" }]',
      from: '2026-12-01T00:00Z',
      to: '2026-12-02T00:00Z',
      line: 'Tue 2026-12-01 18:00 -> 24:00 UTC (18:00Z -> 24:00Z) 6.00 h 6.00 IU-h',
    },
    {
      name: 'uses the abbreviation an English locale of the region gives',
      // Asia/Kolkata is UTC+05:30 all year (IST): 09:00 = 03:30Z, 17:00 = 11:30Z.
      fields: 'timezone: Asia/Kolkata, windows: [{ days: Tue, open: "09:00", close: "17:00" }]',
      from: '2026-12-01T00:00Z',
      to: '2026-12-02T00:00Z',
      line: 'Tue 2026-12-01 09:00 -> 17:00 IST (03:30Z -> 11:30Z) 8.00 h 8.00 IU-h',
    },
    {
      name: 'shows the offset of a zone without an English abbreviation',
      // Asia/Kathmandu is UTC+05:45 all year: 09:00 = 03:15Z, 17:00 = 11:15Z; 3 units.
      fields:
        'timezone: Asia/Kathmandu, minInferenceUnits: 3, windows: [{ days: Tue, open: "09:00", close: "17:00" }]',
      from: '2026-12-01T00:00Z',
      to: '2026-12-02T00:00Z',
      line: 'Tue 2026-12-01 09:00 -> 17:00 +05:45 (03:15Z -> 11:15Z) 8.00 h 24.00 IU-h',
    },
    {
      name: 'shows the UTC weekday when a morning window east of UTC opens the day before in UTC',
      // Pacific/Auckland is UTC+13 (NZDT) in December: Wed 06:00 = Tue 17:00Z, 12:00 = Tue 23:00Z.
      fields: 'timezone: Pacific/Auckland, windows: [{ days: Wed, open: "06:00", close: "12:00" }]',
      from: '2026-12-01T00:00Z',
      to: '2026-12-03T00:00Z',
      line: 'Wed 2026-12-02 06:00 -> 12:00 NZDT (Tue 17:00Z -> 23:00Z) 6.00 h 6.00 IU-h',
    },
    {
      name: 'writes the close date of a window longer than a day',
      // The Tue window [Tue 00:00, Wed 00:00) merges with the override [Tue 06:00, Thu 12:00): 60 h.
      fields: 'timezone: UTC, windows: [{ days: Tue, open: "00:00", close: "24:00" }]',
      tail: 'overrides:\n  - { model: "m:1", state: hosted, from: "2026-12-01T06:00:00Z", until: "2026-12-03T12:00:00Z" }\n',
      from: '2026-12-01T00:00Z',
      to: '2026-12-05T00:00Z',
      line: 'Tue 2026-12-01 00:00 -> Thu 2026-12-03 12:00 UTC (00:00Z -> Thu 2026-12-03 12:00Z) 60.00 h 60.00 IU-h',
    },
  ];
  it.each(cases)('$name', ({ fields, tail, from, to, line }) => {
    expect(squeezed(renderPlanText(oneModel(fields, from, to, tail)))).toContain(line);
  });
});
