/** What the engine does with a decision besides the service call: its log line, timers, alerts and metrics. */
import type { Logger } from 'pino';
import type { Decision } from '../control/decision.js';
import type { Alerts, HostError, Timers } from '../ports.js';

/** Sets a decision's timers, sends its alerts and logs its metrics; returns what failed, never throws. */
export async function applySideEffects(
  decision: Decision,
  deps: { readonly timers: Timers; readonly alerts: Alerts; readonly logger: Logger },
): Promise<string[]> {
  const { timers, alerts, logger } = deps;
  const errors: string[] = [];
  for (const t of decision.timers) {
    try {
      await timers.set(t.at, t.payload);
    } catch (error) {
      errors.push(`timer ${t.payload.op} at ${new Date(t.at).toISOString()}: ${messageOf(error)}`);
    }
  }
  for (const a of decision.alerts) {
    try {
      await alerts.send(a);
    } catch (error) {
      errors.push(`alert ${a.cause} (${a.key}): ${messageOf(error)}`);
    }
  }
  for (const [metric, value] of Object.entries(decision.metrics)) {
    try {
      logger.info({ model: decision.model, metric, value }, 'metric');
    } catch (error) {
      errors.push(`metric ${metric}: ${messageOf(error)}`);
    }
  }
  return errors;
}

/** Logs one decision and how carrying it out went (a warning when it failed). */
export function logDecision(logger: Logger, d: Decision, result: string, error?: HostError): void {
  const line = {
    model: d.model,
    service: d.ref.service ?? 'lookoutvision',
    action: d.action,
    token: d.clientToken,
    reason: d.reason,
    desired: d.desired,
    observed: d.observed,
    serviceStatus: d.serviceStatus ?? null,
    at: new Date(d.at).toISOString(),
    attempt: d.attempt,
    result,
    ...(error ? { error: error.message, errorKind: error.kind } : {}),
    ...(d.alerts.length > 0 ? { alerts: d.alerts.map((a) => a.cause) } : {}),
    ...(d.timers.length > 0
      ? { timers: d.timers.map((t) => `${t.payload.op}@${new Date(t.at).toISOString()}`) }
      : {}),
  };
  if (error) logger.warn(line, 'decision');
  else logger.info(line, 'decision');
}

/** An error's name and message, for a log line or an outcome. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
