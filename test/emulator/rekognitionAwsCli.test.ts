import { describe, expect, it } from 'vitest';
import type { EmulatorHandle } from '../../src/emulator/index.js';
import { AWS_CLI_MISSING, awsCliSession, runAwsCli } from './awsCliFixture.js';
import { statusesOf, t0, withEmulator } from './helpers.js';

const projectArn = `arn:aws:rekognition:us-east-1:123456789012:project/P/${t0}`;
const versionArn = (v: string) => `arn:aws:rekognition:us-east-1:123456789012:project/P/version/${v}/${t0}`;
/** `aws rekognition start-project-version --project-version-arn ARN OPTIONS...` for version `v` of P. */
const startVersion = (v: string, ...options: string[]) => [
  'start-project-version',
  '--project-version-arn',
  versionArn(v),
  ...options,
];
/** `aws rekognition wait project-version-running` for version `v` of P. */
const waitUntilRunning = (v: string) => [
  'wait',
  'project-version-running',
  '--project-arn',
  projectArn,
  '--version-names',
  v,
];

describe('the AWS CLI v2 against the Rekognition emulator', () => {
  const cli = awsCliSession('lvsched-awscli-rekognition-', {
    quota: false,
    rekognition: {
      versions: ['v1', 'v2', 'v3'].map((version) => ({ project: 'P', version, createdAt: t0 })),
    },
  });

  const run = (args: string[], endpoint = cli.emulator.endpoint, extraEnv: Record<string, string> = {}) =>
    runAwsCli(cli.aws, ['rekognition', ...args], { endpoint, home: cli.home, timeoutMs: 90_000, extraEnv });

  const versionStatuses = (e: EmulatorHandle, version: string) =>
    statusesOf(e.runtime.rekognition.history(), version);

  it('finds the AWS CLI v2', () => {
    expect(cli.aws, AWS_CLI_MISSING).toBeDefined();
  });

  it('describes projects by name: a name that does not exist is absent', async () => {
    const result = await run(['describe-projects', '--project-names', 'P', 'nope']);
    expect(result.stderr).toBe('');
    expect([result.code, result.json]).toEqual([
      0,
      {
        ProjectDescriptions: [
          {
            ProjectArn: projectArn,
            CreationTimestamp: '2026-03-30T05:30:00+00:00',
            Status: 'CREATED',
            // No Feature: CLI 2.9's model predates it, and botocore drops members it does not know.
          },
        ],
      },
    ]);
  });

  it('describes project versions page by page (--page-size 1) into one answer', async () => {
    const before = cli.emulator.runtime.rekognition.callLog().length;
    const result = await run(['describe-project-versions', '--project-arn', projectArn, '--page-size', '1']);
    expect(result.code).toBe(0);
    const versions = result.json.ProjectVersionDescriptions as {
      ProjectVersionArn: string;
      Status: string;
    }[];
    expect(versions.map((v) => [v.ProjectVersionArn, v.Status])).toEqual([
      [versionArn('v1'), 'TRAINING_COMPLETED'],
      [versionArn('v2'), 'TRAINING_COMPLETED'],
      [versionArn('v3'), 'TRAINING_COMPLETED'],
    ]);
    expect(cli.emulator.runtime.rekognition.callLog().slice(before)).toHaveLength(3);
  });

  it('starts a version with the command a user types, and describes it STARTING then RUNNING', async () => {
    const start = await run(startVersion('v1', '--min-inference-units', '1', '--max-inference-units', '2'));
    expect(start.stderr).toBe('');
    expect([start.code, start.json]).toEqual([0, { Status: 'STARTING' }]);
    expect(cli.emulator.runtime.rekognition.callLog().at(-1)).toMatchObject({
      operation: 'StartProjectVersion',
      project: 'P',
      version: 'v1',
      minInferenceUnits: 1,
      maxInferenceUnits: 2,
      statusCode: 200,
    });
    const describe = ['describe-project-versions', '--project-arn', projectArn, '--version-names', 'v1'];
    const starting = await run(describe);
    expect(starting.json.ProjectVersionDescriptions).toEqual([
      expect.objectContaining({ Status: 'STARTING', MinInferenceUnits: 1, MaxInferenceUnits: 2 }),
    ]);
    cli.clock.advance(10 * 60_000);
    const running = await run(describe);
    expect(running.json.ProjectVersionDescriptions).toEqual([expect.objectContaining({ Status: 'RUNNING' })]);
  });

  it('exits 254 with ResourceInUseException for a start of a RUNNING version', async () => {
    const result = await run(startVersion('v1', '--min-inference-units', '1'));
    expect(result.code).toBe(254);
    expect(result.stderr).toContain(
      'An error occurred (ResourceInUseException) when calling the StartProjectVersion operation',
    );
  });

  it('stops the version, and a second stop while STOPPING is a ResourceInUseException', async () => {
    const stop = await run(['stop-project-version', '--project-version-arn', versionArn('v1')]);
    expect([stop.code, stop.json]).toEqual([0, { Status: 'STOPPING' }]);
    const again = await run(['stop-project-version', '--project-version-arn', versionArn('v1')]);
    expect(again.code).toBe(254);
    expect(again.stderr).toContain('(ResourceInUseException) when calling the StopProjectVersion operation');
    cli.clock.advance(60_000);
    expect(versionStatuses(cli.emulator, 'v1')).toEqual([
      'TRAINING_COMPLETED',
      'STARTING',
      'RUNNING',
      'STOPPING',
      'STOPPED',
    ]);
  });

  it('waits with `wait project-version-running` until the version runs (polls every 30 s)', async () => {
    const versions = [{ project: 'P', version: 'w', createdAt: t0 }];
    await withEmulator({ quota: false, startSeconds: 10, rekognition: { versions } }, async (real) => {
      const start = await run(startVersion('w', '--min-inference-units', '1'), real.endpoint);
      expect(start.json).toEqual({ Status: 'STARTING' });
      const wait = await run(waitUntilRunning('w'), real.endpoint);
      expect([wait.code, wait.stderr]).toEqual([0, '']);
      const polls = real.runtime.rekognition
        .callLog()
        .filter((c) => c.operation === 'DescribeProjectVersions');
      expect(polls.length).toBeGreaterThanOrEqual(2);
      expect(versionStatuses(real, 'w')).toEqual(['TRAINING_COMPLETED', 'STARTING', 'RUNNING']);
    });
  }, 90_000);

  it('fails the waiter (exit 255) when the start ends in FAILED', async () => {
    cli.emulator.runtime.rekognition.faults.set({ hostingFailures: { count: 1, version: 'v2' } });
    await run(startVersion('v2', '--min-inference-units', '1'));
    cli.clock.advance(10 * 60_000);
    const wait = await run(waitUntilRunning('v2'));
    expect(wait.code).toBe(255);
    expect(wait.stderr).toContain('Waiter ProjectVersionRunning failed');
  });

  it.each([
    [
      'an unknown project',
      [
        'describe-project-versions',
        '--project-arn',
        `arn:aws:rekognition:us-east-1:123456789012:project/Nope/${t0}`,
      ],
      '(ResourceNotFoundException) when calling the DescribeProjectVersions operation',
    ],
    [
      'a version ARN that is not one',
      [
        'stop-project-version',
        '--project-version-arn',
        'arn:aws:rekognition:us-east-1:123456789012:project/P/1',
      ],
      "(ValidationException) when calling the StopProjectVersion operation: 1 validation error detected: Value 'arn:aws:rekognition:us-east-1:123456789012:project/P/1' at 'ProjectVersionArn'",
    ],
    [
      'an operation the emulator does not implement',
      ['create-project', '--project-name', 'New'],
      '(NotImplementedException) when calling the CreateProject operation',
    ],
  ])('exits 254 with the error name for %s', async (_, args, message) => {
    const result = await run(args);
    expect(result.code).toBe(254);
    expect(result.stderr).toContain(message);
  });

  it('exits 254 with AccessDeniedException for an unsigned request (--no-sign-request)', async () => {
    const result = await run(['describe-projects', '--no-sign-request']);
    expect(result.code).toBe(254);
    expect(result.stderr).toContain('(AccessDeniedException)');
  });

  it('refuses MinInferenceUnits 0 itself, before any request (exit code 252)', async () => {
    const before = cli.emulator.runtime.rekognition.callLog().length;
    const result = await run(startVersion('v3', '--min-inference-units', '0'));
    expect(result.code).toBe(252);
    expect(result.stderr).toContain('MinInferenceUnits');
    expect(cli.emulator.runtime.rekognition.callLog()).toHaveLength(before);
  });
});
