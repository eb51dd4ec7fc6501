import { seededRandom } from '../seededRandom.js';
import type { ModelRef } from './emulatorState.js';

/** Operation names (e.g. `StartModel`) a fault applies to; absent: every API request. */
type OperationFilter = { readonly operations?: readonly string[] };

export interface InternalErrorFault extends OperationFilter {
  /** Answer the next `count` requests with InternalServerException (500). */
  readonly count?: number;
  /** Also answer each request with this probability (0-1), drawn from a PRNG seeded with `seed`. */
  readonly probability?: number;
  readonly seed?: number;
  /** Retry-After header value, in seconds (default 1). */
  readonly retryAfterSeconds?: number;
}

export interface HostingFailureFault {
  /** The next `count` accepted starts end in HOSTING_FAILED instead of HOSTED. */
  readonly count: number;
  /** Restrict to one model (any of the three may be given). */
  readonly region?: string;
  readonly project?: string;
  readonly version?: string;
}

export interface LatencyFault extends OperationFilter {
  /** Real milliseconds added before each request is handled. */
  readonly ms: number;
}

export interface DropConnectionFault extends OperationFilter {
  /** Destroy the socket of the next `count` requests without an answer. */
  readonly count: number;
  /** `beforeHandling` (default): the request has no effect. `afterHandling`: it takes effect, the answer is lost. */
  readonly phase?: 'beforeHandling' | 'afterHandling';
}

export interface FaultConfig {
  readonly internalErrors?: InternalErrorFault;
  readonly hostingFailures?: HostingFailureFault;
  readonly latency?: LatencyFault;
  readonly dropConnections?: DropConnectionFault;
}

const applies = (filter: OperationFilter, operation: string | undefined): boolean =>
  filter.operations === undefined || (operation !== undefined && filter.operations.includes(operation));

/**
 * The faults in force and what is left of them. `set` replaces the kinds it names and keeps the
 * others; counts go down as faults are injected.
 */
export class FaultInjector {
  private config: {
    -readonly [K in keyof FaultConfig]?: FaultConfig[K];
  } = {};
  private random: () => number = Math.random;

  set(config: FaultConfig): void {
    for (const [kind, value] of Object.entries(config) as [
      keyof FaultConfig,
      FaultConfig[keyof FaultConfig],
    ][]) {
      if (value === undefined) continue;
      this.config = { ...this.config, [kind]: value };
    }
    if (config.internalErrors) this.random = seededRandom(config.internalErrors.seed ?? 1);
  }

  clear(): void {
    this.config = {};
  }

  /** The faults still in force, with their remaining counts. */
  current(): FaultConfig {
    return structuredClone(this.config);
  }

  latencyMs(operation: string | undefined): number {
    const latency = this.config.latency;
    return latency && applies(latency, operation) ? latency.ms : 0;
  }

  takeDrop(operation: string | undefined, phase: 'beforeHandling' | 'afterHandling'): boolean {
    const drop = this.config.dropConnections;
    if (!drop || drop.count <= 0 || (drop.phase ?? 'beforeHandling') !== phase || !applies(drop, operation)) {
      return false;
    }
    this.config.dropConnections = { ...drop, count: drop.count - 1 };
    return true;
  }

  /** The Retry-After seconds of an injected InternalServerException for this request, or undefined. */
  takeInternalError(operation: string | undefined): number | undefined {
    const fault = this.config.internalErrors;
    if (!fault || !applies(fault, operation)) return undefined;
    const retryAfter = fault.retryAfterSeconds ?? 1;
    if ((fault.count ?? 0) > 0) {
      this.config.internalErrors = { ...fault, count: (fault.count ?? 0) - 1 };
      return retryAfter;
    }
    if (fault.probability !== undefined && fault.probability > 0 && this.random() < fault.probability) {
      return retryAfter;
    }
    return undefined;
  }

  takeHostingFailure(ref: ModelRef): boolean {
    const fault = this.config.hostingFailures;
    if (!fault || fault.count <= 0) return false;
    if (
      (fault.region !== undefined && fault.region !== ref.region) ||
      (fault.project !== undefined && fault.project !== ref.project) ||
      (fault.version !== undefined && fault.version !== ref.version)
    ) {
      return false;
    }
    this.config.hostingFailures = { ...fault, count: fault.count - 1 };
    return true;
  }
}
