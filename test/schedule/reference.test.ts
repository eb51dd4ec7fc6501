/**
 * windowsBetween against a reference written from the spec alone, for random schedules whose
 * dates, holidays and overrides are crowded around the range (so that ranges overlap, holidays hit
 * windows and overrides cross their edges). The reference shares no code with src/schedule: it
 * reads the generated data itself, selects local dates rule by rule, and converts wall-clock
 * readings with Luxon per instant (a reading that two instants share takes the earlier one; one in
 * a gap is read with the offset in force before the gap, i.e. moved forward by the gap).
 */
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { Interval } from '../../src/schedule/types.js';
import { windowsBetween } from '../../src/schedule/windows.js';
import { END, modelOfData, type RuleData, type ScheduleData, START, scheduleFileIn } from './arbitraries.js';
import { DAY_MS, iso, pairs } from './helpers.js';

const MINUTE = 60_000;
const NAMES = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const LEAD: Record<string, number> = {
  '0': 0,
  '90s': 90_000,
  '15m': 15 * MINUTE,
  '1h': 60 * MINUTE,
  '2h30m': 150 * MINUTE,
  '23h': 23 * 60 * MINUTE,
};

const list = (v: string | string[] | undefined): string[] =>
  v === undefined ? [] : Array.isArray(v) ? v : [v];
const dateText = (epochDay: number) => new Date(epochDay * DAY_MS).toISOString().slice(0, 10);
const dayOf = (text: string) => Date.parse(`${text}T00:00:00Z`) / DAY_MS;
/** Monday = 0 .. Sunday = 6. */
const weekdayOf = (epochDay: number) => (new Date(epochDay * DAY_MS).getUTCDay() + 6) % 7;

function weekdays(item: string): number[] {
  const lower = item.toLowerCase();
  if (lower === 'daily') return [0, 1, 2, 3, 4, 5, 6];
  if (lower === 'weekdays') return [0, 1, 2, 3, 4];
  if (lower === 'weekends') return [5, 6];
  const [a = '', b = a] = lower.split('-');
  const start = NAMES.indexOf(a.slice(0, 3));
  const end = NAMES.indexOf(b.slice(0, 3));
  const out = [start];
  for (let i = start; i !== end; ) {
    i = (i + 1) % 7;
    out.push(i);
  }
  return out;
}

function inDates(exprs: string[], epochDay: number): boolean {
  return exprs.some((e) => {
    const [a = '', b = a] = e.split('..');
    return dayOf(a) <= epochDay && epochDay <= dayOf(b);
  });
}

function hasOverlap(exprs: string[]): boolean {
  const ranges = exprs.map((e) => {
    const [a = '', b = a] = e.split('..');
    return [dayOf(a), dayOf(b)] as const;
  });
  return ranges.some(([a, b], i) => ranges.some(([c, d], j) => i !== j && a <= d && c <= b));
}

function selects(rule: RuleData, epochDay: number): boolean {
  if (rule.days !== undefined) return list(rule.days).some((d) => weekdays(d).includes(weekdayOf(epochDay)));
  return inDates(list(rule.dates), epochDay);
}

/** Wall-clock reading of an instant in `zone`, encoded as UTC ms (Luxon, per instant). */
function localOf(t: number, zone: string): number {
  const d = DateTime.fromMillis(t, { zone });
  return Date.UTC(d.year, d.month - 1, d.day, d.hour, d.minute, d.second, d.millisecond);
}

/** The spec's instant of a local reading (Temporal "compatible"). */
function instantOf(local: number, zone: string): number {
  const offsets = [
    ...new Set([-DAY_MS, 0, DAY_MS].map((d) => DateTime.fromMillis(local + d, { zone }).offset * MINUTE)),
  ];
  const exact = offsets.map((o) => local - o).filter((t) => localOf(t, zone) === local);
  if (exact.length > 0) return Math.min(...exact);
  // In a gap: the reading taken with the offset just before the gap (the instant of the reading
  // under the larger, later offset lies before the transition, where the earlier offset holds).
  const beforeGap = DateTime.fromMillis(local - Math.max(...offsets), { zone }).offset * MINUTE;
  return local - beforeGap;
}

function merge(intervals: Interval[]): Interval[] {
  const out: Interval[] = [];
  for (const w of [...intervals].sort((x, y) => x.open - y.open)) {
    const last = out[out.length - 1];
    if (last !== undefined && w.open <= last.close)
      out[out.length - 1] = { open: last.open, close: Math.max(last.close, w.close) };
    else out.push(w);
  }
  return out;
}

function reference(data: ScheduleData, from: number, to: number): Interval[] {
  const [model] = data.models;
  const zone = model.timezone;
  const lead = LEAD[model.leadTime] ?? Number.NaN;
  const closed = list(model.closedOn);
  const raw: Interval[] = [];
  for (let day = Math.floor(from / DAY_MS) - 3; day <= Math.floor(to / DAY_MS) + 3; day++) {
    if (inDates(closed, day)) continue;
    for (const rule of model.windows) {
      if (!selects(rule, day)) continue;
      const [oh = 0, om = 0] = rule.open.split(':').map(Number);
      const [ch = 0, cm = 0] = rule.close.split(':').map(Number);
      const open = oh * 60 + om;
      const close = ch * 60 + cm;
      const closeDay = close > open ? day : day + 1;
      const w = {
        open: instantOf(day * DAY_MS + open * MINUTE, zone) - lead,
        close: instantOf(closeDay * DAY_MS + close * MINUTE, zone),
      };
      // A window that DST makes empty or inverted does not exist that day.
      if (w.close > w.open) raw.push(w);
    }
  }
  const overrides = (data.overrides ?? []).map((o) => ({
    ...o,
    from: Date.parse(o.from),
    until: Date.parse(o.until),
  }));
  for (const o of overrides) if (o.state === 'hosted') raw.push({ open: o.from, close: o.until });
  let windows = merge(raw);
  for (const o of overrides) {
    if (o.state !== 'stopped') continue;
    windows = windows.flatMap((w) => {
      if (w.close <= o.from || w.open >= o.until) return [w];
      const parts: Interval[] = [];
      if (w.open < o.from) parts.push({ open: w.open, close: o.from });
      if (w.close > o.until) parts.push({ open: o.until, close: w.close });
      return parts;
    });
  }
  return windows
    .map((w) => ({ open: Math.max(w.open, from), close: Math.min(w.close, to) }))
    .filter((w) => w.close > w.open);
}

/** A range of up to two weeks and a schedule crowded around it. */
const caseArb = fc
  .tuple(fc.integer({ min: START, max: END - 20 * DAY_MS }), fc.integer({ min: 1, max: 14 * DAY_MS }))
  .chain(([from, span]) =>
    scheduleFileIn(Math.floor(from / DAY_MS) - 4, Math.floor((from + span) / DAY_MS) + 2).map(
      (data) => [data, from, from + span] as const,
    ),
  );

describe('windowsBetween against the spec reference', () => {
  // Overlapping date ranges inside one `dates` list are left out here (their own property is
  // below), so that a failure there does not hide any other difference.
  it('yields the windows the reference yields for random crowded schedules', () => {
    fc.assert(
      fc.property(caseArb, ([data, from, to]) => {
        fc.pre(data.models[0].windows.every((rule) => !hasOverlap(list(rule.dates))));
        expect(pairs(windowsBetween(modelOfData(data), from, to))).toEqual(pairs(reference(data, from, to)));
      }),
      { numRuns: 200 },
    );
  });

  it('selects every day of a date range that other ranges of the same list overlap', () => {
    const dated = fc
      .tuple(
        fc.integer({ min: START / DAY_MS, max: END / DAY_MS - 30 }),
        fc.integer({ min: 3, max: 12 }),
        fc.array(fc.tuple(fc.nat(), fc.nat({ max: 2 })), { minLength: 2, maxLength: 3 }),
      )
      .map(([first, length, inner]) => {
        const last = first + length;
        const ranges = [
          [first, last] as const,
          ...inner.map(([k, n]) => [first + (k % length), Math.min(first + (k % length) + n, last)] as const),
        ];
        return { first, last, dates: ranges.map(([a, b]) => `${dateText(a)}..${dateText(b)}`) };
      });
    fc.assert(
      fc.property(dated, ({ first, last, dates }) => {
        const data: ScheduleData = {
          version: 1,
          models: [
            {
              project: 'm',
              version: '1',
              timezone: 'UTC',
              leadTime: '0',
              windows: [{ dates, open: '09:00', close: '10:00' }],
            },
          ],
        };
        const opened = windowsBetween(modelOfData(data), (first - 1) * DAY_MS, (last + 2) * DAY_MS).map((w) =>
          iso(w.open).slice(0, 10),
        );
        const expected = Array.from({ length: last - first + 1 }, (_, i) => dateText(first + i));
        expect(opened).toEqual(expected);
      }),
      { numRuns: 50 },
    );
  });

  it('reads a gap the way the spec says (reference self-check)', () => {
    // Python zoneinfo (fold=0): Berlin 2026-03-29 02:30 -> 01:30Z, 2026-10-25 02:30 -> 00:30Z;
    // Santiago 2026-09-06 00:00 -> 04:00Z.
    expect(iso(instantOf(Date.UTC(2026, 2, 29, 2, 30), 'Europe/Berlin'))).toBe('2026-03-29T01:30Z');
    expect(iso(instantOf(Date.UTC(2026, 9, 25, 2, 30), 'Europe/Berlin'))).toBe('2026-10-25T00:30Z');
    expect(iso(instantOf(Date.UTC(2026, 8, 6), 'America/Santiago'))).toBe('2026-09-06T04:00Z');
  });
});
