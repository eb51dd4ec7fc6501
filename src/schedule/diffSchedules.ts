/**
 * What an edit of the schedule file changes: two versions of the file compared model by model
 * (matched by id), with their plans over one period, the hosting time gained and lost, and the
 * warnings an operator needs before deploying the edit. Pure: the caller reads the files and the
 * clock.
 */
import { describeModel, MODEL_KEYS } from './describeModel.js';
import { dstGapEdges } from './dstGapEdges.js';
import { dstGapMessage } from './modelWarnings.js';
import { buildPlan, isoUtc, type PlanModel, type PlanReport } from './plan.js';
import { formatDuration } from './syntax.js';
import type { Interval, ModelSchedule, Schedule } from './types.js';
import { windowsBetween } from './windows.js';
import { DAY, MINUTE, ZoneRules } from './zone.js';

/** Hours, inference-unit-hours and estimated cost of a model (or of all) over the period. */
export interface DiffStats {
  readonly hours: number;
  readonly inferenceUnitHours: number;
  readonly estimatedCost: number;
}

/** One key whose value differs: canonical text before and after (see describeModel.ts). */
export interface KeyChange {
  readonly key: string;
  readonly before: string;
  readonly after: string;
}

/** A span of hosting time gained or lost, in UTC and in the model's local time. */
export interface DiffSpan {
  /** UTC ISO-8601 with `Z`. */
  readonly open: string;
  readonly close: string;
  /** The same instants as local ISO-8601 with the zone's offset, e.g. `2026-12-01T06:45:00+01:00`. */
  readonly localOpen: string;
  readonly localClose: string;
  /** The model's IANA time zone in the version the span comes from. */
  readonly timezone: string;
}

export type ModelChange = 'added' | 'removed' | 'changed' | 'unchanged';

export interface ModelDiff {
  readonly id: string;
  readonly change: ModelChange;
  /** Keys that differ (empty unless `changed`). */
  readonly changes: readonly KeyChange[];
  /** Over the period; zeros for the side where the model is absent. */
  readonly before: DiffStats;
  readonly after: DiffStats;
  /** after - before. */
  readonly difference: DiffStats;
  /** Hosting time in the first days of the period (see `windowsTo`) after the edit, not before it. */
  readonly windowsGained: readonly DiffSpan[];
  /** Hosting time in the first days of the period before the edit, not after it. */
  readonly windowsLost: readonly DiffSpan[];
}

export type DiffWarningKind = 'removed-model' | 'units-change' | 'dst-gap';

export interface DiffWarning {
  readonly kind: DiffWarningKind;
  readonly model: string;
  readonly message: string;
}

export interface DiffTotals {
  readonly before: DiffStats;
  readonly after: DiffStats;
  readonly difference: DiffStats;
  /** Estimated cost over the 30 days from `from` (whatever the period), before, after, difference. */
  readonly monthly: {
    readonly days: number;
    readonly before: number;
    readonly after: number;
    readonly difference: number;
  };
}

/** The comparison of two versions of the schedule over [from, to). */
export interface ScheduleDiff {
  readonly from: string;
  readonly to: string;
  readonly days: number;
  /** Gained and lost windows are listed for [from, windowsTo): the first 7 days (or fewer). */
  readonly windowsTo: string;
  /** The currency of the edited version (a change of currency is listed in `settings`). */
  readonly currency: string;
  /** False when no model and no setting differs. */
  readonly changed: boolean;
  /** File-wide keys that differ: pricing, reconcile period, alerts. */
  readonly settings: readonly KeyChange[];
  /** The edited version's models in file order, then the removed ones in the base's order. */
  readonly models: readonly ModelDiff[];
  readonly totals: DiffTotals;
  readonly warnings: readonly DiffWarning[];
}

/** Days listed with their gained and lost windows. */
export const WINDOW_DAYS = 7;
/** Days of the month the monthly cost difference is computed over. */
export const MONTH_DAYS = 30;

const round = (x: number, digits: number) => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

const ZERO: DiffStats = { hours: 0, inferenceUnitHours: 0, estimatedCost: 0 };

function statsOf(model: PlanModel | undefined, price: number): DiffStats {
  if (model === undefined) return ZERO;
  let hours = 0;
  let unitHours = 0;
  for (const w of model.windows) {
    hours += w.hours;
    unitHours += w.inferenceUnitHours;
  }
  return {
    hours: round(hours, 6),
    inferenceUnitHours: round(unitHours, 6),
    estimatedCost: round(unitHours * price, 2),
  };
}

function difference(before: DiffStats, after: DiffStats): DiffStats {
  return {
    hours: round(after.hours - before.hours, 6),
    inferenceUnitHours: round(after.inferenceUnitHours - before.inferenceUnitHours, 6),
    estimatedCost: round(after.estimatedCost - before.estimatedCost, 2),
  };
}

/**
 * Compares `base` (the file before the edit) with `head` (after it) over the `days` days from
 * `from` (epoch ms). Models are matched by id: a model whose id changes is one removed and one added.
 *
 * @example
 * const diff = diffSchedules(committed, edited, Date.parse('2026-11-30T00:00:00Z'), 30);
 * diff.models.filter((m) => m.change !== 'unchanged'); // what the edit touches
 */
export function diffSchedules(base: Schedule, head: Schedule, from: number, days: number): ScheduleDiff {
  const to = from + days * DAY;
  const windowsTo = from + Math.min(days, WINDOW_DAYS) * DAY;
  const basePlan = buildPlan(base, from, to);
  const headPlan = buildPlan(head, from, to);
  const baseById = new Map(base.models.map((m) => [m.id, m]));
  const headIds = new Set(head.models.map((m) => m.id));
  const planById = (plan: PlanReport) => new Map(plan.models.map((m) => [m.id, m]));
  const basePlans = planById(basePlan);
  const headPlans = planById(headPlan);
  const basePrice = base.pricing.inferenceUnitHour;
  const headPrice = head.pricing.inferenceUnitHour;

  const models: ModelDiff[] = [];
  const warnings: DiffWarning[] = [];
  for (const m of head.models) {
    const old = baseById.get(m.id);
    const before = statsOf(basePlans.get(m.id), basePrice);
    const after = statsOf(headPlans.get(m.id), headPrice);
    const changes = old === undefined ? [] : keyChanges(old, m);
    const change: ModelChange = old === undefined ? 'added' : changes.length > 0 ? 'changed' : 'unchanged';
    const spans = spansChanged(old, m, from, windowsTo);
    models.push({
      id: m.id,
      change,
      changes,
      before,
      after,
      difference: difference(before, after),
      ...spans,
    });
    if (old !== undefined) warnings.push(...unitWarnings(old, m));
    if (change !== 'unchanged') warnings.push(...gapWarnings(old, m, from, to));
  }
  for (const old of base.models) {
    if (headIds.has(old.id)) continue;
    const before = statsOf(basePlans.get(old.id), basePrice);
    const spans = spansChanged(old, undefined, from, windowsTo);
    models.push({
      id: old.id,
      change: 'removed',
      changes: [],
      before,
      after: ZERO,
      difference: difference(before, ZERO),
      ...spans,
    });
    warnings.push({
      kind: 'removed-model',
      model: old.id,
      message:
        `model ${old.id} is removed from the file: updating the stack leaves it in whatever state it is in ` +
        `then (if hosted, it keeps running and billing). To keep it stopped, leave it in the file with no windows ` +
        `(windows: []) instead`,
    });
  }

  const before = totalsOf(basePlan, basePrice);
  const after = totalsOf(headPlan, headPrice);
  const monthEnd = from + MONTH_DAYS * DAY;
  const monthBefore =
    days === MONTH_DAYS ? before.estimatedCost : buildPlan(base, from, monthEnd).totals.estimatedCost;
  const monthAfter =
    days === MONTH_DAYS ? after.estimatedCost : buildPlan(head, from, monthEnd).totals.estimatedCost;
  const settings = settingChanges(base, head);
  return {
    from: isoUtc(from),
    to: isoUtc(to),
    days,
    windowsTo: isoUtc(windowsTo),
    currency: head.pricing.currency,
    changed: settings.length > 0 || models.some((m) => m.change !== 'unchanged'),
    settings,
    models,
    totals: {
      before,
      after,
      difference: difference(before, after),
      monthly: {
        days: MONTH_DAYS,
        before: monthBefore,
        after: monthAfter,
        difference: round(monthAfter - monthBefore, 2),
      },
    },
    warnings,
  };
}

function totalsOf(plan: PlanReport, price: number): DiffStats {
  const { hours, inferenceUnitHours } = plan.totals;
  return { hours, inferenceUnitHours, estimatedCost: round(inferenceUnitHours * price, 2) };
}

function keyChanges(old: ModelSchedule, m: ModelSchedule): KeyChange[] {
  const a = describeModel(old);
  const b = describeModel(m);
  return MODEL_KEYS.filter((k) => a[k] !== b[k]).map((k) => ({ key: k, before: a[k], after: b[k] }));
}

function settingChanges(base: Schedule, head: Schedule): KeyChange[] {
  const text = (s: Schedule): Record<string, string> => ({
    'pricing.inferenceUnitHour': String(s.pricing.inferenceUnitHour),
    'pricing.currency': s.pricing.currency,
    'reconcile.every': formatDuration(s.reconcileEveryMs),
    'alerts.email': s.alerts.email ?? 'none',
    'alerts.topicArn': s.alerts.topicArn ?? 'none',
  });
  const a = text(base);
  const b = text(head);
  return Object.keys(a)
    .filter((k) => a[k] !== b[k])
    .map((k) => ({ key: k, before: a[k] ?? '', after: b[k] ?? '' }));
}

function unitWarnings(old: ModelSchedule, m: ModelSchedule): DiffWarning[] {
  const parts: string[] = [];
  if (old.minInferenceUnits !== m.minInferenceUnits)
    parts.push(`minInferenceUnits ${old.minInferenceUnits} -> ${m.minInferenceUnits}`);
  if (old.maxInferenceUnits !== m.maxInferenceUnits)
    parts.push(`maxInferenceUnits ${old.maxInferenceUnits ?? 'none'} -> ${m.maxInferenceUnits ?? 'none'}`);
  if (parts.length === 0) return [];
  return [
    {
      kind: 'units-change',
      model: m.id,
      message:
        `model ${m.id} changes its inference units (${parts.join(', ')}): if it is hosted when the stack is ` +
        `updated, it keeps the units it runs with and takes the new ones at its next start`,
    },
  ];
}

/** Openings in a DST gap during the period that the edited model has and its base version had not. */
function gapWarnings(
  old: ModelSchedule | undefined,
  m: ModelSchedule,
  from: number,
  to: number,
): DiffWarning[] {
  const opens = (model: ModelSchedule) => dstGapEdges(model, from, to).filter((g) => g.edge === 'open');
  const key = (zone: string, day: number, minute: number) => `${zone}|${day}|${minute}`;
  const known = new Set(old === undefined ? [] : opens(old).map((g) => key(old.timezone, g.day, g.minute)));
  const warnings: DiffWarning[] = [];
  for (const gap of opens(m)) {
    const k = key(m.timezone, gap.day, gap.minute);
    if (known.has(k)) continue;
    known.add(k);
    warnings.push({
      kind: 'dst-gap',
      model: m.id,
      message: `model ${m.id}: ${dstGapMessage(m.timezone, gap)}`,
    });
  }
  return warnings;
}

function spansChanged(
  old: ModelSchedule | undefined,
  m: ModelSchedule | undefined,
  from: number,
  to: number,
): { windowsGained: DiffSpan[]; windowsLost: DiffSpan[] } {
  const before = old === undefined ? [] : windowsBetween(old, from, to);
  const after = m === undefined ? [] : windowsBetween(m, from, to);
  return {
    windowsGained: m === undefined ? [] : subtract(after, before).map((w) => span(w, m.timezone)),
    windowsLost: old === undefined ? [] : subtract(before, after).map((w) => span(w, old.timezone)),
  };
}

/** The parts of sorted, disjoint `a` not covered by sorted, disjoint `b`. */
export function subtract(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  let j = 0;
  for (const w of a) {
    let open = w.open;
    while (j < b.length && (b[j] as Interval).close <= open) j++;
    for (let k = j; k < b.length && (b[k] as Interval).open < w.close; k++) {
      const cut = b[k] as Interval;
      if (cut.open > open) out.push({ open, close: cut.open });
      open = Math.max(open, cut.close);
    }
    if (open < w.close) out.push({ open, close: w.close });
  }
  return out;
}

function span(w: Interval, timezone: string): DiffSpan {
  return {
    open: isoUtc(w.open),
    close: isoUtc(w.close),
    localOpen: isoLocal(w.open, timezone),
    localClose: isoLocal(w.close, timezone),
    timezone,
  };
}

/** `2026-12-01T06:45:00+01:00`: the local reading of an instant with the zone's offset then. */
export function isoLocal(instant: number, timezone: string): string {
  const offset = ZoneRules.of(timezone).offsetAt(instant);
  const local = new Date(instant + offset).toISOString().slice(0, 19);
  const minutes = Math.round(Math.abs(offset) / MINUTE);
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
  const mm = String(minutes % 60).padStart(2, '0');
  return `${local}${offset < 0 ? '-' : '+'}${hh}:${mm}`;
}
