import { afterEach, describe, expect, it, vi } from 'vitest';
import { type EmulatorHandle, startEmulator } from '../../src/emulator/index.js';
import { HostError } from '../../src/ports.js';
import { scheduleHosts } from '../../src/runtime/scheduleHosts.js';
import { oneModel, onService } from '../engine/world.js';

const WINDOWS = '[{ days: daily, open: "08:00", close: "20:00" }]';

describe('the hosts a schedule needs', () => {
  let emulator: EmulatorHandle | undefined;
  afterEach(async () => {
    vi.unstubAllEnvs();
    await emulator?.close();
    emulator = undefined;
  });

  it('builds no Rekognition adapter for a file without Rekognition models', async () => {
    const hosts = scheduleHosts(oneModel(WINDOWS), 'us-east-1');
    const ref = { region: 'us-east-1', project: 'line-a', version: '1', service: 'rekognition' as const };
    await expect(hosts.describeModel(ref)).rejects.toBeInstanceOf(HostError);
    await expect(hosts.describeModel(ref)).rejects.toThrow(/no adapter for the service rekognition/);
  });

  it('reaches Custom Labels at AWS_ENDPOINT_URL_REKOGNITION and declares starts without a token', async () => {
    emulator = await startEmulator({
      models: [],
      rekognition: { versions: [{ project: 'line-a', version: '1', status: 'STOPPED' }] },
    });
    vi.stubEnv('AWS_ENDPOINT_URL_REKOGNITION', emulator.endpoint);
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'test');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'test');
    const hosts = scheduleHosts(onService(oneModel(WINDOWS), 'rekognition'), 'us-east-1');
    const ref = { region: 'us-east-1', project: 'line-a', version: '1', service: 'rekognition' as const };
    expect(hosts.capabilitiesFor(ref)).toEqual({ idempotentStart: false });
    await expect(hosts.describeModel(ref)).resolves.toMatchObject({
      status: 'TRAINED',
      serviceStatus: 'STOPPED',
    });
    // The Lookout for Vision side of a Rekognition-only file has no adapter either.
    await expect(hosts.describeModel({ ...ref, service: 'lookoutvision' })).rejects.toThrow(/no adapter/);
  });
});
