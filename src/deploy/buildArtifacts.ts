/**
 * One Lambda artifact per function: an esbuild bundle of the handler and only what it imports
 * (minified ESM, class names kept for the logs, source map beside it) plus the schedule validated
 * at package time as `schedule.json` (with the models each edge schedule exists for), zipped
 * deterministically.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { type BuildOptions as BuildOptionsOfEsbuild, build, type Metafile, type Plugin } from 'esbuild';
import type { Schedule } from '../schedule/types.js';
import { zipBytes } from './zipFiles.js';

export const FUNCTIONS = ['open', 'close', 'verify', 'reconcile'] as const;
export type FunctionName = (typeof FUNCTIONS)[number];

export interface Artifact {
  readonly name: FunctionName;
  /** The ZIP osls uploads. */
  readonly zip: string;
  /** The directory whose files the ZIP holds (`<name>.mjs`, its map, `lazy/`, `schedule.json`). */
  readonly dir: string;
  /** Size of the minified entry file (what a cold start loads), bytes. */
  readonly bundleBytes: number;
  /** Size of the modules in `lazy/`, loaded on first use (alerts, ledger, dead letters, timers), bytes. */
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
 * - pino transports run in worker threads from files and cannot be bundled; the functions log JSON
 *   to stdout, so thread-stream is replaced by a stub that says so if ever used, and pino's only
 *   other use of worker_threads (`isMainThread`) and sonic-boom's of `assert` get one-line
 *   stand-ins: loading those Node built-ins costs each cold start several milliseconds.
 */
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
 * A plugin that leaves each dynamic `import()` out of the bundle being built, pointing it at
 * `<prefix><name>.mjs` instead, and records what it stands for so that it is bundled on its own.
 */
function lazyImports(prefix: string, lazy: Map<string, string>): Plugin {
  return {
    name: 'lvsched-lazy-imports',
    setup(b) {
      b.onResolve({ filter: /.*/ }, async (args) => {
        if (args.kind !== 'dynamic-import' || args.pluginData === 'lvsched-lazy') return undefined;
        const resolved = await b.resolve(args.path, {
          kind: 'import-statement',
          importer: args.importer,
          resolveDir: args.resolveDir,
          pluginData: 'lvsched-lazy',
        });
        if (resolved.errors.length > 0) return { errors: resolved.errors };
        // Node's own modules (`import('node:http')` in the SDK) stay as they are.
        if (resolved.external || resolved.namespace !== 'file') return undefined;
        let name = lazy.get(resolved.path);
        if (name === undefined) {
          const base = args.path
            .replace(/^@/, '')
            .replace(/\.[jt]s$/, '')
            .replace(/[^\w-]+/g, '-');
          // Hashed relative to the service, so that the same sources give the same names anywhere.
          const where = relative(b.initialOptions.absWorkingDir ?? process.cwd(), resolved.path);
          name = `${base.replace(/^-+/, '')}-${createHash('sha256').update(where).digest('hex').slice(0, 8)}`;
          lazy.set(resolved.path, name);
        }
        return { path: `${prefix}${name}.mjs`, external: true };
      });
    },
  };
}

/**
 * Bundles, writes and zips every function; returns the artifacts and esbuild's metafiles. Each
 * function's entry is one file with what every invocation needs; what it imports dynamically (the
 * SNS, Scheduler and DynamoDB clients, the timer schema, the SQS signer) is bundled on its own
 * into `lazy/` beside it and loaded only when an invocation first needs it. One file keeps the cold
 * start to one module to resolve, compile and map.
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
    const lazy = new Map<string, string>();
    const common = { ...LAMBDA_BUNDLE_OPTIONS, absWorkingDir: options.serviceDir, metafile: true } as const;
    const results = [
      await build({
        ...common,
        plugins: [lazyImports('./lazy/', lazy), ...LAMBDA_BUNDLE_OPTIONS.plugins],
        entryPoints: [`src/handlers/${name}.ts`],
        outfile: join(dir, `${name}.mjs`),
      }),
    ];
    // Lazy modules may import others lazily in turn: bundle until none is left.
    const built = new Set<string>();
    for (let pending = [...lazy]; pending.length > 0; pending = [...lazy].filter(([p]) => !built.has(p))) {
      for (const [path, lazyName] of pending) {
        built.add(path);
        results.push(
          await build({
            ...common,
            plugins: [lazyImports('./', lazy), ...LAMBDA_BUNDLE_OPTIONS.plugins],
            entryPoints: [path],
            outfile: join(dir, 'lazy', `${lazyName}.mjs`),
          }),
        );
      }
    }
    for (const result of results) {
      Object.assign(metafile.inputs, result.metafile.inputs);
      Object.assign(metafile.outputs, result.metafile.outputs);
    }
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
        .filter((f) => f.startsWith('lazy/') && f.endsWith('.mjs'))
        .reduce((n, f) => n + readFileSync(join(dir, f)).length, 0),
    });
  }
  return { artifacts, metafile };
}
