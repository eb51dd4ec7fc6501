/**
 * Rekognition Custom Labels through the packaged bundles, as production runs them: Scheduler's
 * Input JSON to each handler, a new Node process (a new Lambda container) per delivery, the
 * Rekognition adapter loaded from its lazy chunk, against the emulator's Rekognition side.
 * StartProjectVersion takes no idempotency token, so duplicates, late deliveries and refused
 * credentials are the cases that matter.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BundledStack, edgeEvent, type Json, startBundledStack, VERIFY_GROUP } from './bundleHarness.js';

const SCHEDULE = `version: 1
defaults: { service: rekognition, region: us-east-1, timezone: UTC }
models:
  - { id: boards-cl, project: boards, version: v1, windows: [{ days: daily, open: "08:00", close: "20:00" }] }
  - { id: late-cl, project: late, version: v1, windows: [{ days: daily, open: "09:00", close: "10:00" }] }
`;

let stack: BundledStack;

beforeAll(async () => {
  stack = await startBundledStack({
    schedule: SCHEDULE,
    emulator: {
      quota: false,
      rekognition: {
        startSeconds: 600,
        stopSeconds: 60,
        versions: [
          { project: 'boards', version: 'v1', region: 'us-east-1' },
          { project: 'late', version: 'v1', region: 'us-east-1' },
        ],
      },
    },
  });
}, 180_000);

afterAll(async () => {
  await stack?.close();
});

const statuses = (project: string) =>
  stack.emulator.runtime.rekognition
    .history()
    .find((h) => h.project === project && h.version === 'v1')
    ?.events.map((e) => e.status) ?? [];
const calls = (operation: string, project: string) =>
  stack.emulator.runtime.rekognition
    .callLog()
    .filter((c) => c.operation === operation && c.project === project);
const decisionsOf = (runs: { results: Json[] }[]) =>
  runs.flatMap((r) => r.results.flatMap((x) => x.decisions));

describe('bundled handlers on Rekognition Custom Labels', () => {
  it('starts a version once when its opening reaches two new containers at once, and alerts nothing', async () => {
    const open = edgeEvent('open', '2026-03-30T08:00:00Z');
    const runs = await Promise.all([stack.invoke('open', [open]), stack.invoke('open', [{ ...open }])]);
    expect(runs.flatMap((r) => r.errors)).toEqual([]);
    expect(runs.map((r) => r.results[0]?.rejected)).toEqual([null, null]);
    expect(decisionsOf(runs).map((d) => d.model)).toEqual(['boards-cl', 'boards-cl']);
    const logged = runs.flatMap((r) => r.logs).filter((l) => l.message === 'decision');
    expect(logged.length).toBeGreaterThanOrEqual(2);
    expect(new Set(logged.map((l) => l.service))).toEqual(new Set(['rekognition']));
    expect(statuses('boards').filter((s) => s === 'STARTING')).toHaveLength(1);
    expect(calls('StartProjectVersion', 'boards').filter((c) => c.statusCode === 200)).toHaveLength(1);
    // The verify chain of the start that won takes the version to RUNNING; the close stops it.
    await stack.runTimers(Date.parse('2026-03-30T08:30:00Z'));
    expect(statuses('boards').at(-1)).toBe('RUNNING');
    await stack.invoke('close', [edgeEvent('close', '2026-03-30T20:00:00Z')]);
    await stack.runTimers(Date.parse('2026-03-30T20:30:00Z'));
    expect(statuses('boards').at(-1)).toBe('STOPPED');
    expect(stack.sns.published).toEqual([]);
    expect(stack.sqs.sent).toEqual([]);
  });

  it('starts nothing from an opening delivered after its window closed', async () => {
    const run = await stack.invoke(
      'open',
      [edgeEvent('open', '2026-03-31T09:00:00Z', 2)],
      Date.parse('2026-03-31T10:05:00Z'),
    );
    expect(run.errors).toEqual([]);
    expect(decisionsOf([run]).map((d) => [d.model, d.action])).toEqual([['late-cl', 'none']]);
    expect(calls('StartProjectVersion', 'late')).toEqual([]);
    expect(statuses('late')).toEqual(['TRAINING_COMPLETED']);
    expect(stack.sns.published).toEqual([]);
  });

  describe('with credentials the service refuses', () => {
    let refusing: Server;
    let refused = 0;
    let endpoint: string;
    beforeAll(async () => {
      // Rekognition's awsJson1_1 error for a session token that has expired.
      refusing = createServer((req, res) => {
        refused += 1;
        req.resume();
        req.on('end', () => {
          // Dated on the stack's clock, as the bundles' (or the SDK would retry it as clock skew).
          res.writeHead(400, {
            'content-type': 'application/x-amz-json-1.1',
            date: new Date(stack.now()).toUTCString(),
          });
          res.end(
            JSON.stringify({
              __type: 'ExpiredTokenException',
              message: 'The security token included in the request is expired',
            }),
          );
        });
      });
      await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', resolve));
      endpoint = `http://127.0.0.1:${(refusing.address() as AddressInfo).port}`;
    });
    afterAll(() => {
      refusing.close();
    });

    it('alerts start-rejected at once, once across two containers, and sets no timer to try again', async () => {
      const timersBefore = [...stack.scheduler.schedules.keys()].filter((k) =>
        k.startsWith(`${VERIFY_GROUP}/`),
      );
      const open = edgeEvent('open', '2026-04-01T08:00:00Z');
      const env = { AWS_ENDPOINT_URL_REKOGNITION: endpoint };
      const runs = await Promise.all([
        stack.invoke('open', [open], undefined, env),
        stack.invoke('open', [{ ...open }], undefined, env),
      ]);
      expect(runs.flatMap((r) => r.errors)).toEqual([]);
      expect(decisionsOf(runs).map((d) => d.result)).toEqual([
        expect.stringMatching(/^rejected: /),
        expect.stringMatching(/^rejected: /),
      ]);
      const alerts = stack.sns.published.map((m) => JSON.parse(String(m.params.Message)));
      expect(alerts.map((a) => [a.cause, a.model])).toEqual([['start-rejected', 'boards-cl']]);
      expect(alerts[0].message).toContain('ExpiredTokenException');
      // One DescribeProjects per container, not tried again by the SDK or the engine.
      expect(refused).toBe(2);
      const timersAfter = [...stack.scheduler.schedules.keys()].filter((k) =>
        k.startsWith(`${VERIFY_GROUP}/`),
      );
      expect(timersAfter).toEqual(timersBefore);
    });
  });

  it("reads a start conflict as the other container's start that won: done, no alert, no retry", async () => {
    // Both containers observe the version stopped; the service handles each start 2 s after it
    // arrives, so the second start meets the first one's STARTING and answers ResourceInUse.
    stack.emulator.runtime.rekognition.faults.set({
      latency: { ms: 2000, operations: ['StartProjectVersion'] },
    });
    const open = edgeEvent('open', '2026-04-02T08:00:00Z');
    const before = calls('StartProjectVersion', 'boards').length;
    const alertsBefore = stack.sns.published.length;
    const runs = await Promise.all([stack.invoke('open', [open]), stack.invoke('open', [{ ...open }])]);
    stack.emulator.runtime.rekognition.faults.set({ latency: { ms: 0 } });
    expect(runs.flatMap((r) => r.errors)).toEqual([]);
    const starts = calls('StartProjectVersion', 'boards').slice(before);
    expect(starts.map((c) => c.statusCode).sort()).toEqual([200, 400]);
    expect(starts.find((c) => c.statusCode === 400)?.errorType).toBe('ResourceInUseException');
    const decisions = decisionsOf(runs);
    expect(decisions.map((d) => d.result)).toEqual(['done', 'done']);
    expect(decisions.map((d) => d.reason)).toContainEqual(
      expect.stringContaining('started by another delivery: done'),
    );
    expect(stack.sns.published.slice(alertsBefore)).toEqual([]);
    await stack.runTimers(Date.parse('2026-04-02T08:30:00Z'));
    expect(statuses('boards').at(-1)).toBe('RUNNING');
    expect(statuses('boards').filter((s) => s === 'STARTING')).toHaveLength(2);
    await stack.invoke('close', [edgeEvent('close', '2026-04-02T20:00:00Z')]);
    await stack.runTimers(Date.parse('2026-04-02T20:30:00Z'));
    expect(statuses('boards').at(-1)).toBe('STOPPED');
  });
});
