/**
 * Issue 7 part 5, engine side: every alert of one failure event carries one key, whichever step
 * raises it (the edge, a verify chain, any reconcile pass), so the cross-container alert ledger can
 * let exactly one message through. Counted before any de-duplication, from the decisions.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { HostError } from '../../src/ports.js';
import { emulatorHost } from '../runtime/runtimeAdapters.js';
import { at, REGION, scheduleOf, World } from './world.js';

describe('alert keys', () => {
  it('are one start-failed and one model-not-found key per window, over two 12-hour windows of passes', async () => {
    const schedule = scheduleOf(`version: 1
models:
  - { id: failing, project: line-a, version: "1", windows: [{ days: daily, open: "08:00", close: "20:00" }] }
  - { id: typo, project: line-a, version: "12", windows: [{ days: daily, open: "08:00", close: "20:00" }] }
`);
    const world = await World.create({
      schedule,
      from: at('2026-03-30T07:55:00Z'),
      to: at('2026-03-31T09:00:00Z'),
      emulator: {
        models: [{ project: 'line-a', version: '1' }],
        faults: { hostingFailures: { count: 10_000 } },
      },
    });
    try {
      await world.runTo(at('2026-03-31T09:00:00Z'));
      const alerts = world.decisions().flatMap((d) => d.outcome.decision.alerts);
      const keys = [...new Set(alerts.map((a) => a.key))].sort();
      const day1 = at('2026-03-30T08:00:00Z');
      const day2 = at('2026-03-31T08:00:00Z');
      expect(keys).toEqual(
        [
          `failing|start-failed|${day1}`,
          `failing|start-failed|${day2}`,
          `typo|model-not-found|${day1}`,
          `typo|model-not-found|${day2}`,
        ].sort(),
      );
      // Every alert is about one of those events; the figure (before the ledger) is for the report.
      expect(alerts.every((a) => a.cause === 'start-failed' || a.cause === 'model-not-found')).toBe(true);
      console.info(`alerts raised before the ledger, 25 h: ${alerts.length} with ${keys.length} keys`);
    } finally {
      await world.close();
    }
  });
});

describe('classifying service errors (LookoutVisionHost, real SDK)', () => {
  it.each([
    [429, 'TooManyRequestsException', 'throttled', true],
    [400, 'ThrottlingException', 'throttled', true],
    [503, 'ServiceUnavailable', 'unavailable', true],
    [500, 'InternalServerException', 'unavailable', true],
    [403, 'ExpiredToken', 'rejected', false],
    [403, 'AccessDeniedException', 'access-denied', false],
    [409, 'ConflictException', 'conflict', false],
    [402, 'ServiceQuotaExceededException', 'quota', false],
    [0, 'connection reset', 'unavailable', true],
  ] as const)('answers %i %s as %s (retryable: %s)', async (status, type, kind, retryable) => {
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        if (status === 0) {
          req.socket.destroy();
          return;
        }
        res.writeHead(status, { 'content-type': 'application/json', 'x-amzn-errortype': type });
        res.end(JSON.stringify({ message: type }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const host = emulatorHost(endpoint, { maxAttempts: 1 });
      const error = await host
        .startModel(
          { region: REGION, project: 'line-a', version: '1' },
          { minInferenceUnits: 1, maxInferenceUnits: null, clientToken: 't' },
        )
        .then(
          () => null,
          (e: unknown) => e,
        );
      expect(error).toBeInstanceOf(HostError);
      expect([(error as HostError).kind, (error as HostError).retryable]).toEqual([kind, retryable]);
    } finally {
      server.close();
    }
  });
});
