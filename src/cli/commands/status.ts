import { pino } from 'pino';
import { refOf } from '../../control/decisionBuilders.js';
import { DEFAULT_ENGINE_SETTINGS } from '../../control/engineSettings.js';
import {
  currentOrNextWindow,
  monthPlan,
  type StatusVerdict,
  type StatusWindow,
  statusCheck,
} from '../../control/statusCheck.js';
import { MemoryAlerts } from '../../local/memoryAlerts.js';
import { RecordingTimers } from '../../local/recordingTimers.js';
import type { ModelStatus, ObservedModel } from '../../ports.js';
import { createRuntime } from '../../runtime/createRuntime.js';
import { localAdapters } from '../../runtime/localAdapters.js';
import { formatIsoLocal } from '../../schedule/localTime.js';
import { formatDiagnostic } from '../../schedule/parseSchedule.js';
import { isoUtc } from '../../schedule/plan.js';
import { nextTransition } from '../../schedule/windows.js';
import { configuredHosts } from '../configuredHosts.js';
import { parseInstantFlag } from '../instant.js';
import { loadSchedule } from '../loadSchedule.js';
import type { Output } from '../output.js';
import {
  renderStatusText,
  type StatusReport,
  type StatusRow,
  type StatusWindowJson,
} from '../render/statusText.js';

export interface StatusOptions {
  config: string;
  at?: string;
  json?: boolean;
}

/**
 * `lvsched status`: is the schedule being followed? Each model's window (now or next), desired
 * state at `--at` (default now) against the status the service shows now, a flag where they
 * differ, and the plan's figures for the UTC month of `--at`. Exit 0 (differences included);
 * 3 when a call failed.
 */
export async function statusCommand(options: StatusOptions, now: number, out: Output): Promise<number> {
  const at = options.at === undefined ? now : parseInstantFlag('--at', options.at, now);
  const { schedule, diagnostics, region } = await loadSchedule(options.config, now);
  for (const d of diagnostics) out.stderr(formatDiagnostic(d));
  if (schedule === null) return 1;
  // Observed through the composition root's host: paced like the engine's calls.
  const { host } = createRuntime({
    ...localAdapters(),
    schedule,
    host: configuredHosts(schedule, region),
    timers: new RecordingTimers(),
    alerts: new MemoryAlerts(),
    logger: pino({ level: 'silent' }),
  });
  const month = monthPlan(schedule, at);
  let failures = 0;
  const rows = await Promise.all(
    schedule.models.map(async (m): Promise<StatusRow> => {
      let observed: ObservedModel | { status: ModelStatus; statusMessage: string };
      try {
        observed = await host.describeModel(refOf(m));
      } catch (error) {
        failures++;
        observed = {
          status: 'UNKNOWN',
          statusMessage: error instanceof Error ? error.message : String(error),
        };
      }
      const next = nextTransition(m, at);
      const units =
        'minInferenceUnits' in observed && observed.minInferenceUnits != null
          ? `${observed.minInferenceUnits}${observed.maxInferenceUnits != null ? `-${observed.maxInferenceUnits}` : ''}`
          : '-';
      const check = statusCheck(m, at, observed.status, DEFAULT_ENGINE_SETTINGS);
      const figures = month.models.get(m.id);
      if (figures === undefined) throw new Error(`no month figures for ${m.id}`);
      return {
        model: m.id,
        service: m.service,
        desired: check.desired,
        observed: observed.status,
        serviceStatus: 'serviceStatus' in observed ? (observed.serviceStatus ?? null) : null,
        inferenceUnits: units,
        next: next === null ? null : { at: isoUtc(next.at), state: next.state },
        statusMessage: observed.statusMessage,
        window: windowJson(currentOrNextWindow(m, at), m.timezone),
        differs: check.differs,
        check: check.verdict,
        checkReason: check.reason,
        month: figures,
      };
    }),
  );
  const counts: Record<StatusVerdict, number> = { ok: 0, starting: 0, stopping: 0, differs: 0, unknown: 0 };
  for (const r of rows) counts[r.check]++;
  const report: StatusReport = {
    at: isoUtc(at),
    observedAt: isoUtc(now),
    models: rows,
    counts,
    month: {
      from: isoUtc(month.from),
      to: isoUtc(month.to),
      timezone: 'UTC',
      ...month.totals,
      currency: month.currency,
    },
  };
  out.stdout(options.json ? JSON.stringify(report, null, 2) : renderStatusText(report));
  // A difference is the answer, not a failure: the command worked (scripts read `differs`).
  return failures > 0 ? 3 : 0;
}

function windowJson(w: StatusWindow | null, timezone: string): StatusWindowJson | null {
  if (w === null) return null;
  const local = (ms: number) => formatIsoLocal(ms, timezone);
  return {
    state: w.state,
    open: isoUtc(w.open),
    close: w.close === null ? null : isoUtc(w.close),
    openLocal: local(w.open),
    closeLocal: w.close === null ? null : local(w.close),
    timezone,
  };
}
