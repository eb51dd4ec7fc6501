/**
 * ZoneRules against a second conversion path: Luxon's DateTime.fromMillis / fromObject, which asks
 * ICU directly for every instant instead of using ZoneRules' cached transition table. Readings in
 * a gap never come from a real instant; ambiguous readings (two instants) are skipped here and
 * covered by the reference tables in dst.test.ts.
 */
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { ZoneRules } from '../../src/schedule/zone.js';
import { ZONES } from './arbitraries.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** 2026 transitions (Python zoneinfo), to sample instants close to them as well. */
const TRANSITIONS = [
  '2026-03-29T01:00Z',
  '2026-10-25T01:00Z',
  '2026-03-08T07:00Z',
  '2026-11-01T06:00Z',
  '2026-04-05T03:00Z',
  '2026-09-06T04:00Z',
  '2026-04-04T16:00Z',
  '2026-10-03T16:00Z',
  '2026-04-04T14:00Z',
  '2026-09-26T14:00Z',
].map((s) => Date.parse(s));

const instant = fc.oneof(
  fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2040, 11, 31) }),
  fc
    .tuple(fc.constantFrom(...TRANSITIONS), fc.integer({ min: -3 * HOUR, max: 3 * HOUR }))
    .map(([t, d]) => t + d),
);

/** The wall-clock reading of `t` in `zone` according to Luxon, encoded as UTC epoch ms. */
function luxonLocal(t: number, zone: string): number {
  const dt = DateTime.fromMillis(t, { zone });
  return Date.UTC(dt.year, dt.month - 1, dt.day, dt.hour, dt.minute, dt.second, dt.millisecond);
}

/** Whether another instant near `t` has the same wall-clock reading in `zone` (Luxon). */
function isAmbiguous(t: number, zone: string, local: number): boolean {
  const offsets = new Set([t - DAY, t, t + DAY].map((x) => DateTime.fromMillis(x, { zone }).offset * 60_000));
  for (const offset of offsets) {
    const other = local - offset;
    if (other !== t && luxonLocal(other, zone) === local) return true;
  }
  return false;
}

describe('ZoneRules', () => {
  it('agrees with Luxon on the local reading of any instant', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), instant, (zone, t) => {
        expect(ZoneRules.of(zone).toLocal(t)).toBe(luxonLocal(t, zone));
      }),
      { numRuns: 300 },
    );
  });

  it('agrees with Luxon on the instant of any unambiguous local reading', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), instant, (zone, t) => {
        const local = luxonLocal(t, zone);
        fc.pre(!isAmbiguous(t, zone, local));
        const dt = DateTime.fromMillis(t, { zone });
        const viaLuxon = DateTime.fromObject(
          {
            year: dt.year,
            month: dt.month,
            day: dt.day,
            hour: dt.hour,
            minute: dt.minute,
            second: dt.second,
            millisecond: dt.millisecond,
          },
          { zone },
        ).toMillis();
        expect(viaLuxon).toBe(t);
        expect(ZoneRules.of(zone).toInstant(local)).toBe(t);
      }),
      { numRuns: 300 },
    );
  });

  it('finds offsets in years 0-99 and before year 0 (no two-digit-year reading)', () => {
    // A zone no other test loads: its transitions are loaded year by year from the first lookup.
    const zone = ZoneRules.of('Africa/Bamako');
    const year = (y: number) => new Date(0).setUTCFullYear(y, 5, 1);
    const luxon = (ms: number) => DateTime.fromMillis(ms, { zone: 'Africa/Bamako' }).offset * 60_000;
    for (const y of [99, 50, 1, 0, -1]) expect(zone.offsetAt(year(y)), String(y)).toBe(luxon(year(y)));
  });

  it('answers again near the present after a lookup 2,000 years away', () => {
    const zone = ZoneRules.of('Africa/Lome');
    const far = new Date(0).setUTCFullYear(-1, 0, 1);
    const now = Date.parse('2026-07-01T00:00:00Z');
    for (const t of [now, far, now]) {
      expect(zone.offsetAt(t)).toBe(DateTime.fromMillis(t, { zone: 'Africa/Lome' }).offset * 60_000);
    }
  });

  it('rejects a name that is not an IANA zone', () => {
    expect(() => ZoneRules.of('Mars/Olympus')).toThrow(/Mars\/Olympus/);
  });
});
