/** Small helpers shared by the schedule tests: build schedules from YAML, show instants readably. */
import { parseScheduleOrThrow } from '../../src/schedule/parseSchedule.js';
import type { Interval, ModelSchedule, Schedule } from '../../src/schedule/types.js';

export const FILE = 'test/schedule.yaml';
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** Parses a whole schedule file; throws (with every located error) when it has errors. */
export function scheduleOf(yaml: string, defaultRegion?: string): Schedule {
  return parseScheduleOrThrow(
    yaml,
    defaultRegion === undefined ? { file: FILE } : { file: FILE, defaultRegion },
  );
}

/**
 * One model from the inner text of a flow mapping (`timezone: UTC, windows: [...]`), with an
 * optional tail of top-level YAML (`overrides: ...`, `calendars: ...`). Its id is `m:1`.
 */
export function modelOf(fields: string, tail = ''): ModelSchedule {
  const schedule = scheduleOf(`version: 1\nmodels:\n  - { project: m, version: "1", ${fields} }\n${tail}`);
  const model = schedule.models[0];
  if (model === undefined) throw new Error('the schedule has no model');
  return model;
}

/** Epoch ms of an ISO instant, failing loudly on a typo. */
export function at(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`bad instant in the test: ${iso}`);
  return ms;
}

/** `2026-03-29T01:30Z` (seconds and milliseconds only when not zero), for readable failures. */
export function iso(ms: number): string {
  const s = new Date(ms).toISOString().replace('.000Z', 'Z');
  return s.endsWith(':00Z') ? `${s.slice(0, 16)}Z` : s;
}

/** Intervals as `[open, close]` ISO pairs. */
export function pairs(intervals: readonly Interval[]): [string, string][] {
  return intervals.map((w) => [iso(w.open), iso(w.close)]);
}
