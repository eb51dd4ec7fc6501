/**
 * The Lambda bundles: minified size of each function, and its cold start (a new Node process that
 * imports the bundle, which builds the handler's runtime: environment, schedule, adapters, engine)
 * as a ratio to a bundle that only constructs the SDK clients that function's invocation needs
 * (Lookout for Vision everywhere; Scheduler where verify timers are set), built the same way and
 * timed in the same run, median of 10 runs each, interleaved. Goals: <= 400 KB and <= 1.15x.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import {
  buildArtifacts,
  FUNCTIONS,
  type FunctionName,
  LAMBDA_BUNDLE_OPTIONS,
} from '../src/deploy/buildArtifacts.js';
import { parseScheduleOrThrow } from '../src/schedule/parseSchedule.js';

export interface BundleFigures {
  readonly name: FunctionName;
  readonly bytes: number;
  /** The chunks beside it that load on first use (clients, timer schema), bytes. */
  readonly chunkBytes: number;
  /** Median wall time of a cold start, ms (NODE_OPTIONS=--enable-source-maps, as deployed). */
  readonly coldStartMs: number;
  /** Cold start / `node -e 0`. */
  readonly ratio: number;
  /** The reference: a bundle that constructs only the clients this function's invocation needs. */
  readonly reference: { readonly clients: readonly string[]; readonly coldStartMs: number };
  /** Cold start / the reference's (goal <= 1.15). */
  readonly toReference: number;
}

export interface BundleBench {
  readonly baselineMs: number;
  readonly runs: number;
  readonly bundles: readonly BundleFigures[];
  /** For scale: a bundle that only constructs the three SDK clients every function needs. */
  readonly sdkOnly: { readonly bytes: number; readonly coldStartMs: number; readonly ratio: number };
}

const SDK_ONLY = `
import { LookoutVisionClient } from '@aws-sdk/client-lookoutvision';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { SNSClient } from '@aws-sdk/client-sns';
export const clients = [LookoutVisionClient, SchedulerClient, SNSClient].map((C) => new C({ region: 'us-east-1' }));
`;

/**
 * The clients an invocation of each function needs: every one observes models; edges and verify
 * checks set verify timers; a reconcile pass with nothing to verify sets none. SNS (alerts), DynamoDB
 * (the alert ledger) and SQS (dead letters) are needed only when something failed.
 */
const NEEDS: Record<FunctionName, readonly ('LookoutVision' | 'Scheduler')[]> = {
  open: ['LookoutVision', 'Scheduler'],
  close: ['LookoutVision', 'Scheduler'],
  verify: ['LookoutVision', 'Scheduler'],
  reconcile: ['LookoutVision'],
};
const PACKAGE = { LookoutVision: '@aws-sdk/client-lookoutvision', Scheduler: '@aws-sdk/client-scheduler' };

const referenceSource = (clients: readonly ('LookoutVision' | 'Scheduler')[]) =>
  `${clients.map((c) => `import { ${c}Client } from '${PACKAGE[c]}';`).join('\n')}
export const clients = [${clients.map((c) => `${c}Client`).join(', ')}].map((C) => new C({ region: 'us-east-1' }));
`;

const ROOT = resolve(import.meta.dirname, '..');

/** What Lambda and serverless.yml put in the environment (endpoints are not called at init). */
const LAMBDA_ENV = {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  AWS_LAMBDA_FUNCTION_NAME: 'lvsched-bench',
  VERIFY_FUNCTION_ARN: 'arn:aws:lambda:us-east-1:123456789012:function:lvsched-bench-verify',
  SCHEDULER_ROLE_ARN: 'arn:aws:iam::123456789012:role/lvsched-bench',
  VERIFY_GROUP_NAME: 'lvsched-bench-verify',
  DEAD_LETTER_ARN: 'arn:aws:sqs:us-east-1:123456789012:lvsched-bench',
  ALERT_TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:lvsched-bench',
  DEAD_LETTER_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/lvsched-bench',
  ALERT_TABLE_NAME: 'lvsched-bench-alerts',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function timeProcess(args: string[], env: NodeJS.ProcessEnv): number {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${args.join(' ')} failed: ${result.stderr.toString()}`);
  return ms;
}

export async function runBundleBench(runs = 10): Promise<BundleBench> {
  const dir = mkdtempSync(join(tmpdir(), 'lvsched-bundle-bench-'));
  try {
    const file = 'config/schedule.yaml';
    const schedule = parseScheduleOrThrow(readFileSync(join(ROOT, file), 'utf8'), {
      file,
      defaultRegion: 'us-east-1',
    });
    const { artifacts } = await buildArtifacts({ serviceDir: ROOT, outDir: join(dir, 'lambda'), schedule });
    const sdkOnlyFile = join(dir, 'sdk-only.mjs');
    const bundleSource = async (contents: string, outfile: string) =>
      build({
        ...LAMBDA_BUNDLE_OPTIONS,
        absWorkingDir: ROOT,
        stdin: { contents, resolveDir: ROOT, sourcefile: 'reference.ts', loader: 'ts' },
        outfile,
      });
    await bundleSource(SDK_ONLY, sdkOnlyFile);
    const referenceFile = (name: FunctionName) => join(dir, `reference-${NEEDS[name].join('-')}.mjs`);
    for (const name of FUNCTIONS) await bundleSource(referenceSource(NEEDS[name]), referenceFile(name));
    const references = [...new Set(FUNCTIONS.map(referenceFile))];
    const base = { PATH: process.env.PATH };
    const env = { ...base, ...LAMBDA_ENV, NODE_OPTIONS: '--enable-source-maps' };
    // Warm the file cache and the first-run costs of both kinds of process before timing.
    timeProcess(['-e', '0'], base);
    const load = (file: string) => `await import(${JSON.stringify(pathToFileURL(file).href)});`;
    const bundles: { name: string; bytes: number; times: number[]; script: string }[] = [
      ...FUNCTIONS.map((name) => {
        const artifact = artifacts.find((a) => a.name === name);
        if (artifact === undefined) throw new Error(`no artifact for ${name}`);
        return {
          name,
          bytes: artifact.bundleBytes,
          times: [],
          script: load(join(artifact.dir, `${name}.mjs`)),
        };
      }),
      { name: 'sdk-only', bytes: readFileSync(sdkOnlyFile).length, times: [], script: load(sdkOnlyFile) },
      ...references.map((file) => ({
        name: file,
        bytes: readFileSync(file).length,
        times: [],
        script: load(file),
      })),
    ];
    for (const b of bundles) timeProcess(['--input-type=module', '-e', b.script], env);
    // Interleaved, so drifts in machine load fall on all of them alike.
    const baseline: number[] = [];
    for (let i = 0; i < runs; i++) {
      baseline.push(timeProcess(['-e', '0'], base));
      for (const b of bundles) b.times.push(timeProcess(['--input-type=module', '-e', b.script], env));
    }
    const baselineMs = median(baseline);
    const figures = bundles.map((b) => {
      const coldStartMs = median(b.times);
      return { name: b.name, bytes: b.bytes, coldStartMs, ratio: coldStartMs / baselineMs };
    });
    const sdkOnly = figures.find((f) => f.name === 'sdk-only') as (typeof figures)[number];
    const coldStart = (name: string) => figures.find((f) => f.name === name)?.coldStartMs ?? Number.NaN;
    return {
      baselineMs,
      runs,
      bundles: FUNCTIONS.map((name) => {
        const f = figures.find((x) => x.name === name) as (typeof figures)[number];
        const reference = { clients: NEEDS[name], coldStartMs: coldStart(referenceFile(name)) };
        const chunkBytes = artifacts.find((a) => a.name === name)?.chunkBytes ?? 0;
        return { ...f, name, chunkBytes, reference, toReference: f.coldStartMs / reference.coldStartMs };
      }),
      sdkOnly: { bytes: sdkOnly.bytes, coldStartMs: sdkOnly.coldStartMs, ratio: sdkOnly.ratio },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
