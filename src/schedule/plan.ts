/**
 * The plan of a schedule over [from, to): every model's windows with hours, inference-unit-hours
 * and an estimated cost against leaving the models hosted all the time. Pure.
 */
import type { ModelSchedule, Schedule } from './types.js';
import { windowsBetween } from './windows.js';
import { HOUR } from './zone.js';

export interface PlanWindow {
  /** UTC ISO-8601 with `Z`. */
  readonly open: string;
  readonly close: string;
  readonly hours: number;
  /** hours x minInferenceUnits (auto-scaling above the minimum is not predicted). */
  readonly inferenceUnitHours: number;
}

/** One model of the plan: what identifies it and its units, as in the schedule, and its windows. */
export interface PlanModel
  extends Pick<
    ModelSchedule,
    | 'id'
    | 'service'
    | 'project'
    | 'version'
    | 'region'
    | 'timezone'
    | 'minInferenceUnits'
    | 'maxInferenceUnits'
  > {
  readonly windows: readonly PlanWindow[];
}

export interface PlanTotals {
  readonly hours: number;
  readonly inferenceUnitHours: number;
  /** What the same models would use hosted for the whole span at their minimum units. */
  readonly alwaysOnInferenceUnitHours: number;
  readonly estimatedCost: number;
  readonly currency: string;
  readonly savingsPercent: number;
}

/** The `lvsched plan --json` document. */
export interface PlanReport {
  readonly from: string;
  readonly to: string;
  readonly models: readonly PlanModel[];
  readonly totals: PlanTotals;
}

/** An instant as UTC ISO-8601 with `Z`, without milliseconds when they are zero. */
export function isoUtc(instant: number): string {
  const s = new Date(instant).toISOString();
  return s.endsWith('.000Z') ? `${s.slice(0, -5)}Z` : s;
}

const round = (x: number, digits: number) => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

/** The plan of every model in the schedule over [from, to) (epoch ms). */
export function buildPlan(schedule: Schedule, from: number, to: number): PlanReport {
  let hours = 0;
  let unitHours = 0;
  let alwaysOn = 0;
  const spanHours = (to - from) / HOUR;
  const models = schedule.models.map((m): PlanModel => {
    const windows = windowsBetween(m, from, to).map((w): PlanWindow => {
      const h = (w.close - w.open) / HOUR;
      hours += h;
      unitHours += h * m.minInferenceUnits;
      return {
        open: isoUtc(w.open),
        close: isoUtc(w.close),
        hours: round(h, 6),
        inferenceUnitHours: round(h * m.minInferenceUnits, 6),
      };
    });
    alwaysOn += spanHours * m.minInferenceUnits;
    return {
      id: m.id,
      service: m.service,
      project: m.project,
      version: m.version,
      region: m.region,
      timezone: m.timezone,
      minInferenceUnits: m.minInferenceUnits,
      maxInferenceUnits: m.maxInferenceUnits,
      windows,
    };
  });
  return {
    from: isoUtc(from),
    to: isoUtc(to),
    models,
    totals: {
      hours: round(hours, 6),
      inferenceUnitHours: round(unitHours, 6),
      alwaysOnInferenceUnitHours: round(alwaysOn, 6),
      estimatedCost: round(unitHours * schedule.pricing.inferenceUnitHour, 2),
      currency: schedule.pricing.currency,
      savingsPercent: alwaysOn > 0 ? round((1 - unitHours / alwaysOn) * 100, 2) : 0,
    },
  };
}
