import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type { ModelRef } from '../ports.js';
import { LOOKOUTVISION } from '../schedule/serviceConstraints.generated.js';

/** The service's ClientToken pattern and length, from the service model. */
export const CLIENT_TOKEN_PATTERN = new RegExp(LOOKOUTVISION.ClientToken.pattern);
export const CLIENT_TOKEN_MAX = LOOKOUTVISION.ClientToken.maxLength;

export interface TokenInput {
  /** `open` for starts (anchored at an opening), `close` for stops (anchored at a closing). */
  readonly kind: 'open' | 'close';
  readonly ref: ModelRef;
  /** The opening or closing instant the call belongs to (epoch ms). */
  readonly anchor: number;
  /** Why this call: `a1` for the edge's first attempt, `a2`.. for retries, `r5a1` for reconcile slot 5. */
  readonly cause: string;
  readonly minInferenceUnits?: number;
  readonly maxInferenceUnits?: number | null;
}

/** `20260330t0530z`: an instant to the minute, in token-safe characters. */
function compactInstant(instant: number): string {
  const iso = new Date(instant).toISOString(); // 2026-03-30T05:30:00.000Z
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}t${iso.slice(11, 13)}${iso.slice(14, 16)}z`;
}

/**
 * A deterministic client token: the same inputs give the same token, so retries and duplicate
 * deliveries collapse into one call; any changed input (attempt, reconcile slot, inference units)
 * gives a new one, so a real new attempt is neither swallowed by the service's 8-hour token cache
 * nor rejected as a parameter mismatch. Readable prefix for CloudTrail, then a SHA-256 digest.
 *
 * @example
 * clientToken({ kind: 'open', ref, anchor: Date.parse('2026-03-30T05:30:00Z'), cause: 'a1', minInferenceUnits: 1 })
 * // 'open-20260330t0530z-a1-' + 24 hex digits
 */
export function clientToken(input: TokenInput): string {
  const canonical = [
    'v1',
    input.kind,
    input.ref.region ?? '',
    input.ref.project,
    input.ref.version,
    String(input.anchor),
    input.cause,
    String(input.minInferenceUnits ?? ''),
    String(input.maxInferenceUnits ?? ''),
  ].join('\n');
  const digest = bytesToHex(sha256(utf8ToBytes(canonical))).slice(0, 24);
  const prefix = `${input.kind}-${compactInstant(input.anchor)}-${input.cause.replace(/[^a-zA-Z0-9]/g, '')}-`;
  return `${prefix.slice(0, CLIENT_TOKEN_MAX - digest.length)}${digest}`;
}
