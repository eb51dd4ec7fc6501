/** Fixed models, instants, timer payloads and tokens for the pure control tests. */
import { clientToken } from '../../src/control/clientToken.js';
import { DEFAULT_ENGINE_SETTINGS, type EngineSettings } from '../../src/control/engineSettings.js';
import type { ModelStatus, ObservedModel, TimerPayload } from '../../src/ports.js';
import { parseScheduleOrThrow } from '../../src/schedule/parseSchedule.js';
import type { ModelSchedule, Schedule } from '../../src/schedule/types.js';

export const MINUTE = 60_000;
/** The default settings without the per-model stagger, so instants in the tables are exact. */
export const SETTINGS: EngineSettings = { ...DEFAULT_ENGINE_SETTINGS, staggerMs: 0 };

/** Epoch ms of an ISO instant, failing loudly on a typo. */
export function at(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`bad instant in the test: ${iso}`);
  return ms;
}

/** A schedule file written in the test (throws with every located error). */
export const scheduleOf = (text: string): Schedule =>
  parseScheduleOrThrow(text, { file: 'test/control/schedule.yaml' });

/** The first (in these tests, the only) model of `schedule`. */
export function onlyModel(schedule: Schedule): ModelSchedule {
  const model = schedule.models[0];
  if (model === undefined) throw new Error('no model');
  return model;
}

/** Model `m` (line-a version 1, us-east-1, UTC), hosted daily 08:00-20:00, 1 to 3 units. */
export const MODEL: ModelSchedule = onlyModel(
  scheduleOf(`version: 1
models:
  - { id: m, project: line-a, version: "1", region: us-east-1, maxInferenceUnits: 3,
      windows: [{ days: daily, open: "08:00", close: "20:00" }] }
`),
);

export const REF = { region: 'us-east-1', project: 'line-a', version: '1' } as const;
export const OPEN = at('2026-03-30T08:00:00Z');
export const CLOSE = at('2026-03-30T20:00:00Z');

export const observed = (status: ModelStatus, statusMessage: string | null = null): ObservedModel => ({
  status,
  statusMessage,
});

export type VerifyStart = Extract<TimerPayload, { op: 'verify-start' }>;
export type VerifyStop = Extract<TimerPayload, { op: 'verify-stop' }>;

/** The first check of MODEL's first start at OPEN (attempt 1, deadline 30 min on), with what differs. */
export const startPayload = (over: Partial<VerifyStart> = {}): VerifyStart => ({
  op: 'verify-start',
  model: 'm',
  anchor: OPEN,
  slot: 0,
  attempt: 1,
  startedAt: OPEN,
  deadline: OPEN + 30 * MINUTE,
  check: 0,
  ...over,
});

/** The first check of MODEL's first stop at CLOSE (attempt 1, deadline 10 min on), with what differs. */
export const stopPayload = (over: Partial<VerifyStop> = {}): VerifyStop => ({
  op: 'verify-stop',
  model: 'm',
  anchor: CLOSE,
  slot: 0,
  attempt: 1,
  stoppedAt: CLOSE,
  deadline: CLOSE + 10 * MINUTE,
  check: 0,
  ...over,
});

/** The token of a start of MODEL (1 to 3 units) for the opening at OPEN, with the token's `cause`. */
export const openToken = (cause: string) =>
  clientToken({ kind: 'open', ref: REF, anchor: OPEN, cause, minInferenceUnits: 1, maxInferenceUnits: 3 });
/** The token of a stop of MODEL for the closing at CLOSE, with the token's `cause`. */
export const closeToken = (cause: string) => clientToken({ kind: 'close', ref: REF, anchor: CLOSE, cause });
