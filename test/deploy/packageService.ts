/**
 * Runs the real `serverless package` (osls) on a copy of the service in a temp directory, so tests
 * never share `.serverless` with each other or with whoever works in the tree, then reads what
 * osls wrote: the CloudFormation template, the state file and the function ZIPs.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzipBytes } from '../../src/deploy/zipFiles.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export interface Template {
  readonly AWSTemplateFormatVersion?: string;
  readonly Resources: Record<
    string,
    { Type: string; Properties?: Record<string, unknown>; DependsOn?: unknown; Condition?: string }
  >;
  readonly Outputs?: Record<string, unknown>;
}

export interface PackageResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  /** `--package` directory (absent when packaging failed). */
  readonly outDir: string;
  readonly template: Template | null;
  /** Removes the temp directory. */
  cleanup(): void;
}

export interface PackageOptions {
  /** Replaces config/schedule.yaml in the copy. */
  readonly schedule?: string;
  readonly stage?: string;
  readonly region?: string;
  readonly timeoutMs?: number;
  /**
   * Package by running this shell text in the copy (a workflow step's `run:`, under `bash -e`) with
   * this environment and no AWS credentials, instead of calling osls directly; osls then writes to
   * the copy's `.serverless`, as on a runner.
   */
  readonly shellStep?: { readonly script: string; readonly env: Readonly<Record<string, string>> };
}

/** Dummy credentials and no profile: packaging must not need AWS. */
export const OFFLINE_ENV = {
  AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

export async function packageService(options: PackageOptions = {}): Promise<PackageResult> {
  const tmp = mkdtempSync(join(tmpdir(), 'lvsched-package-'));
  const serviceDir = join(tmp, 'service');
  mkdirSync(serviceDir);
  for (const entry of ['serverless.yml', 'package.json', 'tsconfig.json', 'src', 'config']) {
    cpSync(join(ROOT, entry), join(serviceDir, entry), { recursive: true });
  }
  symlinkSync(join(ROOT, 'node_modules'), join(serviceDir, 'node_modules'), 'dir');
  if (options.schedule !== undefined)
    writeFileSync(join(serviceDir, 'config/schedule.yaml'), options.schedule);
  const shell = options.shellStep;
  const outDir = shell ? join(serviceDir, '.serverless') : join(tmp, 'out');
  const args = [join(ROOT, 'node_modules/osls/bin/serverless.js'), 'package', '--package', outDir];
  if (options.stage) args.push('--stage', options.stage);
  if (options.region) args.push('--region', options.region);
  const env: NodeJS.ProcessEnv = shell
    ? { ...shell.env, PATH: process.env.PATH, HOME: tmp, npm_config_cache: join(tmp, '.npm') }
    : { PATH: process.env.PATH, HOME: tmp, ...OFFLINE_ENV };
  const [file, fileArgs]: [string, string[]] = shell
    ? ['bash', ['-e', '-c', shell.script]]
    : [process.execPath, args];
  const { exitCode, stdout, stderr } = await new Promise<{
    exitCode: number;
    stdout: string;
    stderr: string;
  }>((done) => {
    // Within the 180 s hooks of the tests that package; a loaded shared machine needs most of it.
    const timeout = options.timeoutMs ?? 170_000;
    execFile(
      file,
      fileArgs,
      { cwd: serviceDir, env, timeout, maxBuffer: 16 * 1024 * 1024 },
      (error, out, err) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        // Say so when it was killed, or a slow machine reads like a failed package.
        const killed = error?.killed ? `\n[packageService] killed after ${timeout} ms (${error.signal})` : '';
        done({ exitCode: code, stdout: out, stderr: `${err}${killed}` });
      },
    );
  });
  let template: Template | null = null;
  try {
    template = JSON.parse(readFileSync(join(outDir, 'cloudformation-template-update-stack.json'), 'utf8'));
  } catch {
    template = null;
  }
  return {
    exitCode,
    stdout,
    stderr,
    outDir,
    template,
    cleanup: () => rmSync(tmp, { recursive: true, force: true }),
  };
}

/** Unzips each function's artifact (the bytes osls would upload) into `dir/<name>/`; returns bundle paths. */
export async function extractArtifacts(
  outDir: string,
  dir: string,
): Promise<Record<'open' | 'close' | 'verify' | 'reconcile', string>> {
  const out: Record<string, string> = {};
  for (const name of ['open', 'close', 'verify', 'reconcile']) {
    const target = join(dir, name);
    mkdirSync(target, { recursive: true });
    for (const entry of await unzipBytes(readFileSync(join(outDir, `${name}.zip`)))) {
      // Entries may be in folders (the chunks a bundle loads on first use).
      mkdirSync(dirname(join(target, entry.name)), { recursive: true });
      writeFileSync(join(target, entry.name), entry.data);
    }
    out[name] = join(target, `${name}.mjs`);
  }
  return out as Record<'open' | 'close' | 'verify' | 'reconcile', string>;
}
