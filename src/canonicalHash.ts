import { createHash } from 'node:crypto';

/**
 * The first `length` hex digits of a SHA-256 over `value` as JSON, with the keys of a plain object
 * payload sorted: the same payload always hashes the same, whatever order its keys were built in.
 * Deterministic names (timers) and claim keys (verify steps) are made from it.
 */
export function canonicalHash(value: readonly unknown[] | object, length: number): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, length);
}

/** A payload's entries sorted by key: the canonical form {@link canonicalHash} hashes. */
export function sortedEntries(payload: object): [string, unknown][] {
  return Object.entries(payload).sort(([a], [b]) => a.localeCompare(b));
}
