/**
 * ZoneRules for every zone name the schedule accepts (Intl's, tzdata's and the links), against
 * Luxon as the oracle: at each transition ZoneRules finds, 1 s before (the old offset) and at the
 * instant (the new one), and at instants between transitions. Luxon asks ICU for each instant on
 * its own (wall-clock parts), so this checks how ZoneRules reads offsets (`longOffset`) and how it
 * finds transitions (daily samples, then bisection). Every name over 2024-2033, the families of the
 * DST tables over 1970-2199; `npm run bench` runs every name over 1970-2199 and also compares the
 * transitions with the system's zoneinfo (zdump).
 */
import { IANAZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import { isValidTimeZone, ZoneRules } from '../../src/schedule/zone.js';
import { LINKS, ZONES } from '../../src/schedule/zoneNames.generated.js';

const names = [...new Set([...Intl.supportedValuesOf('timeZone'), ...ZONES, ...Object.keys(LINKS)])].filter(
  isValidTimeZone,
);

/** Instants where ZoneRules and Luxon differ, as readable lines (empty when they agree). */
function disagreements(zone: string, from: number, to: number): string[] {
  const rules = ZoneRules.of(zone);
  const luxon = IANAZone.create(zone);
  const wrong: string[] = [];
  const check = (at: number, expected: number) => {
    const oracle = luxon.offset(at) * 60_000;
    if (oracle !== expected)
      wrong.push(`${zone} ${new Date(at).toISOString()}: ${expected} vs Luxon ${oracle}`);
  };
  let previous = from;
  for (const t of rules.transitionsBetween(from, to)) {
    check(t.at - 1000, t.before);
    check(t.at, t.after);
    expect(t.after).not.toBe(t.before);
    for (const q of [0.25, 0.5, 0.75]) {
      const at = Math.round(previous + (t.at - previous) * q);
      check(at, rules.offsetAt(at));
    }
    previous = t.at;
  }
  for (let at = previous; at < to; at += 30 * 86_400_000) check(at, rules.offsetAt(at));
  return wrong;
}

describe('ZoneRules in every zone', () => {
  it('knows every zone and link name the schedule accepts', () => {
    expect(names.length).toBeGreaterThan(590);
    expect(names).toContain('America/Argentina/ComodRivadavia');
  });

  it('agrees with Luxon around every transition and between them in every zone, 2024-2033', () => {
    const wrong = names.flatMap((zone) => disagreements(zone, Date.UTC(2024, 0, 1), Date.UTC(2034, 0, 1)));
    expect(wrong.slice(0, 10)).toEqual([]);
  });

  it('agrees with Luxon around every transition of the DST-table zones, 1970-2199', () => {
    const zones = ['Europe/Berlin', 'America/New_York', 'America/Santiago', 'Australia/Sydney'];
    const more = ['Pacific/Chatham', 'Europe/Dublin', 'Asia/Kolkata', 'America/Boa_Vista', 'Asia/Gaza'];
    const wrong = [...zones, ...more].flatMap((zone) =>
      disagreements(zone, Date.UTC(1970, 0, 1), Date.UTC(2200, 0, 1)),
    );
    expect(wrong.slice(0, 10)).toEqual([]);
  });

  it('finds an offset that lasts a week (Boa Vista, October 2000)', () => {
    // The shortest-lived offset of any zone in 1970-2199 by zoneinfo: daily samples cannot miss it.
    const found = ZoneRules.of('America/Boa_Vista').transitionsBetween(
      Date.UTC(2000, 9, 1),
      Date.UTC(2000, 10, 1),
    );
    expect(
      found.map((t) => [new Date(t.at).toISOString(), t.before / 3_600_000, t.after / 3_600_000]),
    ).toEqual([
      ['2000-10-08T04:00:00.000Z', -4, -3],
      ['2000-10-15T03:00:00.000Z', -3, -4],
    ]);
  });
});
