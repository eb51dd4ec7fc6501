import { LookoutVisionClient, type LookoutVisionClientConfig } from '@aws-sdk/client-lookoutvision';

/** 2026-03-30T05:30:00Z: a Monday morning, an instant a window could open at. */
export const t0 = Date.parse('2026-03-30T05:30:00Z');

export interface VirtualClock {
  now(): number;
  advance(ms: number): void;
  set(at: number): void;
}

export function virtualClock(start = t0): VirtualClock {
  let at = start;
  return {
    now: () => at,
    advance: (ms) => {
      at += ms;
    },
    set: (to) => {
      at = to;
    },
  };
}

export function sdkClient(
  endpoint: string,
  config: Omit<LookoutVisionClientConfig, 'endpoint'> = {},
): LookoutVisionClient {
  return new LookoutVisionClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' },
    ...config,
  });
}

/** An Authorization header of the right form; the emulator does not verify signatures. */
export const fakeSigV4 = (region = 'us-east-1', service = 'lookoutvision'): string =>
  `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260330/${region}/${service}/aws4_request, ` +
  `SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`;

export interface RawAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Record<string, unknown>;
}

/** A request the SDK would refuse to send or would send differently: plain fetch. */
export async function raw(
  endpoint: string,
  method: string,
  path: string,
  options: { body?: string; headers?: Record<string, string>; signed?: boolean } = {},
): Promise<RawAnswer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.signed !== false) headers.Authorization = fakeSigV4();
  const response = await fetch(`${endpoint}${path}`, {
    method,
    headers,
    ...(options.body === undefined ? {} : { body: options.body }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : {} };
}

/** The error a promise rejects with (fails the test when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<Record<string, unknown> & Error> {
  try {
    await promise;
  } catch (error) {
    return error as Record<string, unknown> & Error;
  }
  throw new Error('expected the call to fail, and it succeeded');
}
