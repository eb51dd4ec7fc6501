/** Fixed models and instants for the pure control tests. */
import { DEFAULT_ENGINE_SETTINGS, type EngineSettings } from '../../src/control/engineSettings.js';
import type { ModelStatus, ObservedModel } from '../../src/ports.js';
import { parseScheduleOrThrow } from '../../src/schedule/parseSchedule.js';
import type { ModelSchedule } from '../../src/schedule/types.js';

export const MINUTE = 60_000;
/** The default settings without the per-model stagger, so instants in the tables are exact. */
export const SETTINGS: EngineSettings = { ...DEFAULT_ENGINE_SETTINGS, staggerMs: 0 };

/** Epoch ms of an ISO instant, failing loudly on a typo. */
export function at(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`bad instant in the test: ${iso}`);
  return ms;
}

/** Model `m` (line-a version 1, us-east-1, UTC), hosted daily 08:00-20:00, 1 to 3 units. */
export const MODEL: ModelSchedule = (() => {
  const schedule = parseScheduleOrThrow(
    `version: 1
models:
  - { id: m, project: line-a, version: "1", region: us-east-1, maxInferenceUnits: 3,
      windows: [{ days: daily, open: "08:00", close: "20:00" }] }
`,
    { file: 'test/control/schedule.yaml' },
  );
  const model = schedule.models[0];
  if (model === undefined) throw new Error('no model');
  return model;
})();

export const REF = { region: 'us-east-1', project: 'line-a', version: '1' } as const;
export const OPEN = at('2026-03-30T08:00:00Z');
export const CLOSE = at('2026-03-30T20:00:00Z');

export const observed = (status: ModelStatus, statusMessage: string | null = null): ObservedModel => ({
  status,
  statusMessage,
});
