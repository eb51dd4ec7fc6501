/**
 * Issue 7 part 6 on the engine side: an invocation with a deadline begins no service call after
 * it. What it cannot begin becomes timers: models as rechecks that decide as their pass would, the
 * rest of a reconcile pass as one `reconcile` continuation, handled by a follow-up invocation.
 * Scheduler delivers the pass to the reconcile function (a fresh runtime, paced at 4 calls/s on
 * the discrete clock) whose Lambda timeout is 15 s: the runtime keeps its margin back, so the
 * engine's deadline is 5 s after the start, and the figures do not depend on the machine's load.
 */
import { describe, expect, it } from 'vitest';
import { clientToken } from '../../src/control/clientToken.js';
import { DEADLINE_MARGIN_MS } from '../../src/runtime/createRuntime.js';
import { at, REGION, scheduleOf, World } from './world.js';

const PROJECTS = 40;
const schedule = scheduleOf(
  `version: 1\nmodels:\n${Array.from(
    { length: PROJECTS },
    (_, i) =>
      `  - { id: m${i}, project: line-${i}, version: "1", windows: [{ days: daily, open: "08:00", close: "20:00" }] }`,
  ).join('\n')}\n`,
);
const OPEN = at('2026-03-30T08:00:00Z');
const PASS = at('2026-03-30T08:15:00Z');
const TIMEOUT_MS = DEADLINE_MARGIN_MS + 5_000;

describe('an invocation with a deadline', () => {
  it('begins no call after it, and the rest of the pass continues in follow-up invocations with its tokens', async () => {
    const world = await World.create({
      schedule,
      from: PASS - 60_000,
      to: PASS + 3_600_000,
      edges: false,
      reconcile: false,
      pace: 4,
      functionTimeoutMs: { reconcile: TIMEOUT_MS },
    });
    try {
      world.deliver(PASS, 'reconcile');
      await world.runTo(PASS + 3_600_000);

      const [first, ...rest] = world.invocations;
      expect(first).toMatchObject({ kind: 'reconcile', startedAt: PASS, error: null });
      const deadline = PASS + TIMEOUT_MS - DEADLINE_MARGIN_MS;
      // 5 s at 4 calls/s: about 20 calls began in the pass's invocation, none after the
      // deadline; the rest was handed off.
      const begun = world.emulator
        .callLog()
        .filter((c) => c.at >= PASS && c.at <= (first?.finishedAt ?? PASS));
      expect(begun.length).toBeGreaterThanOrEqual(18);
      expect(begun.length).toBeLessThanOrEqual(22);
      expect(begun.every((c) => c.at <= deadline)).toBe(true);
      expect(first?.outcomes.some((o) => o.result === 'skipped')).toBe(true);
      const continuation = world.timersSet.filter((t) => t.payload.op === 'reconcile');
      expect(continuation.map((t) => t.payload)).toEqual([
        { op: 'reconcile', pass: PASS, from: expect.any(Number) },
      ]);
      // The follow-up invocations are the verify function's, fired by those timers, not dead letters.
      expect(rest.length).toBeGreaterThan(0);
      expect(
        rest.every((inv) => inv.kind === 'verify' && inv.startedAt > deadline && inv.error === null),
      ).toBe(true);
      expect(world.cloud.deadLetters).toEqual([]);
      // In the end (follow-up invocations): every project listed once, every model started once,
      // all with the pass's own token (minute 15 after the opening), and hosted.
      const calls = world.emulator.callLog();
      for (let i = 0; i < PROJECTS; i++) {
        const project = `line-${i}`;
        expect(
          calls.filter((c) => c.operation === 'ListModels' && c.project === project).length,
        ).toBeLessThanOrEqual(1);
        const ref = { region: REGION, project, version: '1' };
        const token = clientToken({
          kind: 'open',
          ref,
          anchor: OPEN,
          cause: 'r15a1',
          minInferenceUnits: 1,
          maxInferenceUnits: null,
        });
        const starts = world.calls('StartModel', project, '1').filter((c) => c.statusCode === 202);
        expect(
          starts.map((c) => c.clientToken),
          project,
        ).toEqual([token]);
        expect(world.status(project, '1'), project).toBe('HOSTED');
      }
    } finally {
      await world.close();
    }
  });
});
