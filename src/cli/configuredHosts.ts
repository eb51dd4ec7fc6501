import type { ServiceHosts } from '../engine/serviceHosts.js';
import { UsageError } from '../errors.js';
import { scheduleHosts } from '../runtime/scheduleHosts.js';
import type { Schedule } from '../schedule/types.js';

/**
 * The hosts of `schedule`'s services, in `region`: the one the SDK configuration resolves
 * (AWS_REGION, profiles), as loadSchedule read it. A usage error when a model names no region
 * and none is configured.
 */
export function configuredHosts(schedule: Schedule, region: string | null): ServiceHosts {
  if (region === null && schedule.models.some((m) => m.region === null)) {
    throw new UsageError('no AWS region: set AWS_REGION (or region in the schedule file)');
  }
  return scheduleHosts(schedule, region);
}
