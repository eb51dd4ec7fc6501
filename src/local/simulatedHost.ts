import { LookoutVisionClient } from '@aws-sdk/client-lookoutvision';
import { RekognitionClient } from '@aws-sdk/client-rekognition';
import { LookoutVisionHost } from '../aws/lookoutVisionHost.js';
import { RekognitionHost } from '../aws/rekognitionHost.js';
import { ServiceHosts } from '../engine/serviceHosts.js';
import {
  capabilitiesOf,
  type HostService,
  type ModelHost,
  type ModelRef,
  type ObservedModel,
  type StartRequest,
} from '../ports.js';
import type { DiscreteClock } from './discreteClock.js';
import { virtualTimeRetries } from './virtualTimeRetries.js';

export interface SimulatedHostOptions {
  readonly endpoint: string;
  readonly clock: DiscreteClock;
  readonly defaultRegion: string;
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
  /** SDK attempts per call, the first included (default 6, as the Lambda adapter). */
  readonly maxAttempts?: number;
  /** Virtual ms each HTTP attempt takes before the emulator sees it, by operation (e.g. `StartModel`). */
  readonly latencyMs: (operation: string) => number;
  /** Wraps the SDK-backed host (tests: a service that ignores stops). */
  readonly wrap?: (host: ModelHost) => ModelHost;
}

/**
 * The real SDK clients and adapters (`LookoutVisionHost`, `RekognitionHost`, routed by
 * `ServiceHosts`) against the emulator, on a discrete clock: every
 * HTTP attempt first waits its modelled latency in virtual time (so concurrent calls reach the
 * emulator one by one, in a fixed order), SDK back-offs wait in virtual time
 * ({@link virtualTimeRetries}), and the rest of a call is real work during which time stands still.
 */
export function simulatedHost(options: SimulatedHostOptions): ModelHost {
  const { clock } = options;
  const maxAttempts = options.maxAttempts ?? 6;
  const clients = new Map<string, LookoutVisionClient | RekognitionClient>();
  function clientFor(service: 'lookoutvision', region: string | null): LookoutVisionClient;
  function clientFor(service: 'rekognition', region: string | null): RekognitionClient;
  function clientFor(service: HostService, region: string | null): LookoutVisionClient | RekognitionClient {
    const key = `${service}|${region ?? options.defaultRegion}`;
    let client = clients.get(key);
    if (client === undefined) {
      const config = {
        region: region ?? options.defaultRegion,
        endpoint: options.endpoint,
        credentials: options.credentials ?? { accessKeyId: 'SIMULATED', secretAccessKey: 'SIMULATED' },
        retryStrategy: virtualTimeRetries(maxAttempts, (ms) => clock.pause(ms)),
      };
      client = service === 'rekognition' ? new RekognitionClient(config) : new LookoutVisionClient(config);
      // The middleware reads only the command's name: the same for either client's stack.
      (client as LookoutVisionClient).middlewareStack.add(
        (next, context) => async (args) => {
          const operation = String(context.commandName ?? '').replace(/Command$/, '');
          await clock.pause(options.latencyMs(operation));
          return next(args);
        },
        // Innermost: once per HTTP attempt, after the retry and signing middleware.
        { step: 'deserialize', priority: 'low', name: 'simulatedLatency' },
      );
      clients.set(key, client);
    }
    return client;
  }
  const sdkHost = new ServiceHosts({
    lookoutvision: new LookoutVisionHost((region) => clientFor('lookoutvision', region)),
    rekognition: new RekognitionHost((region) => clientFor('rekognition', region)),
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
