import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeProjectsCommand,
  DescribeProjectVersionsCommand,
  LimitExceededException,
  ProvisionedThroughputExceededException,
  RekognitionServiceException,
  StartProjectVersionCommand,
  waitUntilProjectVersionRunning,
} from '@aws-sdk/client-rekognition';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  EmulatorConfigError,
  type EmulatorHandle,
  parseEmulatorConfig,
  runEmulatorCommand,
  startEmulator,
} from '../../src/emulator/index.js';
import { raw, rejection, runningEmulatorCommand, t0, virtualClock } from './helpers.js';
import { awsJson, rekognitionClient } from './rekognitionHelpers.js';

const projectArn = `arn:aws:rekognition:us-east-1:123456789012:project/P/${t0}`;
const versionArn = (v: string) => `arn:aws:rekognition:us-east-1:123456789012:project/P/version/${v}/${t0}`;

describe('the Rekognition emulator on the wire', () => {
  let emulator: EmulatorHandle | undefined;
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
  });
  const start = async (options: Parameters<typeof startEmulator>[0] = {}) => {
    emulator = await startEmulator({
      clock: virtualClock(),
      quota: false,
      ...options,
      rekognition: {
        versions: [
          { project: 'P', version: 'v1' },
          { project: 'P', version: 'v2' },
        ],
        ...options.rekognition,
      },
    });
    return emulator;
  };

  it('answers awsJson1_1 with epoch-second timestamps and the model’s member names', async () => {
    const e = await start();
    const answer = await awsJson(e.endpoint, 'DescribeProjectVersions', {
      ProjectArn: projectArn,
      VersionNames: ['v1'],
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    expect(answer.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(answer.body).toEqual({
      ProjectVersionDescriptions: [
        {
          ProjectVersionArn: versionArn('v1'),
          CreationTimestamp: t0 / 1000,
          Status: 'TRAINING_COMPLETED',
          StatusMessage: expect.any(String),
          Feature: 'CUSTOM_LABELS',
        },
      ],
    });
  });

  it.each([
    ['no Authorization header', { signed: false }],
    ['a credential scoped to another service', { service: 'lookoutvision' }],
  ])('answers 403 AccessDeniedException to a request with %s', async (_, options) => {
    const e = await start();
    const answer = await awsJson(e.endpoint, 'DescribeProjects', {}, options);
    expect(answer.status).toBe(403);
    expect(answer.body).toEqual({ __type: 'AccessDeniedException', Message: expect.any(String) });
    expect(e.runtime.rekognition.callLog().at(-1)).toMatchObject({
      statusCode: 403,
      errorType: 'AccessDeniedException',
    });
  });

  it('answers 501 NotImplementedException to an operation of the model the project does not use', async () => {
    const e = await start();
    const answer = await awsJson(e.endpoint, 'DetectCustomLabels', {
      ProjectVersionArn: versionArn('v1'),
      Image: {},
    });
    expect(answer.status).toBe(501);
    expect(answer.body.__type).toBe('NotImplementedException');
    expect(answer.body.Message).toContain(
      'DescribeProjects, DescribeProjectVersions, StartProjectVersion, StopProjectVersion',
    );
  });

  it('answers 400 UnknownOperationException to a target the model does not have, or a path other than /', async () => {
    const e = await start();
    expect((await awsJson(e.endpoint, 'StartModel', {})).body.__type).toBe('UnknownOperationException');
    const elsewhere = await awsJson(e.endpoint, 'DescribeProjects', {}, { path: '/2016-06-27/projects' });
    expect([elsewhere.status, elsewhere.body.__type]).toEqual([400, 'UnknownOperationException']);
  });

  it('answers a body that is not JSON with a validation error, not a crash', async () => {
    const e = await start();
    const answer = await awsJson(e.endpoint, 'DescribeProjects', '{not json');
    expect([answer.status, answer.body.__type]).toEqual([400, 'ValidationException']);
  });

  it('answers InvalidParameterException for constraint violations when the assumption says so', async () => {
    const e = await start({
      rekognition: { assumptions: { constraintViolationError: 'InvalidParameterException' } },
    });
    const answer = await awsJson(e.endpoint, 'DescribeProjects', { MaxResults: 0 });
    expect([answer.status, answer.body.__type]).toEqual([400, 'InvalidParameterException']);
  });

  it('answers InvalidParameterException to MaxInferenceUnits below MinInferenceUnits', async () => {
    const e = await start();
    const answer = await awsJson(e.endpoint, 'StartProjectVersion', {
      ProjectVersionArn: versionArn('v1'),
      MinInferenceUnits: 3,
      MaxInferenceUnits: 2,
    });
    expect([answer.status, answer.body.__type]).toEqual([400, 'InvalidParameterException']);
  });

  it('retries an injected InternalServerError with the SDK, and logs both calls', async () => {
    const e = await start({ rekognition: { faults: { internalErrors: { count: 1 } } } });
    const client = rekognitionClient(e.endpoint);
    const answer = await client.send(new DescribeProjectsCommand({}));
    client.destroy();
    expect(answer.ProjectDescriptions).toHaveLength(1);
    expect(
      e.runtime.rekognition.callLog().map((c) => [c.operation, c.statusCode, c.errorType ?? null]),
    ).toEqual([
      ['DescribeProjects', 500, 'InternalServerError'],
      ['DescribeProjects', 200, null],
    ]);
    expect(e.callLog()).toEqual([]);
  });

  it('ends a start in FAILED under a hostingFailures fault, and starts a FAILED version again', async () => {
    const clock = virtualClock();
    const e = await start({
      clock,
      startSeconds: 60,
      rekognition: { faults: { hostingFailures: { count: 1, version: 'v1' } } },
    });
    const client = rekognitionClient(e.endpoint);
    await client.send(
      new StartProjectVersionCommand({ ProjectVersionArn: versionArn('v1'), MinInferenceUnits: 1 }),
    );
    clock.advance(60_000);
    const failed = await client.send(
      new DescribeProjectVersionsCommand({ ProjectArn: projectArn, VersionNames: ['v1'] }),
    );
    expect(failed.ProjectVersionDescriptions?.[0]?.Status).toBe('FAILED');
    const again = await client.send(
      new StartProjectVersionCommand({ ProjectVersionArn: versionArn('v1'), MinInferenceUnits: 1 }),
    );
    client.destroy();
    expect(again.Status).toBe('STARTING');
  });

  it('lets the SDK waiter ProjectVersionRunning poll a start through to RUNNING (real clock)', async () => {
    const e = await start({ clock: { now: () => Date.now() }, startSeconds: 1.5 });
    const client = rekognitionClient(e.endpoint);
    const arn = e.runtime.rekognition.allVersions()[0]?.arn ?? '';
    await client.send(new StartProjectVersionCommand({ ProjectVersionArn: arn, MinInferenceUnits: 1 }));
    const result = await waitUntilProjectVersionRunning(
      { client, minDelay: 1, maxDelay: 1, maxWaitTime: 20 },
      { ProjectArn: e.runtime.rekognition.allVersions()[0]?.projectArn ?? '', VersionNames: ['v1'] },
    );
    client.destroy();
    expect(result.state).toBe('SUCCESS');
    const polls = e.runtime.rekognition.callLog().filter((c) => c.operation === 'DescribeProjectVersions');
    expect(polls.length).toBeGreaterThanOrEqual(2);
  });

  it('answers LimitExceededException beyond a configured service quota', async () => {
    const e = await start({ rekognition: { serviceQuotas: { maxActiveModelsPerRegion: 1 } } });
    // The SDK retries LimitExceededException as if it were throttling: one attempt keeps this fast.
    const client = rekognitionClient(e.endpoint, { maxAttempts: 1 });
    await client.send(
      new StartProjectVersionCommand({ ProjectVersionArn: versionArn('v1'), MinInferenceUnits: 1 }),
    );
    const error = await rejection(
      client.send(
        new StartProjectVersionCommand({ ProjectVersionArn: versionArn('v2'), MinInferenceUnits: 1 }),
      ),
    );
    client.destroy();
    expect(error).toBeInstanceOf(LimitExceededException);
  });

  it('throttles with the configured error once a request-rate quota is set (none by default)', async () => {
    const e = await start({
      rekognition: { quota: { requestsPerSecond: 1, errorType: 'ProvisionedThroughputExceededException' } },
    });
    const client = rekognitionClient(e.endpoint, { maxAttempts: 1 });
    await client.send(new DescribeProjectsCommand({}));
    const error = await rejection(client.send(new DescribeProjectsCommand({})));
    client.destroy();
    expect(error).toBeInstanceOf(ProvisionedThroughputExceededException);
    expect(error).toBeInstanceOf(RekognitionServiceException);
    expect(e.runtime.rekognition.callLog().at(-1)).toMatchObject({ fault: 'throttled' });
  });

  it('serves its admin endpoints under /_emulator/rekognition without a signature', async () => {
    const e = await start();
    const seeded = await raw(e.endpoint, 'POST', '/_emulator/rekognition/versions', {
      signed: false,
      body: JSON.stringify({ versions: [{ project: 'Q', version: 7 }] }),
    });
    expect(seeded.status).toBe(201);
    const versions = await raw(e.endpoint, 'GET', '/_emulator/rekognition/versions', { signed: false });
    expect(
      (versions.body.versions as { project: string; version: string; status: string }[]).map(
        (v) => `${v.project}/${v.version}:${v.status}`,
      ),
    ).toEqual(['P/v1:TRAINING_COMPLETED', 'P/v2:TRAINING_COMPLETED', 'Q/7:TRAINING_COMPLETED']);
    const bad = await raw(e.endpoint, 'POST', '/_emulator/rekognition/versions', {
      signed: false,
      body: JSON.stringify([{ project: 'bad name', version: '1' }]),
    });
    // The shared admin handler's error shape, as for Lookout for Vision's admin endpoints.
    expect(bad.status).toBe(400);
    expect(bad.headers.get('x-amzn-errortype')).toBe('ValidationException');
    expect(String(bad.body.Message)).toContain('rekognition.versions[0].project');
    const faults = await raw(e.endpoint, 'POST', '/_emulator/rekognition/faults', {
      signed: false,
      body: JSON.stringify({ latency: { ms: 1 } }),
    });
    expect(faults.body).toEqual({ latency: { ms: 1 } });
    for (const path of ['', '/history', '/ledger', '/calls']) {
      expect((await raw(e.endpoint, 'GET', `/_emulator/rekognition${path}`, { signed: false })).status).toBe(
        200,
      );
    }
    expect((await raw(e.endpoint, 'GET', '/_emulator/models', { signed: false })).body.models).toEqual([]);
  });

  it('reads a rekognition section in the emulator config file, and rejects unknown keys in it', () => {
    const config = parseEmulatorConfig(
      'startSeconds: 5\nrekognition:\n  stopSeconds: 2\n  versions:\n    - { project: P, version: 1, status: STOPPED }\n',
      'emulator.yaml',
    );
    expect(config.rekognition).toEqual({
      stopSeconds: 2,
      versions: [{ project: 'P', version: '1', status: 'STOPPED' }],
    });
    expect(() => parseEmulatorConfig('rekognition:\n  modls: []\n', 'emulator.yaml')).toThrow(
      /emulator\.yaml.*modls/,
    );
  });
});

describe('lvsched emulator with a rekognition section in its config file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lvsched-emulator-rekognition-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves the file’s Custom Labels versions beside its Lookout for Vision models, on one port', async () => {
    const file = join(dir, 'emulator.yaml');
    writeFileSync(
      file,
      [
        'quota: false',
        'models: [{ project: lfv, version: 1 }]',
        'rekognition:',
        '  startSeconds: 300',
        '  versions: [{ project: P, version: v1, createdAt: 1000 }]',
      ].join('\n'),
    );
    const command = await runningEmulatorCommand({
      port: 0,
      configFile: file,
      startSeconds: 5,
      rekognitionVersions: [{ project: 'P', version: 'v2', createdAt: 2000 }],
    });
    const { emulator, lines } = command;
    const client = rekognitionClient(emulator.endpoint, { maxAttempts: 1 });
    const answer = await client.send(new DescribeProjectsCommand({}));
    client.destroy();
    expect(answer.ProjectDescriptions?.map((p) => p.ProjectArn)).toEqual([
      'arn:aws:rekognition:us-east-1:123456789012:project/P/1000',
    ]);
    expect(emulator.runtime.rekognition.allVersions().map((v) => v.arn)).toEqual([
      'arn:aws:rekognition:us-east-1:123456789012:project/P/version/v1/1000',
      'arn:aws:rekognition:us-east-1:123456789012:project/P/version/v2/2000',
    ]);
    expect(emulator.models().map((m) => m.project)).toEqual(['lfv']);
    // --start-seconds wins over the file, for both services.
    expect([emulator.runtime.startMs, emulator.runtime.rekognition.startMs]).toEqual([5000, 5000]);
    expect(lines[1]).toMatch(/^1 model\(s\), 2 Rekognition version\(s\); admin endpoints at/);
    await command.stop();
  });

  it('rejects a version name Rekognition does not accept, naming the file and the entry', async () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'rekognition:\n  versions: [{ project: P, version: "v 1" }]\n');
    const error = await runEmulatorCommand({ port: 0, configFile: file, log: () => {} }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(EmulatorConfigError);
    expect(String((error as Error).message)).toContain(file);
    expect(String((error as Error).message)).toContain('rekognition.versions[0].version');
  });
});
