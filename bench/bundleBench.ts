/**
 * The Lambda bundles: minified size of each function, and its cold start (a new Node process that
 * imports the bundle, which builds the handler's runtime: environment, schedule, adapters, engine)
 * as a ratio to a bundle that only constructs the SDK clients that function's invocation needs
 * (Lookout for Vision everywhere; Scheduler where verify timers are set), built the same way and
 * timed in the same run, median of `runs` runs each, interleaved. Goals: <= 400 KB and <= 1.15x.
 *
 * Two clocks: wall time (what a cold start costs) and the process's own CPU time up to the end of
 * the import (user + system, all threads). On a shared machine wall time also counts waiting for
 * a core, so the CPU figure is the steadier one. The processes run as deployed (serverless.yml sets
 * no NODE_OPTIONS); one more pair, the reconcile bundle and its reference with
 * `--enable-source-maps`, shows what mapped stack traces would cost.
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
  /** The modules in lazy/ beside it, loaded on first use (clients, timer schema), bytes. */
  readonly chunkBytes: number;
  /** Median wall time of a cold start, ms (environment as deployed). */
  readonly coldStartMs: number;
  /** Median CPU time of the process up to the end of the import, ms. */
  readonly cpuMs: number;
  /** Cold start / `node -e 0`. */
  readonly ratio: number;
  /** The reference: a bundle that constructs only the clients this function's invocation needs. */
  readonly reference: {
    readonly clients: readonly string[];
    readonly coldStartMs: number;
    readonly cpuMs: number;
  };
  /** Cold start / the reference's (goal <= 1.15). */
  readonly toReference: number;
  /** CPU time / the reference's. */
  readonly cpuToReference: number;
}

export interface BundleBench {
  readonly baselineMs: number;
  readonly runs: number;
  readonly bundles: readonly BundleFigures[];
  /** For scale: a bundle that only constructs the three SDK clients every function needs. */
  readonly sdkOnly: { readonly bytes: number; readonly coldStartMs: number; readonly ratio: number };
  /** The reconcile bundle against its reference, both with NODE_OPTIONS=--enable-source-maps. */
  readonly withSourceMaps: { readonly toReference: number; readonly cpuToReference: number };
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

interface Timing {
  readonly wallMs: number;
  readonly cpuMs: number;
}

/** Runs `script` as an ES module in a new process; its CPU time is printed by the process itself. */
function timeProcess(script: string, env: NodeJS.ProcessEnv): Timing {
  const reportCpu = ';const u=process.cpuUsage();process.stdout.write(String((u.user+u.system)/1000));';
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script + reportCpu], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${script} failed: ${result.stderr.toString()}`);
  return { wallMs, cpuMs: Number(result.stdout.toString()) };
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
    const env = { ...base, ...LAMBDA_ENV };
    const mapped = { ...env, NODE_OPTIONS: '--enable-source-maps' };
    const load = (file: string) => `await import(${JSON.stringify(pathToFileURL(file).href)});`;
    interface Timed {
      name: string;
      bytes: number;
      script: string;
      env: NodeJS.ProcessEnv;
      wall: number[];
      cpu: number[];
    }
    const timed = (name: string, bytes: number, file: string, e = env): Timed => ({
      name,
      bytes,
      script: load(file),
      env: e,
      wall: [],
      cpu: [],
    });
    const entry = (name: FunctionName) => {
      const artifact = artifacts.find((a) => a.name === name);
      if (artifact === undefined) throw new Error(`no artifact for ${name}`);
      return { bytes: artifact.bundleBytes, file: join(artifact.dir, `${name}.mjs`) };
    };
    const rec = entry('reconcile');
    const bundles: Timed[] = [
      ...FUNCTIONS.map((name) => timed(name, entry(name).bytes, entry(name).file)),
      timed('sdk-only', readFileSync(sdkOnlyFile).length, sdkOnlyFile),
      ...references.map((file) => timed(file, readFileSync(file).length, file)),
      timed('reconcile+maps', rec.bytes, rec.file, mapped),
      timed('reference+maps', 0, referenceFile('reconcile'), mapped),
    ];
    // Warm the file cache and the first-run costs of both kinds of process before timing.
    spawnSync(process.execPath, ['-e', '0'], { env: base });
    for (const b of bundles) timeProcess(b.script, b.env);
    // Interleaved, in alternating order, so drifts in machine load fall on all of them alike.
    const baseline: number[] = [];
    for (let i = 0; i < runs; i++) {
      const start = process.hrtime.bigint();
      spawnSync(process.execPath, ['-e', '0'], { env: base });
      baseline.push(Number(process.hrtime.bigint() - start) / 1e6);
      for (const b of i % 2 === 0 ? bundles : [...bundles].reverse()) {
        const t = timeProcess(b.script, b.env);
        b.wall.push(t.wallMs);
        b.cpu.push(t.cpuMs);
      }
    }
    const baselineMs = median(baseline);
    const figures = new Map(
      bundles.map((b) => [b.name, { bytes: b.bytes, coldStartMs: median(b.wall), cpuMs: median(b.cpu) }]),
    );
    const of = (name: string) => {
      const f = figures.get(name);
      if (f === undefined) throw new Error(`not timed: ${name}`);
      return f;
    };
    const sdkOnly = of('sdk-only');
    return {
      baselineMs,
      runs,
      bundles: FUNCTIONS.map((name) => {
        const f = of(name);
        const ref = of(referenceFile(name));
        const reference = { clients: NEEDS[name], coldStartMs: ref.coldStartMs, cpuMs: ref.cpuMs };
        const chunkBytes = artifacts.find((a) => a.name === name)?.chunkBytes ?? 0;
        return {
          name,
          bytes: f.bytes,
          chunkBytes,
          coldStartMs: f.coldStartMs,
          cpuMs: f.cpuMs,
          ratio: f.coldStartMs / baselineMs,
          reference,
          toReference: f.coldStartMs / ref.coldStartMs,
          cpuToReference: f.cpuMs / ref.cpuMs,
        };
      }),
      sdkOnly: {
        bytes: sdkOnly.bytes,
        coldStartMs: sdkOnly.coldStartMs,
        ratio: sdkOnly.coldStartMs / baselineMs,
      },
      withSourceMaps: {
        toReference: of('reconcile+maps').coldStartMs / of('reference+maps').coldStartMs,
        cpuToReference: of('reconcile+maps').cpuMs / of('reference+maps').cpuMs,
      },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
