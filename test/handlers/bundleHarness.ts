/**
 * The packaged function bundles (unzipped from the very artifacts `serverless package` wrote), run
 * the way Lambda runs them: a fresh Node process per cold start, the handler called with a Lambda
 * context, with EventBridge Scheduler's events, against the emulator and local stand-ins for
 * Scheduler, SNS, SQS and DynamoDB, all over loopback, on one clock the test moves.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type EmulatorHandle, type StartEmulatorOptions, startEmulator } from '../../src/emulator/index.js';
import {
  extractArtifacts,
  OFFLINE_ENV,
  type PackageResult,
  packageService,
  ROOT,
} from '../deploy/packageService.js';
import { type Dynalite, startDynalite } from '../runtime/dynalite.js';
import {
  type FakeScheduler,
  type FakeSns,
  type FakeSqs,
  startFakeScheduler,
  startFakeSns,
  startFakeSqs,
} from './fakeAws.js';

export type Fn = 'open' | 'close' | 'verify' | 'reconcile';
// biome-ignore lint/suspicious/noExplicitAny: handler reports and log lines are JSON read as it comes.
export type Json = Record<string, any>;

export interface Invocation {
  readonly results: Json[];
  readonly errors: Json[];
  readonly logs: Json[];
  readonly metrics: Json[];
  readonly stderr: string;
}

export const ACCOUNT = '123456789012';
export const DEAD_LETTER_URL = `https://sqs.us-east-1.amazonaws.com/${ACCOUNT}/lvsched-test-DeadLetterQueue-ABC123`;
export const VERIFY_GROUP = 'lvsched-test-verify';

/** An open or close event as the edge schedule's Input, filled in by Scheduler. */
export const edgeEvent = (kind: 'open' | 'close', scheduledTime: string, attempt = 1): Json => ({
  source: 'lvsched',
  kind,
  schedule: `${kind}-test`,
  scheduledTime,
  attempt: String(attempt),
});

export interface BundledStack {
  readonly bundles: Record<Fn, string>;
  readonly emulator: EmulatorHandle;
  readonly scheduler: FakeScheduler;
  readonly sns: FakeSns;
  readonly sqs: FakeSqs;
  readonly dynamo: Dynalite;
  /** The clock every stand-in and bundle process runs on (set by each invocation). */
  now(): number;
  /** The environment Lambda gives `fn` (serverless.yml's variables, endpoints on loopback). */
  lambdaEnv(fn: Fn): NodeJS.ProcessEnv;
  /**
   * One cold start of `fn`, then each event in turn (warm), delivered at `deliveredAt` (default:
   * the first event's scheduled time): the emulator's clock and the bundle process's clock start there.
   */
  invoke(fn: Fn, events: Json[], deliveredAt?: number, env?: NodeJS.ProcessEnv): Promise<Invocation>;
  /** Fires the pending verify timers in time order, each as Scheduler would deliver it, until `until`. */
  runTimers(until: number): Promise<Invocation[]>;
  close(): Promise<void>;
}

/** Packages the stack (with `schedule` as config/schedule.yaml, if given) and starts its stand-ins. */
export async function startBundledStack(options: {
  readonly schedule?: string;
  readonly emulator: Omit<StartEmulatorOptions, 'clock'>;
}): Promise<BundledStack> {
  let now = Date.parse('2026-03-30T00:00:00Z');
  const packaged: PackageResult = await packageService({
    stage: 'test',
    ...(options.schedule === undefined ? {} : { schedule: options.schedule }),
  });
  if (packaged.exitCode !== 0) throw new Error(`packaging failed:\n${packaged.stdout}\n${packaged.stderr}`);
  const unzipped = mkdtempSync(join(tmpdir(), 'lvsched-bundles-'));
  const bundles = (await extractArtifacts(packaged.outDir, unzipped)) as Record<Fn, string>;
  const emulator = await startEmulator({
    ...options.emulator,
    clock: { now: () => now },
    dateFromClock: true,
  });
  const scheduler = await startFakeScheduler(() => now);
  const sns = await startFakeSns(() => now);
  const sqs = await startFakeSqs(() => now);
  const dynamo = await startDynalite();
  let requests = 0;

  const lambdaEnv = (fn: Fn): NodeJS.ProcessEnv => ({
    PATH: process.env.PATH,
    ...OFFLINE_ENV,
    AWS_REGION: 'us-east-1',
    AWS_LAMBDA_FUNCTION_NAME: `lvsched-test-${fn}`,
    VERIFY_FUNCTION_ARN: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:lvsched-test-verify`,
    SCHEDULER_ROLE_ARN: `arn:aws:iam::${ACCOUNT}:role/lvsched-test-SchedulerInvokeRole-ABC123`,
    VERIFY_GROUP_NAME: VERIFY_GROUP,
    DEAD_LETTER_ARN: `arn:aws:sqs:us-east-1:${ACCOUNT}:lvsched-test-DeadLetterQueue-ABC123`,
    DEAD_LETTER_URL: DEAD_LETTER_URL,
    ALERT_TABLE_NAME: dynamo.tableName,
    ALERT_TOPIC_ARN: `arn:aws:sns:us-east-1:${ACCOUNT}:lvsched-test-AlertTopic-ABC123`,
    METRICS_NAMESPACE: 'LookoutVisionScheduler',
    AWS_ENDPOINT_URL_LOOKOUTVISION: emulator.endpoint,
    AWS_ENDPOINT_URL_REKOGNITION: emulator.endpoint,
    AWS_ENDPOINT_URL_SCHEDULER: scheduler.endpoint,
    AWS_ENDPOINT_URL_SNS: sns.endpoint,
    AWS_ENDPOINT_URL_SQS: sqs.endpoint,
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
  });

  async function invoke(fn: Fn, events: Json[], deliveredAt?: number, env: NodeJS.ProcessEnv = {}) {
    now = deliveredAt ?? Date.parse(String(events[0]?.scheduledTime));
    const prefix = `req${++requests}`;
    const { stdout, stderr } = await new Promise<{ stdout: string; stderr: string }>((resolve, reject) => {
      execFile(
        process.execPath,
        [
          '--import',
          pathToFileURL(join(ROOT, 'test/handlers/fakeClock.mjs')).href,
          join(ROOT, 'test/handlers/invokeBundle.mjs'),
          bundles[fn],
          JSON.stringify(events),
          prefix,
        ],
        { env: { ...lambdaEnv(fn), ...env, LVSCHED_TEST_NOW: String(now) }, timeout: 60_000 },
        (error, out, err) =>
          error ? reject(new Error(`${error.message}\n${err}`)) : resolve({ stdout: out, stderr: err }),
      );
    });
    const out: Invocation = { results: [], errors: [], logs: [], metrics: [], stderr };
    for (const line of stdout.split('\n').filter(Boolean)) {
      if (line.startsWith('@@RESULT ')) out.results.push(JSON.parse(line.slice(9)));
      else if (line.startsWith('@@ERROR ')) out.errors.push(JSON.parse(line.slice(8)));
      else {
        const json = JSON.parse(line) as Json;
        (json._aws ? out.metrics : out.logs).push(json);
      }
    }
    return out;
  }

  async function runTimers(until: number): Promise<Invocation[]> {
    const runs: Invocation[] = [];
    for (;;) {
      const pending = [...scheduler.schedules.entries()]
        .filter(([key]) => key.startsWith(`${VERIFY_GROUP}/`))
        .map(([key, r]) => ({ key, at: Date.parse(`${String(r.body.ScheduleExpression).slice(3, -1)}Z`) }))
        .sort((a, b) => a.at - b.at);
      const next = pending[0];
      if (next === undefined || next.at > until) return runs;
      runs.push(await invoke('verify', [scheduler.fire(next.key)]));
    }
  }

  return {
    bundles,
    emulator,
    scheduler,
    sns,
    sqs,
    dynamo,
    now: () => now,
    lambdaEnv,
    invoke,
    runTimers,
    async close() {
      await emulator.close();
      await scheduler.close();
      await sns.close();
      await sqs.close();
      await dynamo.close();
      packaged.cleanup();
      rmSync(unzipped, { recursive: true, force: true });
    },
  };
}
