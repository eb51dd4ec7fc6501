import type { ObservedModel } from '../ports.js';
import type { ModelSchedule, Schedule } from '../schedule/types.js';
import { type DecideOptions, decideModel } from './decideModel.js';
import type { Decision } from './decision.js';
import type { EngineSettings } from './engineSettings.js';

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
