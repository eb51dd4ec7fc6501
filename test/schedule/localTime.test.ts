/**
 * The local-time helpers against Luxon, which the CLI used for the same output before: wall-clock
 * fields, formats, ISO with offset, and zone abbreviations (as formatPlan computed them with Luxon).
 */
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { formatIsoLocal, formatLocal, localParts, zoneAbbreviation } from '../../src/schedule/localTime.js';

const ZONES = [
  'UTC',
  'Europe/Berlin',
  'America/Chicago',
  'America/St_Johns',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
  'Africa/Monrovia',
  'Etc/GMT+5',
  'America/Sao_Paulo',
];
const instant = fc.integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(2199, 11, 31) });
const zone = fc.constantFrom(...ZONES);
const inZone = (t: number, z: string) => DateTime.fromMillis(t, { zone: z, locale: 'en-US' });

/** What formatPlan's zoneAbbreviation did with Luxon. */
function luxonAbbreviation(t: number, z: string): string {
  const dt = DateTime.fromMillis(t, { zone: z });
  for (const locale of ['en-US', 'en-GB', 'en-AU', 'en-IN', 'en-ZA', 'en-SG']) {
    const short = dt.setLocale(locale).offsetNameShort;
    if (short !== null && /^[A-Z]{2,5}$/.test(short)) return short;
  }
  return dt.toFormat('ZZ');
}

describe('local times', () => {
  it('reads the same wall-clock fields as Luxon', () => {
    fc.assert(
      fc.property(zone, instant, (z, t) => {
        const p = localParts(t, z);
        const dt = inZone(t, z);
        expect([p.year, p.month, p.day, p.hour, p.minute, p.second, p.millisecond, p.weekday]).toEqual([
          dt.year,
          dt.month,
          dt.day,
          dt.hour,
          dt.minute,
          dt.second,
          dt.millisecond,
          dt.weekday,
        ]);
        expect(p.offset).toBe(dt.offset * 60_000);
      }),
      { numRuns: 500 },
    );
  });

  it('formats every token it knows as Luxon toFormat does', () => {
    const patterns = [
      'ccc d LLL',
      'ccc d',
      'd',
      'HH:mm',
      'LLLL yyyy',
      'LLL yyyy',
      'LLL',
      'ccc d LLL yyyy HH:mm',
      'ccc yyyy-MM-dd HH:mm:ss',
      "cccc, MMMM d 'at' H:mm:ss.SSS ZZ",
      'L/M/LL/MMM',
    ];
    fc.assert(
      fc.property(zone, instant, fc.constantFrom(...patterns), (z, t, pattern) => {
        expect(formatLocal(t, z, pattern)).toBe(inZone(t, z).toFormat(pattern));
      }),
      { numRuns: 500 },
    );
  });

  it('writes ISO with the offset as Luxon toISO does, Z in UTC', () => {
    fc.assert(
      fc.property(zone, instant, fc.constantFrom(0, 1, 999), (z, t, ms) => {
        const at = Math.floor(t / 1000) * 1000 + ms;
        expect(formatIsoLocal(at, z)).toBe(
          DateTime.fromMillis(at, { zone: z }).toISO({ suppressMilliseconds: true }),
        );
      }),
      { numRuns: 500 },
    );
    expect(formatIsoLocal(Date.parse('2026-12-01T05:00:00Z'), 'Europe/Berlin')).toBe(
      '2026-12-01T06:00:00+01:00',
    );
    expect(formatIsoLocal(Date.parse('2026-12-01T05:00:00Z'), 'UTC')).toBe('2026-12-01T05:00:00Z');
  });

  it('names zones as Luxon did: the short English abbreviation, else the offset', () => {
    fc.assert(
      fc.property(zone, instant, (z, t) => {
        expect(zoneAbbreviation(t, z)).toBe(luxonAbbreviation(t, z));
      }),
      { numRuns: 300 },
    );
    expect(zoneAbbreviation(Date.parse('2026-07-01T00:00:00Z'), 'Europe/Berlin')).toBe('CEST');
    expect(zoneAbbreviation(Date.parse('2026-07-01T00:00:00Z'), 'Asia/Kathmandu')).toBe('+05:45');
  });

  it('rejects a token it does not know rather than print it', () => {
    expect(() => formatLocal(0, 'UTC', 'yyyy-MM-dd QQ')).toThrow(/"QQ"/);
  });
});
