/**
 * Issue 7 reproductions on the engine side (parts 3, 4, 5, 7, 9, 12): failures, stuck states,
 * `version: latest`, corrections and long failures, end to end through World's event queue, the
 * real SDK client and the emulator over loopback HTTP. Each test failed before the fix.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { clientToken } from '../../src/control/clientToken.js';
import type { Alert } from '../../src/ports.js';
import { emulatorHost } from '../runtime/runtimeAdapters.js';
import {
  DAILY_8_TO_20,
  DAY1,
  dailyWorld,
  day1,
  firstStartFailsWorld,
  hostWith,
  OPEN,
  openToken,
  REF,
  withWorld,
} from './scenarioFixture.js';
import { at, oneModel, scheduleOf, type World } from './world.js';

/** Every alert the engine raised (before any de-duplication), from the decisions the world logged. */
const raised = (world: World): Alert[] => world.decisions().flatMap((d) => d.outcome.decision.alerts);
const causes = (world: World) => raised(world).map((a) => a.cause);

/** A loopback server that answers every request with `status` and the error `type` (restJson1). */
async function errorServer(status: number, type: string): Promise<{ server: Server; endpoint: string }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(status, { 'content-type': 'application/json', 'x-amzn-errortype': type });
      res.end(JSON.stringify({ message: `${type} from the test server` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('failed observations inside a verify chain (part 3)', () => {
  it('repeats a check that answered 500 at +5 min, so a HOSTING_FAILED start is still retried and hosted', async () => {
    await withWorld(firstStartFailsWorld(), async (world) => {
      world.failCalls(day1('08:04'), 'DescribeModel', 1);
      await world.runTo(day1('10:00'));
      expect(world.calls('DescribeModel').filter((c) => c.statusCode === 500)).toHaveLength(1);
      // The 08:00 pass runs alongside the 08:00 edge and starts with the edge's token: the
      // service replays it, so only the calls it did not replay count.
      expect(
        world
          .calls('StartModel')
          .filter((c) => c.replayed !== true)
          .map((c) => c.clientToken),
      ).toEqual([openToken(OPEN, 'a1'), openToken(OPEN, 'a2')]);
      expect(world.status()).toBe('HOSTED');
      expect(causes(world)).toEqual([]);
      // The failed check was logged as UNKNOWN, never as NOT_FOUND.
      const failed = world.decisions().filter((d) => typeof d.outcome.result !== 'string');
      expect(failed.map((d) => [d.event, d.outcome.decision.observed])).toEqual([
        ['verify-start', 'UNKNOWN'],
      ]);
    });
  });

  it('alerts a start stuck in STARTING_HOSTING even though its first check answered 500', async () => {
    await withWorld(
      dailyWorld(day1('07:55'), day1('09:00'), { maxAttempts: 1, emulator: { startSeconds: 4 * 3600 } }),
      async (world) => {
        world.failCalls(day1('08:04'), 'DescribeModel', 1);
        await world.runTo(day1('09:00'));
        expect(world.status()).toBe('STARTING_HOSTING');
        expect(raised(world).map((a) => [a.cause, a.key])).toEqual([
          ['not-hosted-by-deadline', `m|not-hosted-by-deadline|${OPEN}`],
        ]);
      },
    );
  });
});

describe('errors the service will not answer differently if asked again (part 3)', () => {
  it.each([
    ['ExpiredTokenException', 403],
    ['InvalidSignatureException', 403],
    ['UnrecognizedClientException', 400],
  ])('alerts %s at once as start-rejected, without retrying it for half an hour', async (type, status) => {
    const { server, endpoint } = await errorServer(status, type);
    const rejecting = emulatorHost(endpoint, { maxAttempts: 1 });
    try {
      await withWorld(
        dailyWorld(day1('07:55'), day1('08:40'), {
          reconcile: false,
          wrapHost: (host) => hostWith(host, { startModel: (ref, req) => rejecting.startModel(ref, req) }),
        }),
        async (world) => {
          await world.runTo(day1('08:40'));
          expect(raised(world).map((a) => [a.cause, a.at])).toEqual([['start-rejected', OPEN]]);
          expect(raised(world)[0]?.message).toContain(type);
          expect(world.timersSet).toEqual([]);
        },
      );
    } finally {
      server.close();
    }
  });

  it('logs a model it cannot observe as UNKNOWN, never NOT_FOUND, and alerts the rejection', async () => {
    const { server, endpoint } = await errorServer(403, 'ExpiredTokenException');
    try {
      await withWorld(
        dailyWorld(day1('07:55'), day1('08:20'), {
          wrapHost: () => emulatorHost(endpoint, { maxAttempts: 1 }),
        }),
        async (world) => {
          await world.runTo(day1('08:20'));
          const observed = world.decisions().map((d) => d.outcome.decision.observed);
          expect(observed.length).toBeGreaterThan(0);
          expect(new Set(observed)).toEqual(new Set(['UNKNOWN']));
          expect(new Set(raised(world).map((a) => a.key))).toEqual(new Set([`m|start-rejected|${OPEN}`]));
          expect(world.timersSet).toEqual([]);
        },
      );
    } finally {
      server.close();
    }
  });
});

describe('stuck states (part 4)', () => {
  it('alerts a model stuck in STOPPING_HOSTING inside its window once, and does not poll it every minute', async () => {
    // Started by hand at 06:56, stopped by the 07:15 pass, then STOPPING_HOSTING for 4 hours.
    await withWorld(
      dailyWorld(day1('06:55'), day1('10:00'), { emulator: { stopSeconds: 4 * 3600 } }),
      async (world) => {
        world.act(day1('06:56'), 'manual start', () => world.startByHand('by-hand'));
        await world.runTo(day1('10:00'));
        expect(world.status()).toBe('STOPPING_HOSTING');
        const inWindow = world
          .calls('DescribeModel')
          .filter((c) => c.at >= OPEN && c.at < OPEN + 2 * 3600_000);
        expect(inWindow.length).toBeLessThanOrEqual(12);
        const keys = raised(world)
          .filter((a) => a.at >= OPEN)
          .map((a) => a.key);
        expect(new Set(keys)).toEqual(new Set([`m|not-hosted-by-deadline|${OPEN}`]));
      },
    );
  });
});

describe('a failed alert, timer or metric (part 7)', () => {
  it('does not end the pass: an SNS AuthorizationError on the first alert still lets the next model start', async () => {
    const schedule = scheduleOf(`version: 1
models:
  - { id: typo, project: line-a, version: "7", windows: ${DAILY_8_TO_20} }
  - { id: m, project: line-b, version: "1", windows: ${DAILY_8_TO_20} }
`);
    const PASS = day1('08:15');
    const tried: Alert[] = [];
    await withWorld(
      {
        schedule,
        from: day1('08:10'),
        to: day1('08:20'),
        edges: false,
        reconcile: false,
        emulator: { models: [{ project: 'line-b', version: '1' }] },
        // The topic refuses every publish (the function's role lacks SNS:Publish).
        publish: async (alert) => {
          tried.push(alert);
          throw Object.assign(new Error('User is not authorized to perform: SNS:Publish'), {
            name: 'AuthorizationError',
          });
        },
      },
      async (world) => {
        world.deliver(PASS, 'reconcile');
        await world.runTo(day1('08:20'));
        // The pass's invocation made both decisions and carried out the second model's start
        // although the first model's alert failed; it reported the failures at its end.
        const [pass] = world.invocations;
        expect(pass).toMatchObject({ kind: 'reconcile', scheduledAt: PASS, lambdaAttempt: 1 });
        expect(pass?.error).toMatch(/^InvocationError: .*AuthorizationError/);
        expect(pass?.outcomes.map((o) => [o.decision.model, o.result, o.sideEffectErrors?.length])).toEqual([
          ['typo', 'done', 1],
          ['m', 'done', 1],
        ]);
        expect(pass?.outcomes[0]?.sideEffectErrors?.[0]).toContain('AuthorizationError');
        expect(new Set(tried.map((a) => a.cause))).toEqual(new Set(['model-not-found', 'corrected']));
        expect(world.alerts.sent).toEqual([]);
        // The next model started, once, with the pass's own token.
        const starts = world.calls('StartModel', 'line-b', '1').filter((c) => c.statusCode === 202);
        expect(starts.map((c) => c.clientToken)).toEqual([
          clientToken({
            kind: 'open',
            ref: { ...REF, project: 'line-b' },
            anchor: OPEN,
            cause: 'r15a1',
            minInferenceUnits: 1,
            maxInferenceUnits: null,
          }),
        ]);
        expect(world.status('line-b', '1')).toBe('STARTING_HOSTING');
      },
    );
  });
});

describe('version: latest (part 9)', () => {
  it('means the newest version at the edge, in the verify chain and in every pass: started, no model-not-found', async () => {
    const schedule = scheduleOf(`version: 1
models:
  - { id: newest, project: line-a, version: latest, windows: ${DAILY_8_TO_20} }
  - { id: first, project: line-a, version: "1", windows: [{ days: daily, open: "08:00", close: "09:00" }] }
`);
    await withWorld(
      {
        schedule,
        from: day1('07:55'),
        to: day1('20:30'),
        emulator: { models: [1, 2, 3].map((v) => ({ project: 'line-a', version: String(v) })) },
      },
      async (world) => {
        await world.runTo(day1('10:00'));
        expect(causes(world)).toEqual([]);
        expect(world.status('line-a', '3')).toBe('HOSTED');
        await world.runTo(day1('20:30'));
        // Stopped at the close through `latest` too, and never alerted.
        expect(world.status('line-a', '3')).toBe('TRAINED');
        // (The 20:00 pass runs alongside the close edge with the edge's token: the service replays it.)
        expect(
          world
            .calls('StopModel', 'line-a', 'latest')
            .filter((c) => c.statusCode === 202 && c.replayed !== true),
        ).toHaveLength(1);
        expect(causes(world)).toEqual([]);
        expect(world.status('line-a', '2')).toBe('TRAINED');
        expect(world.status('line-a', '1')).toBe('TRAINED');
        const newest = world.decisions().filter((d) => d.outcome.decision.model === 'newest');
        expect(newest.some((d) => d.event === 'edge' && d.outcome.decision.action === 'start')).toBe(true);
        expect(
          newest.some((d) => d.event === 'verify-start' && d.outcome.decision.observed === 'HOSTED'),
        ).toBe(true);
        const passes = newest.filter((d) => d.event === 'reconcile');
        expect(passes.length).toBeGreaterThan(4);
        expect(passes.every((d) => d.outcome.decision.observed !== 'NOT_FOUND')).toBe(true);
      },
    );
  });
});

describe('corrections and long failures (part 12)', () => {
  const at1001 = '[{ days: daily, open: "10:01", close: "20:00" }]';
  const OPEN_1001 = day1('10:01');

  it('restarts at the 10:15 pass a model stopped by hand at 10:13 in a window that opened at 10:01', async () => {
    await withWorld({ schedule: oneModel(at1001), from: day1('09:55'), to: day1('10:40') }, async (world) => {
      world.act(day1('10:13'), 'operator stop', () => world.stopByHand('operator-stop'));
      await world.runTo(day1('10:40'));
      expect(
        world.transitions('STARTING_HOSTING').map((e) => [new Date(e.at).toISOString(), e.clientToken]),
      ).toEqual([
        [`${DAY1}T10:01:00.000Z`, openToken(OPEN_1001, 'a1')],
        [`${DAY1}T10:15:00.000Z`, openToken(OPEN_1001, 'r14a1')],
      ]);
      expect(world.status()).toBe('HOSTED');
    });
  });

  it('arms no second verify chain when the first-period pass finds the start HOSTING_FAILED', async () => {
    // The start fails at 10:14:30; the chain's check after it comes at 10:15 plus the model's
    // stagger, so the 10:15 pass sees HOSTING_FAILED first. Both attempt 1 and attempt 2 fail.
    await withWorld(
      {
        schedule: oneModel(at1001),
        from: day1('09:55'),
        to: day1('11:00'),
        emulator: {
          faults: { hostingFailures: { count: 2 } },
          assumptions: { hostingFailureAfterMs: 810_000 },
        },
      },
      async (world) => {
        await world.runTo(day1('11:00'));
        const attempt2 = world
          .decisions()
          .filter((d) => d.outcome.decision.reason.includes('start attempt 2'));
        expect(attempt2).toHaveLength(1);
        const chains = world.timersSet.filter(
          (t) => t.payload.op === 'verify-start' && t.payload.attempt === 1,
        );
        expect(
          new Set(chains.map((t) => (t.payload.op === 'verify-start' ? t.payload.startedAt : 0))),
        ).toEqual(new Set([OPEN_1001]));
        expect(world.status()).toBe('HOSTED');
      },
    );
  });

  it.each([
    ['10:00-10:05', '[{ days: daily, open: "10:00", close: "10:05" }]'],
    ['23:59-24:00', '[{ days: daily, open: "23:59", close: "24:00" }]'],
  ])(
    'does not start a %s window: no start, no stop collision, no corrected alert',
    async (_name, windows) => {
      await withWorld(
        { schedule: oneModel(windows), from: day1('09:50'), to: at('2026-03-31T01:00:00Z') },
        async (world) => {
          await world.runTo(at('2026-03-31T01:00:00Z'));
          expect(world.calls('StartModel')).toEqual([]);
          expect(world.calls('StopModel')).toEqual([]);
          expect(raised(world)).toEqual([]);
          expect(world.status()).toBe('TRAINED');
        },
      );
    },
  );

  it('gives a model found HOSTING_FAILED in mid-window (after a deploy) a try of its own, and is hosted', async () => {
    // A deploy at 13:00 finds the model being started by hand; that start fails at 13:09.
    await withWorld(
      dailyWorld(day1('12:58'), day1('14:30'), { emulator: { faults: { hostingFailures: { count: 1 } } } }),
      async (world) => {
        world.act(day1('12:59'), 'manual start', () => world.startByHand('by-hand'));
        await world.runTo(day1('14:30'));
        expect(world.status()).toBe('HOSTED');
        const texts = world
          .decisions()
          .flatMap((d) => [d.outcome.decision.reason, ...d.outcome.decision.alerts.map((a) => a.message)]);
        expect(texts.filter((t) => /attempts are over/.test(t))).toEqual([]);
        expect(world.calls('StartModel').filter((c) => c.clientToken !== 'by-hand')).toHaveLength(1);
      },
    );
  });
});
