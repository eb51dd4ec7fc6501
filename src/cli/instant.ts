import { DateTime } from 'luxon';
import { UsageError } from '../errors.js';

/**
 * An instant from a command-line flag: ISO-8601 with an offset or `Z`; a value without an offset
 * is read as UTC, a bare date as UTC midnight.
 */
export function parseInstantFlag(flag: string, text: string): number {
  const dt = DateTime.fromISO(text.trim(), { zone: 'utc', setZone: true });
  if (!dt.isValid) {
    throw new UsageError(
      `${flag} "${text}" is not an ISO-8601 instant (like 2026-12-01T06:00:00+01:00 or 2026-12-01)`,
    );
  }
  return dt.toMillis();
}
