import {
  AccessDeniedException,
  ConflictException,
  CreateProjectCommand,
  DescribeModelCommand,
  DescribeProjectCommand,
  InternalServerException,
  ListModelsCommand,
  ListProjectsCommand,
  type LookoutVisionClient,
  paginateListModels,
  paginateListProjects,
  ResourceNotFoundException,
  ServiceQuotaExceededException,
  StartModelCommand,
  StopModelCommand,
  ThrottlingException,
  ValidationException,
} from '@aws-sdk/client-lookoutvision';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator } from '../../src/emulator/index.js';
import {
  closeAll,
  emulatorWithClient,
  raw,
  rejection,
  sdkClient,
  t0,
  type VirtualClock,
  virtualClock,
} from './helpers.js';

const minutes = (n: number) => n * 60_000;
const hours = (n: number) => n * 3_600_000;

function statusesOf(emulator: EmulatorHandle, project: string, version: string) {
  const model = emulator.history().find((h) => h.project === project && h.version === version);
  return (model?.events ?? []).map((e) => [e.status, e.at - t0] as const);
}

describe('the real SDK against the emulator: every implemented operation', () => {
  let clock: VirtualClock;
  let emulator: EmulatorHandle;
  let client: LookoutVisionClient;
  beforeAll(async () => {
    ({ clock, emulator, client } = await emulatorWithClient({
      quota: false,
      models: [
        { project: 'line-a', version: '1', createdAt: t0 - hours(48), description: 'first-model' },
        { project: 'line-a', version: '2', createdAt: t0 - hours(24) },
        { project: 'line-a', version: '3', createdAt: t0 - hours(1) },
        { project: 'line-b', version: '1', createdAt: t0 - hours(2) },
        { project: 'plant-eu', version: '7', region: 'eu-west-1' },
      ],
    }));
  });
  afterAll(() => closeAll(emulator, client));

  it('lists the projects of the request region with ARNs and creation times', async () => {
    const answer = await client.send(new ListProjectsCommand({}));
    expect(answer.$metadata.httpStatusCode).toBe(200);
    expect(answer.Projects).toEqual([
      {
        ProjectName: 'line-a',
        ProjectArn: 'arn:aws:lookoutvision:us-east-1:123456789012:project/line-a',
        CreationTimestamp: new Date(t0 - hours(48)),
      },
      {
        ProjectName: 'line-b',
        ProjectArn: 'arn:aws:lookoutvision:us-east-1:123456789012:project/line-b',
        CreationTimestamp: new Date(t0 - hours(2)),
      },
    ]);
    expect(answer.NextToken).toBeUndefined();
    const eu = sdkClient(emulator.endpoint, { region: 'eu-west-1' });
    const euAnswer = await eu.send(new ListProjectsCommand({}));
    eu.destroy();
    expect(euAnswer.Projects?.map((p) => p.ProjectArn)).toEqual([
      'arn:aws:lookoutvision:eu-west-1:123456789012:project/plant-eu',
    ]);
  });

  it('pages ListProjects with MaxResults and NextToken', async () => {
    const first = await client.send(new ListProjectsCommand({ MaxResults: 1 }));
    expect(first.Projects?.map((p) => p.ProjectName)).toEqual(['line-a']);
    expect(first.NextToken).toMatch(/^[a-zA-Z0-9/+=]{1,2048}$/);
    const second = await client.send(new ListProjectsCommand({ MaxResults: 1, NextToken: first.NextToken }));
    expect(second.Projects?.map((p) => p.ProjectName)).toEqual(['line-b']);
    expect(second.NextToken).toBeUndefined();
    const names: string[] = [];
    for await (const page of paginateListProjects({ client, pageSize: 1 }, {})) {
      names.push(...(page.Projects ?? []).map((p) => p.ProjectName ?? ''));
    }
    expect(names).toEqual(['line-a', 'line-b']);
  });

  it('describes a project with its datasets', async () => {
    const answer = await client.send(new DescribeProjectCommand({ ProjectName: 'line-a' }));
    expect(answer.ProjectDescription).toEqual({
      ProjectName: 'line-a',
      ProjectArn: 'arn:aws:lookoutvision:us-east-1:123456789012:project/line-a',
      CreationTimestamp: new Date(t0 - hours(48)),
      Datasets: [
        expect.objectContaining({ DatasetType: 'train', Status: 'CREATE_COMPLETE' }),
        expect.objectContaining({ DatasetType: 'test', Status: 'CREATE_COMPLETE' }),
      ],
    });
  });

  it('pages ListModels: every version with its status, in version order', async () => {
    const pages: string[][] = [];
    for await (const page of paginateListModels({ client, pageSize: 2 }, { ProjectName: 'line-a' })) {
      pages.push((page.Models ?? []).map((m) => `${m.ModelVersion}:${m.Status}`));
    }
    expect(pages).toEqual([['1:TRAINED', '2:TRAINED'], ['3:TRAINED']]);
    const one = await client.send(new ListModelsCommand({ ProjectName: 'line-a', MaxResults: 100 }));
    expect(one.NextToken).toBeUndefined();
    expect(one.Models?.[0]).toEqual({
      ModelVersion: '1',
      ModelArn: 'arn:aws:lookoutvision:us-east-1:123456789012:model/line-a/1',
      CreationTimestamp: new Date(t0 - hours(48)),
      Description: 'first-model',
      Status: 'TRAINED',
      StatusMessage: expect.any(String),
      Performance: { F1Score: expect.any(Number), Recall: expect.any(Number), Precision: expect.any(Number) },
    });
  });

  it('describes a TRAINED model without inference units', async () => {
    const { ModelDescription: d } = await client.send(
      new DescribeModelCommand({ ProjectName: 'line-b', ModelVersion: '1' }),
    );
    expect(d).toMatchObject({
      ModelVersion: '1',
      ModelArn: 'arn:aws:lookoutvision:us-east-1:123456789012:model/line-b/1',
      CreationTimestamp: new Date(t0 - hours(2)),
      Status: 'TRAINED',
      OutputConfig: { S3Location: { Bucket: expect.any(String) } },
      EvaluationManifest: { Bucket: expect.any(String), Key: expect.any(String) },
      EvaluationResult: { Bucket: expect.any(String), Key: expect.any(String) },
    });
    expect(d?.MinInferenceUnits).toBeUndefined();
    expect(d?.MaxInferenceUnits).toBeUndefined();
  });

  it('starts a model (202), hosts it exactly startSeconds later, stops it (202) and ends TRAINED', async () => {
    const start = await client.send(
      new StartModelCommand({
        ProjectName: 'line-b',
        ModelVersion: '1',
        MinInferenceUnits: 2,
        MaxInferenceUnits: 4,
      }),
    );
    expect(start.$metadata.httpStatusCode).toBe(202);
    expect(start.Status).toBe('STARTING_HOSTING');
    const describe = async () =>
      (await client.send(new DescribeModelCommand({ ProjectName: 'line-b', ModelVersion: '1' })))
        .ModelDescription;
    expect(await describe()).toMatchObject({
      Status: 'STARTING_HOSTING',
      MinInferenceUnits: 2,
      MaxInferenceUnits: 4,
    });
    clock.advance(minutes(10) - 1);
    expect((await describe())?.Status).toBe('STARTING_HOSTING');
    clock.advance(1);
    expect(await describe()).toMatchObject({ Status: 'HOSTED', MinInferenceUnits: 2, MaxInferenceUnits: 4 });
    const listed = await client.send(new ListModelsCommand({ ProjectName: 'line-b' }));
    expect(listed.Models?.map((m) => m.Status)).toEqual(['HOSTED']);

    const stop = await client.send(new StopModelCommand({ ProjectName: 'line-b', ModelVersion: '1' }));
    expect(stop.$metadata.httpStatusCode).toBe(202);
    expect(stop.Status).toBe('STOPPING_HOSTING');
    clock.advance(minutes(1));
    const stopped = await describe();
    expect(stopped?.Status).toBe('TRAINED');
    expect(stopped?.MinInferenceUnits).toBeUndefined();
  });

  it('resolves ModelVersion "latest" to the highest version', async () => {
    const answer = await client.send(
      new DescribeModelCommand({ ProjectName: 'line-a', ModelVersion: 'latest' }),
    );
    expect(answer.ModelDescription?.ModelVersion).toBe('3');
  });

  it('answers an operation it does not implement with a clear 501 that the SDK does not retry', async () => {
    const error = await rejection(client.send(new CreateProjectCommand({ ProjectName: 'new-one' })));
    expect(error.name).toBe('NotImplementedException');
    expect(error.message).toContain('does not implement CreateProject');
    expect(error.$metadata).toMatchObject({ httpStatusCode: 501, attempts: 1 });
  });

  it('routes every operation of the service model, and answers unknown paths UnknownOperationException', async () => {
    const { operations } = emulator.runtime.serviceModel;
    expect(operations.size).toBe(22);
    const implemented = [
      'ListProjects',
      'DescribeProject',
      'ListModels',
      'DescribeModel',
      'StartModel',
      'StopModel',
    ];
    for (const operation of operations.values()) {
      if (implemented.includes(operation.name)) continue;
      const path = operation.http.uri.replace(/\{[^}]+\}/g, 'x1');
      const body = ['GET', 'HEAD'].includes(operation.http.method) ? {} : { body: '{}' };
      const answer = await raw(emulator.endpoint, operation.http.method, path, body);
      expect([operation.name, answer.status, answer.headers.get('x-amzn-errortype')]).toEqual([
        operation.name,
        501,
        'NotImplementedException',
      ]);
    }
    const unknown = await raw(emulator.endpoint, 'PUT', '/2020-11-20/projects');
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
  });
});

describe('errors, as the SDK sees them', () => {
  let clock: VirtualClock;
  let emulator: EmulatorHandle;
  let client: LookoutVisionClient;
  beforeAll(async () => {
    ({ clock, emulator, client } = await emulatorWithClient(
      {
        quota: false,
        models: [
          { project: 'line-a', version: '1' },
          { project: 'line-a', version: '2' },
        ],
        serviceQuotas: { maxInferenceUnitsPerModel: 5 },
      },
      { maxAttempts: 1 },
    ));
  });
  afterAll(() => closeAll(emulator, client));

  it.each([
    ['DescribeProject', () => new DescribeProjectCommand({ ProjectName: 'nope' }), 'nope', 'PROJECT'],
    ['ListModels', () => new ListModelsCommand({ ProjectName: 'nope' }), 'nope', 'PROJECT'],
    [
      'DescribeModel',
      () => new DescribeModelCommand({ ProjectName: 'line-a', ModelVersion: '9' }),
      '9',
      'MODEL',
    ],
    [
      'StartModel',
      () => new StartModelCommand({ ProjectName: 'line-a', ModelVersion: '9', MinInferenceUnits: 1 }),
      '9',
      'MODEL',
    ],
    ['StopModel', () => new StopModelCommand({ ProjectName: 'nope', ModelVersion: '1' }), 'nope', 'PROJECT'],
  ] as const)(
    '%s of an unknown resource: ResourceNotFoundException with ResourceId and ResourceType',
    async (_, command, id, type) => {
      // biome-ignore lint/suspicious/noExplicitAny: one table for five command types
      const error = await rejection(client.send(command() as any));
      expect(error).toBeInstanceOf(ResourceNotFoundException);
      expect(error.name).toBe('ResourceNotFoundException');
      expect(error.$metadata).toMatchObject({ httpStatusCode: 404 });
      expect(error).toMatchObject({ ResourceId: id, ResourceType: type });
    },
  );

  it('ConflictException with ResourceId and ResourceType for a start of a starting model and a stop of a trained one', async () => {
    await client.send(
      new StartModelCommand({ ProjectName: 'line-a', ModelVersion: '1', MinInferenceUnits: 1 }),
    );
    const again = await rejection(
      client.send(new StartModelCommand({ ProjectName: 'line-a', ModelVersion: '1', MinInferenceUnits: 1 })),
    );
    expect(again).toBeInstanceOf(ConflictException);
    expect(again).toMatchObject({
      ResourceId: '1',
      ResourceType: 'MODEL',
      $metadata: { httpStatusCode: 409 },
    });
    expect(again.message).toContain('STARTING_HOSTING');
    const stop = await rejection(
      client.send(new StopModelCommand({ ProjectName: 'line-a', ModelVersion: '2' })),
    );
    expect(stop).toBeInstanceOf(ConflictException);
    expect(stop.message).toContain('conflictOnStopWhenNotHosted');
    const stopStarting = await rejection(
      client.send(new StopModelCommand({ ProjectName: 'line-a', ModelVersion: '1' })),
    );
    expect(stopStarting).toBeInstanceOf(ConflictException);
    clock.advance(minutes(10));
    const hosted = await rejection(
      client.send(new StartModelCommand({ ProjectName: 'line-a', ModelVersion: '1', MinInferenceUnits: 1 })),
    );
    expect(hosted.message).toContain('HOSTED');
    await client.send(new StopModelCommand({ ProjectName: 'line-a', ModelVersion: '1' }));
    const stopping = await rejection(
      client.send(new StartModelCommand({ ProjectName: 'line-a', ModelVersion: '1', MinInferenceUnits: 1 })),
    );
    expect(stopping.message).toContain('STOPPING_HOSTING');
    clock.advance(minutes(1));
  });

  it.each([
    [
      'ModelVersion',
      { ProjectName: 'line-a', ModelVersion: '0', MinInferenceUnits: 1 },
      "Value '0' at 'ModelVersion'",
    ],
    [
      'MinInferenceUnits',
      { ProjectName: 'line-a', ModelVersion: '2', MinInferenceUnits: 0 },
      'greater than or equal to 1',
    ],
    [
      'MaxInferenceUnits',
      { ProjectName: 'line-a', ModelVersion: '2', MinInferenceUnits: 1, MaxInferenceUnits: 0 },
      'greater than or equal to 1',
    ],
    [
      'ClientToken',
      { ProjectName: 'line-a', ModelVersion: '2', MinInferenceUnits: 1, ClientToken: 'open_2026:05' },
      'regular expression pattern: ^[a-zA-Z0-9-]+$',
    ],
    [
      'ClientToken',
      { ProjectName: 'line-a', ModelVersion: '2', MinInferenceUnits: 1, ClientToken: 'x'.repeat(65) },
      'length less than or equal to 64',
    ],
    [
      'ProjectName',
      { ProjectName: '-bad', ModelVersion: '2', MinInferenceUnits: 1 },
      "Value '-bad' at 'ProjectName'",
    ],
    [
      'ProjectName',
      { ProjectName: 'p'.repeat(256), ModelVersion: '2', MinInferenceUnits: 1 },
      'length less than or equal to 255',
    ],
  ] as const)('ValidationException (400) names the member: %s', async (member, input, detail) => {
    const error = await rejection(client.send(new StartModelCommand(input)));
    expect(error).toBeInstanceOf(ValidationException);
    expect(error.$metadata).toMatchObject({ httpStatusCode: 400 });
    expect(error.message).toContain(`at '${member}'`);
    expect(error.message).toContain(detail);
    expect(emulator.models().find((m) => m.version === '2')?.status).toBe('TRAINED');
  });

  it('ValidationException for ListModels MaxResults out of range and a forged NextToken', async () => {
    const big = await rejection(
      client.send(new ListModelsCommand({ ProjectName: 'line-a', MaxResults: 101 })),
    );
    expect(big).toBeInstanceOf(ValidationException);
    expect(big.message).toContain(
      "at 'MaxResults' failed to satisfy constraint: Member must have value less than",
    );
    const forged = await rejection(
      client.send(new ListModelsCommand({ ProjectName: 'line-a', NextToken: 'abc' })),
    );
    expect(forged).toBeInstanceOf(ValidationException);
    expect(forged.message).toContain('NextToken');
  });

  it('reports every violation at once, and a missing required member as null', async () => {
    const answer = await raw(emulator.endpoint, 'POST', '/2020-11-20/projects/-x/models/0/start', {
      body: '{}',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(answer.status).toBe(400);
    expect(answer.headers.get('x-amzn-errortype')).toBe('ValidationException');
    const message = String(answer.body.Message);
    expect(message).toMatch(/^3 validation errors detected: /);
    expect(message).toContain("at 'ProjectName'");
    expect(message).toContain("at 'ModelVersion'");
    expect(message).toContain(
      "Value null at 'MinInferenceUnits' failed to satisfy constraint: Member must not be null",
    );
    const notJson = await raw(emulator.endpoint, 'POST', '/2020-11-20/projects/line-a/models/2/start', {
      body: '{"MinInferenceUnits":',
    });
    expect([notJson.status, notJson.body.Message]).toEqual([400, expect.stringContaining('not valid JSON')]);
    const text = await raw(emulator.endpoint, 'POST', '/2020-11-20/projects/line-a/models/2/start', {
      body: '{"MinInferenceUnits":"one"}',
    });
    expect(text.body.Message).toContain("Value 'one' at 'MinInferenceUnits'");
  });

  it('AccessDeniedException (403) for a request without SigV4, on the wire and through the SDK error type', async () => {
    const answer = await raw(emulator.endpoint, 'GET', '/2020-11-20/projects', { signed: false });
    expect(answer.status).toBe(403);
    expect(answer.headers.get('x-amzn-errortype')).toBe('AccessDeniedException');
    expect(answer.headers.get('content-type')).toBe('application/json');
    expect(answer.body).toEqual({ Message: expect.stringContaining('Signature Version 4') });
    const basic = await raw(emulator.endpoint, 'GET', '/2020-11-20/projects', {
      signed: false,
      headers: { Authorization: 'Basic dXNlcjpwYXNz' },
    });
    expect(basic.status).toBe(403);
    const wrongService = await raw(emulator.endpoint, 'GET', '/2020-11-20/projects', {
      signed: false,
      headers: {
        Authorization: 'AWS4-HMAC-SHA256 Credential=AKID/20260330/us-east-1/s3/aws4_request, Signature=0',
      },
    });
    expect([wrongService.status, wrongService.body.Message]).toEqual([
      403,
      expect.stringContaining("'lookoutvision'"),
    ]);

    const anonymous = sdkClient(emulator.endpoint, { maxAttempts: 1 });
    anonymous.middlewareStack.add(
      (next) => async (args) => {
        const request = args.request as { headers: Record<string, string> };
        delete request.headers.authorization;
        return next(args);
      },
      { step: 'finalizeRequest', priority: 'low', name: 'dropSignature' },
    );
    const error = await rejection(anonymous.send(new ListProjectsCommand({})));
    anonymous.destroy();
    expect(error).toBeInstanceOf(AccessDeniedException);
    expect(error.$metadata).toMatchObject({ httpStatusCode: 403 });
  });

  it('error bodies carry Message and the members; ConflictException on the wire', async () => {
    const answer = await raw(emulator.endpoint, 'POST', '/2020-11-20/projects/line-a/models/2/stop', {
      headers: { 'X-Amzn-Client-Token': 'stop-1' },
    });
    expect(answer.status).toBe(409);
    expect(answer.headers.get('x-amzn-errortype')).toBe('ConflictException');
    expect(answer.headers.get('content-type')).toBe('application/json');
    expect(answer.body).toEqual({ Message: expect.any(String), ResourceId: '2', ResourceType: 'MODEL' });
  });

  it('ServiceQuotaExceededException (402) with QuotaCode and ServiceCode past a configured unit limit', async () => {
    const error = await rejection(
      client.send(new StartModelCommand({ ProjectName: 'line-a', ModelVersion: '2', MinInferenceUnits: 6 })),
    );
    expect(error).toBeInstanceOf(ServiceQuotaExceededException);
    expect(error).toMatchObject({
      $metadata: { httpStatusCode: 402 },
      QuotaCode: 'emulator-max-inference-units-per-model',
      ServiceCode: 'lookoutvision',
      ResourceId: '2',
      ResourceType: 'MODEL',
    });
  });

  it('logs every call with operation, model, token, status code and error type', () => {
    const log = emulator.callLog();
    expect(log.length).toBeGreaterThan(10);
    expect(log).toContainEqual(
      expect.objectContaining({
        operation: 'StopModel',
        project: 'line-a',
        version: '2',
        clientToken: 'stop-1',
        statusCode: 409,
        errorType: 'ConflictException',
        region: 'us-east-1',
        at: expect.any(Number),
      }),
    );
    expect(log).toContainEqual(
      expect.objectContaining({
        operation: 'ListProjects',
        statusCode: 403,
        errorType: 'AccessDeniedException',
      }),
    );
  });
});

describe('client tokens', () => {
  let clock: VirtualClock;
  let emulator: EmulatorHandle;
  let client: LookoutVisionClient;
  const start = (token: string, min = 1, version = '1') =>
    client.send(
      new StartModelCommand({
        ProjectName: 'line-a',
        ModelVersion: version,
        MinInferenceUnits: min,
        ClientToken: token,
      }),
    );
  beforeEach(async () => {
    ({ clock, emulator, client } = await emulatorWithClient(
      {
        quota: false,
        models: [
          { project: 'line-a', version: '1' },
          { project: 'line-a', version: '2' },
        ],
      },
      { maxAttempts: 1 },
    ));
    return () => closeAll(emulator, client);
  });

  it('answers a repeat of the same token and parameters with the first answer and makes no second transition', async () => {
    expect((await start('open-a1')).Status).toBe('STARTING_HOSTING');
    clock.advance(minutes(30));
    const repeat = await start('open-a1');
    expect([repeat.$metadata.httpStatusCode, repeat.Status]).toEqual([202, 'STARTING_HOSTING']);
    expect(statusesOf(emulator, 'line-a', '1')).toEqual([
      ['TRAINED', 0],
      ['STARTING_HOSTING', 0],
      ['HOSTED', minutes(10)],
    ]);
    expect(emulator.callLog().map((c) => [c.clientToken, c.statusCode, c.replayed ?? false])).toEqual([
      ['open-a1', 202, false],
      ['open-a1', 202, true],
    ]);
  });

  it('replays the cached answer for 8 hours even after a stop, then treats the token as new', async () => {
    await start('open-a1');
    clock.advance(hours(1));
    await client.send(
      new StopModelCommand({ ProjectName: 'line-a', ModelVersion: '1', ClientToken: 'close-a1' }),
    );
    clock.advance(hours(1));
    expect((await start('open-a1')).Status).toBe('STARTING_HOSTING');
    expect(emulator.models().find((m) => m.version === '1')?.status).toBe('TRAINED');
    clock.set(t0 + hours(8));
    expect((await start('open-a1')).Status).toBe('STARTING_HOSTING');
    expect(statusesOf(emulator, 'line-a', '1').map(([s]) => s)).toEqual([
      'TRAINED',
      'STARTING_HOSTING',
      'HOSTED',
      'STOPPING_HOSTING',
      'TRAINED',
      'STARTING_HOSTING',
    ]);
  });

  it('rejects the same token with other parameters (units, model, operation) with ConflictException', async () => {
    await start('open-a1', 1);
    const units = await rejection(start('open-a1', 2));
    expect(units).toBeInstanceOf(ConflictException);
    expect(units.message).toContain('ClientToken open-a1');
    expect(units).toMatchObject({ ResourceType: 'MODEL', ResourceId: '1' });
    const otherModel = await rejection(start('open-a1', 1, '2'));
    expect(otherModel).toBeInstanceOf(ConflictException);
    clock.advance(minutes(10));
    const otherOperation = await rejection(
      client.send(new StopModelCommand({ ProjectName: 'line-a', ModelVersion: '1', ClientToken: 'open-a1' })),
    );
    expect(otherOperation).toBeInstanceOf(ConflictException);
    expect(emulator.models().map((m) => m.status)).toEqual(['HOSTED', 'TRAINED']);
  });

  it('treats a new token as a new call', async () => {
    await start('open-a1');
    const second = await rejection(start('open-a2'));
    expect(second).toBeInstanceOf(ConflictException);
    expect(second.message).toContain('STARTING_HOSTING');
    expect((await start('open-b1', 1, '2')).Status).toBe('STARTING_HOSTING');
  });

  it('collapses the SDK retry after a lost answer into the one transition (drop after handling)', async () => {
    const retrying = sdkClient(emulator.endpoint, { maxAttempts: 3 });
    emulator.setFaults({ dropConnections: { count: 1, phase: 'afterHandling', operations: ['StartModel'] } });
    const answer = await retrying.send(
      new StartModelCommand({ ProjectName: 'line-a', ModelVersion: '1', MinInferenceUnits: 1 }),
    );
    retrying.destroy();
    expect(answer.Status).toBe('STARTING_HOSTING');
    expect(answer.$metadata.attempts).toBe(2);
    const calls = emulator.callLog();
    expect(calls.map((c) => [c.statusCode, c.fault, c.replayed ?? false])).toEqual([
      [null, 'dropped', false],
      [202, undefined, true],
    ]);
    expect(calls[0]?.clientToken).toBe(calls[1]?.clientToken);
    expect(statusesOf(emulator, 'line-a', '1').map(([s]) => s)).toEqual(['TRAINED', 'STARTING_HOSTING']);
  });
});

describe('the state machine on a virtual clock', () => {
  let clock: VirtualClock;
  let emulator: EmulatorHandle;
  let client: LookoutVisionClient;
  beforeEach(async () => {
    ({ clock, emulator, client } = await emulatorWithClient(
      {
        quota: false,
        startSeconds: 900,
        stopSeconds: 120,
        pricePerInferenceUnitHour: 4,
        models: [
          { project: 'line-a', version: '1' },
          { project: 'line-a', version: '2' },
        ],
      },
      { maxAttempts: 1 },
    ));
    return () => closeAll(emulator, client);
  });
  const describeStatus = async (version = '1') =>
    (await client.send(new DescribeModelCommand({ ProjectName: 'line-a', ModelVersion: version })))
      .ModelDescription?.Status;

  it('records the exact transition instants when the clock jumps days ahead between reads', async () => {
    await client.send(
      new StartModelCommand({ ProjectName: 'line-a', ModelVersion: '1', MinInferenceUnits: 2 }),
    );
    clock.advance(hours(72) + 12_345);
    expect(await describeStatus()).toBe('HOSTED');
    await client.send(new StopModelCommand({ ProjectName: 'line-a', ModelVersion: '1' }));
    clock.advance(hours(500));
    expect(await describeStatus()).toBe('TRAINED');
    expect(statusesOf(emulator, 'line-a', '1')).toEqual([
      ['TRAINED', 0],
      ['STARTING_HOSTING', 0],
      ['HOSTED', 900_000],
      ['STOPPING_HOSTING', hours(72) + 12_345],
      ['TRAINED', hours(72) + 12_345 + 120_000],
    ]);
  });

  it('computes the ledger from the history: 2 units hosted for 8 hours are 16 inference-unit-hours', async () => {
    await client.send(
      new StartModelCommand({ ProjectName: 'line-a', ModelVersion: '1', MinInferenceUnits: 2 }),
    );
    clock.advance(minutes(15));
    clock.advance(hours(8));
    await client.send(new StopModelCommand({ ProjectName: 'line-a', ModelVersion: '1' }));
    clock.advance(hours(3));
    const ledger = emulator.ledger();
    const model = ledger.models.find((m) => m.version === '1');
    expect(model).toMatchObject({
      billedSeconds: 8 * 3600,
      inferenceUnitSeconds: 16 * 3600,
      inferenceUnitHours: 16,
      estimatedCostUsd: 64,
      intervals: [
        { from: t0 + minutes(15), to: t0 + minutes(15) + hours(8), status: 'HOSTED', inferenceUnits: 2 },
      ],
    });
    expect(ledger.models.find((m) => m.version === '2')?.inferenceUnitSeconds).toBe(0);
    expect(ledger.total.inferenceUnitHours).toBe(16);
    const overHttp = await raw(emulator.endpoint, 'GET', '/_emulator/ledger', { signed: false });
    expect(overHttp.body).toMatchObject({ total: { inferenceUnitSeconds: 57_600, estimatedCostUsd: 64 } });
  });

  it('bills a model still hosted up to now', async () => {
    await client.send(
      new StartModelCommand({ ProjectName: 'line-a', ModelVersion: '2', MinInferenceUnits: 3 }),
    );
    clock.advance(minutes(15) + minutes(30));
    expect(emulator.ledger().models.find((m) => m.version === '2')?.inferenceUnitSeconds).toBe(3 * 1800);
  });

  it('ends an injected failing start in HOSTING_FAILED, then starts again from there', async () => {
    emulator.setFaults({ hostingFailures: { count: 1, project: 'line-a', version: '1' } });
    await client.send(
      new StartModelCommand({ ProjectName: 'line-a', ModelVersion: '2', MinInferenceUnits: 1 }),
    );
    await client.send(
      new StartModelCommand({ ProjectName: 'line-a', ModelVersion: '1', MinInferenceUnits: 1 }),
    );
    clock.advance(minutes(15));
    const failed = await client.send(new DescribeModelCommand({ ProjectName: 'line-a', ModelVersion: '1' }));
    expect(failed.ModelDescription).toMatchObject({
      Status: 'HOSTING_FAILED',
      StatusMessage: expect.stringContaining('failed'),
    });
    expect(await describeStatus('2')).toBe('HOSTED');
    const stop = await rejection(
      client.send(new StopModelCommand({ ProjectName: 'line-a', ModelVersion: '1' })),
    );
    expect(stop).toBeInstanceOf(ConflictException);
    await client.send(
      new StartModelCommand({ ProjectName: 'line-a', ModelVersion: '1', MinInferenceUnits: 1 }),
    );
    clock.advance(minutes(15));
    expect(await describeStatus()).toBe('HOSTED');
    expect(emulator.faults().hostingFailures?.count).toBe(0);
    clock.advance(hours(1));
    expect(emulator.ledger().models.find((m) => m.version === '1')?.intervals).toEqual([
      expect.objectContaining({ from: t0 + minutes(30), to: t0 + minutes(90), inferenceUnits: 1 }),
    ]);
  });
});

describe('the request-rate quota', () => {
  it('throttles the sixth call in a second with ThrottlingException, QuotaCode, ServiceCode and Retry-After', async () => {
    const clock = virtualClock();
    const emulator = await startEmulator({ clock, models: [{ project: 'line-a', version: '1' }] });
    const client = sdkClient(emulator.endpoint, { maxAttempts: 1 });
    try {
      for (let i = 0; i < 5; i++) await client.send(new ListModelsCommand({ ProjectName: 'line-a' }));
      const error = await rejection(client.send(new ListModelsCommand({ ProjectName: 'line-a' })));
      expect(error).toBeInstanceOf(ThrottlingException);
      expect(error).toMatchObject({
        $metadata: { httpStatusCode: 429 },
        QuotaCode: expect.any(String),
        ServiceCode: 'lookoutvision',
        RetryAfterSeconds: 1,
      });
      const eu = sdkClient(emulator.endpoint, { maxAttempts: 1, region: 'eu-west-1' });
      expect((await eu.send(new ListProjectsCommand({}))).Projects).toEqual([]);
      eu.destroy();
      clock.advance(200);
      await client.send(new ListModelsCommand({ ProjectName: 'line-a' }));
      await expect(client.send(new ListModelsCommand({ ProjectName: 'line-a' }))).rejects.toBeInstanceOf(
        ThrottlingException,
      );
      const wire = await raw(emulator.endpoint, 'GET', '/2020-11-20/projects');
      expect([wire.status, wire.headers.get('retry-after'), wire.headers.get('x-amzn-errortype')]).toEqual([
        429,
        '1',
        'ThrottlingException',
      ]);
      expect(wire.body).toEqual({
        Message: expect.stringContaining('Rate exceeded'),
        QuotaCode: expect.any(String),
        ServiceCode: 'lookoutvision',
      });
      expect(emulator.callLog().filter((c) => c.fault === 'throttled')).toHaveLength(3);
    } finally {
      client.destroy();
      await emulator.close();
    }
  });

  it('lets the SDK standard retry strategy recover from throttling on the real clock', async () => {
    const emulator = await startEmulator({ models: [{ project: 'line-a', version: '1' }] });
    const client = sdkClient(emulator.endpoint);
    try {
      const answers = await Promise.all(
        Array.from({ length: 10 }, () =>
          client.send(new DescribeModelCommand({ ProjectName: 'line-a', ModelVersion: '1' })),
        ),
      );
      expect(answers.every((a) => a.ModelDescription?.Status === 'TRAINED')).toBe(true);
      expect(Math.max(...answers.map((a) => a.$metadata.attempts ?? 0))).toBeGreaterThan(1);
      // How many are throttled depends on how fast the 10 calls arrive; at least one is, and all recover.
      expect(emulator.callLog().filter((c) => c.statusCode === 429).length).toBeGreaterThanOrEqual(1);
    } finally {
      client.destroy();
      await emulator.close();
    }
  });
});

describe('injected faults', () => {
  let emulator: EmulatorHandle;
  let client: LookoutVisionClient;
  let once: LookoutVisionClient;
  beforeAll(async () => {
    emulator = await startEmulator({
      clock: virtualClock(),
      quota: false,
      models: [{ project: 'line-a', version: '1' }],
    });
    client = sdkClient(emulator.endpoint, { maxAttempts: 3 });
    once = sdkClient(emulator.endpoint, { maxAttempts: 1 });
  });
  beforeEach(() => emulator.clearFaults());
  afterAll(async () => {
    client.destroy();
    once.destroy();
    await emulator.close();
  });
  const describeModel = (c: LookoutVisionClient) =>
    c.send(new DescribeModelCommand({ ProjectName: 'line-a', ModelVersion: '1' }));

  it('answers the next N requests with InternalServerException (500, Retry-After), which the SDK retries', async () => {
    emulator.setFaults({ internalErrors: { count: 1 } });
    const error = await rejection(describeModel(once));
    expect(error).toBeInstanceOf(InternalServerException);
    expect(error).toMatchObject({ $metadata: { httpStatusCode: 500 }, RetryAfterSeconds: 1 });
    emulator.setFaults({ internalErrors: { count: 2, retryAfterSeconds: 0 } });
    const answer = await describeModel(client);
    expect(answer.$metadata.attempts).toBe(3);
    expect(emulator.faults().internalErrors?.count).toBe(0);
  });

  it('injects 500s only into the named operations', async () => {
    emulator.setFaults({ internalErrors: { count: 1, operations: ['ListModels'] } });
    await describeModel(once);
    await expect(once.send(new ListModelsCommand({ ProjectName: 'line-a' }))).rejects.toBeInstanceOf(
      InternalServerException,
    );
  });

  it('injects 500s by a seeded probability, reproducibly', async () => {
    const outcomes = async () => {
      emulator.setFaults({ internalErrors: { probability: 0.5, seed: 42, retryAfterSeconds: 0 } });
      const results: boolean[] = [];
      for (let i = 0; i < 20; i++) {
        results.push(
          await describeModel(once).then(
            () => true,
            () => false,
          ),
        );
      }
      return results;
    };
    const first = await outcomes();
    const second = await outcomes();
    expect(second).toEqual(first);
    expect(first).toContain(true);
    expect(first).toContain(false);
  });

  it('drops the connection of the next N requests without an answer; the SDK retries', async () => {
    emulator.setFaults({ dropConnections: { count: 1 } });
    const error = await rejection(describeModel(once));
    expect(error.name).not.toMatch(/Exception$/);
    expect(emulator.callLog().at(-1)).toMatchObject({
      operation: 'DescribeModel',
      statusCode: null,
      fault: 'dropped',
    });
    emulator.setFaults({ dropConnections: { count: 2 } });
    const answer = await describeModel(client);
    expect(answer.$metadata.attempts).toBe(3);
  });

  it('adds real latency', async () => {
    emulator.setFaults({ latency: { ms: 300 } });
    const started = performance.now();
    await describeModel(once);
    expect(performance.now() - started).toBeGreaterThanOrEqual(250);
  });
});

describe('the admin API under /_emulator (no SigV4)', () => {
  let emulator: EmulatorHandle;
  beforeAll(async () => {
    emulator = await startEmulator({ clock: virtualClock(), quota: false });
  });
  afterAll(() => emulator.close());
  const admin = (method: string, path: string, body?: unknown) =>
    raw(emulator.endpoint, method, `/_emulator${path}`, {
      signed: false,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  it('seeds models, shows them, their history and the calls', async () => {
    const seeded = await admin('POST', '/models', { models: [{ project: 'line-z', version: 4 }] });
    expect(seeded.status).toBe(201);
    expect(seeded.body.models).toEqual([
      expect.objectContaining({ project: 'line-z', version: '4', status: 'TRAINED' }),
    ]);
    const client = sdkClient(emulator.endpoint);
    await client.send(
      new StartModelCommand({
        ProjectName: 'line-z',
        ModelVersion: '4',
        MinInferenceUnits: 1,
        ClientToken: 'a',
      }),
    );
    client.destroy();
    expect((await admin('GET', '/models')).body.models).toEqual([
      expect.objectContaining({ status: 'STARTING_HOSTING' }),
    ]);
    expect((await admin('GET', '/history')).body.models).toEqual([
      expect.objectContaining({
        events: [
          expect.objectContaining({ status: 'TRAINED' }),
          expect.objectContaining({ status: 'STARTING_HOSTING', clientToken: 'a' }),
        ],
      }),
    ]);
    expect((await admin('GET', '/calls')).body.calls).toEqual([
      expect.objectContaining({ operation: 'StartModel', clientToken: 'a', statusCode: 202 }),
    ]);
    expect((await admin('GET', '')).body).toHaveProperty('endpoints');
  });

  it('sets, shows and clears faults', async () => {
    const set = await admin('POST', '/faults', { internalErrors: { count: 2 }, latency: { ms: 1 } });
    expect(set.body).toEqual({ internalErrors: { count: 2 }, latency: { ms: 1 } });
    expect((await admin('GET', '/faults')).body).toEqual(set.body);
    expect((await admin('DELETE', '/faults')).body).toEqual({});
  });

  it('answers bad bodies with 400 naming the problem, and unknown endpoints with 404', async () => {
    const bad = await admin('POST', '/models', [{ project: 'line z', version: '1' }]);
    expect([bad.status, bad.headers.get('x-amzn-errortype'), bad.body.Message]).toEqual([
      400,
      'ValidationException',
      expect.stringContaining('project'),
    ]);
    const latest = await admin('POST', '/models', [{ project: 'p', version: 'latest' }]);
    expect(latest.status).toBe(400);
    const faults = await admin('POST', '/faults', { explode: true });
    expect(faults.status).toBe(400);
    expect((await admin('GET', '/nothing')).status).toBe(404);
  });
});
