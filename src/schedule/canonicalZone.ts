/**
 * Time-zone names as EventBridge Scheduler should receive them. Node accepts any case (`utc`,
 * `europe/berlin`) and old links (`US/Pacific-New`, removed from tzdata in 2020), and the name is
 * written verbatim into `ScheduleExpressionTimezone`; AWS documents only "the IANA name". So a name
 * is replaced by its canonical IANA spelling, with a warning that says which: another case by the
 * zone's own spelling, a link by the zone it links to (`UTC` and its aliases by `UTC`).
 */
import { isValidTimeZone } from './zone.js';
import { LINKS, ZONES } from './zoneNames.generated.js';

export type ZoneName =
  | { readonly ok: true; readonly name: string; readonly warning: string | null }
  | { readonly ok: false; readonly message: string };

const byLowerCase = new Map<string, string>();
for (const zone of ZONES) byLowerCase.set(zone.toLowerCase(), zone);
const linksByLowerCase = new Map<string, [string, string]>();
for (const [link, target] of Object.entries(LINKS)) linksByLowerCase.set(link.toLowerCase(), [link, target]);

/** tzdata's zone for UTC is `Etc/UTC`, but `UTC` is what AWS documents and this project defaults to. */
const UTC = 'UTC';
const asUtc = (zone: string) => (zone === 'Etc/UTC' ? UTC : zone);

/**
 * The canonical IANA name of a time-zone name, with a warning when it differs from what was
 * written, or why it cannot be used.
 *
 * @example
 * canonicalZone('europe/berlin') // { ok: true, name: 'Europe/Berlin', warning: 'timezone "europe/berlin" is spelt "Europe/Berlin" ...' }
 * canonicalZone('US/Pacific-New') // { ok: true, name: 'America/Los_Angeles', warning: '... links to ...' }
 */
export function canonicalZone(written: string): ZoneName {
  if (written === UTC) return { ok: true, name: UTC, warning: null };
  const lower = written.toLowerCase();
  const zone = lower === 'utc' ? UTC : byLowerCase.get(lower);
  if (zone !== undefined && isValidTimeZone(zone)) {
    if (zone === written) return { ok: true, name: zone, warning: null };
    return {
      ok: true,
      name: zone,
      warning: `timezone "${written}" is spelt "${zone}" in the IANA database; using "${zone}" (write it so)`,
    };
  }
  const link = linksByLowerCase.get(lower);
  if (link !== undefined && isValidTimeZone(link[1])) {
    const target = asUtc(link[1]);
    return {
      ok: true,
      name: target,
      warning: `timezone "${written}" is an old name (a link) for "${target}", which EventBridge Scheduler may not know; using "${target}" (write it so)`,
    };
  }
  if (isValidTimeZone(written)) {
    // Known to Node's ICU but not to the tzdata the names were taken from: use ICU's name if it is one.
    const resolved = new Intl.DateTimeFormat('en-US', { timeZone: written }).resolvedOptions().timeZone;
    const target =
      byLowerCase.get(resolved.toLowerCase()) ?? linksByLowerCase.get(resolved.toLowerCase())?.[1];
    if (target !== undefined) {
      return {
        ok: true,
        name: asUtc(target),
        warning: `timezone "${written}" is not an IANA zone name; it stands for "${asUtc(target)}", which is used (write it so)`,
      };
    }
    return {
      ok: false,
      message: `timezone "${written}" is not a zone of the IANA database (like Europe/Berlin or America/Chicago), so EventBridge Scheduler may not know it`,
    };
  }
  return {
    ok: false,
    message: `timezone "${written}" is not an IANA time zone (like Europe/Berlin or America/Chicago)`,
  };
}
