/**
 * `lvsched plan --json` for the example config/schedule.yaml over Mon 2026-11-30T00:00Z ..
 * Mon 2026-12-07T00:00Z (168 h). Worked out by hand from the file:
 *
 * - Berlin is +01:00 and Chicago -06:00 all week (no transition in December); every model inherits
 *   leadTime 15m, region us-east-1 and maxInferenceUnits 2 from `defaults`.
 * - circuit-boards:3 (Berlin, 2 units; Mon 2026-11-30 is closed, no holiday of the calendar falls
 *   in the week): Tue-Fri 06:00-22:00 = 05:00Z-21:00Z, opened 04:45Z: 4 x 16.25 h = 65 h;
 *   Sat 08:00-12:00 = 07:00Z-11:00Z, opened 06:45Z: 4.25 h. 69.25 h, x 2 = 138.5 unit-hours.
 * - night-shift:1 (Chicago, 1 unit): Mon-Thu 22:00 -> 06:00 = D+1 04:00Z -> D+1 12:00Z, opened
 *   03:45Z: D = Mon 11-30 .. Thu 12-03, 4 x 8.25 h = 33 h = 33 unit-hours.
 * - pilot (Berlin, 1 unit): 2026-12-01..05 09:00-17:00 = 08:00Z-16:00Z, opened 07:45Z:
 *   5 x 8.25 h = 41.25 h = 41.25 unit-hours.
 * - Totals: EXAMPLE_WEEK_TOTALS in test/render/planFixture.ts (143.5 h, 212.75 unit-hours, 851.00 USD,
 *   68.34 % saved against 672 unit-hours always on), worked out there from the figures above.
 */
import { describe, expect, it } from 'vitest';
import { buildPlan, isoUtc } from '../../src/schedule/plan.js';
import { EXAMPLE_WEEK_TOTALS, example, exampleWeek } from '../render/planFixture.js';
import { at } from './helpers.js';

const w = (open: string, close: string, hours: number, inferenceUnitHours: number) => ({
  open,
  close,
  hours,
  inferenceUnitHours,
});

describe('buildPlan on the example schedule', () => {
  const plan = exampleWeek();

  it('reports every model window, the totals and nothing else', () => {
    expect(plan).toStrictEqual({
      from: '2026-11-30T00:00:00Z',
      to: '2026-12-07T00:00:00Z',
      models: [
        {
          id: 'circuit-boards:3',
          service: 'lookoutvision',
          project: 'circuit-boards',
          version: '3',
          region: 'us-east-1',
          timezone: 'Europe/Berlin',
          minInferenceUnits: 2,
          maxInferenceUnits: 2,
          windows: [
            w('2026-12-01T04:45:00Z', '2026-12-01T21:00:00Z', 16.25, 32.5),
            w('2026-12-02T04:45:00Z', '2026-12-02T21:00:00Z', 16.25, 32.5),
            w('2026-12-03T04:45:00Z', '2026-12-03T21:00:00Z', 16.25, 32.5),
            w('2026-12-04T04:45:00Z', '2026-12-04T21:00:00Z', 16.25, 32.5),
            w('2026-12-05T06:45:00Z', '2026-12-05T11:00:00Z', 4.25, 8.5),
          ],
        },
        {
          id: 'night-shift:1',
          service: 'lookoutvision',
          project: 'night-shift',
          version: '1',
          region: 'us-east-1',
          timezone: 'America/Chicago',
          minInferenceUnits: 1,
          maxInferenceUnits: 2,
          windows: [
            w('2026-12-01T03:45:00Z', '2026-12-01T12:00:00Z', 8.25, 8.25),
            w('2026-12-02T03:45:00Z', '2026-12-02T12:00:00Z', 8.25, 8.25),
            w('2026-12-03T03:45:00Z', '2026-12-03T12:00:00Z', 8.25, 8.25),
            w('2026-12-04T03:45:00Z', '2026-12-04T12:00:00Z', 8.25, 8.25),
          ],
        },
        {
          id: 'pilot',
          service: 'lookoutvision',
          project: 'pilot-line',
          version: '2',
          region: 'us-east-1',
          timezone: 'Europe/Berlin',
          minInferenceUnits: 1,
          maxInferenceUnits: 2,
          windows: [
            w('2026-12-01T07:45:00Z', '2026-12-01T16:00:00Z', 8.25, 8.25),
            w('2026-12-02T07:45:00Z', '2026-12-02T16:00:00Z', 8.25, 8.25),
            w('2026-12-03T07:45:00Z', '2026-12-03T16:00:00Z', 8.25, 8.25),
            w('2026-12-04T07:45:00Z', '2026-12-04T16:00:00Z', 8.25, 8.25),
            w('2026-12-05T07:45:00Z', '2026-12-05T16:00:00Z', 8.25, 8.25),
          ],
        },
      ],
      totals: EXAMPLE_WEEK_TOTALS,
    });
  });

  it('survives a JSON round trip unchanged (plain data only)', () => {
    expect(JSON.parse(JSON.stringify(plan))).toStrictEqual(plan);
  });

  it('writes instants as UTC ISO-8601 with Z', () => {
    const instants = [
      plan.from,
      plan.to,
      ...plan.models.flatMap((m) => m.windows.flatMap((x) => [x.open, x.close])),
    ];
    for (const s of instants) expect(s).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{3})?Z$/);
  });
});

describe('buildPlan around the example overrides and holidays', () => {
  // circuit-boards:3 is stopped 2026-12-10T00:00+01:00 .. 2026-12-11T00:00+01:00 (= 12-09T23:00Z ..
  // 12-10T23:00Z): Thu 12-10 has no window; Wed and Fri are normal (04:45Z-21:00Z).
  it('drops the window that the maintenance override covers', () => {
    const plan = buildPlan(example, at('2026-12-09T00:00Z'), at('2026-12-12T00:00Z'));
    expect(plan.models[0]?.windows.map((x) => [x.open, x.close])).toEqual([
      ['2026-12-09T04:45:00Z', '2026-12-09T21:00:00Z'],
      ['2026-12-11T04:45:00Z', '2026-12-11T21:00:00Z'],
    ]);
  });

  // Thu 12-24 and Fri 12-25 are plant holidays; the week of 12-21 keeps Mon-Wed and Sat 12-26.
  it('drops the plant holidays', () => {
    const plan = buildPlan(example, at('2026-12-21T00:00Z'), at('2026-12-28T00:00Z'));
    expect(plan.models[0]?.windows.map((x) => x.open)).toEqual([
      '2026-12-21T04:45:00Z',
      '2026-12-22T04:45:00Z',
      '2026-12-23T04:45:00Z',
      '2026-12-26T06:45:00Z',
    ]);
  });

  it('reports no savings over an empty span', () => {
    const plan = buildPlan(example, at('2026-12-01T00:00Z'), at('2026-12-01T00:00Z'));
    expect(plan.totals).toStrictEqual({
      hours: 0,
      inferenceUnitHours: 0,
      alwaysOnInferenceUnitHours: 0,
      estimatedCost: 0,
      currency: 'USD',
      savingsPercent: 0,
    });
  });
});

describe('isoUtc', () => {
  it.each([
    [Date.UTC(2026, 11, 1, 4, 45), '2026-12-01T04:45:00Z'],
    [Date.UTC(2026, 11, 1, 4, 45, 0, 250), '2026-12-01T04:45:00.250Z'],
    [0, '1970-01-01T00:00:00Z'],
  ])('writes %d as %s', (ms, expected) => {
    expect(isoUtc(ms)).toBe(expected);
  });
});
