import type { ObservedModel } from '../ports.js';
import type { ModelSchedule, Schedule } from '../schedule/types.js';
import { type DecideOptions, decideModel } from './decideModel.js';
import type { Decision } from './decision.js';
import { baseDecision } from './decisionBuilders.js';
import type { EngineSettings } from './engineSettings.js';
import { windowContext } from './windowContext.js';

/** Statuses keyed by `region|project|service`, then by version: what one listing per project returned. */
export type ProjectListings = ReadonlyMap<string, ReadonlyMap<string, ObservedModel>>;

/** The key of a project listing: projects of two services may share a name. */
export const projectKey = (
  region: string | null,
  project: string,
  service: ModelSchedule['service'] = 'lookoutvision',
) => `${region ?? ''}|${project}|${service}`;

/** A project (region, name, service) and the scheduled models in it, in file order. */
export interface ProjectModels {
  readonly region: string | null;
  readonly project: string;
  readonly service: ModelSchedule['service'];
  readonly models: readonly ModelSchedule[];
}

/** The projects whose listings a reconcile pass needs (one ListModels each), in file order. */
export function projectsOf(schedule: Schedule): ProjectModels[] {
  const seen = new Map<
    string,
    { region: string | null; project: string; service: ModelSchedule['service']; models: ModelSchedule[] }
  >();
  for (const m of schedule.models) {
    const key = projectKey(m.region, m.project, m.service);
    const p = seen.get(key) ?? { region: m.region, project: m.project, service: m.service, models: [] };
    p.models.push(m);
    seen.set(key, p);
  }
  return [...seen.values()];
}

const NOT_FOUND: ObservedModel = { status: 'NOT_FOUND', statusMessage: null };

/**
 * The status of `version` in a project's listing. `latest` means what the service means by it in
 * DescribeModel, StartModel and StopModel: the project's newest version (the highest number
 * listed); a project without versions has no `latest`.
 *
 * @example
 * observedIn(new Map([['1', trained], ['3', hosted]]), 'latest') // hosted
 */
export function observedIn(listing: ReadonlyMap<string, ObservedModel>, version: string): ObservedModel {
  if (version !== 'latest') return listing.get(version) ?? NOT_FOUND;
  let newest: string | undefined;
  for (const v of listing.keys()) {
    if (!/^[1-9][0-9]*$/.test(v)) continue;
    if (newest === undefined || Number(v) > Number(newest)) newest = v;
  }
  return newest === undefined ? NOT_FOUND : (listing.get(newest) ?? NOT_FOUND);
}

/**
 * One reconcile pass: the decision table for every model in the file at `at`. Models the service
 * does not list are NOT_FOUND; models the service lists but the file does not name are not touched.
 * Projects whose listing could not be read are skipped (absent from `listings`).
 */
export function decideReconcile(
  schedule: Schedule,
  at: number,
  listings: ProjectListings,
  settings: EngineSettings,
  options: DecideOptions = {},
): Decision[] {
  const decisions: Decision[] = [];
  for (const model of schedule.models) {
    const listing = listings.get(projectKey(model.region, model.project, model.service));
    if (listing === undefined) continue;
    decisions.push(decideModel(model, at, observedIn(listing, model.version), settings, options));
  }
  return decisions;
}

/**
 * A pass's decision for a model whose opening or closing edge is within the grace of `origin`
 * (the pass's scheduled instant), made without observing it: the edge is in flight and the pass
 * would leave its start or stop to it anyway (see {@link DecideOptions.pass}). A pass lists a
 * project only when some model in it needs an observation, so a pass in the same minute as a
 * large opening does not share the request quota with the edge's starts. Null when the model
 * must be observed (no edge within the grace, or only the day's fallback anchor of a model
 * without windows).
 *
 * @example
 * // Pass at 07:45, a window opening at 08:00 with a 15-minute lead time:
 * passLeavesToEdge(model, Date.parse('2026-12-08T07:45:00Z'), settings)?.reason
 * // "within the edge's grace: the edge's start is left to it (not observed)"
 */
export function passLeavesToEdge(
  model: ModelSchedule,
  at: number,
  settings: Pick<EngineSettings, 'edgeGraceMs'>,
  origin: number = at,
): Decision | null {
  const ctx = windowContext(model, at);
  const w = ctx.window;
  if (w === null || (ctx.anchor !== w.open && ctx.anchor !== w.close)) return null;
  // The origin counts only in the same state as `at`, as in decideModel.
  const from = origin === at || windowContext(model, origin).anchor === ctx.anchor ? origin : at;
  const since = from - ctx.anchor;
  if (since < 0 || since >= settings.edgeGraceMs) return null;
  const action = ctx.desired === 'hosted' ? 'start' : 'stop';
  return {
    ...baseDecision(model, at, ctx.desired, { status: 'UNKNOWN' }),
    action: 'wait',
    reason: `within the edge's grace: the edge's ${action} is left to it (not observed)`,
  };
}
