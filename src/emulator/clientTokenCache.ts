import { conflict, EmulatedServiceError } from './emulatedServiceError.js';
import type { EmulatorAssumptions } from './emulatorAssumptions.js';

/** A call remembered under its client token. */
interface TokenRecord<R> {
  readonly at: number;
  /** The call's parameters: a repeat with others is an error, not a replay. */
  readonly fingerprint: string;
  /** The call in words, for the error a mismatched repeat gets. */
  readonly description: string;
  readonly result: R;
}

/**
 * Client tokens of a region's start and stop calls, each remembered for `tokenTtlMs`: a repeat
 * with the same parameters answers the first call's result, a repeat with others is refused.
 */
export class ClientTokenCache<R extends object> {
  private readonly records = new Map<string, TokenRecord<R>>();

  constructor(private readonly assumptions: Pick<EmulatorAssumptions, 'tokenTtlMs' | 'tokenMismatchError'>) {}

  /** The remembered result of `token` (marked replayed), undefined for a new token; throws on a mismatch. */
  replay(
    token: string | undefined,
    ref: { readonly region: string; readonly version: string },
    fingerprint: string,
    t: number,
  ): (R & { replayed: true }) | undefined {
    if (token === undefined) return undefined;
    for (const [k, record] of this.records) {
      if (t - record.at >= this.assumptions.tokenTtlMs) this.records.delete(k);
    }
    const record = this.records.get(tokenKey(ref.region, token));
    if (!record) return undefined;
    if (record.fingerprint === fingerprint) return { ...record.result, replayed: true };
    const message =
      `ClientToken ${token} was used for ${record.description} less than ` +
      `${this.assumptions.tokenTtlMs / 3_600_000} hours ago; a repeat must have the same parameters`;
    if (this.assumptions.tokenMismatchError === 'ValidationException') {
      throw new EmulatedServiceError('ValidationException', message);
    }
    throw conflict('MODEL', ref.version, message);
  }

  /** Remembers a call made with `token` (nothing without one). */
  remember(token: string | undefined, ref: { readonly region: string }, record: TokenRecord<R>): void {
    if (token !== undefined) this.records.set(tokenKey(ref.region, token), record);
  }
}

const tokenKey = (region: string, token: string): string => `${region}\u0000${token}`;
