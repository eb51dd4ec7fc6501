/** Running the real AWS CLI v2 against the emulator, for the Lookout for Vision and Rekognition CLI tests. */
import { execFile, execFileSync } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { EmulatorHandle, StartEmulatorOptions } from '../../src/emulator/index.js';
import { emulatorOnClock, TEST_CREDENTIALS, type VirtualClock } from './helpers.js';

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly json: Record<string, unknown>;
}

/** Without AWS CLI v2 every CLI test fails (never skips): it is installable, as .ci/run does. */
export const AWS_CLI_MISSING =
  'AWS CLI v2 not found (neither /usr/bin/aws nor an aws-cli/2 on PATH): apt-get install -y awscli';

/** /usr/bin/aws (Debian's awscli), else the first `aws` on PATH whose --version says aws-cli/2. */
export function findAwsCliV2(): string | undefined {
  const candidates = [
    '/usr/bin/aws',
    ...(process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, 'aws')),
  ];
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      const version = execFileSync(candidate, ['--version'], { encoding: 'utf8', timeout: 30_000 });
      if (version.startsWith('aws-cli/2')) return candidate;
    } catch {
      // not there, or not v2
    }
  }
  return undefined;
}

/**
 * Runs `aws ARGS --endpoint-url ENDPOINT --output json` in a clean environment whose home (config and
 * credentials files) is `home`; resolves with the exit code, the output and stdout parsed as JSON.
 */
export function runAwsCli(
  aws: string | undefined,
  args: readonly string[],
  options: {
    readonly endpoint: string;
    readonly home: string;
    readonly timeoutMs: number;
    readonly extraEnv?: Record<string, string>;
  },
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    if (aws === undefined) {
      reject(new Error(AWS_CLI_MISSING));
      return;
    }
    const { home } = options;
    const env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: home,
      LANG: 'C.UTF-8',
      AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_CONFIG_FILE: join(home, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
      AWS_PAGER: '',
      AWS_EC2_METADATA_DISABLED: 'true',
      ...options.extraEnv,
    };
    execFile(
      aws,
      [...args, '--endpoint-url', options.endpoint, '--output', 'json'],
      { env, timeout: options.timeoutMs },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        let json: Record<string, unknown> = {};
        try {
          json = stdout.trim() ? JSON.parse(stdout) : {};
        } catch {
          // not JSON: the assertions on stdout say so
        }
        resolve({ code, stdout, stderr, json });
      },
    );
  });
}

/** What a describe block of CLI tests works with; set in its beforeAll, so read it in tests and hooks. */
export interface AwsCliSession {
  /** The AWS CLI v2 found, or undefined (the block's first test says so). */
  aws: string | undefined;
  /** A fresh home directory for the CLI's config and credentials files. */
  home: string;
  clock: VirtualClock;
  emulator: EmulatorHandle;
}

/**
 * Registers the describe block's beforeAll and afterAll: before, finds the AWS CLI v2, makes a
 * temporary home directory whose name starts with `homePrefix` and starts an emulator with
 * `options` on a virtual clock at t0; after, closes the emulator and removes the home directory.
 */
export function awsCliSession(
  homePrefix: string,
  options: Omit<StartEmulatorOptions, 'clock'>,
): AwsCliSession {
  const session = {} as AwsCliSession;
  beforeAll(async () => {
    session.aws = findAwsCliV2();
    session.home = mkdtempSync(join(tmpdir(), homePrefix));
    ({ clock: session.clock, emulator: session.emulator } = await emulatorOnClock(options));
  });
  afterAll(async () => {
    await session.emulator?.close();
    if (session.home) rmSync(session.home, { recursive: true, force: true });
  });
  return session;
}
