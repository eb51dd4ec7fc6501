/**
 * One Lambda artifact per function: an esbuild bundle of the handler and only what it imports
 * (minified ESM, class names kept for the logs, source map beside it) plus the schedule validated
 * at package time as `schedule.json` (with the models each edge schedule exists for), zipped
 * deterministically.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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
  /** The directory whose files the ZIP holds (`<name>.mjs`, `<name>.mjs.map`, `schedule.json`). */
  readonly dir: string;
  /** Size of the minified bundle, bytes. */
  readonly bundleBytes: number;
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

export const lambdaOnly: Plugin = {
  name: 'lvsched-lambda-only',
  setup(b) {
    b.onResolve({ filter: /^@aws-sdk\/credential-provider-node$/ }, () => ({
      path: 'credential-provider-node',
      namespace: 'lvsched-lambda',
    }));
    b.onResolve({ filter: /^luxon$/ }, () => ({ path: LUXON_SHIM }));
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

/** Bundles, writes and zips every function; returns the artifacts and esbuild's metafile. */
export async function buildArtifacts(
  options: BuildOptions,
): Promise<{ artifacts: Artifact[]; metafile: Metafile }> {
  const names = options.functions ?? FUNCTIONS;
  rmSync(options.outDir, { recursive: true, force: true });
  const result = await build({
    ...LAMBDA_BUNDLE_OPTIONS,
    absWorkingDir: options.serviceDir,
    entryPoints: names.map((name) => ({ in: `src/handlers/${name}.ts`, out: `${name}/${name}` })),
    outdir: options.outDir,
    outExtension: { '.js': '.mjs' },
    metafile: true,
  });
  const scheduleJson = `${JSON.stringify({ ...options.schedule, edgeSchedules: options.edgeSchedules ?? {} })}\n`;
  const artifacts: Artifact[] = [];
  for (const name of names) {
    const dir = join(options.outDir, name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'schedule.json'), scheduleJson);
    const files = [`${name}.mjs`, `${name}.mjs.map`, 'schedule.json'];
    const zip = join(options.zipDir ?? options.outDir, `${name}.zip`);
    writeFileSync(zip, await zipBytes(files.map((f) => ({ name: f, data: readFileSync(join(dir, f)) }))));
    artifacts.push({ name, zip, dir, bundleBytes: readFileSync(join(dir, `${name}.mjs`)).length });
  }
  return { artifacts, metafile: result.metafile };
}
