/** fast-check generators of schedule files (as plain data) and of ranges, shared by the property tests. */
import fc from 'fast-check';
import { stringify } from 'yaml';
import type { ModelSchedule } from '../../src/schedule/types.js';
import { DAY_MS, scheduleOf } from './helpers.js';

export interface RuleData {
  readonly days?: string | string[];
  readonly dates?: string | string[];
  readonly open: string;
  readonly close: string;
}
export interface OverrideData {
  readonly model: string;
  readonly state: 'hosted' | 'stopped';
  readonly from: string;
  readonly until: string;
}
export interface ModelData {
  readonly project: string;
  readonly version: string;
  readonly timezone: string;
  readonly leadTime: string;
  readonly windows: RuleData[];
  readonly closedOn?: string[];
}
export interface ScheduleData {
  readonly version: 1;
  readonly models: [ModelData];
  readonly overrides?: OverrideData[];
}

/** Zones with every kind of transition (and none), sampled by the property tests and zone.test.ts. */
export const ZONES = [
  'Europe/Berlin',
  'America/New_York',
  'America/Santiago',
  'Australia/Sydney',
  'Asia/Kolkata',
  'Pacific/Chatham',
  'Europe/Dublin',
  'UTC',
] as const;

export const MINUTE_MS = 60_000;
export const START = Date.UTC(2026, 0, 1);
export const END = Date.UTC(2028, 0, 1);
const DAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun', 'monday', 'SUNDAY', 'Friday'];

const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
const dateText = (epochDay: number) => new Date(epochDay * DAY_MS).toISOString().slice(0, 10);
const isoZ = (ms: number) => new Date(ms).toISOString();

/** Minutes of the day, biased towards midnight and the usual DST hours. */
const minuteOfDay = fc.oneof(
  fc.integer({ min: 0, max: 1439 }),
  fc.constantFrom(0, 30, 60, 90, 120, 150, 165, 180, 210, 225, 1380, 1410),
);
const dayItem = fc.oneof(
  fc.constantFrom(...DAY_NAMES),
  fc.tuple(fc.constantFrom(...DAY_NAMES), fc.constantFrom(...DAY_NAMES)).map(([a, b]) => `${a}-${b}`),
  fc.constantFrom('daily', 'weekdays', 'weekends'),
);

/** Schedule files whose dates and overrides fall within [firstDay, lastDay] (epoch days). */
export function scheduleFileIn(firstDay: number, lastDay: number): fc.Arbitrary<ScheduleData> {
  const epochDay = fc.integer({ min: firstDay, max: lastDay });
  const dateExpr = fc.oneof(
    epochDay.map(dateText),
    fc.tuple(epochDay, fc.integer({ min: 0, max: 10 })).map(([d, n]) => `${dateText(d)}..${dateText(d + n)}`),
  );
  const windowRule = fc
    .tuple(
      fc.oneof(
        fc.record({ days: fc.oneof(dayItem, fc.array(dayItem, { minLength: 1, maxLength: 3 })) }),
        fc.record({ dates: fc.oneof(dateExpr, fc.array(dateExpr, { minLength: 1, maxLength: 3 })) }),
      ),
      minuteOfDay,
      fc.oneof(minuteOfDay, fc.constant(1440)),
    )
    .filter(([, open, close]) => open !== close)
    .map(([sel, open, close]): RuleData => ({ ...sel, open: hhmm(open), close: hhmm(close) }));
  const overrideOf = fc
    .record({
      state: fc.constantFrom<'hosted' | 'stopped'>('hosted', 'stopped'),
      from: fc.integer({ min: (firstDay * DAY_MS) / MINUTE_MS, max: (lastDay * DAY_MS) / MINUTE_MS }),
      minutes: fc.integer({ min: 1, max: 4 * 24 * 60 }),
    })
    .map(
      ({ state, from, minutes }): OverrideData => ({
        model: 'm:1',
        state,
        from: isoZ(from * MINUTE_MS),
        until: isoZ((from + minutes) * MINUTE_MS),
      }),
    );
  return fc
    .record({
      timezone: fc.constantFrom(...ZONES),
      leadTime: fc.constantFrom('0', '90s', '15m', '1h', '2h30m', '23h'),
      windows: fc.array(windowRule, { minLength: 0, maxLength: 4 }),
      closedOn: fc.array(dateExpr, { maxLength: 3 }),
      overrides: fc.array(overrideOf, { maxLength: 3 }),
    })
    .map(
      ({ overrides, closedOn, ...model }): ScheduleData => ({
        version: 1,
        models: [{ project: 'm', version: '1', ...model, ...(closedOn.length > 0 ? { closedOn } : {}) }],
        ...(overrides.length > 0 ? { overrides } : {}),
      }),
    );
}

/** A schedule file (as plain data) with one model `m:1`, dates anywhere in 2026-2027. */
export const scheduleFile = scheduleFileIn(START / DAY_MS - 7, END / DAY_MS + 7);

/** The model of a generated schedule file, through the real parser. */
export function modelOfData(data: ScheduleData): ModelSchedule {
  const model = scheduleOf(stringify(data)).models[0];
  if (model === undefined) throw new Error('no model');
  return model;
}

export const modelArb: fc.Arbitrary<ModelSchedule> = scheduleFile.map(modelOfData);

/** [a, b, c] with a <= b <= c, a range of up to three weeks. */
export const rangeArb = fc
  .tuple(
    fc.integer({ min: START, max: END - 30 * DAY_MS }),
    fc.integer({ min: 0, max: 21 * DAY_MS }),
    fc.double({ min: 0, max: 1, noNaN: true }),
  )
  .map(([a, span, f]) => [a, a + Math.floor(span * f), a + span] as const);
