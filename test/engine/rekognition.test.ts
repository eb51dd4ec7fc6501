/**
 * Rekognition Custom Labels through the same engine and runtime (issue 8, parts 2, 4 and 5): the
 * functions run with the real @aws-sdk/client-rekognition against the emulator's Rekognition side,
 * routed by ServiceHosts. StartProjectVersion takes no client token, so a start is sent only right
 * after an observation and while the window is open; a conflict is observed again.
 */
import { describe, expect, it } from 'vitest';
import { CLOSE, DAILY_8_TO_20, OPEN, withWorld } from './scenarioFixture.js';
import { MINUTE, oneModel, onService } from './world.js';

const rekognitionModel = (windows = DAILY_8_TO_20, extra = '') =>
  onService(oneModel(windows, extra), 'rekognition');

describe('Rekognition Custom Labels without an idempotency token', () => {
  it('makes one STARTING transition and no alert from 50 concurrent deliveries of one opening', async () => {
    await withWorld(
      { schedule: rekognitionModel(), from: OPEN, to: OPEN, edges: false, reconcile: false },
      async (world) => {
        for (let i = 0; i < 50; i++) world.deliver(OPEN, 'open', 'm');
        await world.runTo(OPEN + MINUTE);
        expect(world.invocations.filter((inv) => inv.kind === 'open')).toHaveLength(50);
        expect(world.invocations.every((inv) => inv.error === null)).toBe(true);
        expect(world.rekognitionHistory().filter((e) => e.status === 'STARTING')).toHaveLength(1);
        const accepted = world.rekognitionCalls('StartProjectVersion').filter((c) => c.statusCode === 200);
        expect(accepted).toHaveLength(1);
        expect(world.alerts.sent).toEqual([]);
        // Every edge decision counts as done: the start that won, or a conflict observed as STARTING.
        const edge = world.decisions().filter((d) => d.event === 'edge');
        expect(edge).toHaveLength(50);
        for (const { outcome } of edge) {
          expect(outcome.result).toBe('done');
          expect(outcome.decision.ref.service).toBe('rekognition');
          // The derived token is computed for every decision, though the service never sees it.
          expect(outcome.decision.clientToken).toMatch(/^open-/);
        }
        expect(new Set(edge.map((d) => d.outcome.decision.clientToken)).size).toBe(1);
        await world.runTo(OPEN + 15 * MINUTE);
        expect(world.rekognitionHistory().at(-1)?.status).toBe('RUNNING');
        expect(world.alerts.sent).toEqual([]);
      },
    );
  });

  it('starts nothing from a late duplicate of the opening delivered after the close', async () => {
    await withWorld({ schedule: rekognitionModel(), from: OPEN, to: CLOSE }, async (world) => {
      world.deliver(OPEN, 'open', 'm', CLOSE + 5 * MINUTE);
      await world.runTo(CLOSE + 30 * MINUTE);
      const history = world.rekognitionHistory();
      expect(history.filter((e) => e.status === 'STARTING')).toHaveLength(1);
      expect(history.at(-1)?.status).toBe('STOPPED');
      const late = world.invocations.filter((inv) => inv.startedAt === CLOSE + 5 * MINUTE);
      expect(late).toHaveLength(1);
      expect(late[0]?.outcomes.map((o) => o.decision.action)).toEqual(['none']);
      expect(world.alerts.sent).toEqual([]);
    });
  });

  it('sends no start when the window closed while the pass was observing', async () => {
    // A 30-minute window; the pass at 08:19:30 decides a start (10.5 min left), but its listing
    // takes 11 min to answer: at the moment of the call the window is closed.
    await withWorld(
      {
        schedule: rekognitionModel('[{ days: daily, open: "08:00", close: "08:30" }]'),
        from: OPEN,
        to: OPEN,
        edges: false,
        reconcile: false,
        latencyMs: (operation) => (operation === 'DescribeProjectVersions' ? 11 * MINUTE : 0),
      },
      async (world) => {
        const pass = OPEN + 19.5 * MINUTE;
        world.deliver(pass, 'reconcile');
        await world.runTo(pass + 20 * MINUTE);
        const [d] = world.decisions();
        expect(d?.outcome.decision.action).toBe('none');
        expect(d?.outcome.decision.reason).toMatch(/window is closed at 2026-03-30T08:30:30/);
        expect(d?.outcome.decision.clientToken).toMatch(/^open-/);
        expect(world.rekognitionCalls('StartProjectVersion')).toEqual([]);
        expect(world.alerts.sent).toEqual([]);
      },
    );
  });

  it('keeps the service status of a version that cannot be scheduled in its decisions', async () => {
    await withWorld(
      {
        schedule: rekognitionModel(),
        from: OPEN,
        to: OPEN,
        reconcile: false,
        emulator: {
          rekognition: {
            versions: [{ project: 'line-a', version: '1', region: 'us-east-1', status: 'EXPIRED' }],
          },
        },
      },
      async (world) => {
        await world.runTo(OPEN + MINUTE);
        const [edge] = world.decisions();
        expect(edge?.outcome.decision.action).toBe('leave');
        expect(edge?.outcome.decision.serviceStatus).toBe('EXPIRED');
        expect(edge?.outcome.decision.reason).toBe('EXPIRED: cannot be started now');
        expect(world.rekognitionCalls('StartProjectVersion')).toEqual([]);
      },
    );
  });
});
