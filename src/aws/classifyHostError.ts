import { HostError, type HostErrorKind } from '../ports.js';

/** Throttling error names shared by AWS services and the SDK's own retry classification. */
const THROTTLING_NAMES = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottledException',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'TransactionInProgressException',
  'RequestLimitExceeded',
  'BandwidthLimitExceeded',
  'RequestThrottled',
  'SlowDown',
  'PriorRequestNotComplete',
  'EC2ThrottledException',
]);

/** An SDK error as far as classification needs it. */
interface SdkError {
  readonly name?: string;
  readonly message?: string;
  readonly $fault?: 'client' | 'server';
  readonly $retryable?: { readonly throttling?: boolean };
  readonly $metadata?: { readonly httpStatusCode?: number };
}

/**
 * Classifies a failed SDK call, for every service host: first by the service's own error names
 * (`serviceKinds`, from its model), then by the SDK's `$fault`/`$retryable`, the HTTP status and
 * the common throttling names. Throttling, 5xx and network errors (no HTTP answer) are retried;
 * every other client error (unknown 4xx such as ExpiredToken, InvalidSignatureException or
 * UnrecognizedClientException) is `rejected`, alerted at once rather than retried. A HostError
 * passes through as it is.
 */
export function classifyHostError(
  error: unknown,
  operation: string,
  serviceKinds: Readonly<Record<string, HostErrorKind>>,
): HostError {
  if (error instanceof HostError) return error;
  const e = (error ?? {}) as SdkError;
  const name = e.name ?? 'Error';
  const status = e.$metadata?.httpStatusCode;
  const known = serviceKinds[name];
  let kind: HostErrorKind;
  if (known !== undefined) kind = known;
  else if (e.$retryable?.throttling === true || THROTTLING_NAMES.has(name) || status === 429)
    kind = 'throttled';
  else if (e.$fault === 'server' || (status !== undefined && status >= 500) || e.$retryable !== undefined)
    kind = 'unavailable';
  else if (e.$fault === 'client' || status !== undefined) kind = 'rejected';
  // No HTTP answer at all: a reset connection, a time-out, a DNS failure.
  else kind = 'unavailable';
  return new HostError(kind, name, `${operation}: ${name}: ${e.message ?? String(error)}`, { cause: error });
}
