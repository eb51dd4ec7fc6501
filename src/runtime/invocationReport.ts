import type { Outcome } from '../engine/engine.js';
import type { MetricValue } from '../ports.js';
import type { Schedule } from '../schedule/types.js';

/** What an invocation returns (and logs): its decisions, failures, and why an event was rejected. */
export interface HandlerReport {
  readonly function: 'open' | 'close' | 'verify' | 'reconcile';
  /** The event's scheduled time as delivered (null when the event was rejected before it was read). */
  readonly scheduledTime: string | null;
  /** The instant decided for: the scheduled time, or now when the event came more than the grace late. */
  readonly decidedFor: string | null;
  /** Receipt time less scheduled time, ms. */
  readonly latenessMs: number | null;
  readonly decisions: readonly {
    readonly model: string;
    readonly desired: string;
    readonly observed: string;
    readonly action: string;
    readonly clientToken: string | null;
    readonly reason: string;
    readonly result: string;
  }[];
  readonly failures: number;
  /** Timers, alerts, metrics or dead letters that failed (the invocation then throws). */
  readonly sideEffectErrors: readonly string[];
  /** Why the event was dead-lettered without a decision, or null. */
  readonly rejected: string | null;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function reportOf(
  kind: HandlerReport['function'],
  scheduledTime: number | null,
  at: number | null,
  outcomes: readonly Outcome[],
  sideEffectErrors: readonly string[],
  rejected: string | null,
  latenessMs: number | null = null,
): HandlerReport {
  const decisions = outcomes.map(({ decision: d, result }) => ({
    model: d.model,
    desired: d.desired,
    observed: d.observed,
    action: d.action,
    clientToken: d.clientToken,
    reason: d.reason,
    result: typeof result === 'string' ? result : `${result.kind}: ${result.error}`,
  }));
  const failed = outcomes.filter((o) => typeof o.result !== 'string').length;
  const alerted = outcomes.reduce(
    (n, o) => n + o.decision.alerts.filter((a) => a.cause !== 'corrected').length,
    0,
  );
  return {
    function: kind,
    scheduledTime: iso(scheduledTime),
    decidedFor: iso(at),
    latenessMs,
    decisions,
    failures: failed + alerted,
    sideEffectErrors,
    rejected,
  };
}

/** The CloudWatch metrics of one invocation. */
export function invocationMetrics(
  report: HandlerReport,
  outcomes: readonly Outcome[],
  schedule: Schedule,
  at: number,
  latenessMs: number | null,
): MetricValue[] {
  const outside = outcomes
    .map((o) => o.decision)
    .filter((d) => d.desired === 'stopped' && (d.observed === 'HOSTED' || d.observed === 'STARTING_HOSTING'))
    .map((d) => Math.min(schedule.reconcileEveryMs, at - (d.anchor ?? at)) / 60_000);
  return [
    {
      name: 'Starts',
      unit: 'Count',
      value: outcomes.filter((o) => o.decision.action === 'start' && o.result === 'done').length,
    },
    { name: 'Failures', unit: 'Count', value: report.failures },
    {
      name: 'StartLatency',
      unit: 'Milliseconds',
      value: outcomes.flatMap((o) =>
        o.decision.metrics.startLatencyMs === undefined ? [] : [o.decision.metrics.startLatencyMs],
      ),
    },
    ...(latenessMs === null
      ? []
      : [{ name: 'EventLateness', unit: 'Milliseconds' as const, value: latenessMs }]),
    { name: 'SideEffectErrors', unit: 'Count', value: report.sideEffectErrors.length },
    ...(report.rejected === null ? [] : [{ name: 'DeadLettered', unit: 'Count' as const, value: 1 }]),
    ...(report.function === 'reconcile' && report.rejected === null
      ? [
          {
            name: 'HostedOutsideWindowMinutes',
            unit: 'None' as const,
            value: outside.reduce((a, b) => a + b, 0),
          },
        ]
      : []),
  ];
}
