import { pino } from 'pino';
import { consoleAlerts } from '../../local/consoleAlerts.js';
import { fileAlerts } from '../../local/fileAlerts.js';
import { RecordingTimers } from '../../local/recordingTimers.js';
import { createRuntime } from '../../runtime/createRuntime.js';
import { localAdapters } from '../../runtime/localAdapters.js';
import { formatDiagnostic } from '../../schedule/parseSchedule.js';
import { isoUtc } from '../../schedule/plan.js';
import { checkWritableFiles } from '../checkOptions.js';
import { configuredHosts } from '../configuredHosts.js';
import { createFileLogger } from '../fileLogger.js';
import { parseInstantFlag } from '../instant.js';
import { loadSchedule } from '../loadSchedule.js';
import type { Output } from '../output.js';

export interface ReconcileOptions {
  config: string;
  at?: string;
  dryRun?: boolean;
  json?: boolean;
  log?: string;
  alerts?: string;
}

/**
 * `lvsched reconcile`: one reconcile pass at `--at` against the endpoint the SDK resolves
 * (AWS_ENDPOINT_URL_LOOKOUTVISION, AWS_ENDPOINT_URL_REKOGNITION or AWS_ENDPOINT_URL, AWS_REGION, profiles). Exit 0; 3 when a call failed.
 */
export async function reconcileCommand(options: ReconcileOptions, now: number, out: Output): Promise<number> {
  const at = options.at === undefined ? now : parseInstantFlag('--at', options.at, now);
  checkWritableFiles({ '--log': options.log, '--alerts': options.alerts });
  const { schedule, diagnostics, region } = await loadSchedule(options.config, now);
  for (const d of diagnostics) out.stderr(formatDiagnostic(d));
  if (schedule === null) return 1;
  const host = configuredHosts(schedule, region);
  const timers = new RecordingTimers();
  // The composition root the Lambda functions use, with local adapters (paced the same way).
  const { engine } = createRuntime({
    ...localAdapters(),
    schedule,
    host,
    timers,
    alerts: options.alerts ? fileAlerts(options.alerts) : consoleAlerts((line) => out.stderr(line)),
    // stdout carries the result; the engine's own log (one JSON line per decision) goes to --log.
    logger: options.log ? createFileLogger(options.log) : pino({ level: 'silent' }),
  });
  const outcomes = await engine.reconcile(at, { dryRun: options.dryRun === true });
  const failed = outcomes.filter((o) => typeof o.result !== 'string');
  if (options.json) {
    const decisions = outcomes.map(({ decision: d }) => ({
      model: d.model,
      service: d.ref.service ?? 'lookoutvision',
      desired: d.desired,
      observed: d.observed,
      serviceStatus: d.serviceStatus ?? null,
      action: d.action,
      clientToken: d.clientToken,
      reason: d.reason,
    }));
    out.stdout(JSON.stringify({ at: isoUtc(at), decisions }, null, 2));
  } else {
    out.stdout(`Reconcile pass at ${isoUtc(at)}${options.dryRun ? ' (dry run: nothing changed)' : ''}`);
    const w = Math.max(5, ...outcomes.map((o) => o.decision.model.length));
    for (const { decision: d, result } of outcomes) {
      const r = typeof result === 'string' ? '' : `  FAILED ${result.kind}: ${result.error}`;
      out.stdout(
        `  ${d.model.padEnd(w)}  desired ${d.desired.padEnd(7)}  observed ${d.observed.padEnd(16)}  ${d.action.padEnd(5)}  ${d.reason}${d.clientToken ? `  [${d.clientToken}]` : ''}${r}`,
      );
    }
    if (timers.recorded.length > 0 && !options.dryRun) {
      out.stdout(
        `  (${timers.recorded.length} verify timer(s) not set: a one-shot pass does not wait; run it again to check)`,
      );
    }
  }
  return failed.length > 0 ? 3 : 0;
}
