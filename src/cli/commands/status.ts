import { pino } from 'pino';
import { configuredRegion } from '../../aws/awsRegion.js';
import { refOf } from '../../control/decisionBuilders.js';
import { UsageError } from '../../errors.js';
import { MemoryAlerts } from '../../local/memoryAlerts.js';
import { RecordingTimers } from '../../local/recordingTimers.js';
import type { ObservedModel } from '../../ports.js';
import { createRuntime } from '../../runtime/createRuntime.js';
import { localAdapters } from '../../runtime/localAdapters.js';
import { scheduleHosts } from '../../runtime/scheduleHosts.js';
import { formatDiagnostic } from '../../schedule/parseSchedule.js';
import { isoUtc } from '../../schedule/plan.js';
import { desiredStateAt, nextTransition } from '../../schedule/windows.js';
import { loadSchedule } from '../loadSchedule.js';
import type { Output } from '../output.js';

/** `lvsched status`: each model's desired state now, observed status, inference units, next transition. */
export async function statusCommand(
  options: { config: string; json?: boolean },
  now: number,
  out: Output,
): Promise<number> {
  const { schedule, diagnostics } = await loadSchedule(options.config, now);
  for (const d of diagnostics) out.stderr(formatDiagnostic(d));
  if (schedule === null) return 1;
  const region = await configuredRegion();
  if (region === null && schedule.models.some((m) => m.region === null)) {
    throw new UsageError('no AWS region: set AWS_REGION (or region in the schedule file)');
  }
  // Observed through the composition root's host: paced like the engine's calls.
  const { host } = createRuntime({
    ...localAdapters(),
    schedule,
    host: scheduleHosts(schedule, region),
    timers: new RecordingTimers(),
    alerts: new MemoryAlerts(),
    logger: pino({ level: 'silent' }),
  });
  let failures = 0;
  const rows = await Promise.all(
    schedule.models.map(async (m) => {
      let observed: ObservedModel | { status: string; statusMessage: string };
      try {
        observed = await host.describeModel(refOf(m));
      } catch (error) {
        failures++;
        observed = {
          status: 'UNKNOWN',
          statusMessage: error instanceof Error ? error.message : String(error),
        };
      }
      const next = nextTransition(m, now);
      const units =
        'minInferenceUnits' in observed && observed.minInferenceUnits != null
          ? `${observed.minInferenceUnits}${observed.maxInferenceUnits != null ? `-${observed.maxInferenceUnits}` : ''}`
          : '-';
      return {
        model: m.id,
        service: m.service,
        desired: desiredStateAt(m, now),
        observed: observed.status,
        serviceStatus: 'serviceStatus' in observed ? (observed.serviceStatus ?? null) : null,
        inferenceUnits: units,
        next: next === null ? null : { at: isoUtc(next.at), state: next.state },
        statusMessage: observed.statusMessage,
      };
    }),
  );
  if (options.json) {
    out.stdout(JSON.stringify({ at: isoUtc(now), models: rows }, null, 2));
  } else {
    const w = Math.max(5, ...rows.map((r) => r.model.length));
    out.stdout(`${'model'.padEnd(w)}  desired  observed          units  next transition`);
    for (const r of rows) {
      const next = r.next === null ? 'none within 2 years' : `${r.next.state} at ${r.next.at}`;
      const mismatch = (r.desired === 'hosted') !== (r.observed === 'HOSTED') ? '  (differs)' : '';
      out.stdout(
        `${r.model.padEnd(w)}  ${r.desired.padEnd(7)}  ${r.observed.padEnd(16)}  ${r.inferenceUnits.padEnd(5)}  ${next}${mismatch}`,
      );
    }
  }
  return failures > 0 ? 3 : 0;
}
