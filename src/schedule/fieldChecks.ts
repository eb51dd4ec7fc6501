/**
 * Checks of single values whose meaning a shape cannot carry: time zones (canonicalised), lead
 * times, regions, the reconcile period, and override instants (offsets within +-18:00, years
 * within EventBridge Scheduler's 1970-2199). Each takes a value the schema accepted (null: written
 * but rejected there, and reported), reports located diagnostics and returns the value to use, or
 * a default when the value is wrong.
 */
import { canonicalZone } from './canonicalZone.js';
import type { Collector, Locator, Path } from './diagnostics.js';
import { parseIsoInstant } from './isoInstant.js';
import { FIRST_YEAR, LAST_YEAR, MAX_OFFSET_MINUTES } from './limits.js';
import { REKOGNITION_CUSTOM_LABELS_REGIONS, SERVICE_TITLES, type ServiceName } from './serviceNames.js';
import { show } from './structureIssues.js';
import { parseDuration } from './syntax.js';
import { DAY, HOUR, MINUTE } from './zone.js';

/** Built-in defaults when a key is absent everywhere. */
export const BUILT_IN = {
  timezone: 'UTC',
  minInferenceUnits: 1,
  leadTimeMs: 0,
  inferenceUnitHour: 4.0,
  currency: 'USD',
  reconcileEveryMs: 15 * MINUTE,
} as const;

/** Regions where Lookout for Vision was offered (aws-facts.md; the service model does not list them). */
export const LOOKOUTVISION_REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-2',
  'eu-west-1',
  'eu-central-1',
  'ap-northeast-1',
  'ap-northeast-2',
] as const;

const MAX_LEAD_TIME_MS = 24 * HOUR;

/**
 * The canonical zone name for a `timezone` value: undefined when absent, null when it is not a
 * zone (reported), else the IANA name (a warning when it was written otherwise).
 */
export function checkZone(
  value: string | null | undefined,
  path: Path,
  loc: Locator,
  out: Collector,
): string | null | undefined {
  if (value === undefined || value === null) return value;
  const zone = canonicalZone(value);
  if (!zone.ok) {
    out.error(loc.at(path), zone.message);
    return null;
  }
  if (zone.warning !== null) out.warn(loc.at(path), zone.warning);
  return zone.name;
}

/** Milliseconds of a `leadTime`: under a day. */
export function checkLeadTime(
  value: string | 0 | null | undefined,
  path: Path,
  loc: Locator,
  out: Collector,
): number {
  if (value === 0) return 0;
  if (value === undefined || value === null) return BUILT_IN.leadTimeMs;
  const ms = parseDuration(value);
  if (ms === undefined) return BUILT_IN.leadTimeMs;
  if (ms >= MAX_LEAD_TIME_MS) {
    out.error(loc.at(path), `leadTime "${value}" must be shorter than 24h`);
    return BUILT_IN.leadTimeMs;
  }
  return ms;
}

/** Regions each service is (or was) offered in. */
const SERVICE_REGIONS: Readonly<Record<ServiceName, readonly string[]>> = {
  lookoutvision: LOOKOUTVISION_REGIONS,
  rekognition: REKOGNITION_CUSTOM_LABELS_REGIONS,
};

/** Warns when a region is not one where each of `services` is offered. */
export function checkRegion(
  value: string | null | undefined,
  path: Path,
  services: Iterable<ServiceName>,
  loc: Locator,
  out: Collector,
): void {
  if (value === undefined || value === null) return;
  for (const service of new Set(services)) {
    const regions = SERVICE_REGIONS[service];
    if (regions.includes(value)) continue;
    out.warn(
      loc.at(path),
      service === 'lookoutvision'
        ? `region "${value}" is not one where Lookout for Vision was offered (${regions.join(', ')})`
        : `region "${value}" is not one where ${SERVICE_TITLES[service]} is offered (${regions.join(', ')})`,
    );
  }
}

/** Milliseconds of `reconcile.every`: whole minutes from 1m to 24h. */
export function checkReconcile(value: string | 0 | null | undefined, loc: Locator, out: Collector): number {
  if (value === undefined || value === null) return BUILT_IN.reconcileEveryMs;
  const ms = value === 0 ? 0 : parseDuration(value);
  if (ms === undefined) return BUILT_IN.reconcileEveryMs;
  if (ms < MINUTE || ms % MINUTE !== 0 || ms > DAY) {
    out.error(
      loc.at(['reconcile', 'every']),
      `reconcile every "${value}" must be whole minutes from 1m to 24h (EventBridge Scheduler rates are in minutes)`,
    );
    return BUILT_IN.reconcileEveryMs;
  }
  return ms;
}

const NUMERIC_OFFSET = /[+-](\d{2}):(\d{2})$/;

/** Epoch ms of an override's `from`/`until`, or null (reported here or by the schema). */
export function parseInstant(
  value: string | null | undefined,
  path: Path,
  loc: Locator,
  out: Collector,
): number | null {
  if (value === undefined || value === null) return null;
  // The schema accepts only a full date and time ending in `Z` or `+HH:MM`/`-HH:MM` (without an
  // offset it has no single meaning), so no match here means `Z`.
  const offset = NUMERIC_OFFSET.exec(value);
  if (offset !== null) {
    const minutes = Number(offset[1]) * 60 + Number(offset[2]);
    if (Number(offset[2]) > 59 || minutes > MAX_OFFSET_MINUTES) {
      out.error(
        loc.at(path),
        `${show(value)} has the offset ${offset[0]}; an offset is at most 18:00 either way (-18:00 to +18:00, minutes 00-59)`,
      );
      return null;
    }
  }
  const at = parseIsoInstant(value);
  if (at === null) {
    out.error(loc.at(path), `${show(value)} is not a real date and time`);
    return null;
  }
  const year = new Date(at).getUTCFullYear();
  if (year < FIRST_YEAR || year > LAST_YEAR) {
    out.error(
      loc.at(path),
      `${show(value)} is in ${year}; instants must be within ${FIRST_YEAR}-${LAST_YEAR} (UTC), the years EventBridge Scheduler accepts`,
    );
    return null;
  }
  return at;
}
