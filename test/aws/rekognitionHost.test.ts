import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rekognitionClients } from '../../src/aws/rekognitionClient.js';
import { RekognitionHost } from '../../src/aws/rekognitionHost.js';
import { type EmulatorHandle, startEmulator } from '../../src/emulator/index.js';
import { seedStatuses } from '../../src/emulator/rekognition/rekognitionOptions.js';
import { HostError, type ModelRef } from '../../src/ports.js';
import { emulatorOnClock, rejection, TEST_CREDENTIALS, t0, type VirtualClock } from '../emulator/helpers.js';

/** A RekognitionHost of the emulator at `endpoint`, with the test keys and us-east-1 by default. */
const hostAt = (endpoint: string, options: { maxAttempts?: number } = {}) =>
  new RekognitionHost(
    rekognitionClients({ endpoint, credentials: TEST_CREDENTIALS, defaultRegion: 'us-east-1', ...options }),
  );
const ref = (project: string, version: string, region: string | null = null): ModelRef => ({
  region,
  project,
  version,
});

describe('RekognitionHost against the emulator, with the real SDK', () => {
  let clock: VirtualClock;
  let emulator: EmulatorHandle;
  let host: RekognitionHost;
  const calls = (operation: string, from = 0) =>
    emulator.runtime.rekognition
      .callLog()
      .slice(from)
      .filter((c) => c.operation === operation);

  beforeAll(async () => {
    ({ clock, emulator } = await emulatorOnClock({
      quota: false,
      startSeconds: 600,
      stopSeconds: 60,
      rekognition: {
        versions: [
          ...seedStatuses.map((status) => ({ project: 'statuses', version: status.toLowerCase(), status })),
          { project: 'line', version: 'v1', createdAt: t0 - 1000 },
          { project: 'line', version: 'v2', createdAt: t0 - 2000 },
          { project: 'line', version: 'v1', region: 'eu-west-1', createdAt: t0 - 5000 },
          ...Array.from({ length: 150 }, (_, i) => ({
            project: 'big',
            version: `v${i}`,
            createdAt: t0 - 1_000_000 + i,
          })),
        ],
      },
    }));
    host = hostAt(emulator.endpoint, { maxAttempts: 1 });
  });
  afterAll(async () => {
    await emulator.close();
  });

  it('declares that its starts carry no idempotency token', () => {
    expect(host.capabilities).toEqual({ idempotentStart: false });
  });

  it.each([
    ['TRAINING_COMPLETED', 'TRAINED'],
    ['COPYING_COMPLETED', 'TRAINED'],
    ['STOPPED', 'TRAINED'],
    ['TRAINING_IN_PROGRESS', 'TRAINING'],
    ['COPYING_IN_PROGRESS', 'TRAINING'],
    ['TRAINING_FAILED', 'TRAINING_FAILED'],
    ['COPYING_FAILED', 'TRAINING_FAILED'],
    ['DELETING', 'DELETING'],
    ['DEPRECATED', 'TRAINING_FAILED'],
    ['EXPIRED', 'TRAINING_FAILED'],
  ])('reads %s as %s and keeps the service’s word as serviceStatus', async (serviceStatus, status) => {
    const listing = await host.listModels(null, 'statuses');
    expect(listing.get(serviceStatus.toLowerCase())).toMatchObject({ status, serviceStatus });
  });

  it('resolves the project ARN once per region, then asks one DescribeProjectVersions per listing', async () => {
    const fresh = hostAt(emulator.endpoint);
    const before = emulator.runtime.rekognition.callLog().length;
    const first = await fresh.listModels(null, 'line');
    const second = await fresh.listModels('us-east-1', 'line', ['v1', 'v2']);
    const eu = await fresh.listModels('eu-west-1', 'line');
    expect([...first.keys()]).toEqual(['v1', 'v2']);
    expect([...second.keys()]).toEqual(['v1', 'v2']);
    expect([...eu.keys()]).toEqual(['v1']);
    expect(calls('DescribeProjects', before).map((c) => c.region)).toEqual([
      'us-east-1',
      'us-east-1',
      'eu-west-1',
    ]);
    expect(calls('DescribeProjectVersions', before)).toHaveLength(3);
  });

  it('caches the project ARN per instance: a second listing of the same region asks no DescribeProjects', async () => {
    const fresh = hostAt(emulator.endpoint);
    await fresh.listModels('us-east-1', 'line');
    const before = emulator.runtime.rekognition.callLog().length;
    await fresh.listModels('us-east-1', 'line');
    await fresh.describeModel(ref('line', 'v2', 'us-east-1'));
    expect(calls('DescribeProjects', before)).toEqual([]);
    expect(calls('DescribeProjectVersions', before)).toHaveLength(2);
  });

  it('follows every page of a project with more than 100 versions', async () => {
    const before = emulator.runtime.rekognition.callLog().length;
    const listing = await host.listModels(null, 'big');
    expect(listing.size).toBe(150);
    expect(calls('DescribeProjectVersions', before)).toHaveLength(2);
  });

  it('asks for named versions in chunks of at most 10 (the model allows no more)', async () => {
    const wanted = Array.from({ length: 25 }, (_, i) => `v${i * 6}`);
    const before = emulator.runtime.rekognition.callLog().length;
    const listing = await host.listModels(null, 'big', [...wanted, 'not-there']);
    expect([...listing.keys()].sort()).toEqual([...wanted].sort());
    expect(calls('DescribeProjectVersions', before).map((c) => c.statusCode)).toEqual([200, 200, 200]);
  });

  it('lists nothing for a project that does not exist, and describes its versions NOT_FOUND', async () => {
    expect((await host.listModels(null, 'nope')).size).toBe(0);
    expect((await host.describeModel(ref('nope', 'v1'))).status).toBe('NOT_FOUND');
    expect((await host.describeModel(ref('line', 'v9'))).status).toBe('NOT_FOUND');
  });

  it.each([
    ['a version that does not exist', ref('line', 'v9')],
    ['a project that does not exist', ref('nope', 'v1')],
  ])('answers a start or stop of %s with a not-found HostError, sending no start', async (_, target) => {
    const before = emulator.runtime.rekognition.callLog().length;
    const start = await rejection(
      host.startModel(target, { minInferenceUnits: 1, maxInferenceUnits: null, clientToken: 't' }),
    );
    expect(start).toBeInstanceOf(HostError);
    expect(start).toMatchObject({ kind: 'not-found', code: 'ResourceNotFoundException' });
    const stop = await rejection(host.stopModel(target, 't'));
    expect(stop).toMatchObject({ kind: 'not-found' });
    expect(calls('StartProjectVersion', before)).toEqual([]);
  });

  it('starts a version by its resolved ARN and observes STARTING_HOSTING, then HOSTED with its units', async () => {
    const started = await host.startModel(ref('line', 'v1'), {
      minInferenceUnits: 2,
      maxInferenceUnits: 4,
      clientToken: 'tok',
    });
    expect(started).toEqual({ status: 'STARTING_HOSTING', serviceStatus: 'STARTING' });
    expect(calls('StartProjectVersion').at(-1)).toMatchObject({
      project: 'line',
      version: 'v1',
      minInferenceUnits: 2,
      maxInferenceUnits: 4,
      statusCode: 200,
    });
    clock.advance(600_000);
    expect(await host.describeModel(ref('line', 'v1'))).toEqual({
      status: 'HOSTED',
      serviceStatus: 'RUNNING',
      statusMessage: expect.any(String),
      minInferenceUnits: 2,
      maxInferenceUnits: 4,
    });
  });

  it('classifies ResourceInUseException as a conflict (a start while RUNNING)', async () => {
    const error = await rejection(
      host.startModel(ref('line', 'v1'), { minInferenceUnits: 1, maxInferenceUnits: null, clientToken: 't' }),
    );
    expect(error).toMatchObject({ kind: 'conflict', code: 'ResourceInUseException', retryable: false });
  });

  it('stops a version: STOPPING_HOSTING, then TRAINED with serviceStatus STOPPED', async () => {
    expect(await host.stopModel(ref('line', 'v1'), 'tok')).toEqual({
      status: 'STOPPING_HOSTING',
      serviceStatus: 'STOPPING',
    });
    clock.advance(60_000);
    expect(await host.describeModel(ref('line', 'v1'))).toMatchObject({
      status: 'TRAINED',
      serviceStatus: 'STOPPED',
    });
  });

  it('classifies a constraint violation as invalid', async () => {
    const error = await rejection(
      host.startModel(ref('line', 'v2'), { minInferenceUnits: 0, maxInferenceUnits: null, clientToken: 't' }),
    );
    expect(error).toMatchObject({ kind: 'invalid', code: 'ValidationException' });
  });

  it('classifies throttling (ProvisionedThroughputExceeded), quota and server errors', async () => {
    const throttled = await startEmulator({
      clock,
      rekognition: {
        versions: [
          { project: 'q', version: 'a' },
          { project: 'q', version: 'b' },
        ],
        quota: { requestsPerSecond: 2, errorType: 'ProvisionedThroughputExceededException' },
        serviceQuotas: { maxActiveModelsPerRegion: 1 },
      },
    });
    try {
      const h = hostAt(throttled.endpoint, { maxAttempts: 1 });
      await h.listModels(null, 'q');
      const error = await rejection(h.listModels(null, 'q', ['a']));
      expect(error).toMatchObject({
        kind: 'throttled',
        code: 'ProvisionedThroughputExceededException',
        retryable: true,
      });
      clock.advance(10_000);
      await h.startModel(ref('q', 'a'), { minInferenceUnits: 1, maxInferenceUnits: null, clientToken: 't' });
      const quota = await rejection(
        h.startModel(ref('q', 'b'), { minInferenceUnits: 1, maxInferenceUnits: null, clientToken: 't' }),
      );
      expect(quota).toMatchObject({ kind: 'quota', code: 'LimitExceededException' });
      clock.advance(10_000);
      throttled.runtime.rekognition.faults.set({ internalErrors: { count: 1 } });
      const server = await rejection(h.listModels(null, 'q'));
      expect(server).toMatchObject({ kind: 'unavailable', code: 'InternalServerError', retryable: true });
    } finally {
      await throttled.close();
    }
  });
});
