/** Parts of the runtime's adapters that the runtime tests build alike, against the emulator on loopback. */
import { pino } from 'pino';
import { lookoutVisionClients } from '../../src/aws/lookoutVisionClient.js';
import { LookoutVisionHost } from '../../src/aws/lookoutVisionHost.js';
import type { RuntimeAdapters } from '../../src/runtime/createRuntime.js';
import { CREDENTIALS } from './dynalite.js';

/** The functions' host: the real SDK client against the emulator at `endpoint` (SDK retries by default). */
export const emulatorHost = (endpoint: string, options: { readonly maxAttempts?: number } = {}) =>
  new LookoutVisionHost(
    lookoutVisionClients({ defaultRegion: 'us-east-1', endpoint, credentials: CREDENTIALS, ...options }),
  );

/** Lambda's pace, 4 requests per second, whose waits move the test's virtual clock by `advance`. */
export const virtualPace = (advance: (ms: number) => void): RuntimeAdapters['pace'] => ({
  requestsPerSecond: 4,
  sleep: async (ms) => advance(ms),
});

/** Metrics dropped and logs silenced: what the tests read is the runtime's reports. */
export const quiet = (): Pick<RuntimeAdapters, 'metrics' | 'logger'> => ({
  metrics: { emit: () => {} },
  logger: pino({ level: 'silent' }),
});
