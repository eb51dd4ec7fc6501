/**
 * `lvsched status` without I/O: which window a model is in (or the next one), whether what the
 * service shows follows the schedule, and the plan's figures for the calendar month. Pure
 * functions of a schedule, an instant (epoch ms) and an observed status.
 */
import type { ModelStatus } from '../ports.js';
import { buildPlan, type PlanReport } from '../schedule/plan.js';
import type { ModelSchedule, Schedule } from '../schedule/types.js';
import { type DesiredState, nextTransition, windowsBetween } from '../schedule/windows.js';
import { DAY, MINUTE } from '../schedule/zone.js';
import type { EngineSettings } from './engineSettings.js';
import { windowContext } from './windowContext.js';

/** A hosting window (lead time included, merged like the plan's) that is open now or opens next. */
export interface StatusWindow {
  /** `open`: the instant lies inside it; `next`: it is the first one after the instant. */
  readonly state: 'open' | 'next';
  /** Epoch ms. For an open window that began more than two years earlier, two years before the instant. */
  readonly open: number;
  /** Epoch ms; null when it does not close within two years of the instant. */
  readonly close: number | null;
}

/** How far back and ahead a window's edges are looked for: the horizon of {@link nextTransition}. */
const HORIZON = 2 * 366 * DAY;
const STEP = 7 * DAY;

/**
 * The window `model` is in at `at`, else the next one; null when none opens within two years.
 *
 * @example
 * // daily 08:00-20:00 UTC: at 10:00 the window is open since 08:00; at 21:00 the next opens at 08:00.
 * currentOrNextWindow(model, Date.parse('2026-03-30T10:00:00Z'))
 * // -> { state: 'open', open: 2026-03-30T08:00Z, close: 2026-03-30T20:00Z }
 */
export function currentOrNextWindow(model: ModelSchedule, at: number): StatusWindow | null {
  const current = windowsBetween(model, at, at + 1)[0];
  if (current !== undefined) {
    return { state: 'open', open: openingOf(model, at), close: nextTransition(model, at)?.at ?? null };
  }
  const next = nextTransition(model, at);
  if (next === null) return null;
  return { state: 'next', open: next.at, close: nextTransition(model, next.at)?.at ?? null };
}

/** The opening of the window that contains `at`: windows are clipped to the span asked for, so widen it. */
function openingOf(model: ModelSchedule, at: number): number {
  for (let from = at - STEP; ; from -= STEP) {
    const ws = windowsBetween(model, from, at + 1);
    const last = ws[ws.length - 1];
    if (last === undefined) return at;
    if (last.open > from || from <= at - HORIZON) return last.open;
  }
}

/** Whether an observed status follows the desired state. */
export type StatusVerdict = 'ok' | 'starting' | 'stopping' | 'differs' | 'unknown';

/** The verdict on one model, with the words `status` prints beside it. */
export interface StatusCheck {
  readonly desired: DesiredState;
  readonly verdict: StatusVerdict;
  /** true for `differs`, null for `unknown` (not observed), else false. */
  readonly differs: boolean | null;
  readonly reason: string;
}

/** Statuses in which the model is, or is becoming, hosted (and billed, or about to be). */
const HOSTING: ReadonlySet<ModelStatus> = new Set(['HOSTED', 'STARTING_HOSTING', 'SYSTEM_UPDATING']);

const minutes = (ms: number) => `${Math.floor(ms / MINUTE)} min`;

/**
 * Whether `observed` (the status read from the service) follows the schedule of `model` at `at`.
 * The rule matches what the engine does and when it alerts, so a model that is legitimately on its
 * way is not flagged:
 *
 * - desired hosted: `HOSTED` is ok. `STARTING_HOSTING` is `starting` (not flagged) until
 *   `verifyDeadlineMs` (30 min) after the window's opening, lead time included, the moment the
 *   engine alerts `not-hosted-by-deadline`; later it differs. `TRAINED` is `starting` within
 *   `edgeGraceMs` (2 min) of the opening, the time Scheduler takes to deliver it. Anything else
 *   differs (TRAINED, HOSTING_FAILED, STOPPING_HOSTING, SYSTEM_UPDATING, NOT_FOUND, ...), also in
 *   a window shorter than `minWindowMs`, which the engine does not start (the reason says so).
 * - desired stopped: `HOSTED`, `STARTING_HOSTING`, `SYSTEM_UPDATING` differ (the model is billed
 *   outside its windows), except within `edgeGraceMs` of the close (`stopping`, its stop is due).
 *   `STOPPING_HOSTING` is `stopping` until `stopDeadlineMs` (10 min) after the close, when the
 *   engine alerts `stop-failed`; later, or with no close in the last 8 days, it differs.
 *   `NOT_FOUND` differs (the file names a model the service does not know); any other status is
 *   not hosted and is ok.
 * - `UNKNOWN` (the call failed): `unknown`, `differs` null.
 *
 * @example
 * // daily 08:00-20:00 UTC, observed 08:12: starting, not flagged; 08:40: differs.
 * statusCheck(model, Date.parse('2026-03-30T08:12:00Z'), 'STARTING_HOSTING', settings).verdict // 'starting'
 */
export function statusCheck(
  model: ModelSchedule,
  at: number,
  observed: ModelStatus,
  settings: Pick<EngineSettings, 'verifyDeadlineMs' | 'stopDeadlineMs' | 'edgeGraceMs' | 'minWindowMs'>,
): StatusCheck {
  const ctx = windowContext(model, at);
  const { desired } = ctx;
  const result = (verdict: StatusVerdict, reason: string): StatusCheck => ({
    desired,
    verdict,
    differs: verdict === 'unknown' ? null : verdict === 'differs',
    reason,
  });
  if (observed === 'UNKNOWN') return result('unknown', 'not observed: the call to the service failed');
  if (observed === 'NOT_FOUND') return result('differs', 'the service does not know this model');
  // Time since the edge the current state began with; unbounded when there is none in 8 days.
  const edge = ctx.window === null ? null : desired === 'hosted' ? ctx.window.open : ctx.window.close;
  const since = edge === null || edge <= at - 8 * DAY ? Number.POSITIVE_INFINITY : at - edge;
  if (desired === 'hosted') {
    if (observed === 'HOSTED') return result('ok', 'hosted in its window');
    if (observed === 'STARTING_HOSTING') {
      return since < settings.verifyDeadlineMs
        ? result(
            'starting',
            `starting, ${minutes(since)} after the opening (alerted if not hosted ${minutes(settings.verifyDeadlineMs)} after it)`,
          )
        : result('differs', `still STARTING_HOSTING ${sinceText(since)} the opening: not hosted`);
    }
    if (observed === 'TRAINED' && since < settings.edgeGraceMs) {
      return result('starting', 'the window has just opened: its start is delivered within the minute');
    }
    const short = ctx.window !== null && ctx.window.close - ctx.window.open < settings.minWindowMs;
    return result(
      'differs',
      short
        ? `${observed} inside a window shorter than ${minutes(settings.minWindowMs)}: the engine does not start it (validate warns)`
        : `${observed} inside its window: not hosted`,
    );
  }
  if (HOSTING.has(observed)) {
    return since < settings.edgeGraceMs
      ? result('stopping', 'the window has just closed: its stop is delivered within the minute')
      : result('differs', `${observed} outside its windows: billed while it should be stopped`);
  }
  if (observed === 'STOPPING_HOSTING') {
    return since < settings.stopDeadlineMs
      ? result('stopping', `stopping, ${minutes(since)} after the close`)
      : result('differs', `still STOPPING_HOSTING ${sinceText(since)} the close`);
  }
  return result('ok', 'not hosted outside its windows');
}

function sinceText(since: number): string {
  return Number.isFinite(since) ? `${minutes(since)} after` : 'more than 8 days after';
}

/**
 * The calendar month in UTC that contains `at`, as [from, to): AWS bills by UTC calendar month, so
 * these are the figures a bill can be compared with.
 *
 * @example
 * utcMonthOf(Date.parse('2026-12-31T23:30:00-05:00')) // { from: 2027-01-01T00:00Z, to: 2027-02-01T00:00Z }
 */
export function utcMonthOf(at: number): { readonly from: number; readonly to: number } {
  const d = new Date(at);
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth();
  return { from: Date.UTC(year, month, 1), to: Date.UTC(year, month + 1, 1) };
}

/** One model's (or the totals') planned figures for the month. */
export interface MonthFigures {
  readonly hoursSoFar: number;
  readonly inferenceUnitHoursSoFar: number;
  readonly costSoFar: number;
  readonly hours: number;
  readonly inferenceUnitHours: number;
  readonly cost: number;
}

/** The plan's figures for the UTC month of an instant: up to the instant, and for the whole month. */
export interface MonthPlan {
  readonly from: number;
  readonly to: number;
  readonly currency: string;
  /** By model id. */
  readonly models: ReadonlyMap<string, MonthFigures>;
  readonly totals: MonthFigures;
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * The plan's hosted hours, inference-unit-hours and estimated cost for the UTC month of `at`:
 * `buildPlan` over [month start, at) and over the whole month, priced as the file says. Totals
 * are the plan's totals; a model's figures are the sums of its plan windows.
 */
export function monthPlan(schedule: Schedule, at: number): MonthPlan {
  const { from, to } = utcMonthOf(at);
  const soFar = buildPlan(schedule, from, Math.max(from, at));
  const whole = buildPlan(schedule, from, to);
  const price = schedule.pricing.inferenceUnitHour;
  // buildPlan keeps the schedule's model order.
  const sums = (plan: PlanReport, index: number) => {
    const m = plan.models[index];
    let hours = 0;
    let unitHours = 0;
    for (const w of m?.windows ?? []) {
      hours += w.hours;
      unitHours += w.inferenceUnitHours;
    }
    return { hours: round(hours, 6), unitHours: round(unitHours, 6), cost: round(unitHours * price, 2) };
  };
  const models = new Map<string, MonthFigures>();
  schedule.models.forEach((m, i) => {
    const a = sums(soFar, i);
    const b = sums(whole, i);
    models.set(m.id, {
      hoursSoFar: a.hours,
      inferenceUnitHoursSoFar: a.unitHours,
      costSoFar: a.cost,
      hours: b.hours,
      inferenceUnitHours: b.unitHours,
      cost: b.cost,
    });
  });
  return {
    from,
    to,
    currency: schedule.pricing.currency,
    models,
    totals: {
      hoursSoFar: soFar.totals.hours,
      inferenceUnitHoursSoFar: soFar.totals.inferenceUnitHours,
      costSoFar: soFar.totals.estimatedCost,
      hours: whole.totals.hours,
      inferenceUnitHours: whole.totals.inferenceUnitHours,
      cost: whole.totals.estimatedCost,
    },
  };
}
