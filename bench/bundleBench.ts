/**
 * The Lambda bundles: minified size of each function, and its cold start (a new Node process that
 * imports the bundle, which builds the handler's runtime: environment, schedule, SDK clients,
 * engine) as a ratio to an empty `node -e 0`, median of 10 runs each. Goals: <= 400 KB and <= 1.6x.
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
  /** Median wall time of a cold start, ms (NODE_OPTIONS=--enable-source-maps, as deployed). */
  readonly coldStartMs: number;
  readonly ratio: number;
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
    await build({
      ...LAMBDA_BUNDLE_OPTIONS,
      absWorkingDir: ROOT,
      stdin: { contents: SDK_ONLY, resolveDir: ROOT, sourcefile: 'sdk-only.ts', loader: 'ts' },
      outfile: sdkOnlyFile,
    });
    const base = { PATH: process.env.PATH };
    const env = { ...base, ...LAMBDA_ENV, NODE_OPTIONS: '--enable-source-maps' };
    // Warm the file cache and the first-run costs of both kinds of process before timing.
    timeProcess(['-e', '0'], base);
    const load = (file: string) => `await import(${JSON.stringify(pathToFileURL(file).href)});`;
    const bundles: { name: FunctionName | 'sdk-only'; bytes: number; times: number[]; script: string }[] = [
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
    return {
      baselineMs,
      runs,
      bundles: figures.filter((f): f is BundleFigures => f.name !== 'sdk-only'),
      sdkOnly: { bytes: sdkOnly.bytes, coldStartMs: sdkOnly.coldStartMs, ratio: sdkOnly.ratio },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
