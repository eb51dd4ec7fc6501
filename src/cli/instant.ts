import { UsageError } from '../errors.js';
import { parseIsoInstant } from '../schedule/isoInstant.js';
import { FIRST_YEAR, LAST_SCHEDULER_INSTANT } from '../schedule/limits.js';

/** The instants a command accepts: those EventBridge Scheduler can schedule (years 1970-2199). */
export const EARLIEST_INSTANT = Date.UTC(FIRST_YEAR, 0, 1);
export const LATEST_INSTANT = LAST_SCHEDULER_INSTANT + 1;

/**
 * An instant from a command-line flag: ISO-8601 with an offset or `Z`; a value without an offset
 * is read as UTC, a bare date as UTC midnight, a time alone (`06:00`) on the date of `now` (the
 * command's now, in the text's zone). Instants outside 1970-2199 are usage errors: no deployment
 * can act on them, and planning across centuries would only burn time.
 */
export function parseInstantFlag(flag: string, text: string, now: number): number {
  const at = parseIsoInstant(text.trim(), { today: now });
  if (at === null) {
    throw new UsageError(
      `${flag} "${text}" is not an ISO-8601 instant (like 2026-12-01T06:00:00+01:00 or 2026-12-01)`,
    );
  }
  if (!(at >= EARLIEST_INSTANT && at < LATEST_INSTANT)) {
    throw new UsageError(
      `${flag} "${text}" is outside 1970-01-01 to 2199-12-31 (UTC), the years Scheduler knows`,
    );
  }
  return at;
}

/** A period that would run past the end of 2199 is a usage error too. */
export function checkPeriodEnd(end: number): void {
  if (end > LATEST_INSTANT) {
    throw new UsageError(
      'the period must end by 2200-01-01T00:00:00Z: choose an earlier --from or a shorter one',
    );
  }
}
