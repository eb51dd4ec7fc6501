import {
  capabilitiesOf,
  HostError,
  type HostService,
  type ModelHost,
  type ModelHostCapabilities,
  type ModelRef,
} from '../ports.js';
import { ForwardingHost } from './forwardingHost.js';

/** The adapter of each service a schedule uses; a service the file does not use has none. */
export type HostsByService = Partial<Record<HostService, ModelHost>>;

/**
 * One ModelHost over the adapters of several services: each call goes to the adapter of the
 * model's service (`ref.service`, absent: Lookout for Vision), so the engine stays service-neutral
 * and what differs between services is what each adapter declares (its capabilities).
 */
export class ServiceHosts extends ForwardingHost {
  readonly #hosts: HostsByService;

  constructor(hosts: HostsByService) {
    super();
    this.#hosts = hosts;
  }

  protected override route(_region: string | null, service: HostService | undefined): ModelHost {
    const name = service ?? 'lookoutvision';
    const host = this.#hosts[name];
    if (host === undefined) {
      // A configuration error of the composition root, not of the service: alerted, not retried.
      throw new HostError('invalid', 'NoAdapter', `no adapter for the service ${name} was configured`);
    }
    return host;
  }

  /** An unconfigured service declares nothing safe: its calls fail anyway. */
  capabilitiesFor(ref: ModelRef): ModelHostCapabilities {
    const host = this.#hosts[ref.service ?? 'lookoutvision'];
    return host === undefined ? { idempotentStart: false } : capabilitiesOf(host, ref);
  }
}
