import {
  capabilitiesOf,
  type HostService,
  type ModelHost,
  type ModelRef,
  type ObservedModel,
  type StartRequest,
} from '../ports.js';
import { serviceHosts } from '../runtime/scheduleHosts.js';
import type { DiscreteClock } from './discreteClock.js';
import { virtualTimeRetries } from './virtualTimeRetries.js';

export interface SimulatedHostOptions {
  readonly endpoint: string;
  readonly clock: DiscreteClock;
  readonly defaultRegion: string;
  /** The services to build adapters for, as a schedule's models use them (default: both). */
  readonly services?: ReadonlySet<HostService>;
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
  /** SDK attempts per call, the first included (default 6, as the Lambda adapter). */
  readonly maxAttempts?: number;
  /** Virtual ms each HTTP attempt takes before the emulator sees it, by operation (e.g. `StartModel`). */
  readonly latencyMs: (operation: string) => number;
  /** Wraps the SDK-backed host (tests: a service that ignores stops). */
  readonly wrap?: (host: ModelHost) => ModelHost;
}

const BOTH: ReadonlySet<HostService> = new Set(['lookoutvision', 'rekognition']);

/**
 * The production hosts ({@link serviceHosts}, as the Lambda functions and `lvsched reconcile`
 * build them: real SDK clients and adapters routed by `ServiceHosts`, the Rekognition one loaded on
 * first use) against the emulator, on a discrete clock: every HTTP attempt first waits its modelled
 * latency in virtual time (so concurrent calls reach the emulator one by one, in a fixed order),
 * SDK back-offs wait in virtual time ({@link virtualTimeRetries}), and the rest of a call is real
 * work during which time stands still.
 */
export function simulatedHost(options: SimulatedHostOptions): ModelHost {
  const { clock } = options;
  const maxAttempts = options.maxAttempts ?? 6;
  const sdkHost = serviceHosts(options.services ?? BOTH, options.defaultRegion, {
    clientConfig: {
      endpoint: options.endpoint,
      credentials: options.credentials ?? { accessKeyId: 'SIMULATED', secretAccessKey: 'SIMULATED' },
      retryStrategy: virtualTimeRetries(maxAttempts, (ms) => clock.pause(ms)),
    },
    onClient: (client) =>
      client.middlewareStack.add(
        (next, context) => async (args) => {
          const operation = String(context.commandName ?? '').replace(/Command$/, '');
          await clock.pause(options.latencyMs(operation));
          return next(args);
        },
        // Innermost: once per HTTP attempt, after the retry and signing middleware.
        { step: 'deserialize', priority: 'low', name: 'simulatedLatency' },
      ),
  });
  const inner = options.wrap ? options.wrap(sdkHost) : sdkHost;
  return {
    capabilitiesFor: (ref: ModelRef) => capabilitiesOf(inner, ref),
    listModels: (
      region: string | null,
      project: string,
      versions?: readonly string[],
      service?: HostService,
    ): Promise<ReadonlyMap<string, ObservedModel>> =>
      clock.busy(() => inner.listModels(region, project, versions, service)),
    describeModel: (ref: ModelRef): Promise<ObservedModel> => clock.busy(() => inner.describeModel(ref)),
    startModel: (ref: ModelRef, request: StartRequest) => clock.busy(() => inner.startModel(ref, request)),
    stopModel: (ref: ModelRef, clientToken: string) => clock.busy(() => inner.stopModel(ref, clientToken)),
  };
}
