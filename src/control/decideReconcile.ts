import type { ObservedModel } from '../ports.js';
import type { Schedule } from '../schedule/types.js';
import { decideModel } from './decideModel.js';
import type { Decision } from './decision.js';
import type { EngineSettings } from './engineSettings.js';

/** Statuses keyed by `region|project`, then by version: what one ListModels per project returned. */
export type ProjectListings = ReadonlyMap<string, ReadonlyMap<string, ObservedModel>>;

/** The key of a project listing. */
export const projectKey = (region: string | null, project: string) => `${region ?? ''}|${project}`;

/** The projects (region, name) whose listings a reconcile pass needs: one ListModels each. */
export function projectsOf(schedule: Schedule): { region: string | null; project: string }[] {
  const seen = new Map<string, { region: string | null; project: string }>();
  for (const m of schedule.models)
    seen.set(projectKey(m.region, m.project), { region: m.region, project: m.project });
  return [...seen.values()];
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
): Decision[] {
  const decisions: Decision[] = [];
  for (const model of schedule.models) {
    const listing = listings.get(projectKey(model.region, model.project));
    if (listing === undefined) continue;
    const observed = listing.get(model.version) ?? { status: 'NOT_FOUND' as const, statusMessage: null };
    decisions.push(decideModel(model, at, observed, settings));
  }
  return decisions;
}
