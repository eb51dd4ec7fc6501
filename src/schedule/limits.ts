/**
 * How much a schedule file may ask for. Every limit keeps `validate`, `plan` and `serverless
 * package` bounded in time and memory whatever the text is, and each is far above what a real
 * schedule needs (the README's "Limits" table lists them). Exceeding one is a located error.
 */

/** Limits on the file and on what it expands to. */
export const LIMITS = {
  /** Bytes of the file (UTF-8). A file of 100,000 one-line models is about 10 MB. */
  fileBytes: 16 * 1024 * 1024,
  /**
   * Nodes that aliases add: each alias counts as the keys, values and items it copies. (The file's
   * own nodes are bounded by its size; a 100,000-model file has millions and no alias.)
   */
  aliasedNodes: 4_000_000,
  /** Aliases (`*name`) in the file. */
  aliases: 10_000,
  /** Nesting of flow collections (`[`, `{`); the YAML parser crashes the process far deeper. */
  flowDepth: 100,
  /** Items in one list (or entries of one flow mapping), counted in the text before it is parsed. */
  listItems: 100_000,
  models: 100_000,
  calendars: 1_000,
  /** Items (dates or date ranges) in one calendar, one `closedOn` or one window's `dates`. */
  datesPerList: 10_000,
  /** Closed date ranges all models together hold once calendars are copied into them. */
  closedRangesTotal: 4_000_000,
  overrides: 10_000,
  /** RFC 5321: an address is at most 254 characters. */
  emailLength: 254,
  reasonLength: 1_000,
  /** Calendar names and `override.model` (ids are 128 by their own pattern). */
  nameLength: 128,
  /** Any other text value: times, zones, durations, dates. */
  textLength: 256,
} as const;

/** Scheduler's cron and `at()` years (EventBridge Scheduler accepts 1970-2199). */
export const FIRST_YEAR = 1970;
export const LAST_YEAR = 2199;
/** The last instant of those years: 2199-12-31T23:59:59.999Z (timers, events, command-line instants). */
export const LAST_SCHEDULER_INSTANT = Date.UTC(LAST_YEAR, 11, 31, 23, 59, 59, 999);

/** ISO-8601 offsets stop at +-18:00 (as do java.time and Temporal). */
export const MAX_OFFSET_MINUTES = 18 * 60;

/**
 * The reconcile function's timeout in serverless.yml (a test keeps the two equal), and the rate at
 * which a pass calls ListModels (one call per project, under the 5 requests/s control-plane quota).
 */
export const RECONCILE_TIMEOUT_SECONDS = 300;
export const RECONCILE_CALLS_PER_SECOND = 4;
/** Projects one reconcile invocation can list before its timeout (the rest continue in the next). */
export const PROJECTS_PER_RECONCILE_INVOCATION = RECONCILE_TIMEOUT_SECONDS * RECONCILE_CALLS_PER_SECOND;

/** `16,777,216`: limits as people read them in messages. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}
