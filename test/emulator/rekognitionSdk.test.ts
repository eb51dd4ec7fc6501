import {
  DescribeProjectsCommand,
  DescribeProjectVersionsCommand,
  InvalidPaginationTokenException,
  InvalidParameterException,
  paginateDescribeProjects,
  paginateDescribeProjectVersions,
  type RekognitionClient,
  ResourceInUseException,
  ResourceNotFoundException,
  StartProjectVersionCommand,
  StopProjectVersionCommand,
} from '@aws-sdk/client-rekognition';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorHandle } from '../../src/emulator/index.js';
import { emulatorOnClock, rejection, t0, type VirtualClock } from './helpers.js';
import { awsJson, rekognitionClient } from './rekognitionHelpers.js';

const minutes = (n: number) => n * 60_000;
const hours = (n: number) => n * 3_600_000;
const account = '123456789012';
const projectArn = (name: string, created: number, region = 'us-east-1') =>
  `arn:aws:rekognition:${region}:${account}:project/${name}/${created}`;
const versionArn = (name: string, version: string, _projectCreated: number, created: number) =>
  `arn:aws:rekognition:us-east-1:${account}:project/${name}/version/${version}/${created}`;

describe('the real Rekognition SDK against the emulator', () => {
  let clock: VirtualClock;
  let emulator: EmulatorHandle;
  let client: RekognitionClient;
  const lineA = t0 - hours(48);
  const lineB = t0 - hours(2);
  beforeAll(async () => {
    ({ clock, emulator } = await emulatorOnClock({
      quota: false,
      startSeconds: 600,
      stopSeconds: 60,
      models: [{ project: 'lfv-project', version: '1' }],
      rekognition: {
        versions: [
          { project: 'line-a', version: 'v1', createdAt: lineA },
          { project: 'line-a', version: 'v2.0', createdAt: lineA + hours(1) },
          { project: 'line-a', version: 'copy_1', createdAt: lineA + hours(2), status: 'COPYING_COMPLETED' },
          { project: 'line-a', version: 'old', createdAt: lineA + hours(3), status: 'EXPIRED' },
          { project: 'line-b', version: 'v1', createdAt: lineB },
          { project: 'plant-eu', version: 'v1', region: 'eu-west-1', createdAt: lineB },
          ...Array.from({ length: 150 }, (_, i) => ({
            project: 'many',
            version: `v${String(i).padStart(3, '0')}`,
            createdAt: t0 - hours(200) + i * 1000,
          })),
        ],
      },
    }));
    client = rekognitionClient(emulator.endpoint);
  });
  afterAll(async () => {
    client.destroy();
    await emulator.close();
  });

  it('describes the projects of the request region, newest first, with ARNs that carry epoch-ms stamps', async () => {
    const answer = await client.send(new DescribeProjectsCommand({}));
    expect(answer.$metadata.httpStatusCode).toBe(200);
    expect(answer.ProjectDescriptions?.map((p) => p.ProjectArn)).toEqual([
      projectArn('line-b', lineB),
      projectArn('line-a', lineA),
      projectArn('many', t0 - hours(200)),
    ]);
    expect(answer.ProjectDescriptions?.[0]).toEqual({
      ProjectArn: projectArn('line-b', lineB),
      CreationTimestamp: new Date(lineB),
      Status: 'CREATED',
      Feature: 'CUSTOM_LABELS',
    });
    const eu = rekognitionClient(emulator.endpoint, { region: 'eu-west-1' });
    const euAnswer = await eu.send(new DescribeProjectsCommand({}));
    eu.destroy();
    expect(euAnswer.ProjectDescriptions?.map((p) => p.ProjectArn)).toEqual([
      projectArn('plant-eu', lineB, 'eu-west-1'),
    ]);
  });

  it('leaves a ProjectNames entry that does not exist out of the answer, with no error', async () => {
    const answer = await client.send(new DescribeProjectsCommand({ ProjectNames: ['line-a', 'nope'] }));
    expect(answer.ProjectDescriptions?.map((p) => p.ProjectArn)).toEqual([projectArn('line-a', lineA)]);
    const none = await client.send(new DescribeProjectsCommand({ ProjectNames: ['nope'] }));
    expect(none.ProjectDescriptions).toEqual([]);
  });

  it('lists no project for Features [CONTENT_MODERATION]: every emulated project is Custom Labels', async () => {
    const answer = await client.send(new DescribeProjectsCommand({ Features: ['CONTENT_MODERATION'] }));
    expect(answer.ProjectDescriptions).toEqual([]);
  });

  it('pages DescribeProjects with MaxResults and NextToken', async () => {
    const first = await client.send(new DescribeProjectsCommand({ MaxResults: 2 }));
    expect(first.ProjectDescriptions).toHaveLength(2);
    expect(first.NextToken).toEqual(expect.any(String));
    const second = await client.send(
      new DescribeProjectsCommand({ MaxResults: 2, NextToken: first.NextToken }),
    );
    expect(second.ProjectDescriptions?.map((p) => p.ProjectArn)).toEqual([
      projectArn('many', t0 - hours(200)),
    ]);
    expect(second.NextToken).toBeUndefined();
    const arns: string[] = [];
    for await (const page of paginateDescribeProjects({ client, pageSize: 1 }, {})) {
      arns.push(...(page.ProjectDescriptions ?? []).map((p) => p.ProjectArn ?? ''));
    }
    expect(arns).toHaveLength(3);
  });

  it('describes a project’s versions newest first with their status, and leaves unknown VersionNames out', async () => {
    const answer = await client.send(
      new DescribeProjectVersionsCommand({ ProjectArn: projectArn('line-a', lineA) }),
    );
    expect(answer.ProjectVersionDescriptions?.map((v) => [v.ProjectVersionArn, v.Status])).toEqual([
      [versionArn('line-a', 'old', lineA, lineA + hours(3)), 'EXPIRED'],
      [versionArn('line-a', 'copy_1', lineA, lineA + hours(2)), 'COPYING_COMPLETED'],
      [versionArn('line-a', 'v2.0', lineA, lineA + hours(1)), 'TRAINING_COMPLETED'],
      [versionArn('line-a', 'v1', lineA, lineA), 'TRAINING_COMPLETED'],
    ]);
    expect(answer.ProjectVersionDescriptions?.[3]).toEqual({
      ProjectVersionArn: versionArn('line-a', 'v1', lineA, lineA),
      CreationTimestamp: new Date(lineA),
      Status: 'TRAINING_COMPLETED',
      StatusMessage: expect.any(String),
      Feature: 'CUSTOM_LABELS',
    });
    const some = await client.send(
      new DescribeProjectVersionsCommand({
        ProjectArn: projectArn('line-a', lineA),
        VersionNames: ['v1', 'zz'],
      }),
    );
    expect(some.ProjectVersionDescriptions?.map((v) => v.ProjectVersionArn)).toEqual([
      versionArn('line-a', 'v1', lineA, lineA),
    ]);
  });

  it('pages DescribeProjectVersions at 100 by default, and the paginator follows every page', async () => {
    const arn = projectArn('many', t0 - hours(200));
    const first = await client.send(new DescribeProjectVersionsCommand({ ProjectArn: arn }));
    expect(first.ProjectVersionDescriptions).toHaveLength(100);
    expect(first.ProjectVersionDescriptions?.[0]?.ProjectVersionArn).toContain('/version/v149/');
    const pages: number[] = [];
    for await (const page of paginateDescribeProjectVersions({ client, pageSize: 40 }, { ProjectArn: arn })) {
      pages.push(page.ProjectVersionDescriptions?.length ?? 0);
    }
    expect(pages).toEqual([40, 40, 40, 30]);
  });

  it('answers InvalidPaginationTokenException for a token it did not issue or issued for another query', async () => {
    const forged = await rejection(client.send(new DescribeProjectsCommand({ NextToken: 'not-a-token' })));
    expect(forged).toBeInstanceOf(InvalidPaginationTokenException);
    const first = await client.send(new DescribeProjectsCommand({ MaxResults: 1 }));
    const other = await rejection(
      client.send(
        new DescribeProjectsCommand({ MaxResults: 1, ProjectNames: ['line-a'], NextToken: first.NextToken }),
      ),
    );
    expect(other).toBeInstanceOf(InvalidPaginationTokenException);
  });

  it.each([
    ['an unknown project ARN', projectArn('nope', lineA)],
    ['a known project with another creation stamp', projectArn('line-a', lineA + 1)],
    ['a project of another region', projectArn('plant-eu', lineB, 'eu-west-1')],
  ])('answers ResourceNotFoundException to DescribeProjectVersions for %s', async (_, arn) => {
    const error = await rejection(client.send(new DescribeProjectVersionsCommand({ ProjectArn: arn })));
    expect(error).toBeInstanceOf(ResourceNotFoundException);
    expect(error.$metadata).toMatchObject({ httpStatusCode: 400 });
  });

  it.each([
    [
      '11 ProjectNames',
      'DescribeProjects',
      { ProjectNames: Array.from({ length: 11 }, (_, i) => `p${i}`) },
      "at 'ProjectNames'",
    ],
    ['MaxResults 101', 'DescribeProjects', { MaxResults: 101 }, "Value '101' at 'MaxResults'"],
    [
      'no ProjectArn',
      'DescribeProjectVersions',
      {},
      "at 'ProjectArn' failed to satisfy constraint: Member must not be null",
    ],
    [
      'a version name with a space',
      'DescribeProjectVersions',
      { ProjectArn: projectArn('line-a', lineA), VersionNames: ['a b'] },
      "at 'VersionNames.1'",
    ],
    [
      'MinInferenceUnits 0',
      'StartProjectVersion',
      { ProjectVersionArn: versionArn('line-a', 'v1', lineA, lineA), MinInferenceUnits: 0 },
      "Value '0' at 'MinInferenceUnits'",
    ],
    [
      'a project ARN where a version ARN goes',
      'StopProjectVersion',
      { ProjectVersionArn: projectArn('line-a', lineA) },
      "at 'ProjectVersionArn' failed to satisfy constraint: Member must satisfy regular expression pattern",
    ],
  ])('answers ValidationException, with a __type body, for %s', async (_, operation, body, message) => {
    const answer = await awsJson(emulator.endpoint, operation, body);
    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    expect(answer.body.__type).toBe('ValidationException');
    expect(answer.body.Message).toContain(message);
  });

  it('starts a version: STARTING, then RUNNING after start-seconds, with its inference units shown', async () => {
    const arn = versionArn('line-a', 'v1', lineA, lineA);
    const started = await client.send(
      new StartProjectVersionCommand({ ProjectVersionArn: arn, MinInferenceUnits: 2, MaxInferenceUnits: 3 }),
    );
    expect(started.Status).toBe('STARTING');
    const describe = async () =>
      (
        await client.send(
          new DescribeProjectVersionsCommand({
            ProjectArn: projectArn('line-a', lineA),
            VersionNames: ['v1'],
          }),
        )
      ).ProjectVersionDescriptions?.[0];
    expect(await describe()).toMatchObject({
      Status: 'STARTING',
      MinInferenceUnits: 2,
      MaxInferenceUnits: 3,
    });
    clock.advance(minutes(10) - 1);
    expect((await describe())?.Status).toBe('STARTING');
    clock.advance(1);
    expect(await describe()).toMatchObject({ Status: 'RUNNING', MinInferenceUnits: 2 });
  });

  it('answers ResourceInUseException to a start while RUNNING and to a stop while STOPPING or not running', async () => {
    const arn = versionArn('line-a', 'v1', lineA, lineA);
    const again = await rejection(
      client.send(new StartProjectVersionCommand({ ProjectVersionArn: arn, MinInferenceUnits: 2 })),
    );
    expect(again).toBeInstanceOf(ResourceInUseException);
    expect(again.message).toContain('resourceInUseOnStartWhenActive');
    const notRunning = await rejection(
      client.send(
        new StopProjectVersionCommand({
          ProjectVersionArn: versionArn('line-a', 'v2.0', lineA, lineA + hours(1)),
        }),
      ),
    );
    expect(notRunning).toBeInstanceOf(ResourceInUseException);
    clock.advance(minutes(30));
    const stopped = await client.send(new StopProjectVersionCommand({ ProjectVersionArn: arn }));
    expect(stopped.Status).toBe('STOPPING');
    const twice = await rejection(client.send(new StopProjectVersionCommand({ ProjectVersionArn: arn })));
    expect(twice).toBeInstanceOf(ResourceInUseException);
    const whileStopping = await rejection(
      client.send(new StartProjectVersionCommand({ ProjectVersionArn: arn, MinInferenceUnits: 1 })),
    );
    expect(whileStopping).toBeInstanceOf(ResourceInUseException);
  });

  it('ends a stop in STOPPED after stop-seconds and bills RUNNING time times MinInferenceUnits', async () => {
    clock.advance(minutes(1));
    const history = emulator.runtime.rekognition
      .history()
      .find((h) => h.project === 'line-a' && h.version === 'v1');
    expect(history?.events.map((e) => [e.status, e.at - t0])).toEqual([
      ['TRAINING_COMPLETED', lineA - t0],
      ['STARTING', 0],
      ['RUNNING', minutes(10)],
      ['STOPPING', minutes(40)],
      ['STOPPED', minutes(41)],
    ]);
    const entry = emulator.runtime.rekognition
      .ledger()
      .models.find((m) => m.project === 'line-a' && m.version === 'v1');
    expect(entry?.intervals).toEqual([
      { from: t0 + minutes(10), to: t0 + minutes(40), status: 'RUNNING', inferenceUnits: 2 },
    ]);
    expect(entry?.inferenceUnitSeconds).toBe(2 * 30 * 60);
    expect(entry?.arn).toBe(versionArn('line-a', 'v1', lineA, lineA));
  });

  it('starts a STOPPED and a COPYING_COMPLETED version again; refuses an EXPIRED one', async () => {
    const arn = versionArn('line-a', 'v1', lineA, lineA);
    expect(
      (await client.send(new StartProjectVersionCommand({ ProjectVersionArn: arn, MinInferenceUnits: 1 })))
        .Status,
    ).toBe('STARTING');
    const copy = versionArn('line-a', 'copy_1', lineA, lineA + hours(2));
    expect(
      (await client.send(new StartProjectVersionCommand({ ProjectVersionArn: copy, MinInferenceUnits: 1 })))
        .Status,
    ).toBe('STARTING');
    const expired = await rejection(
      client.send(
        new StartProjectVersionCommand({
          ProjectVersionArn: versionArn('line-a', 'old', lineA, lineA + hours(3)),
          MinInferenceUnits: 1,
        }),
      ),
    );
    expect(expired).toBeInstanceOf(InvalidParameterException);
  });

  it('answers ResourceNotFoundException to a start of a version ARN with a wrong creation stamp', async () => {
    const error = await rejection(
      client.send(
        new StartProjectVersionCommand({
          ProjectVersionArn: versionArn('line-b', 'v1', lineB, lineB + 1),
          MinInferenceUnits: 1,
        }),
      ),
    );
    expect(error).toBeInstanceOf(ResourceNotFoundException);
  });

  it('keeps its Lookout for Vision side unchanged on the same port', async () => {
    expect(emulator.models().map((m) => [m.project, m.status])).toEqual([['lfv-project', 'TRAINED']]);
    expect(emulator.callLog()).toEqual([]);
  });
});
