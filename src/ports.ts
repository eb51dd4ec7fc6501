/**
 * The engine's ports: small interfaces with plain data in and out. Adapters implement them for
 * AWS (src/aws) and for local runs (src/local); the engine never knows which.
 */
import type { LOOKOUTVISION_MODEL_STATUSES } from './serviceModel/serviceEnums.generated.js';

/** The services a model can be hosted by (the schedule file's `service`). */
export type HostService = 'lookoutvision' | 'rekognition';

/** Which model, where. `region` null means "the SDK's configured region". */
export interface ModelRef {
  readonly region: string | null;
  readonly project: string;
  readonly version: string;
  /** The service that hosts it; absent: Lookout for Vision. */
  readonly service?: HostService;
}

/**
 * Lookout for Vision's ModelStatus, plus NOT_FOUND for a model the service does not know and
 * UNKNOWN for a model that could not be observed (the call failed): never NOT_FOUND for that.
 */
export type ModelStatus = (typeof LOOKOUTVISION_MODEL_STATUSES)[number] | 'NOT_FOUND' | 'UNKNOWN';

/** What the service says about a model now. */
export interface ObservedModel {
  readonly status: ModelStatus;
  readonly statusMessage: string | null;
  /** Inference units of the current hosting, where the call reports them (DescribeModel does). */
  readonly minInferenceUnits?: number | null;
  readonly maxInferenceUnits?: number | null;
}

export interface StartRequest {
  readonly minInferenceUnits: number;
  readonly maxInferenceUnits: number | null;
  readonly clientToken: string;
}

/** Why a call to the service failed, as the engine needs to tell failures apart. */
export type HostErrorKind =
  | 'throttled'
  | 'unavailable'
  | 'conflict'
  | 'not-found'
  | 'access-denied'
  | 'quota'
  | 'invalid'
  /** Any other client error (4xx): expired or unrecognised credentials, a bad signature, ... */
  | 'rejected'
  /** Not classified by an adapter (not an SDK error): tried again, like a network error. */
  | 'unknown';

/** Marks a HostError made by any copy of this module (a global symbol, the same in every copy). */
const HOST_ERROR: unique symbol = Symbol.for('lvsched.HostError');

/**
 * A failed call to the model host, classified; `retryable` failures (throttling, 5xx, network)
 * are tried again later, every other failure is alerted at once.
 */
export class HostError extends Error {
  /**
   * `instanceof HostError` holds for a HostError of any copy of this class: each lazily loaded
   * adapter (the Rekognition one) is bundled with its own copy of this module, and the engine must
   * still read its errors' kinds rather than take them for unknown errors.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && HOST_ERROR in value;
  }
  readonly [HOST_ERROR] = true;
  override name = 'HostError';
  readonly kind: HostErrorKind;
  readonly code: string;
  constructor(kind: HostErrorKind, code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.kind = kind;
    this.code = code;
  }
  get retryable(): boolean {
    return this.kind === 'throttled' || this.kind === 'unavailable' || this.kind === 'unknown';
  }
}

/** The service that hosts models (Lookout for Vision; later others with the same shape). */
export interface ModelHost {
  /** Status of every version of a project, in one listing (one ListModels, paginated). */
  /** With `versions`, the listing may cover only them (Rekognition asks by VersionNames, 10 per call). */
  /** With `service`, a host that serves several services (ServiceHosts) asks that one. */
  listModels(
    region: string | null,
    project: string,
    versions?: readonly string[],
    service?: HostService,
  ): Promise<ReadonlyMap<string, ObservedModel>>;
  /** Status of one model (DescribeModel). */
  describeModel(ref: ModelRef): Promise<ObservedModel>;
  /** StartModel; returns the status the service answered (a cached one for a repeated token). */
  startModel(ref: ModelRef, request: StartRequest): Promise<{ status: string }>;
  /** StopModel. */
  stopModel(ref: ModelRef, clientToken: string): Promise<{ status: string }>;
  /**
   * When a call in `region` made now would begin (epoch ms), for hosts that pace their calls
   * (PacedModelHost); the engine hands work off as timers rather than begin a call after its
   * invocation's deadline. Absent: calls begin at once.
   */
  nextSlot?(region: string | null): number;
}

/** Call back at an instant with a payload; the same payload at the same instant is one timer. */
export interface Timers {
  set(at: number, payload: TimerPayload): Promise<void>;
}

/** Delivers alerts; one alert per failure event (the engine gives each a stable `key`). */
export interface Alerts {
  send(alert: Alert): Promise<void>;
}

/** What a timer carries back to the engine (one zod schema: src/timerPayload.ts). */
export type { TimerPayload } from './timerPayload.js';

import type { TimerPayload } from './timerPayload.js';

export type AlertCause =
  | 'start-failed'
  | 'not-hosted-by-deadline'
  | 'start-rejected'
  | 'stop-rejected'
  | 'stop-failed'
  | 'model-not-found'
  | 'model-unavailable'
  | 'corrected'
  | 'gave-up';

/** One failure event, with what an operator needs to act on it. */
export interface Alert {
  /** Stable per failure event: repeats of the same event carry the same key. */
  readonly key: string;
  readonly at: number;
  readonly cause: AlertCause;
  readonly model: string;
  readonly ref: ModelRef;
  /** The window concerned (epoch ms), when there is one. */
  readonly window: { readonly open: number; readonly close: number } | null;
  readonly message: string;
  readonly status: ModelStatus | null;
  readonly statusMessage: string | null;
  readonly clientToken: string | null;
  readonly attempt: number | null;
}

// ---- Issue 8 (Rekognition Custom Labels adapter): optional additions, merged into the declarations
// above, so that existing adapters and callers compile unchanged. ----

/** What differs between services, declared by the adapter so the engine needs no `if (service === ...)`. */
export interface ModelHostCapabilities {
  /** The service honours a start's client token (Lookout for Vision: true; Rekognition: false). When
   * false, a start is safe only right after an observation shows the model TRAINED-equivalent. */
  readonly idempotentStart: boolean;
}

export interface ObservedModel {
  /** The service's own status word when the engine's `status` is a translation (e.g. Rekognition's STOPPED). */
  readonly serviceStatus?: string;
}

export interface ModelHost {
  /** Absent: Lookout for Vision's (`idempotentStart: true`). */
  readonly capabilities?: ModelHostCapabilities;
  /** The capabilities of the adapter that serves `ref`, for hosts that route to several (ServiceHosts). */
  capabilitiesFor?(ref: ModelRef): ModelHostCapabilities;
}

/** What the adapter serving `ref` declares (Lookout for Vision's when it declares nothing). */
export function capabilitiesOf(host: ModelHost, ref: ModelRef): ModelHostCapabilities {
  return host.capabilitiesFor?.(ref) ?? host.capabilities ?? { idempotentStart: true };
}

// --- Runtime ports (the composition root, src/runtime/createRuntime.ts, puts these around the engine) ---

/**
 * Cross-container at-most-once for alerts: the first `claim` of a key (or of one whose claim has
 * expired) wins; the alert is published only by the invocation that won, and `release` gives the
 * key back when publishing failed so that a retry can publish.
 */
export interface AlertLedger {
  claim(key: string, expiresAt: number, now: number): Promise<boolean>;
  release(key: string): Promise<void>;
}

/** An event that was rejected (bad payload, dated in the future): kept for an operator, never retried. */
export interface DeadLetter {
  readonly function: string;
  readonly reason: string;
  readonly event: unknown;
  /** When it was rejected, epoch ms. */
  readonly at: number;
  readonly requestId: string;
}

/** Where rejected events go at once (the SQS dead-letter queue in Lambda). */
export interface DeadLetters {
  send(letter: DeadLetter): Promise<void>;
}

export type MetricUnit = 'Count' | 'Milliseconds' | 'None';

export interface MetricValue {
  readonly name: string;
  readonly unit: MetricUnit;
  /** One value, or several. */
  readonly value: number | readonly number[];
}

/** Metrics of one invocation (EMF log lines in Lambda). */
export interface MetricsSink {
  emit(timestamp: number, metrics: readonly MetricValue[]): void;
}
