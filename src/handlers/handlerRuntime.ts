/**
 * What every handler builds once per cold start (environment, schedule, logger, SDK clients,
 * adapters, engine, metrics), the middy middleware that puts the request id and function name on
 * every log line, and the report an invocation returns.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { SNSClient } from '@aws-sdk/client-sns';
import type { MiddlewareObj } from '@middy/core';
import { type Logger, pino } from 'pino';
import { EmfMetrics } from '../aws/emfMetrics.js';
import { type LambdaEnv, readLambdaEnv } from '../aws/lambdaEnv.js';
import { lookoutVisionClients } from '../aws/lookoutVisionClient.js';
import { LookoutVisionHost } from '../aws/lookoutVisionHost.js';
import { SchedulerTimers } from '../aws/schedulerTimers.js';
import { SnsAlerts } from '../aws/snsAlerts.js';
import { DEFAULT_ENGINE_SETTINGS } from '../control/engineSettings.js';
import { Engine, type Outcome } from '../engine/engine.js';
import type { Schedule } from '../schedule/types.js';
import type { EventKind } from './schedulerEvent.js';

/** The Lambda context members the handlers use. */
export interface LambdaContext {
  readonly awsRequestId: string;
  readonly functionName: string;
}

export interface HandlerRuntime {
  readonly env: Readonly<LambdaEnv>;
  readonly schedule: Schedule;
  readonly logger: Logger;
  readonly engine: Engine;
  /** Middleware: request id and function name on every log line; failures logged once. */
  readonly context: MiddlewareObj<unknown, unknown>;
  /** Logs and measures an invocation's outcomes, and returns its report. */
  report(kind: EventKind, at: number, outcomes: readonly Outcome[]): HandlerReport;
}

export interface HandlerReport {
  readonly function: EventKind;
  readonly scheduledTime: string;
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
}

/** The schedule the package step wrote next to the bundle (validated then). */
export function loadBundledSchedule(file: string | null): Schedule {
  const path = file ?? fileURLToPath(new URL('./schedule.json', import.meta.url));
  const schedule = JSON.parse(readFileSync(path, 'utf8')) as Schedule;
  if (schedule?.version !== 1 || !Array.isArray(schedule.models)) {
    throw new Error(`${path} is not a packaged schedule (version 1 with models)`);
  }
  return schedule;
}

/** Builds everything once; `kind` names the function in logs and metrics. */
export function createHandlerRuntime(
  kind: EventKind,
  processEnv: NodeJS.ProcessEnv = process.env,
): HandlerRuntime {
  const env = readLambdaEnv(processEnv);
  const fields: { requestId: string | null; functionName: string } = {
    requestId: null,
    functionName: processEnv.AWS_LAMBDA_FUNCTION_NAME ?? kind,
  };
  const logger = pino({
    level: env.logLevel,
    base: null,
    messageKey: 'message',
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    mixin: () => ({ requestId: fields.requestId, functionName: fields.functionName }),
  });
  const schedule = loadBundledSchedule(env.scheduleFile);
  const engine = new Engine({
    schedule,
    host: new LookoutVisionHost(lookoutVisionClients({ defaultRegion: env.region })),
    timers: new SchedulerTimers(new SchedulerClient({ region: env.region }), {
      groupName: env.verifyGroupName,
      functionArn: env.verifyFunctionArn,
      roleArn: env.schedulerRoleArn,
      deadLetterArn: env.deadLetterArn,
    }),
    alerts: new SnsAlerts(new SNSClient({ region: env.region }), env.alertTopicArn),
    logger,
    settings: { ...DEFAULT_ENGINE_SETTINGS, reconcileEveryMs: schedule.reconcileEveryMs },
  });
  const metrics = new EmfMetrics(env.metricsNamespace, { Function: kind });

  return {
    env,
    schedule,
    logger,
    engine,
    context: {
      before: (request) => {
        const context = request.context as LambdaContext;
        fields.requestId = context.awsRequestId ?? null;
        fields.functionName = context.functionName ?? fields.functionName;
      },
      after: () => {
        fields.requestId = null;
      },
      onError: (request) => {
        logger.error({ err: request.error }, 'invocation failed');
        fields.requestId = null;
      },
    },
    report(function_, at, outcomes) {
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
      const outside = outcomes
        .map((o) => o.decision)
        .filter(
          (d) => d.desired === 'stopped' && (d.observed === 'HOSTED' || d.observed === 'STARTING_HOSTING'),
        )
        .map((d) => Math.min(schedule.reconcileEveryMs, at - (d.anchor ?? at)) / 60_000);
      metrics.emit(at, [
        {
          name: 'Starts',
          unit: 'Count',
          value: outcomes.filter((o) => o.decision.action === 'start' && o.result === 'done').length,
        },
        { name: 'Failures', unit: 'Count', value: failed + alerted },
        {
          name: 'StartLatency',
          unit: 'Milliseconds',
          value: outcomes.flatMap((o) =>
            o.decision.metrics.startLatencyMs === undefined ? [] : [o.decision.metrics.startLatencyMs],
          ),
        },
        ...(function_ === 'reconcile'
          ? [
              {
                name: 'HostedOutsideWindowMinutes',
                unit: 'None' as const,
                value: outside.reduce((a, b) => a + b, 0),
              },
            ]
          : []),
      ]);
      const report: HandlerReport = {
        function: function_,
        scheduledTime: new Date(at).toISOString(),
        decisions,
        failures: failed + alerted,
      };
      logger.info(
        { scheduledTime: report.scheduledTime, decisions: decisions.length, failures: report.failures },
        `${function_} done`,
      );
      return report;
    },
  };
}
