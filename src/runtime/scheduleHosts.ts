/**
 * The model hosts a schedule needs, one adapter per service its models use, behind ServiceHosts.
 * The Rekognition adapter (and its SDK client) is loaded and built only for a file with
 * Rekognition models, on its first call; the Lambda functions and `lvsched reconcile`/`status`
 * build their host here. Endpoints, credentials and retries come from the standard SDK
 * configuration (AWS_ENDPOINT_URL_LOOKOUTVISION, AWS_ENDPOINT_URL_REKOGNITION, AWS_ENDPOINT_URL).
 */

import type { LookoutVisionClient, LookoutVisionClientConfig } from '@aws-sdk/client-lookoutvision';
import { once } from '../aws/lazyClients.js';
import { lookoutVisionClients } from '../aws/lookoutVisionClient.js';
import { LookoutVisionHost } from '../aws/lookoutVisionHost.js';
import { ForwardingHost } from '../engine/forwardingHost.js';
import { type HostsByService, ServiceHosts } from '../engine/serviceHosts.js';
import type { HostService, ModelHost, ModelHostCapabilities } from '../ports.js';
import type { Schedule } from '../schedule/types.js';

/** The services the models of `schedule` use. */
export function servicesOf(schedule: Schedule): ReadonlySet<HostService> {
  return new Set(schedule.models.map((m) => m.service));
}

/** Client settings over the standard SDK configuration, for every client made (`simulate`: the emulator). */
export interface HostClientOptions {
  readonly clientConfig?: Pick<LookoutVisionClientConfig, 'endpoint' | 'credentials' | 'retryStrategy'>;
  /** Told of each client once, when it is made (`simulate` adds its virtual latency). */
  readonly onClient?: (client: { readonly middlewareStack: LookoutVisionClient['middlewareStack'] }) => void;
}

/** One ModelHost for `schedule`: an adapter for each service it uses, none for the others. */
export function scheduleHosts(
  schedule: Schedule,
  defaultRegion: string | null,
  options: HostClientOptions = {},
): ServiceHosts {
  return serviceHosts(servicesOf(schedule), defaultRegion, options);
}

/** One ModelHost with an adapter for each of `services`. */
export function serviceHosts(
  services: ReadonlySet<HostService>,
  defaultRegion: string | null,
  options: HostClientOptions = {},
): ServiceHosts {
  const region = { ...(defaultRegion === null ? {} : { defaultRegion }), ...options.clientConfig };
  const told = <C extends object>(clients: (r: string | null) => C) => {
    const seen = new WeakSet<C>();
    return (r: string | null): C => {
      const client = clients(r);
      if (options.onClient && !seen.has(client)) {
        seen.add(client);
        options.onClient(client as unknown as Parameters<NonNullable<HostClientOptions['onClient']>>[0]);
      }
      return client;
    };
  };
  const hosts: { -readonly [S in keyof HostsByService]: HostsByService[S] } = {};
  if (services.has('lookoutvision'))
    hosts.lookoutvision = new LookoutVisionHost(told(lookoutVisionClients(region)));
  if (services.has('rekognition')) {
    // Declared here, so that deciding needs no load; StartProjectVersion takes no client token.
    hosts.rekognition = new LazyHost({ idempotentStart: false }, async () => {
      const [{ RekognitionHost }, { rekognitionClients }] = await Promise.all([
        import('../aws/rekognitionHost.js'),
        import('../aws/rekognitionClient.js'),
      ]);
      return new RekognitionHost(told(rekognitionClients(region)));
    });
  }
  return new ServiceHosts(hosts);
}

/** A host whose adapter is loaded on its first call (a failed load is tried again by the next call). */
class LazyHost extends ForwardingHost {
  readonly capabilities: ModelHostCapabilities;
  readonly #get: () => Promise<ModelHost>;

  constructor(capabilities: ModelHostCapabilities, load: () => Promise<ModelHost>) {
    super();
    this.capabilities = capabilities;
    this.#get = once(load);
  }

  protected override route(): Promise<ModelHost> {
    return this.#get();
  }
}
