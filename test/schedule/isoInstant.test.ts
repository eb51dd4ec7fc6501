/**
 * parseIsoInstant against Luxon's DateTime.fromISO (with `zone: 'utc', setZone: true`, as the CLI
 * called it), the oracle it replaces: the same texts are instants, with the same epoch ms.
 */
import fc from 'fast-check';
import { DateTime, Settings } from 'luxon';
import { afterAll, describe, expect, it } from 'vitest';
import { parseIsoInstant } from '../../src/schedule/isoInstant.js';

const NOW = Date.parse('2026-06-15T12:34:56Z');
const savedNow = Settings.now;
Settings.now = () => NOW;
afterAll(() => {
  Settings.now = savedNow;
});

function luxon(text: string): number | null {
  const dt = DateTime.fromISO(text, { zone: 'utc', setZone: true });
  return dt.isValid && Number.isFinite(dt.toMillis()) ? dt.toMillis() : null;
}

const two = (min: number, max: number) => fc.integer({ min, max }).map((n) => String(n).padStart(2, '0'));
const sep = fc.constantFrom('-', '');
const colon = fc.constantFrom(':', '');
const date = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('1969', '1970', '2000', '2024', '2026', '2100', '2199', '+002026', '-000001'),
      sep,
      two(0, 13),
      sep,
      two(0, 32),
    )
    .map(([y, s1, m, s2, d]) => `${y}${s1}${m}${s2}${d}`),
  fc.tuple(fc.constantFrom('2026', '2024', '1970'), sep, two(0, 13)).map(([y, s, m]) => `${y}${s}${m}`),
  fc.constantFrom('2026', '1999'),
  fc
    .tuple(
      fc.constantFrom('2026', '2020', '2015'),
      sep,
      two(0, 54),
      fc.option(fc.integer({ min: 0, max: 8 })),
    )
    .map(([y, s, w, d]) => `${y}${s}W${w}${d === null ? '' : `${s}${d}`}`),
  fc
    .tuple(fc.constantFrom('2026', '2024'), sep, fc.integer({ min: 0, max: 367 }))
    .map(([y, s, o]) => `${y}${s}${String(o).padStart(3, '0')}`),
);
const time = fc.oneof(
  two(0, 25),
  fc.tuple(two(0, 25), colon, two(0, 60)).map(([h, c, m]) => `${h}${c}${m}`),
  fc
    .tuple(
      two(0, 25),
      colon,
      two(0, 60),
      colon,
      two(0, 60),
      fc.option(fc.tuple(fc.constantFrom('.', ','), fc.stringMatching(/^\d{1,12}$/))),
    )
    .map(([h, c1, m, c2, s, f]) => `${h}${c1}${m}${c2}${s}${f === null ? '' : f.join('')}`),
);
const zone = fc.oneof(
  fc.constant(''),
  fc.constantFrom('Z', 'z'),
  fc
    .tuple(fc.constantFrom('+', '-'), two(0, 19), fc.option(fc.tuple(colon, two(0, 99))))
    .map(([s, h, m]) => `${s}${h}${m === null ? '' : m.join('')}`),
  fc.constantFrom('[Asia/Kolkata]', '[UTC]', '+05:00[Asia/Tokyo]', '[Mars/Base]', '[utc]'),
);
const text = fc.oneof(
  fc
    .tuple(date, fc.option(fc.tuple(fc.constantFrom('T', 't'), time, zone)))
    .map(([d, t]) => (t === null ? d : `${d}${t.join('')}`)),
  fc.tuple(time, zone).map(([t, z]) => t + z),
  fc.string({ maxLength: 12 }),
);

describe('parseIsoInstant', () => {
  it('reads every text as Luxon fromISO does', () => {
    fc.assert(
      fc.property(text, (t) => {
        expect(parseIsoInstant(t, { today: NOW }), t).toBe(luxon(t));
      }),
      { numRuns: 5000 },
    );
  });

  it('reads the forms the CLI documents', () => {
    for (const t of [
      '2026-12-01T06:00:00+01:00',
      '2026-12-01',
      '2026-12-01T06:00',
      '2026-12-01T24:00Z',
      '2026-12-01T06:00:00.123456Z',
      '2026-W49-2T06:00Z',
      '2026-335',
      '20261201T0600+0100',
      '2026-12-01T06:00[Europe/Berlin]',
      '2199-12-31T23:59:59Z',
      '+275760-09-13T00:00:00Z',
      '+275760-09-14T00:00:00Z',
      '2026-02-29T00:00Z',
      '2026-12-01T24:00:01Z',
      '2026-12-01T06:00:60Z',
      '06:00',
      'tomorrow',
      '',
    ]) {
      expect(parseIsoInstant(t, { today: NOW }), t).toBe(luxon(t));
    }
  });

  it('resolves a bracketed zone reading in a gap or twice as the schedule does', () => {
    // Luxon's choice here depends on the date it runs; the schedule's rule (README "What the file means" 3) does not.
    expect(parseIsoInstant('2026-03-29T02:30[Europe/Berlin]')).toBe(Date.parse('2026-03-29T01:30:00Z'));
    expect(parseIsoInstant('2026-10-25T02:30[Europe/Berlin]')).toBe(Date.parse('2026-10-25T00:30:00Z'));
  });

  it('needs a date for a time alone', () => {
    expect(parseIsoInstant('06:00')).toBeNull();
    expect(parseIsoInstant('06:00+01:00', { today: Date.parse('2026-06-14T23:30:00Z') })).toBe(
      Date.parse('2026-06-15T05:00:00Z'),
    );
  });
});
