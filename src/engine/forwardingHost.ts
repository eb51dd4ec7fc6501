import type { HostService, ModelHost, ModelRef, ObservedModel, StartRequest } from '../ports.js';

/**
 * A ModelHost that sends each call on to the host `route` picks for the call's region and service,
 * once `route` is done (a pace waits for its slot, a lazy host loads its adapter). The hosts that
 * wrap others (paced, per service, lazily loaded) differ only in their route.
 */
export abstract class ForwardingHost implements ModelHost {
  protected abstract route(
    region: string | null,
    service: HostService | undefined,
  ): ModelHost | Promise<ModelHost>;

  async listModels(
    region: string | null,
    project: string,
    versions?: readonly string[],
    service?: HostService,
  ): Promise<ReadonlyMap<string, ObservedModel>> {
    return this.#to(region, service, (h) => h.listModels(region, project, versions, service));
  }

  async describeModel(ref: ModelRef): Promise<ObservedModel> {
    return this.#to(ref.region, ref.service, (h) => h.describeModel(ref));
  }

  async startModel(ref: ModelRef, request: StartRequest): Promise<{ status: string }> {
    return this.#to(ref.region, ref.service, (h) => h.startModel(ref, request));
  }

  async stopModel(ref: ModelRef, clientToken: string): Promise<{ status: string }> {
    return this.#to(ref.region, ref.service, (h) => h.stopModel(ref, clientToken));
  }

  #to<T>(
    region: string | null,
    service: HostService | undefined,
    call: (host: ModelHost) => Promise<T>,
  ): Promise<T> {
    const host = this.route(region, service);
    return host instanceof Promise ? host.then(call) : call(host);
  }
}
