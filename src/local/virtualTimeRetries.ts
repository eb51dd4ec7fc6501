import type { LookoutVisionClientConfig } from '@aws-sdk/client-lookoutvision';

type RetryStrategyV2 = Extract<
  NonNullable<LookoutVisionClientConfig['retryStrategy']>,
  { refreshRetryTokenForRetry: unknown }
>;
type RetryToken = Awaited<ReturnType<RetryStrategyV2['acquireInitialRetryToken']>>;

/**
 * The SDK's standard retry policy (retry THROTTLING and TRANSIENT errors, `maxAttempts` in all,
 * back-off from 1 s for throttling and 50 ms otherwise, doubling, capped at 20 s, at least the
 * server's Retry-After up to back-off + 5 s), without jitter, waiting on a virtual clock
 * instead of real time: a simulated second of back-off costs nothing real, and the same failures
 * always give the same waits.
 */
export function virtualTimeRetries(
  maxAttempts: number,
  sleep: (ms: number) => Promise<void>,
): RetryStrategyV2 {
  const token = (retries: number): RetryToken => ({ getRetryCount: () => retries, getRetryDelay: () => 0 });
  return {
    acquireInitialRetryToken: async () => token(0),
    refreshRetryTokenForRetry: async (previous, info) => {
      const retries = previous.getRetryCount() + 1;
      const retryable = info.errorType === 'THROTTLING' || info.errorType === 'TRANSIENT';
      if (!retryable || retries >= maxAttempts) throw new Error('No retry token available');
      const backoff = Math.min((info.errorType === 'THROTTLING' ? 1000 : 50) * 2 ** (retries - 1), 20_000);
      // The SDK turns Retry-After into an instant on the real clock; back into whole seconds so
      // that real time spent meanwhile does not leak into the virtual back-off.
      const hint = info.retryAfterHint
        ? Math.round((info.retryAfterHint.getTime() - Date.now()) / 1000) * 1000
        : 0;
      await sleep(Math.max(backoff, Math.min(hint, backoff + 5000)));
      return token(retries);
    },
    recordSuccess: () => {},
  };
}
