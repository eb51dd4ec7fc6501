/**
 * Windows on the DST transition days of every zone family, against an independent reference.
 *
 * Every expected UTC instant below was computed with Python 3.11 zoneinfo (system tzdata), never
 * with this code: fold=0 reads a time in a gap with the offset before the gap (= moves it forward
 * by the gap length) and an ambiguous time as the earlier instant, which is the spec's rule:
 *
 *   datetime.combine(date.fromisoformat(D) + timedelta(days=k), time(h, m),
 *                    tzinfo=ZoneInfo(zone)).astimezone(timezone.utc)
 *
 * with k = 1 for the close of an overnight window (close <= open) and for `24:00` (read as 00:00).
 * Transitions used (zoneinfo): Berlin 2026-03-29 02:00->03:00, 2026-10-25 03:00->02:00;
 * New York 2026-03-08 02:00->03:00, 2026-11-01 02:00->01:00; Santiago 2026-09-06 00:00->01:00,
 * 2026-04-04 24:00->23:00; Sydney 2026-10-04 02:00->03:00, 2026-04-05 03:00->02:00;
 * Chatham 2026-09-27 02:45->03:45, 2026-04-05 03:45->02:45; Dublin 2026-03-29 01:00->02:00,
 * 2026-10-25 02:00->01:00; Kolkata +05:30 and UTC have none.
 */
import { describe, expect, it } from 'vitest';
import { windowsBetween } from '../../src/schedule/windows.js';
import { ZoneRules } from '../../src/schedule/zone.js';
import { at, DAY_MS, iso, modelOf, pairs } from './helpers.js';

interface Row {
  zone: string;
  date: string;
  open: string;
  close: string;
  /** [open, close] in UTC, or null when the window is empty that day. */
  utc: [string, string] | null;
  why: string;
}

// biome-ignore format: one row per line keeps the reference table readable
const rows: Row[] = [
  { zone: 'Europe/Berlin', date: '2026-03-29', open: '01:00', close: '04:00', utc: ['2026-03-29T00:00Z', '2026-03-29T02:00Z'], why: 'open before the spring-forward gap, close after it' },
  { zone: 'Europe/Berlin', date: '2026-03-29', open: '02:30', close: '05:00', utc: ['2026-03-29T01:30Z', '2026-03-29T03:00Z'], why: 'open in the gap moves forward by the 1h gap' },
  { zone: 'Europe/Berlin', date: '2026-03-29', open: '00:00', close: '02:30', utc: ['2026-03-28T23:00Z', '2026-03-29T01:30Z'], why: 'close in the gap moves forward by the 1h gap' },
  { zone: 'Europe/Berlin', date: '2026-03-29', open: '03:00', close: '06:00', utc: ['2026-03-29T01:00Z', '2026-03-29T04:00Z'], why: 'open at the end of the gap' },
  { zone: 'Europe/Berlin', date: '2026-03-29', open: '02:00', close: '03:00', utc: null, why: 'a window wholly inside the gap is empty and does not exist' },
  { zone: 'Europe/Berlin', date: '2026-03-28', open: '22:00', close: '06:00', utc: ['2026-03-28T21:00Z', '2026-03-29T04:00Z'], why: 'overnight window across the spring-forward night' },
  { zone: 'Europe/Berlin', date: '2026-10-25', open: '02:30', close: '06:00', utc: ['2026-10-25T00:30Z', '2026-10-25T05:00Z'], why: 'open on the ambiguous hour takes the earlier instant' },
  { zone: 'Europe/Berlin', date: '2026-10-25', open: '00:00', close: '02:30', utc: ['2026-10-24T22:00Z', '2026-10-25T00:30Z'], why: 'close on the ambiguous hour takes the earlier instant' },
  { zone: 'Europe/Berlin', date: '2026-10-25', open: '02:00', close: '03:00', utc: ['2026-10-25T00:00Z', '2026-10-25T02:00Z'], why: 'window spanning the repeated hour' },
  { zone: 'Europe/Berlin', date: '2026-10-24', open: '22:00', close: '06:00', utc: ['2026-10-24T20:00Z', '2026-10-25T05:00Z'], why: 'overnight window across the fall-back night' },
  { zone: 'Europe/Berlin', date: '2027-03-28', open: '02:15', close: '08:00', utc: ['2027-03-28T01:15Z', '2027-03-28T06:00Z'], why: 'open in the 2027 gap' },
  { zone: 'Europe/Berlin', date: '2027-10-31', open: '02:15', close: '08:00', utc: ['2027-10-31T00:15Z', '2027-10-31T07:00Z'], why: 'open on the 2027 ambiguous hour' },
  { zone: 'America/New_York', date: '2026-03-08', open: '01:30', close: '06:00', utc: ['2026-03-08T06:30Z', '2026-03-08T10:00Z'], why: 'open before the gap' },
  { zone: 'America/New_York', date: '2026-03-08', open: '02:30', close: '06:00', utc: ['2026-03-08T07:30Z', '2026-03-08T10:00Z'], why: 'open in the gap moves forward by 1h' },
  { zone: 'America/New_York', date: '2026-03-07', open: '22:00', close: '02:30', utc: ['2026-03-08T03:00Z', '2026-03-08T07:30Z'], why: 'overnight close in the gap' },
  { zone: 'America/New_York', date: '2026-03-08', open: '03:00', close: '09:00', utc: ['2026-03-08T07:00Z', '2026-03-08T13:00Z'], why: 'open at the end of the gap' },
  { zone: 'America/New_York', date: '2026-11-01', open: '01:30', close: '09:00', utc: ['2026-11-01T05:30Z', '2026-11-01T14:00Z'], why: 'open on the ambiguous hour takes EDT' },
  { zone: 'America/New_York', date: '2026-10-31', open: '23:00', close: '07:00', utc: ['2026-11-01T03:00Z', '2026-11-01T12:00Z'], why: 'overnight window across the fall-back night' },
  { zone: 'America/New_York', date: '2026-11-01', open: '00:00', close: '24:00', utc: ['2026-11-01T04:00Z', '2026-11-02T05:00Z'], why: 'the 25-hour fall-back day' },
  { zone: 'America/New_York', date: '2026-03-08', open: '00:00', close: '24:00', utc: ['2026-03-08T05:00Z', '2026-03-09T04:00Z'], why: 'the 23-hour spring-forward day' },
  { zone: 'America/Santiago', date: '2026-09-06', open: '00:00', close: '08:00', utc: ['2026-09-06T04:00Z', '2026-09-06T11:00Z'], why: '00:00 opening in the midnight gap becomes 01:00' },
  { zone: 'America/Santiago', date: '2026-09-06', open: '00:30', close: '08:00', utc: ['2026-09-06T04:30Z', '2026-09-06T11:00Z'], why: 'open inside the midnight gap' },
  { zone: 'America/Santiago', date: '2026-09-05', open: '22:00', close: '06:00', utc: ['2026-09-06T02:00Z', '2026-09-06T09:00Z'], why: 'overnight window across the midnight gap' },
  { zone: 'America/Santiago', date: '2026-09-05', open: '20:00', close: '24:00', utc: ['2026-09-06T00:00Z', '2026-09-06T04:00Z'], why: '24:00 close in the midnight gap becomes 01:00' },
  { zone: 'America/Santiago', date: '2026-09-05', open: '22:00', close: '00:00', utc: ['2026-09-06T02:00Z', '2026-09-06T04:00Z'], why: '00:00 overnight close in the midnight gap' },
  { zone: 'America/Santiago', date: '2026-09-06', open: '01:00', close: '09:00', utc: ['2026-09-06T04:00Z', '2026-09-06T12:00Z'], why: 'open just after the midnight gap' },
  { zone: 'America/Santiago', date: '2026-04-04', open: '23:30', close: '08:00', utc: ['2026-04-05T02:30Z', '2026-04-05T12:00Z'], why: 'open on the ambiguous 23:00-24:00 hour takes -03' },
  { zone: 'America/Santiago', date: '2026-04-04', open: '22:00', close: '24:00', utc: ['2026-04-05T01:00Z', '2026-04-05T04:00Z'], why: '24:00 after fall-back is 00:00 -04' },
  { zone: 'America/Santiago', date: '2026-04-05', open: '00:00', close: '08:00', utc: ['2026-04-05T04:00Z', '2026-04-05T12:00Z'], why: 'the first local midnight after fall-back' },
  { zone: 'America/Santiago', date: '2027-09-05', open: '00:00', close: '08:00', utc: ['2027-09-05T04:00Z', '2027-09-05T11:00Z'], why: '00:00 opening in the 2027 midnight gap' },
  { zone: 'Australia/Sydney', date: '2026-10-04', open: '01:30', close: '06:00', utc: ['2026-10-03T15:30Z', '2026-10-03T19:00Z'], why: 'open before the October gap' },
  { zone: 'Australia/Sydney', date: '2026-10-04', open: '02:30', close: '06:00', utc: ['2026-10-03T16:30Z', '2026-10-03T19:00Z'], why: 'open in the October gap moves forward by 1h' },
  { zone: 'Australia/Sydney', date: '2026-10-03', open: '22:00', close: '02:30', utc: ['2026-10-03T12:00Z', '2026-10-03T16:30Z'], why: 'overnight close in the gap' },
  { zone: 'Australia/Sydney', date: '2026-04-05', open: '02:30', close: '06:00', utc: ['2026-04-04T15:30Z', '2026-04-04T20:00Z'], why: 'open on the April ambiguous hour takes AEDT' },
  { zone: 'Australia/Sydney', date: '2026-04-04', open: '22:00', close: '06:00', utc: ['2026-04-04T11:00Z', '2026-04-04T20:00Z'], why: 'overnight window across the April fall-back night' },
  { zone: 'Asia/Kolkata', date: '2026-03-29', open: '09:00', close: '17:30', utc: ['2026-03-29T03:30Z', '2026-03-29T12:00Z'], why: 'half-hour offset, no DST' },
  { zone: 'Asia/Kolkata', date: '2026-10-25', open: '22:00', close: '06:00', utc: ['2026-10-25T16:30Z', '2026-10-26T00:30Z'], why: 'half-hour offset overnight' },
  { zone: 'Asia/Kolkata', date: '2026-03-08', open: '02:30', close: '03:30', utc: ['2026-03-07T21:00Z', '2026-03-07T22:00Z'], why: '02:30 exists where there is no DST' },
  { zone: 'Pacific/Chatham', date: '2026-09-27', open: '02:00', close: '05:00', utc: ['2026-09-26T13:15Z', '2026-09-26T15:15Z'], why: 'open before the 02:45 gap' },
  { zone: 'Pacific/Chatham', date: '2026-09-27', open: '03:00', close: '06:00', utc: ['2026-09-26T14:15Z', '2026-09-26T16:15Z'], why: 'open in the 02:45-03:45 gap moves forward by 1h' },
  { zone: 'Pacific/Chatham', date: '2026-09-26', open: '22:00', close: '03:15', utc: ['2026-09-26T09:15Z', '2026-09-26T14:30Z'], why: 'overnight close in the gap' },
  { zone: 'Pacific/Chatham', date: '2026-04-05', open: '03:00', close: '06:00', utc: ['2026-04-04T13:15Z', '2026-04-04T17:15Z'], why: 'open on the 02:45-03:45 ambiguous hour takes +13:45' },
  { zone: 'Pacific/Chatham', date: '2026-06-01', open: '09:00', close: '17:00', utc: ['2026-05-31T20:15Z', '2026-06-01T04:15Z'], why: 'winter +12:45' },
  { zone: 'Europe/Dublin', date: '2026-03-29', open: '00:30', close: '03:00', utc: ['2026-03-29T00:30Z', '2026-03-29T02:00Z'], why: 'open before the 01:00 gap' },
  { zone: 'Europe/Dublin', date: '2026-03-29', open: '01:30', close: '03:00', utc: ['2026-03-29T01:30Z', '2026-03-29T02:00Z'], why: 'open in the 01:00-02:00 gap moves forward by 1h' },
  { zone: 'Europe/Dublin', date: '2026-10-25', open: '01:30', close: '03:00', utc: ['2026-10-25T00:30Z', '2026-10-25T03:00Z'], why: 'open on the ambiguous hour takes IST' },
  { zone: 'Europe/Dublin', date: '2026-10-24', open: '23:00', close: '01:30', utc: ['2026-10-24T22:00Z', '2026-10-25T00:30Z'], why: 'overnight close on the ambiguous hour' },
  { zone: 'UTC', date: '2026-03-29', open: '02:30', close: '03:30', utc: ['2026-03-29T02:30Z', '2026-03-29T03:30Z'], why: 'UTC has no gap' },
  { zone: 'UTC', date: '2026-10-25', open: '22:00', close: '02:00', utc: ['2026-10-25T22:00Z', '2026-10-26T02:00Z'], why: 'UTC overnight' },
];

describe('windows on DST transition days', () => {
  it.each(rows)('$zone $date $open-$close: $why', ({ zone, date, open, close, utc }) => {
    const model = modelOf(
      `timezone: ${zone}, windows: [{ dates: ${date}, open: "${open}", close: "${close}" }]`,
    );
    const day = at(`${date}T00:00Z`);
    const windows = windowsBetween(model, day - 2 * DAY_MS, day + 3 * DAY_MS);
    expect(pairs(windows)).toEqual(utc === null ? [] : [utc]);
  });
});

describe('weekday rules and lead time across transitions', () => {
  // By hand from the offsets: Berlin is +01:00 until 2026-03-29T01:00Z, +02:00 after.
  it('runs overnight weekday windows across the Berlin spring-forward night', () => {
    const model = modelOf(
      'timezone: Europe/Berlin, windows: [{ days: Sat-Sun, open: "22:00", close: "06:00" }]',
    );
    expect(pairs(windowsBetween(model, at('2026-03-27T00:00Z'), at('2026-03-31T00:00Z')))).toEqual([
      ['2026-03-28T21:00Z', '2026-03-29T04:00Z'],
      ['2026-03-29T20:00Z', '2026-03-30T04:00Z'],
    ]);
  });

  // 03:00 CEST on 2026-03-29 is 01:00Z; a 1h lead time moves the opening to 00:00Z (01:00 CET).
  it('moves the opening by the lead time as an instant, not as a wall-clock reading', () => {
    const model = modelOf(
      'timezone: Europe/Berlin, leadTime: 1h, windows: [{ dates: 2026-03-29, open: "03:00", close: "06:00" }]',
    );
    expect(pairs(windowsBetween(model, at('2026-03-28T00:00Z'), at('2026-03-30T00:00Z')))).toEqual([
      ['2026-03-29T00:00Z', '2026-03-29T04:00Z'],
    ]);
  });

  // Santiago: -04:00 in winter, -03:00 from 2026-09-06T04:00Z. Sundays 00:00-08:00 over two weeks.
  it('opens at 01:00 on the Santiago Sunday whose midnight does not exist', () => {
    const model = modelOf(
      'timezone: America/Santiago, windows: [{ days: Sun, open: "00:00", close: "08:00" }]',
    );
    expect(pairs(windowsBetween(model, at('2026-08-31T00:00Z'), at('2026-09-14T00:00Z')))).toEqual([
      ['2026-09-06T04:00Z', '2026-09-06T11:00Z'],
      ['2026-09-13T03:00Z', '2026-09-13T11:00Z'],
    ]);
  });
});

describe('ZoneRules.toInstant', () => {
  // Same Python reference as above (fold=0).
  it.each([
    ['Europe/Berlin', '2026-03-29T02:30', '2026-03-29T01:30Z'],
    ['Europe/Berlin', '2026-10-25T02:30', '2026-10-25T00:30Z'],
    ['Europe/Berlin', '2026-10-25T03:00', '2026-10-25T02:00Z'],
    ['America/New_York', '2026-11-01T01:59', '2026-11-01T05:59Z'],
    ['America/New_York', '2026-11-01T02:00', '2026-11-01T07:00Z'],
    ['America/Santiago', '2026-09-06T00:00', '2026-09-06T04:00Z'],
    ['America/Santiago', '2026-04-04T23:59', '2026-04-05T02:59Z'],
    ['Pacific/Chatham', '2026-09-27T02:45', '2026-09-26T14:00Z'],
    ['Asia/Kolkata', '2026-06-01T00:00', '2026-05-31T18:30Z'],
  ])('reads %s %s as %s', (zone, local, expected) => {
    expect(iso(ZoneRules.of(zone).toInstant(at(`${local}Z`)))).toBe(expected);
  });
});
