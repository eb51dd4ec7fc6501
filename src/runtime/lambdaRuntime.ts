/**
 * The Lambda side of the composition root: what a function builds once per cold start (the
 * environment, the packaged schedule, the logger, the AWS adapters, with the clients an invocation
 * may not need created on first use) and the handler that hands each event to the runtime.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Logger, pino } from 'pino';
import { DynamoAlertLedger } from '../aws/dynamoAlertLedger.js';
import { EmfMetrics } from '../aws/emfMetrics.js';
import { readLambdaEnv } from '../aws/lambdaEnv.js';
import { lazyDynamoDb, lazyScheduler, lazySns, lazyTimers } from '../aws/lazyClients.js';
import { SnsAlerts } from '../aws/snsAlerts.js';
import { SqsDeadLetters } from '../aws/sqsDeadLetters.js';
import { sqsSendMessage } from '../aws/sqsSendMessage.js';
import type { Schedule } from '../schedule/types.js';
import { createRuntime, type FunctionKind, type HandlerReport, InvocationError } from './createRuntime.js';
import { scheduleHosts } from './scheduleHosts.js';

/** The Lambda context members the handlers use. */
export interface LambdaContext {
  readonly awsRequestId: string;
  readonly functionName?: string;
  getRemainingTimeInMillis(): number;
}

/** What the package step writes next to the bundle: the validated schedule, and each edge schedule's models. */
export interface PackagedSchedule {
  readonly schedule: Schedule;
  readonly edgeSchedules: Readonly<Record<string, readonly string[]>>;
}

/** The schedule the package step wrote next to the bundle (validated then). */
export function loadBundledSchedule(file: string | null): PackagedSchedule {
  const path = file ?? fileURLToPath(new URL('./schedule.json', import.meta.url));
  const { edgeSchedules, ...schedule } = JSON.parse(readFileSync(path, 'utf8')) as Schedule & {
    edgeSchedules?: Record<string, string[]>;
  };
  if (schedule?.version !== 1 || !Array.isArray(schedule.models)) {
    throw new Error(`${path} is not a packaged schedule (version 1 with models)`);
  }
  return { schedule, edgeSchedules: edgeSchedules ?? {} };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Builds everything once (a cold start); returns the Lambda handler of `kind`. */
export function lambdaHandler(
  kind: FunctionKind,
  processEnv: NodeJS.ProcessEnv = process.env,
): (event: unknown, context: LambdaContext) => Promise<HandlerReport> {
  const env = readLambdaEnv(processEnv);
  const fields: { requestId: string | null; functionName: string } = {
    requestId: null,
    functionName: processEnv.AWS_LAMBDA_FUNCTION_NAME ?? kind,
  };
  const logger: Logger = pino({
    level: env.logLevel,
    base: null,
    messageKey: 'message',
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    mixin: () => ({ requestId: fields.requestId, functionName: fields.functionName }),
  });
  const { schedule, edgeSchedules } = loadBundledSchedule(env.scheduleFile);
  const runtime = createRuntime({
    schedule,
    edgeSchedules,
    // An adapter per service of the file's models: no Rekognition client for a file without them.
    host: scheduleHosts(schedule, env.region),
    pace: { requestsPerSecond: env.requestsPerSecond, sleep },
    // Timers (their schema and the Scheduler client) load with the first timer an invocation sets.
    timers: lazyTimers(async () => {
      const { SchedulerTimers } = await import('../aws/schedulerTimers.js');
      return new SchedulerTimers(lazyScheduler(env.region), {
        groupName: env.verifyGroupName,
        functionArn: env.verifyFunctionArn,
        roleArn: env.schedulerRoleArn,
        deadLetterArn: env.deadLetterArn,
      });
    }),
    alerts: new SnsAlerts(lazySns(env.region), env.alertTopicArn),
    alertLedger: new DynamoAlertLedger(lazyDynamoDb(env.region), env.alertTableName),
    deadLetters: new SqsDeadLetters(sqsSendMessage(env.region, processEnv), env.deadLetterUrl),
    metrics: new EmfMetrics(env.metricsNamespace, { Function: kind }),
    logger,
  });
  return async (event, context) => {
    fields.requestId = context.awsRequestId ?? null;
    fields.functionName = context.functionName ?? fields.functionName;
    try {
      return await runtime.handle(kind, event, {
        now: Date.now,
        remainingMs: () => context.getRemainingTimeInMillis(),
        requestId: context.awsRequestId,
      });
    } catch (error) {
      // InvocationError was logged with its side-effect failures already.
      if (!(error instanceof InvocationError)) logger.error({ err: error }, 'invocation failed');
      throw error;
    } finally {
      fields.requestId = null;
    }
  };
}
