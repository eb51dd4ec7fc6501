import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/main.js';
import type { Output } from '../../src/cli/output.js';

export const ROOT = new URL('../../', import.meta.url).pathname;
export const BIN = join(ROOT, 'bin/lvsched.js');
export const EXAMPLE = join(ROOT, 'config/schedule.yaml');

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
  files: Map<string, string>;
}

/** Runs lvsched in-process with a fixed `now`, capturing what it writes. */
export async function lvsched(args: string[], now = Date.parse('2026-11-26T12:00:00Z')): Promise<Run> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const files = new Map<string, string>();
  const out: Output = {
    stdout: (l) => stdout.push(l),
    stderr: (l) => stderr.push(l),
    writeFile: (p, t) => files.set(p, t),
  };
  const code = await runCli(args, out, now);
  return { code, stdout: stdout.join('\n'), stderr: stderr.join('\n'), files };
}

/**
 * Runs the real bin as a user would, in a child process. After `timeoutMs` the child is killed and
 * the run ends with code -1, so a command that hangs fails its test instead of stalling the suite.
 */
export function lvschedProcess(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  timeoutMs = 50_000,
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: { ...process.env, AWS_REGION: '', AWS_DEFAULT_REGION: '', AWS_CONFIG_FILE: '/dev/null', ...env },
      timeout: timeoutMs,
      killSignal: 'SIGKILL',
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr, files: new Map() }));
  });
}

/** Writes `text` to a new temporary file and returns its path. */
export function tempFile(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'lvsched-'));
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** The fields of each `reconcile --json` decision, in order (README: "reconcile and status"). */
export const RECONCILE_DECISION_FIELDS = [
  'model',
  'service',
  'desired',
  'observed',
  'serviceStatus',
  'action',
  'clientToken',
  'reason',
] as const;

/** Test keys and region for `lvsched` run against an emulator (it reads neither key). */
export const TEST_AWS_ENV = {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
};

/** The environment of `lvsched` against an emulator at `endpoint` for Lookout for Vision. */
export const emulatorEnv = (endpoint: string): NodeJS.ProcessEnv => ({
  AWS_ENDPOINT_URL_LOOKOUTVISION: endpoint,
  ...TEST_AWS_ENV,
});

/** The `reconcile --json` decision for a Lookout for Vision model found TRAINED inside its window. */
export const STARTS_TRAINED_LOOKOUTVISION_MODEL = {
  service: 'lookoutvision',
  serviceStatus: null,
  desired: 'hosted',
  observed: 'TRAINED',
  action: 'start',
};
