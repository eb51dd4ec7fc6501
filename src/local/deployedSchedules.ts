import { rateExpression } from '../deploy/cronSpec.js';
import { planEdgeSchedules } from '../deploy/planEdgeSchedules.js';
import {
  edgeInput,
  NON_EDGE_RESOURCE_ALLOWANCE,
  STACK_RESOURCE_LIMIT,
  scheduleName,
} from '../deploy/stackResources.js';
import type { Schedule } from '../schedule/types.js';
import { MINUTE } from '../schedule/zone.js';
import { scheduleFirings } from './scheduleFirings.js';

/** One EventBridge Scheduler schedule the stack would create for the functions. */
export interface DeployedSchedule {
  readonly name: string;
  readonly kind: 'open' | 'close' | 'reconcile';
  readonly expression: string;
  readonly timezone: string;
  /** The target Input, `<aws.scheduler.*>` attributes still in it. */
  readonly input: string;
  /** The models whose edges it exists for; null: every model (reconcile, an every-minute cron). */
  readonly models: readonly string[] | null;
}

/**
 * The edge schedules and the reconcile schedule that packaging `schedule` at `packagedAt` gives,
 * with the names and Inputs the stack gives them (src/deploy).
 */
export function deployedSchedules(schedule: Schedule, packagedAt: number): DeployedSchedule[] {
  const plan = planEdgeSchedules(schedule, {
    now: packagedAt,
    maxSchedules: STACK_RESOURCE_LIMIT - NON_EDGE_RESOURCE_ALLOWANCE,
  });
  const edges = plan.schedules.map((p): DeployedSchedule => {
    const name = scheduleName(p);
    return {
      name,
      kind: p.kind,
      expression: p.expression,
      timezone: p.timezone,
      input: edgeInput(p.kind, name),
      models: p.role === 'every-minute' ? null : p.models,
    };
  });
  return [
    ...edges,
    {
      name: 'reconcile',
      kind: 'reconcile',
      expression: rateExpression(schedule.reconcileEveryMs),
      timezone: 'UTC',
      input: edgeInput('reconcile', 'reconcile'),
      models: null,
    },
  ];
}

/** An edge event never delivered: the `kind` edge of `model` at `at` (the edge's own instant). */
export interface LostEvent {
  readonly kind: 'open' | 'close';
  readonly model: string;
  readonly at: number;
}

/** One firing of a deployed schedule. */
export interface Firing {
  readonly at: number;
  readonly schedule: DeployedSchedule;
}

/**
 * The firings of `deployed` in [from, to), in instant order (at one instant edges before the
 * reconcile pass, then by name), less those that would carry a lost event: a lost event takes the
 * whole delivery of every schedule that fires for its model in that minute.
 */
export function firingsBetween(
  deployed: readonly DeployedSchedule[],
  from: number,
  to: number,
  lost: readonly LostEvent[] = [],
): Firing[] {
  const out: Firing[] = [];
  for (const schedule of deployed) {
    for (const at of scheduleFirings(schedule.expression, schedule.timezone, from, to)) {
      const dropped = lost.some(
        (l) =>
          l.kind === schedule.kind &&
          Math.ceil(l.at / MINUTE) * MINUTE === at &&
          (schedule.models === null || schedule.models.includes(l.model)),
      );
      if (!dropped) out.push({ at, schedule });
    }
  }
  const rank = (f: Firing) => (f.schedule.kind === 'reconcile' ? 1 : 0);
  return out.sort(
    (a, b) => a.at - b.at || rank(a) - rank(b) || a.schedule.name.localeCompare(b.schedule.name),
  );
}

/** Model ids per edge schedule name, for the runtime (RuntimeAdapters.edgeSchedules). */
export function edgeScheduleModels(deployed: readonly DeployedSchedule[]): Record<string, readonly string[]> {
  const out: Record<string, readonly string[]> = {};
  for (const s of deployed) if (s.kind !== 'reconcile' && s.models !== null) out[s.name] = s.models;
  return out;
}
