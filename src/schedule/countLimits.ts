/**
 * Counts in the file's data against {@link LIMITS}: models, calendars, overrides, and the items of
 * every list of dates (a calendar, a `closedOn`, a window's `dates`). Checked before the structure
 * is validated, so a file over a limit costs no more than counting; each excess is located at the
 * first item beyond the limit.
 */
import type { Collector, Locator } from './diagnostics.js';
import { formatCount, LIMITS } from './limits.js';
import { isPlainObject } from './structureIssues.js';

/** Reports every count over its limit; true when there was one (the caller then stops). */
export function exceedsCountLimits(raw: Record<string, unknown>, loc: Locator, out: Collector): boolean {
  let exceeded = false;
  const over = (list: unknown, limit: number, path: (string | number)[], what: string): void => {
    if (!Array.isArray(list) || list.length <= limit) return;
    exceeded = true;
    out.error(
      loc.at([...path, limit]),
      `${what} has ${formatCount(list.length)} items; at most ${formatCount(limit)} are allowed`,
    );
  };
  over(raw.models, LIMITS.models, ['models'], 'models');
  over(raw.overrides, LIMITS.overrides, ['overrides'], 'overrides');
  if (isPlainObject(raw.calendars)) {
    const names = Object.keys(raw.calendars);
    if (names.length > LIMITS.calendars) {
      exceeded = true;
      out.error(
        loc.keyAt(['calendars'], names[LIMITS.calendars] as string),
        `calendars has ${formatCount(names.length)} calendars; at most ${formatCount(LIMITS.calendars)} are allowed`,
      );
    }
    for (const name of names.slice(0, LIMITS.calendars)) {
      const dates = raw.calendars[name];
      if (Array.isArray(dates) && dates.length > LIMITS.datesPerList) {
        exceeded = true;
        out.error(
          loc.at(['calendars', name, LIMITS.datesPerList]),
          `calendar "${name}" has more than ${formatCount(LIMITS.datesPerList)} dates (${formatCount(dates.length)}); use date ranges (A..B) or split it`,
        );
      }
    }
  }
  // Aliases share one list among many places: count each list once.
  const seen = new Set<unknown>();
  const models = Array.isArray(raw.models) ? raw.models.slice(0, LIMITS.models) : [];
  models.forEach((m, i) => {
    if (!isPlainObject(m)) return;
    if (!seen.has(m.closedOn)) {
      seen.add(m.closedOn);
      over(m.closedOn, LIMITS.datesPerList, ['models', i, 'closedOn'], `closedOn of models[${i}]`);
    }
    if (!Array.isArray(m.windows) || seen.has(m.windows)) return;
    seen.add(m.windows);
    over(m.windows, LIMITS.datesPerList, ['models', i, 'windows'], `windows of models[${i}]`);
    m.windows.forEach((w, j) => {
      if (!isPlainObject(w) || seen.has(w.dates)) return;
      seen.add(w.dates);
      over(
        w.dates,
        LIMITS.datesPerList,
        ['models', i, 'windows', j, 'dates'],
        `dates of models[${i}].windows[${j}]`,
      );
    });
  });
  return exceeded;
}
