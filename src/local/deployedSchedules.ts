import { rateExpression } from '../deploy/cronSpec.js';
import { planEdgeSchedules } from '../deploy/planEdgeSchedules.js';
import {
  edgeInput,
  NON_EDGE_RESOURCE_ALLOWANCE,
  STACK_RESOURCE_LIMIT,
  scheduleName,
} from '../deploy/stackResources.js';
import type { Schedule } from '../schedule/types.js';

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
