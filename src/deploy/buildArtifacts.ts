/**
 * One Lambda artifact per function: an esbuild bundle of the handler and only what it imports
 * (minified ESM, class names kept for the logs, source map beside it) plus the schedule validated
 * at package time as `schedule.json` (with the models each edge schedule exists for), zipped
 * deterministically.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions as BuildOptionsOfEsbuild, build, type Metafile, type Plugin } from 'esbuild';
import type { Schedule } from '../schedule/types.js';
import { zipBytes } from './zipFiles.js';

export const FUNCTIONS = ['open', 'close', 'verify', 'reconcile'] as const;
export type FunctionName = (typeof FUNCTIONS)[number];

export interface Artifact {
  readonly name: FunctionName;
  /** The ZIP osls uploads. */
  readonly zip: string;
  /** The directory whose files the ZIP holds (`<name>.mjs`, its map, `chunks/`, `schedule.json`). */
  readonly dir: string;
  /** Size of the minified entry file (what a cold start loads), bytes. */
  readonly bundleBytes: number;
  /** Size of the chunks loaded on first use (alerts, ledger, dead letters, timers), bytes. */
  readonly chunkBytes: number;
}

/**
 * pino and parts of the SDK are CommonJS that call `require` for Node built-ins: an ESM bundle needs
 * a `require` of its own.
 */
const REQUIRE_BANNER =
  "import{createRequire as __lvschedCreateRequire}from'node:module';const require=__lvschedCreateRequire(import.meta.url);";

/**
 * Substitutions that hold only inside Lambda, where they keep each bundle small:
 * - credentials: Lambda puts the function role's credentials in the environment, so the SDK's
 *   default chain (SSO, INI files, IMDS, STS web identity, with their nested clients, ~95 KB)
 *   becomes the environment provider alone;
 * - Luxon: the functions use only its IANAZone offsets; luxonZoneShim.ts computes them the same way
 *   in 2 KB instead of 70 (a test compares the two);
 * - pino transports run in worker threads from files and cannot be bundled; the functions log JSON
 *   to stdout, so thread-stream is replaced by a stub that says so if ever used, and pino's only
 *   other use of worker_threads (`isMainThread`) and sonic-boom's of `assert` get one-line
 *   stand-ins: loading those Node built-ins costs each cold start several milliseconds.
 */
const LUXON_SHIM = fileURLToPath(new URL('./luxonZoneShim.ts', import.meta.url));

/**
 * zod's `z` namespace carries every locale and the JSON-schema converters (450 KB minified, past
 * the bundle budget on its own); the functions use only schemas and English messages, 80 KB.
 */
const ZOD_DIR = dirname(createRequire(import.meta.url).resolve('zod/package.json'));
const ZOD_CLASSIC = `import { config } from ${JSON.stringify(join(ZOD_DIR, 'v4/core/core.js'))};
import en from ${JSON.stringify(join(ZOD_DIR, 'v4/locales/en.js'))};
export * as z from ${JSON.stringify(join(ZOD_DIR, 'v4/classic/schemas.js'))};
config(en());
`;

export const lambdaOnly: Plugin = {
  name: 'lvsched-lambda-only',
  setup(b) {
    b.onResolve({ filter: /^@aws-sdk\/credential-provider-node$/ }, () => ({
      path: 'credential-provider-node',
      namespace: 'lvsched-lambda',
    }));
    b.onResolve({ filter: /^luxon$/ }, () => ({ path: LUXON_SHIM }));
    b.onResolve({ filter: /^zod$/ }, () => ({ path: 'zod', namespace: 'lvsched-lambda' }));
    b.onLoad({ filter: /^zod$/, namespace: 'lvsched-lambda' }, () => ({
      contents: ZOD_CLASSIC,
      resolveDir: ZOD_DIR,
      loader: 'js',
    }));
    b.onResolve({ filter: /^thread-stream$/ }, () => ({
      path: 'thread-stream',
      namespace: 'lvsched-lambda',
    }));
    b.onResolve({ filter: /^(node:)?(worker_threads|assert)$/ }, (args) =>
      /[\\/](pino|sonic-boom)[\\/]/.test(args.importer)
        ? { path: args.path.replace('node:', ''), namespace: 'lvsched-lambda' }
        : undefined,
    );
    b.onLoad({ filter: /^worker_threads$/, namespace: 'lvsched-lambda' }, () => ({
      contents: 'module.exports = { isMainThread: true };\n',
      loader: 'js',
    }));
    b.onLoad({ filter: /^assert$/, namespace: 'lvsched-lambda' }, () => ({
      contents:
        'function assert(value, message) { if (!value) throw new Error(message || "assertion failed"); }\n' +
        'module.exports = Object.assign(assert, { ok: assert });\n',
      loader: 'js',
    }));
    b.onLoad({ filter: /^credential-provider-node$/, namespace: 'lvsched-lambda' }, () => ({
      contents:
        "import { fromEnv } from '@aws-sdk/credential-provider-env';\n" +
        'export const defaultProvider = (init = {}) => fromEnv(init);\n',
      resolveDir: b.initialOptions.absWorkingDir ?? process.cwd(),
      loader: 'js',
    }));
    b.onLoad({ filter: /^thread-stream$/, namespace: 'lvsched-lambda' }, () => ({
      contents:
        "module.exports = class ThreadStream { constructor() { throw new Error('pino transports are not bundled: log to stdout'); } };\n",
      loader: 'js',
    }));
  },
};

/** How every function is bundled: one minified ESM file for Node 22, with a source map beside it. */
export const LAMBDA_BUNDLE_OPTIONS = {
  bundle: true,
  minify: true,
  // Class names (HostError, InvocationError, SDK exceptions) stay readable in logs.
  keepNames: true,
  sourcemap: true,
  sourcesContent: false,
  legalComments: 'none',
  platform: 'node',
  target: 'node22',
  format: 'esm',
  mainFields: ['module', 'main'],
  banner: { js: REQUIRE_BANNER },
  logLevel: 'silent',
  plugins: [lambdaOnly],
} as const satisfies BuildOptionsOfEsbuild;

export interface BuildOptions {
  readonly serviceDir: string;
  /** Where the per-function directories go (e.g. `.serverless/lambda/open/`). */
  readonly outDir: string;
  /** Where the ZIPs go (default `outDir`); osls's own layout is `.serverless/<function>.zip`. */
  readonly zipDir?: string;
  readonly schedule: Schedule;
  /** Model ids per edge schedule name: an edge invocation handles only the models of its schedule. */
  readonly edgeSchedules?: Readonly<Record<string, readonly string[]>>;
  readonly functions?: readonly FunctionName[];
}

/** Every file under `dir`, relative, sorted (deterministic ZIPs). */
function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesUnder(dir, `${prefix}${e.name}/`) : [`${prefix}${e.name}`]))
    .sort();
}

/**
 * Bundles, writes and zips every function; returns the artifacts and esbuild's metafiles. Each
 * function is built on its own with code splitting: what it imports dynamically (the SNS,
 * Scheduler and DynamoDB clients, the SQS signer) goes to `chunks/` beside it and is loaded only
 * when an invocation first needs it, so a cold start loads only the entry file.
 */
export async function buildArtifacts(
  options: BuildOptions,
): Promise<{ artifacts: Artifact[]; metafile: Metafile }> {
  const names = options.functions ?? FUNCTIONS;
  rmSync(options.outDir, { recursive: true, force: true });
  const metafile: Metafile = { inputs: {}, outputs: {} };
  const scheduleJson = `${JSON.stringify({ ...options.schedule, edgeSchedules: options.edgeSchedules ?? {} })}\n`;
  const artifacts: Artifact[] = [];
  for (const name of names) {
    const dir = join(options.outDir, name);
    const result = await build({
      ...LAMBDA_BUNDLE_OPTIONS,
      absWorkingDir: options.serviceDir,
      entryPoints: [{ in: `src/handlers/${name}.ts`, out: name }],
      outdir: dir,
      outExtension: { '.js': '.mjs' },
      splitting: true,
      chunkNames: 'chunks/[name]-[hash]',
      metafile: true,
    });
    Object.assign(metafile.inputs, result.metafile.inputs);
    Object.assign(metafile.outputs, result.metafile.outputs);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'schedule.json'), scheduleJson);
    const files = filesUnder(dir);
    const zip = join(options.zipDir ?? options.outDir, `${name}.zip`);
    writeFileSync(zip, await zipBytes(files.map((f) => ({ name: f, data: readFileSync(join(dir, f)) }))));
    artifacts.push({
      name,
      zip,
      dir,
      bundleBytes: readFileSync(join(dir, `${name}.mjs`)).length,
      chunkBytes: files
        .filter((f) => f.startsWith('chunks/') && f.endsWith('.mjs'))
        .reduce((n, f) => n + readFileSync(join(dir, f)).length, 0),
    });
  }
  return { artifacts, metafile };
}
