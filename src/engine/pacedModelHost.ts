import { capabilitiesOf, type ModelHost, type ModelHostCapabilities, type ModelRef } from '../ports.js';
import { ForwardingHost } from './forwardingHost.js';

/** Default pace: 80% of Lookout for Vision's control-plane quota of 5 requests/s per region. */
export const DEFAULT_REQUESTS_PER_SECOND = 4;

export interface Pace {
  /** Calls per second to stay under (Lookout for Vision's control-plane quota is 5 per region). */
  readonly requestsPerSecond: number;
  /** The clock the quota is measured on, epoch ms. */
  readonly now: () => number;
  /** Waits `ms` on that clock. */
  readonly sleep: (ms: number) => Promise<void>;
}

/**
 * A ModelHost that spaces its calls to stay under the service's request-rate quota, per region,
 * so a burst (40 models opening at 06:00) is sent at the quota's pace instead of being throttled
 * and retried. Each call takes the next free slot of its region.
 */
export class PacedModelHost extends ForwardingHost {
  readonly #inner: ModelHost;
  readonly #pace: Pace;
  readonly #next = new Map<string, number>();

  constructor(inner: ModelHost, pace: Pace) {
    super();
    this.#inner = inner;
    this.#pace = pace;
  }

  /** When a call in `region` made now would begin: the next free slot of its region. */
  nextSlot(region: string | null): number {
    const now = this.#pace.now();
    return Math.max(now, this.#next.get(region ?? '') ?? now);
  }

  async #slot(region: string | null): Promise<void> {
    const key = region ?? '';
    const now = this.#pace.now();
    const gap = 1000 / this.#pace.requestsPerSecond;
    const at = Math.max(now, this.#next.get(key) ?? now);
    this.#next.set(key, at + gap);
    if (at > now) await this.#pace.sleep(at - now);
  }

  capabilitiesFor(ref: ModelRef): ModelHostCapabilities {
    return capabilitiesOf(this.#inner, ref);
  }

  protected override async route(region: string | null): Promise<ModelHost> {
    await this.#slot(region);
    return this.#inner;
  }
}
