/** Parts of the runtime's adapters that the runtime tests build alike, against the emulator on loopback. */
import { pino } from 'pino';
import { lookoutVisionClients } from '../../src/aws/lookoutVisionClient.js';
import { LookoutVisionHost } from '../../src/aws/lookoutVisionHost.js';
import { DEFAULT_REQUESTS_PER_SECOND } from '../../src/engine/pacedModelHost.js';
import type { RuntimeAdapters } from '../../src/runtime/createRuntime.js';
import { TEST_CREDENTIALS } from '../emulator/helpers.js';

/**
 * The functions' host: the real SDK client against the emulator at `endpoint` (SDK retries by
 * default; `maxAttempts: 1` for one attempt per call). The one such builder of the tests in
 * test/runtime and test/engine.
 */
export const emulatorHost = (endpoint: string, options: { readonly maxAttempts?: number } = {}) =>
  new LookoutVisionHost(
    lookoutVisionClients({ defaultRegion: 'us-east-1', endpoint, credentials: TEST_CREDENTIALS, ...options }),
  );

/** Lambda's pace (DEFAULT_REQUESTS_PER_SECOND, as the functions run unless told), whose waits move the test's virtual clock by `advance`. */
export const virtualPace = (advance: (ms: number) => void): RuntimeAdapters['pace'] => ({
  requestsPerSecond: DEFAULT_REQUESTS_PER_SECOND,
  sleep: async (ms) => advance(ms),
});

/** Metrics dropped and logs silenced: what the tests read is the runtime's reports. */
export const quiet = (): Pick<RuntimeAdapters, 'metrics' | 'logger'> => ({
  metrics: { emit: () => {} },
  logger: pino({ level: 'silent' }),
});
