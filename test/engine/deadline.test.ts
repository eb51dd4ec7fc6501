/**
 * Issue 7 part 6 on the engine side: an invocation with a deadline begins no service call after
 * it. What it cannot begin becomes timers: models as rechecks that decide as their pass would, the
 * rest of a reconcile pass as one `reconcile` continuation, handled by a follow-up invocation.
 * Calls are paced at 4/s (PacedModelHost) on a clock that only pacing moves, so the figures do
 * not depend on the machine's load.
 */
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { clientToken } from '../../src/control/clientToken.js';
import { Engine, type Outcome } from '../../src/engine/engine.js';
import { PacedModelHost } from '../../src/engine/pacedModelHost.js';
import type { ModelHost } from '../../src/ports.js';
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

describe('an invocation with a deadline', () => {
  it('begins no call after it, and the rest of the pass continues in follow-up invocations with its tokens', async () => {
    const world = await World.create({
      schedule,
      from: PASS - 60_000,
      to: PASS + 3_600_000,
      edges: false,
      reconcile: false,
    });
    try {
      // The invocation's clock: moved only by the pacing's waits.
      let now = PASS;
      const begun: { at: number; call: string }[] = [];
      const begin = (call: string) => begun.push({ at: now, call });
      const recording: ModelHost = {
        listModels: async (r, p) => {
          begin(`ListModels ${p}`);
          return world.host.listModels(r, p);
        },
        describeModel: async (ref) => {
          begin(`DescribeModel ${ref.project}`);
          return world.host.describeModel(ref);
        },
        startModel: async (ref, req) => {
          begin(`StartModel ${ref.project}`);
          return world.host.startModel(ref, req);
        },
        stopModel: async (ref, token) => {
          begin(`StopModel ${ref.project}`);
          return world.host.stopModel(ref, token);
        },
      };
      const paced = new PacedModelHost(recording, {
        requestsPerSecond: 4,
        now: () => now,
        sleep: (ms) => {
          const until = now + ms;
          return Promise.resolve().then(() => {
            now = Math.max(now, until);
          });
        },
      });
      const engine = new Engine({
        schedule,
        host: paced,
        timers: world.timers,
        alerts: world.alerts,
        logger: pino({ level: 'silent' }),
        settings: world.settings,
      });
      const deadline = PASS + 5_000;
      let first: Outcome[] = [];
      world.act(PASS, 'pass with a 5 s deadline', async (t) => {
        first = await engine.reconcile(t, { ctx: { now: () => now, deadline } });
        world.log.push({ at: t, event: 'reconcile', outcomes: first });
      });
      await world.runTo(PASS + 3_600_000);

      // 5 s at 4 calls/s: about 20 calls began, none after the deadline; the rest was handed off.
      expect(begun.length).toBeGreaterThanOrEqual(18);
      expect(begun.length).toBeLessThanOrEqual(22);
      expect(begun.every((c) => c.at <= deadline)).toBe(true);
      expect(first.some((o) => o.result === 'skipped')).toBe(true);
      const continuation = world.timersSet.filter((t) => t.payload.op === 'reconcile');
      expect(continuation.map((t) => t.payload)).toEqual([
        { op: 'reconcile', pass: PASS, from: expect.any(Number) },
      ]);
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
