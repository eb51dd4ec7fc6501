/**
 * Every timer the engine sets, as one zod schema: the engine's decisions build payloads of this
 * type, the Timers adapters write them, and the verify function reads them back through
 * {@link parseTimerPayload}. A payload that fails the schema never reaches the engine.
 * Instants are epoch ms, bounded to EventBridge Scheduler's years (1970-2199).
 */
import { z } from 'zod';
import { LAST_SCHEDULER_INSTANT } from './schedule/limits.js';

/** A timer's instant: up to 2199-12-31T23:59:59.999Z (Scheduler's cron/at years end at 2199). */
const instant = z.number().int().min(0).max(LAST_SCHEDULER_INSTANT);
const count = (max: number) => z.number().int().min(0).max(max);
const modelId = z.string().min(1).max(600);

/** What names a start or stop chain, and so its client tokens (verify and retry timers carry it). */
const chain = {
  /** The opening or closing the chain belongs to (the merged window's edge). */
  anchor: instant,
  /**
   * Where the chain began: 0 for the edge (and a pass within its grace), else the minutes from
   * the anchor to the reconcile pass (or late event) that began it.
   */
  slot: count(100_000),
  attempt: count(100).min(1),
};

export const verifyStartPayload = z.strictObject({
  op: z.literal('verify-start'),
  model: modelId,
  ...chain,
  startedAt: instant,
  deadline: instant,
  check: count(10_000),
  /** Failed observations of this same check so far (throttled, 5xx, network); absent: none. */
  try: count(1000).optional(),
});

export const verifyStopPayload = z.strictObject({
  op: z.literal('verify-stop'),
  model: modelId,
  ...chain,
  stoppedAt: instant,
  deadline: instant,
  check: count(10_000),
  try: count(1000).optional(),
});

/** Repeat a start or stop whose call failed (throttled, 5xx, lost connection), same token. */
export const retryPayload = z.strictObject({
  op: z.literal('retry'),
  model: modelId,
  action: z.enum(['start', 'stop']),
  ...chain,
  try: count(1000),
});

/** Decide again for one model (after throttling, a conflict, or while it stops). */
export const recheckPayload = z.strictObject({
  op: z.literal('recheck'),
  model: modelId,
  reason: z.string().max(256),
  try: count(1000),
  /**
   * The edge or reconcile pass this decision continues (its scheduled instant): tokens, corrections
   * and first-pass alerts follow it, so a recheck or a hand-off decides as its origin would have.
   */
  origin: instant.optional(),
});

/**
 * The rest of a reconcile pass that could not finish in its invocation: the projects from index
 * `from` (in the schedule's project order) are observed and decided in a follow-up invocation,
 * with the pass's own instant for tokens.
 */
export const reconcilePayload = z.strictObject({
  op: z.literal('reconcile'),
  pass: instant,
  from: count(1_000_000),
});

export const timerPayloadSchema = z.discriminatedUnion('op', [
  verifyStartPayload,
  verifyStopPayload,
  retryPayload,
  recheckPayload,
  reconcilePayload,
]);

export type TimerPayload = z.infer<typeof timerPayloadSchema>;

/** The payload, or a one-line reason it is not one (for the log and the dead-letter record). */
export function parseTimerPayload(
  value: unknown,
): { ok: true; payload: TimerPayload } | { ok: false; error: string } {
  const r = timerPayloadSchema.safeParse(value);
  if (r.success) return { ok: true, payload: r.data };
  const issue = r.error.issues[0];
  const where = issue?.path.length ? issue.path.join('.') : 'payload';
  return { ok: false, error: `${where}: ${issue?.message ?? 'invalid timer payload'}` };
}
