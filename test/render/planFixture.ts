/**
 * What the plan tests (render, schedule, cli) share: the example schedule (config/schedule.yaml),
 * its plan over the example week with the week's totals, and instants. Each model's windows that
 * week are worked out by hand in test/schedule/plan.test.ts; the totals below add them up.
 */
import { readFileSync } from 'node:fs';
import { parseScheduleOrThrow } from '../../src/schedule/parseSchedule.js';
import { buildPlan, type PlanReport } from '../../src/schedule/plan.js';
import type { Schedule } from '../../src/schedule/types.js';

export const example = parseScheduleOrThrow(
  readFileSync(new URL('../../config/schedule.yaml', import.meta.url), 'utf8'),
  { file: 'config/schedule.yaml' },
);

/** Epoch ms of an ISO instant written in a test (a typo fails loudly). */
export const at = (iso: string) => {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`bad instant in the test: ${iso}`);
  return ms;
};

/** The plan of the example schedule over Mon 2026-11-30T00:00Z .. Mon 2026-12-07T00:00Z (168 h). */
export const exampleWeek = (): PlanReport =>
  buildPlan(example, at('2026-11-30T00:00Z'), at('2026-12-07T00:00Z'));

/**
 * The totals of {@link exampleWeek}: 69.25 + 33 + 41.25 = 143.5 h; 138.5 + 33 + 41.25 = 212.75
 * unit-hours; always on 168 h x (2 + 1 + 1) = 672; cost 212.75 x 4.00 = 851.00 USD; savings
 * (1 - 212.75 / 672) x 100 = 68.3408... -> 68.34 %.
 */
export const EXAMPLE_WEEK_TOTALS = {
  hours: 143.5,
  inferenceUnitHours: 212.75,
  alwaysOnInferenceUnitHours: 672,
  estimatedCost: 851,
  currency: 'USD',
  savingsPercent: 68.34,
} as const;

/**
 * The month's figures of `lvsched status` as buildPlan gives them: over the month so far
 * [from, now) and over the whole month [from, to).
 */
export function monthFiguresByPlan(schedule: Schedule, from: number, now: number, to: number) {
  const soFar = buildPlan(schedule, from, now);
  const whole = buildPlan(schedule, from, to);
  return {
    hoursSoFar: soFar.totals.hours,
    inferenceUnitHoursSoFar: soFar.totals.inferenceUnitHours,
    costSoFar: soFar.totals.estimatedCost,
    hours: whole.totals.hours,
    inferenceUnitHours: whole.totals.inferenceUnitHours,
    cost: whole.totals.estimatedCost,
  };
}
