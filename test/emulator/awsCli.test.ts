import { describe, expect, it } from 'vitest';
import { AWS_CLI_MISSING, awsCliSession, type CliResult, runAwsCli } from './awsCliFixture.js';
import { statusesOf } from './helpers.js';

/** `aws lookoutvision COMMAND --project-name P --model-version VERSION OPTIONS...`, as a user types it. */
const modelCommand = (command: string, version: string, ...options: string[]) => {
  return ['lookoutvision', command, '--project-name', 'P', '--model-version', version, ...options];
};

describe('the AWS CLI v2 against the emulator', () => {
  const cli = awsCliSession('lvsched-awscli-', {
    quota: false,
    models: [
      { project: 'P', version: '1' },
      { project: 'P', version: '2' },
      { project: 'P', version: '3' },
    ],
  });

  const run = (args: string[], extraEnv: Record<string, string> = {}): Promise<CliResult> =>
    runAwsCli(cli.aws, args, {
      endpoint: cli.emulator.endpoint,
      home: cli.home,
      timeoutMs: 60_000,
      extraEnv,
    });

  const historyOf = (version: string) => statusesOf(cli.emulator.history(), version);

  it('finds the AWS CLI v2', () => {
    expect(cli.aws, AWS_CLI_MISSING).toBeDefined();
  });

  it('starts a model with the command a user types', async () => {
    const result = await run(
      modelCommand('start-model', '1', '--min-inference-units', '1', '--client-token', 'T'),
    );
    expect(result.stderr).toBe('');
    expect([result.code, result.json]).toEqual([0, { Status: 'STARTING_HOSTING' }]);
    expect(cli.emulator.callLog().at(-1)).toMatchObject({
      operation: 'StartModel',
      clientToken: 'T',
      minInferenceUnits: 1,
      statusCode: 202,
    });
  });

  it('repeats it through --cli-input-json: the same token answers the first answer, no new transition', async () => {
    const input = JSON.stringify({
      ProjectName: 'P',
      ModelVersion: '1',
      MinInferenceUnits: 1,
      ClientToken: 'T',
    });
    const result = await run(['lookoutvision', 'start-model', '--cli-input-json', input]);
    expect([result.code, result.json]).toEqual([0, { Status: 'STARTING_HOSTING' }]);
    expect(cli.emulator.callLog().at(-1)).toMatchObject({ clientToken: 'T', replayed: true });
    expect(historyOf('1')).toEqual(['TRAINED', 'STARTING_HOSTING']);
  });

  it('rejects the same token with other units: ConflictException, exit code 254', async () => {
    const result = await run(
      modelCommand('start-model', '1', '--min-inference-units', '2', '--client-token', 'T'),
    );
    expect(result.code).toBe(254);
    expect(result.stderr).toContain(
      'An error occurred (ConflictException) when calling the StartModel operation',
    );
  });

  it('describes the model as it moves from STARTING_HOSTING to HOSTED', async () => {
    const starting = await run(modelCommand('describe-model', '1'));
    expect(starting.code).toBe(0);
    expect(starting.json.ModelDescription).toMatchObject({
      ModelVersion: '1',
      ModelArn: 'arn:aws:lookoutvision:us-east-1:123456789012:model/P/1',
      Status: 'STARTING_HOSTING',
      MinInferenceUnits: 1,
      CreationTimestamp: '2026-03-30T05:30:00+00:00',
    });
    cli.clock.advance(10 * 60_000);
    const hosted = await run(modelCommand('describe-model', '1'));
    expect(hosted.json.ModelDescription).toMatchObject({
      Status: 'HOSTED',
      StatusMessage: expect.any(String),
    });
  });

  it('lists models page by page (--page-size 1) into one answer', async () => {
    const before = cli.emulator.callLog().length;
    const result = await run(['lookoutvision', 'list-models', '--project-name', 'P', '--page-size', '1']);
    expect(result.code).toBe(0);
    expect(
      (result.json.Models as { ModelVersion: string; Status: string }[]).map((m) => [
        m.ModelVersion,
        m.Status,
      ]),
    ).toEqual([
      ['1', 'HOSTED'],
      ['2', 'TRAINED'],
      ['3', 'TRAINED'],
    ]);
    expect(
      cli.emulator
        .callLog()
        .slice(before)
        .filter((c) => c.operation === 'ListModels'),
    ).toHaveLength(3);
  });

  it('stops the model, and a second stop while stopping is a ConflictException', async () => {
    const stop = await run(modelCommand('stop-model', '1'));
    expect([stop.code, stop.json]).toEqual([0, { Status: 'STOPPING_HOSTING' }]);
    const again = await run(modelCommand('stop-model', '1'));
    expect(again.code).toBe(254);
    expect(again.stderr).toContain('(ConflictException)');
    cli.clock.advance(60_000);
    expect(historyOf('1')).toEqual(['TRAINED', 'STARTING_HOSTING', 'HOSTED', 'STOPPING_HOSTING', 'TRAINED']);
  });

  it.each([
    [
      'an unknown project',
      ['describe-model', '--project-name', 'Nope', '--model-version', '1'],
      '(ResourceNotFoundException) when calling the DescribeModel operation',
    ],
    [
      'ModelVersion 0',
      ['start-model', '--project-name', 'P', '--model-version', '0', '--min-inference-units', '1'],
      "(ValidationException) when calling the StartModel operation: 1 validation error detected: Value '0' at 'ModelVersion'",
    ],
    [
      'an operation the emulator does not implement',
      ['create-project', '--project-name', 'New'],
      '(NotImplementedException) when calling the CreateProject operation',
    ],
  ])('exits 254 with the error name for %s', async (_, args, message) => {
    const result = await run(['lookoutvision', ...args]);
    expect(result.code).toBe(254);
    expect(result.stderr).toContain(message);
  });

  it('exits 254 with AccessDeniedException for an unsigned request (--no-sign-request)', async () => {
    const result = await run(['lookoutvision', 'list-projects', '--no-sign-request']);
    expect(result.code).toBe(254);
    expect(result.stderr).toContain('(AccessDeniedException)');
  });

  it('refuses MinInferenceUnits 0 itself, before any request (exit code 252)', async () => {
    const before = cli.emulator.callLog().length;
    const result = await run(modelCommand('start-model', '2', '--min-inference-units', '0'));
    expect(result.code).toBe(252);
    expect(result.stderr).toContain('MinInferenceUnits');
    expect(cli.emulator.callLog()).toHaveLength(before);
  });

  it('retries an injected 500 and succeeds; exits 255 when every connection is dropped', async () => {
    cli.emulator.setFaults({ internalErrors: { count: 1, retryAfterSeconds: 0 } });
    const retried = await run(['lookoutvision', 'list-projects']);
    expect(retried.code).toBe(0);
    expect(retried.json.Projects).toEqual([expect.objectContaining({ ProjectName: 'P' })]);
    cli.emulator.setFaults({ dropConnections: { count: 1 } });
    const dropped = await run(['lookoutvision', 'list-projects'], { AWS_MAX_ATTEMPTS: '1' });
    expect(dropped.code).toBe(255);
    expect(dropped.stderr).toContain(`${cli.emulator.endpoint}/2020-11-20/projects`);
    cli.emulator.clearFaults();
  });
});
