/**
 * Warnings about files that are valid but probably do not do what was meant: a lead time as long as
 * the window it starts (the start reaches back into the previous day and windows merge), `latest`
 * beside a numbered version of the same project (possibly one model scheduled twice), and more
 * projects than one reconcile invocation can list before its timeout.
 */
import type { Collector, Locator } from './diagnostics.js';
import {
  formatCount,
  PROJECTS_PER_RECONCILE_INVOCATION,
  RECONCILE_CALLS_PER_SECOND,
  RECONCILE_TIMEOUT_SECONDS,
} from './limits.js';
import { formatDuration, formatTimeOfDay } from './syntax.js';
import type { ModelSchedule } from './types.js';
import { MINUTE } from './zone.js';

/** A model with its index in `models`, and whether its `leadTime` is its own (else from defaults). */
export interface PlacedModel {
  readonly index: number;
  readonly model: ModelSchedule;
  readonly ownLeadTime: boolean;
}

/** Windows that a lead time swallows: the model is started for longer before the window than it is open. */
export function warnLeadTimes(models: readonly PlacedModel[], loc: Locator, out: Collector): void {
  for (const { index, model, ownLeadTime } of models) {
    if (model.leadTimeMs === 0) continue;
    model.rules.forEach((rule, i) => {
      const minutes = rule.close > rule.open ? rule.close - rule.open : rule.close + 1440 - rule.open;
      if (model.leadTimeMs < minutes * MINUTE) return;
      const lead = formatDuration(model.leadTimeMs);
      const where = ownLeadTime ? '' : ' (from defaults)';
      out.warn(
        loc.at(['models', index, 'windows', i]),
        `leadTime ${lead}${where} is at least as long as this ${formatDuration(minutes * MINUTE)} window ` +
          `(${formatTimeOfDay(rule.open)}-${formatTimeOfDay(rule.close)}): the model starts ${lead} before each opening, ` +
          'so it is hosted at least as long before the window as in it, and windows on consecutive days merge into one; ' +
          'use a leadTime shorter than the window (a start takes 10-20 minutes)',
      );
    });
  }
}

/**
 * `latest` beside a numbered version of the same Lookout for Vision project and region (for
 * Rekognition, `latest` is just a version name).
 */
export function warnLatestBesideNumbered(models: readonly PlacedModel[], loc: Locator, out: Collector): void {
  const numbered = new Map<string, PlacedModel>();
  const lookoutvision = models.filter((p) => p.model.service === 'lookoutvision');
  for (const placed of lookoutvision) {
    const { model } = placed;
    const key = `${model.region ?? ''}/${model.project}`;
    if (model.version !== 'latest' && !numbered.has(key)) numbered.set(key, placed);
  }
  for (const { index, model } of lookoutvision) {
    if (model.version !== 'latest') continue;
    const other = numbered.get(`${model.region ?? ''}/${model.project}`);
    if (other === undefined) continue;
    out.warn(
      loc.at(['models', index, 'version']),
      `model ${model.project} version "latest" and version "${other.model.version}" (line ${loc.at(['models', other.index]).line}) ` +
        `may be the same model: "latest" is whichever version is newest, so one model may be scheduled twice with different windows`,
    );
  }
}

/**
 * A reconcile pass lists every project once (ListModels, at most {@link RECONCILE_CALLS_PER_SECOND}
 * per second under the control-plane quota); beyond what fits in the function's timeout the pass
 * continues in follow-up invocations.
 */
export function warnReconcileCapacity(
  models: readonly PlacedModel[],
  reconcileEveryMs: number,
  loc: Locator,
  out: Collector,
): void {
  const projects = new Set(models.map(({ model }) => `${model.region ?? ''}/${model.project}`)).size;
  if (projects <= PROJECTS_PER_RECONCILE_INVOCATION) return;
  const seconds = Math.ceil(projects / RECONCILE_CALLS_PER_SECOND);
  const invocations = Math.ceil(projects / PROJECTS_PER_RECONCILE_INVOCATION);
  const period = reconcileEveryMs / 1000;
  out.warn(
    loc.keyAt([], 'models'),
    `${formatCount(projects)} projects need ${formatCount(projects)} ListModels calls per reconcile pass; at ` +
      `${RECONCILE_CALLS_PER_SECOND} per second that is ${formatCount(seconds)} s, more than the reconcile function's ` +
      `${RECONCILE_TIMEOUT_SECONDS} s timeout (${formatCount(PROJECTS_PER_RECONCILE_INVOCATION)} projects per invocation), ` +
      `so each pass runs in ${invocations} invocations` +
      (seconds > period
        ? ` and takes longer than the reconcile period (${formatDuration(reconcileEveryMs)})`
        : ''),
  );
}
