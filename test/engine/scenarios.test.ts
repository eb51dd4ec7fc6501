/**
 * Engine scenarios end to end, as deployed: EventBridge Scheduler's deliveries (the schedules'
 * Input JSON) reach the functions' entry point in a fresh runtime each, which runs the real engine
 * with the real SDK client against the emulator over loopback HTTP. Worlds (./world.ts) run on a
 * discrete clock; by default deliveries come on their scheduled instant and calls take no virtual
 * time, so every transition lands on an exact instant. The throttling world paces and models
 * latency as Lambda and `simulate` do.
 */
import { describe, expect, it } from 'vitest';
import { parseFaultSpec } from '../../src/local/faultSpec.js';
import { runSimulation, type SimulationReport } from '../../src/local/simulate.js';
import type { ModelHost } from '../../src/ports.js';
import {
  CLOSE,
  closeToken,
  DAILY_8_TO_20,
  DAY1,
  dailyWorld,
  day1,
  firstStartFailsWorld,
  hostWith,
  OPEN,
  openToken,
  withWorld,
} from './scenarioFixture.js';
import { at, HOUR, MINUTE, oneModel, scheduleOf, World } from './world.js';

const tokensOf = (calls: readonly { clientToken?: string }[]) => calls.map((c) => c.clientToken);
/**
 * Calls the service acted on: the 08:00 open edge and the 08:00 reconcile pass run at once and may
 * both send the opening's StartModel; the second, with the same token, is only replayed.
 */
const acted = <T extends { replayed?: boolean }>(calls: readonly T[]) =>
  calls.filter((c) => c.replayed !== true);

describe('duplicate deliveries', () => {
  it('collapses 50 concurrent deliveries of one opening into one start with one token', async () => {
    // 50 deliveries of the opening's Input JSON at the same instant, each in its own container;
    // the quota is generous so that no call is throttled: what is tested is idempotency.
    await withWorld(
      dailyWorld(OPEN, OPEN, {
        edges: false,
        reconcile: false,
        emulator: { quota: { requestsPerSecond: 1000, burst: 1000 } },
      }),
      async (world) => {
        for (let i = 0; i < 50; i++) world.deliver(OPEN, 'open', 'm');
        await world.runTo(OPEN);
        expect(world.invocations).toHaveLength(50);
        expect(world.invocations.every((inv) => inv.error === null && inv.kind === 'open')).toBe(true);
        const outcomes = world.decisions();
        expect(outcomes).toHaveLength(50);
        for (const { outcome: o } of outcomes) {
          expect(o.result).toBe('done');
          expect(['start', 'wait']).toContain(o.decision.action);
        }
        expect(world.transitions('STARTING_HOSTING')).toHaveLength(1);
        const starts = world.calls('StartModel');
        expect(starts.length).toBeGreaterThanOrEqual(1);
        expect(new Set(tokensOf(starts))).toEqual(new Set([openToken(OPEN, 'a1')]));
        expect(starts.every((c) => c.statusCode === 202)).toBe(true);
        expect(starts.filter((c) => c.replayed !== true)).toHaveLength(1);
        // Every start decision set the same verify timer: one timer after deduplication.
        const requested = world.cloud.timerRequests;
        expect(requested.length).toBeGreaterThanOrEqual(1);
        expect(new Set(requested.map((t) => `${t.intended}|${JSON.stringify(t.payload)}`)).size).toBe(1);
        expect(world.timersSet).toHaveLength(1);
        expect(world.alerts.sent).toEqual([]);
      },
    );
  });

  it('starts once, by the edge, when an open event and a reconcile pass fire at the opening', async () => {
    // The open and reconcile schedules fire in the same instant; StartModel takes 150 ms. Within
    // the edge's grace the pass leaves the start to the edge without observing the model (its
    // project's only model is the edge's): one StartModel, not a second one that the token would
    // have to swallow, and no ListModels sharing the quota with the edge's starts.
    await withWorld(
      dailyWorld(OPEN, OPEN, {
        edges: false,
        reconcile: false,
        latencyMs: (operation) => (operation === 'StartModel' ? 150 : 0),
      }),
      async (world) => {
        world.deliver(OPEN, 'open', 'm');
        world.deliver(OPEN, 'reconcile');
        await world.runTo(OPEN + 1000);
        expect(world.invocations.map((inv) => inv.kind).sort()).toEqual(['open', 'reconcile']);
        const decisions = world.decisions().map((d) => [d.event, d.outcome.decision] as const);
        expect(decisions.map(([event, d]) => [event, d.observed, d.action, d.clientToken]).sort()).toEqual([
          ['edge', 'TRAINED', 'start', openToken(OPEN, 'a1')],
          ['reconcile', 'UNKNOWN', 'wait', null],
        ]);
        expect(world.calls('ListModels')).toEqual([]);
        expect(world.transitions('STARTING_HOSTING')).toHaveLength(1);
        const starts = world.calls('StartModel');
        expect(starts.map((c) => [c.statusCode, c.replayed === true])).toEqual([[202, false]]);
        expect(world.alerts.sent).toEqual([]);
      },
    );
  });
});

describe('deliveries as Scheduler makes them', () => {
  it('starts and stops each window once when every event comes twice, at seconds within the minute', async () => {
    // The 08:00 opening (lead time 0) and the 20:00 closing fall on reconcile instants: the edge
    // and the pass of that minute run at the same time, each delivered twice at drawn seconds,
    // every verify timer too; containers pace at 4/s and each request takes 100 ms.
    const from = day1('07:30');
    const to = day1('21:00');
    await withWorld(
      dailyWorld(from, to, { spreadMs: 60_000, duplicateRate: 1, pace: 4, latencyMs: 100, seed: 3 }),
      async (world) => {
        await world.runTo(to);
        const invocations = world.invocations;
        expect(invocations.filter((inv) => inv.duplicate).length).toBe(invocations.length / 2);
        expect(invocations.some((inv) => inv.kind === 'verify')).toBe(true);
        expect(invocations.every((inv) => inv.error === null && inv.report?.rejected === null)).toBe(true);
        // Deliveries came at seconds within the minute, never before the scheduled time.
        const late = invocations.map((inv) => inv.startedAt - (inv.scheduledAt ?? inv.startedAt));
        expect(late.every((ms) => ms >= 0 && ms < MINUTE)).toBe(true);
        expect(new Set(late).size).toBeGreaterThan(10);
        expect(world.transitions('STARTING_HOSTING').map((e) => e.clientToken)).toEqual([
          openToken(OPEN, 'a1'),
        ]);
        expect(world.transitions('STOPPING_HOSTING').map((e) => e.clientToken)).toEqual([
          closeToken(CLOSE, 'a1'),
        ]);
        expect(acted(world.calls('StartModel'))).toHaveLength(1);
        expect(acted(world.calls('StopModel'))).toHaveLength(1);
        expect(world.alerts.sent).toEqual([]);
        expect(world.cloud.deadLetters).toEqual([]);
        expect(world.status()).toBe('TRAINED');
      },
    );
  });
});

describe('lost events', () => {
  // Opening and closing off the reconcile grid (08:05, 20:05; passes every 15 min), so the pass
  // after a lost edge comes 10 minutes late.
  const schedule = oneModel('[{ days: daily, open: "08:05", close: "20:05" }]');
  const from = day1('00:00');
  const to = at('2026-04-01T00:00:00Z');
  const opening = day1('08:05');
  /** 07:55 to 08:30 with the 08:05 open lost and no passes but those a test delivers. */
  const lostOpening = {
    schedule,
    from: day1('07:55'),
    to: day1('08:30'),
    lost: [{ kind: 'open', model: 'm', at: opening }],
    reconcile: false,
  } as const;

  it('has the next reconcile pass start and stop the model, with a corrected alert, costing at most one period', async () => {
    const [clean, lossy] = await Promise.all([
      runSimulation({ schedule, from, to }),
      runSimulation({
        schedule,
        from,
        to,
        faults: parseFaultSpec(
          'lose-open=m@2026-03-30T08:05:00Z,lose-close=m@2026-03-31T20:05:00Z',
          Date.parse,
        ),
      }),
    ]);
    const done = (r: SimulationReport, iso: string, action: string) =>
      r.timeline
        .filter((e) => e.at === iso && e.action === action && e.result === 'done')
        .map((e) => [e.event, e.clientToken]);
    const lostClose = at('2026-03-31T20:05:00Z');
    expect(done(clean, '2026-03-30T08:05:00Z', 'start')).toEqual([['edge', openToken(opening, 'a1')]]);
    expect(done(lossy, '2026-03-30T08:05:00Z', 'start')).toEqual([]);
    // The pass makes the start with a token of its own, tied to its minute (10 min after the opening).
    expect(done(lossy, '2026-03-30T08:15:00Z', 'start')).toEqual([
      ['reconcile', openToken(opening, 'r10a1')],
    ]);
    expect(done(lossy, '2026-03-31T20:05:00Z', 'stop')).toEqual([]);
    expect(done(lossy, '2026-03-31T20:15:00Z', 'stop')).toEqual([
      ['reconcile', closeToken(lostClose, 'r10a1')],
    ]);
    expect(lossy.alerts.map((a) => [a.cause, new Date(a.at).toISOString()])).toEqual([
      ['corrected', '2026-03-30T08:15:00.000Z'],
      ['corrected', '2026-03-31T20:15:00.000Z'],
    ]);
    expect(clean.alerts).toEqual([]);
    const [m] = lossy.models;
    expect(m?.windows).toBe(2);
    // Charges bounded by one reconcile period each way.
    expect(m?.hostedOutsideWindowMinutes).toBeGreaterThan(5);
    expect(m?.hostedOutsideWindowMinutes).toBeLessThanOrEqual(15);
    expect(m?.notHostedInsideWindowMinutes).toBeLessThanOrEqual(15);
    expect(clean.models[0]?.hostedOutsideWindowMinutes).toBeLessThan(1);
    expect(lossy.totals.billedInferenceUnitHours).toBeCloseTo(clean.totals.billedInferenceUnitHours, 0);
  });

  it('leaves a lost 08:05 open to the edge from a pass at 08:06 (within the grace); the 08:15 pass starts it', async () => {
    await withWorld(lostOpening, async (world) => {
      world.deliver(day1('08:06'), 'reconcile');
      world.deliver(day1('08:15'), 'reconcile');
      await world.runTo(day1('08:16'));
      expect(world.transitions('STARTING_HOSTING').map((e) => [e.at, e.clientToken])).toEqual([
        [at(`${DAY1}T08:15:00Z`), openToken(opening, 'r10a1')],
      ]);
      expect(world.alerts.sent.map((a) => a.cause)).toEqual(['corrected']);
    });
  });

  it.each([
    ['08:15', 'r10a1', ['corrected']],
    ['08:21', 'r16a1', ['corrected']],
  ])(
    'starts from a pass at %s after a lost 08:05 open with token %s, alerts %j',
    async (passAt, cause, alerts) => {
      // The pass's own token, tied to its minute after the opening, with a correction alert.
      const pass = day1(passAt);
      await withWorld(lostOpening, async (world) => {
        world.deliver(pass, 'reconcile');
        await world.runTo(pass + MINUTE);
        expect(world.transitions('STARTING_HOSTING').map((e) => [e.at, e.clientToken])).toEqual([
          [pass, openToken(opening, cause)],
        ]);
        expect(world.alerts.sent.map((a) => a.cause)).toEqual(alerts);
      });
    },
  );
});

describe('throttling, 500s and dropped connections', () => {
  it('retries with backoff and loses nothing: every window still starts and stops once', async () => {
    // As in `lvsched simulate`: each request takes 100 ms of virtual time, the SDK's retries back
    // off on the virtual clock (virtualTimeRetries: the standard policy, without jitter), and
    // deliveries come at seconds within the minute. Each container paces its calls at 4/s as in
    // Lambda; the emulator allows 1/s (throttle=1, burst 1), so every edge is a throttled burst. The first 3 requests lose their connection and the
    // next 20 answer 500 (they hit the 06:00 opening); 4 more 500s hit StopModel at 07:00.
    const schedule = scheduleOf(`version: 1
models:
  - { id: a, project: line-a, version: "1", windows: [{ days: daily, open: "06:00", close: "07:00" }] }
  - { id: b, project: line-a, version: "2", minInferenceUnits: 2, windows: [{ days: daily, open: "06:00", close: "07:00" }] }
  - { id: c, project: line-b, version: "1", windows: [{ days: daily, open: "06:00", close: "06:30" }] }
`);
    const spec = parseFaultSpec('throttle=1,errors=20,drop=3', Date.parse);
    const from = day1('05:58');
    const to = day1('07:20');
    const options = { schedule, from, to, pace: 4, latencyMs: 100, spreadMs: 60_000, seed: 7 };
    const clean = await World.create(options);
    const faulty = await World.create({
      ...options,
      emulator: {
        quota: { requestsPerSecond: spec.requestsPerSecond ?? 5, burst: 1 },
        faults: spec.emulator,
      },
    });
    try {
      faulty.failCalls(at(`${DAY1}T06:59:59Z`), 'StopModel', 4);
      await Promise.all([clean.runTo(to), faulty.runTo(to)]);
      const log = faulty.emulator.callLog();
      const story = log
        .map(
          (c) =>
            `${new Date(c.at).toISOString()} ${c.operation} ${c.version ?? ''} ${c.statusCode} ${c.fault ?? ''}`,
        )
        .join('\n');
      // The faults did bite: the SDK retried, then the engine decided again 30 s later.
      expect(log.filter((c) => c.fault === 'throttled').length, story).toBeGreaterThanOrEqual(3);
      expect(log.filter((c) => c.fault === 'internalError')).toHaveLength(24);
      expect(log.filter((c) => c.fault === 'dropped')).toHaveLength(3);
      expect(log.some((c) => c.operation === 'StopModel' && c.fault === 'internalError')).toBe(true);
      expect(faulty.timersSet.some((t) => 'try' in t.payload && (t.payload.try ?? 0) >= 1)).toBe(true);
      const windows = [
        ['line-a', '1', '06:00', '07:00'],
        ['line-a', '2', '06:00', '07:00'],
        ['line-b', '1', '06:00', '06:30'],
      ] as const;
      for (const [project, version, opens, closes] of windows) {
        const open = day1(opens);
        const close = day1(closes);
        for (const world of [clean, faulty]) {
          const h = world.history(project, version);
          const starting = h.filter((e) => e.status === 'STARTING_HOSTING');
          const stopping = h.filter((e) => e.status === 'STOPPING_HOSTING');
          expect(starting, `${project}/${version} starts\n${story}`).toHaveLength(1);
          expect(stopping, `${project}/${version} stops\n${story}`).toHaveLength(1);
          expect(starting[0]?.at).toBeGreaterThanOrEqual(open);
          expect(starting[0]?.at, story).toBeLessThan(open + 15 * MINUTE);
          expect(stopping[0]?.at).toBeGreaterThanOrEqual(close);
          expect(stopping[0]?.at, story).toBeLessThan(close + 15 * MINUTE);
          expect(world.status(project, version)).toBe('TRAINED');
        }
        // Every accepted call of a window carried one token: retries repeated it.
        for (const op of ['StartModel', 'StopModel'])
          expect(
            new Set(tokensOf(faulty.calls(op, project, version).filter((c) => c.statusCode === 202))).size,
          ).toBe(1);
        // Billed close to the fault-free run: within 15 minutes' worth of the model's units.
        const billed = (world: World) =>
          world.emulator.ledger().models.find((m) => m.project === project && m.version === version)
            ?.inferenceUnitSeconds ?? 0;
        const units = version === '2' ? 2 : 1;
        expect(billed(clean)).toBeGreaterThan(15 * 60 * units);
        expect(Math.abs(billed(faulty) - billed(clean))).toBeLessThanOrEqual(15 * 60 * units);
      }
      expect(faulty.alerts.sent.filter((a) => a.cause !== 'corrected')).toEqual([]);
    } finally {
      await Promise.all([clean.close(), faulty.close()]);
    }
  });
});

describe('verify chains', () => {
  it('retries a start that ends in HOSTING_FAILED with a new token, and it succeeds without an alert', async () => {
    await withWorld(
      dailyWorld(day1('07:55'), day1('09:00'), {
        emulator: { faults: { hostingFailures: { count: 1 } } },
        // Exact instants: without the per-model stagger of verify timers.
        settings: { staggerMs: 0 },
      }),
      async (world) => {
        await world.runTo(day1('09:00'));
        expect(world.history().map((e) => [e.status, e.at - OPEN, e.clientToken])).toEqual([
          ['TRAINED', expect.any(Number), undefined],
          ['STARTING_HOSTING', 0, openToken(OPEN, 'a1')],
          ['HOSTING_FAILED', 10 * MINUTE, undefined],
          ['STARTING_HOSTING', 10 * MINUTE, openToken(OPEN, 'a2')],
          ['HOSTED', 20 * MINUTE, undefined],
        ]);
        expect(world.alerts.sent).toEqual([]);
        const hosted = world.decisions().find((d) => d.outcome.decision.metrics.startLatencyMs !== undefined);
        expect(hosted?.event).toBe('verify-start');
        expect(hosted?.outcome.decision.attempt).toBe(2);
      },
    );
  });

  it('alerts once after three attempts with three tokens, then tries every 30 minutes until 12:00', async () => {
    await withWorld(
      dailyWorld(day1('07:55'), day1('12:00'), { emulator: { faults: { hostingFailures: { count: 100 } } } }),
      async (world) => {
        await world.runTo(day1('12:00'));
        const starts = acted(world.calls('StartModel'));
        // Issue 7 part 12: after the attempts are spent, one slow try per 30 minutes (from the
        // first pass after the attempts' span, 90 min), each with a token of its own.
        expect(tokensOf(starts)).toEqual([
          openToken(OPEN, 'a1'),
          openToken(OPEN, 'a2'),
          openToken(OPEN, 'a3'),
          ...[90, 120, 150, 180, 210, 240].map((m) => openToken(OPEN, `r${m}a3`)),
        ]);
        expect(world.transitions('STARTING_HOSTING')).toHaveLength(9);
        // Every start-failed alert the engine raised carries the window's one key.
        const raised = world.decisions().flatMap((d) => d.outcome.decision.alerts);
        expect(new Set(raised.map((a) => `${a.cause}|${a.key}`))).toEqual(
          new Set([`start-failed|m|start-failed|${OPEN}`]),
        );
        expect(raised[0]?.message).toMatch(
          /after 3 attempts.*next try at the first reconcile pass from 09:30Z/,
        );
        expect(world.alerts.sent.map((a) => [a.cause, a.model, a.status])).toEqual([
          ['start-failed', 'm', 'HOSTING_FAILED'],
        ]);
        // The 12:00 pass has just made its slow try.
        expect(world.status()).toBe('STARTING_HOSTING');
      },
    );
  });

  it('still makes the next attempt when the retry StartModel itself fails with a 500', async () => {
    // Attempt 1 ends HOSTING_FAILED at 08:10; the verify check then starts attempt 2, and that
    // call answers 500 (no SDK retry here). The engine rechecks 30 s later: attempts are bounded
    // (3), so attempt 2 must still happen and the model be hosted.
    await withWorld(firstStartFailsWorld(), async (world) => {
      world.failCalls(day1('08:09'), 'StartModel', 1);
      await world.runTo(day1('10:00'));
      expect(acted(world.calls('StartModel')).map((c) => [c.statusCode, c.clientToken])).toEqual([
        [202, openToken(OPEN, 'a1')],
        [500, openToken(OPEN, 'a2')],
        [202, openToken(OPEN, 'a2')],
      ]);
      expect(world.status()).toBe('HOSTED');
      expect(world.alerts.sent).toEqual([]);
    });
  });

  it('starts at the next opening a model left HOSTING_FAILED by an earlier window', async () => {
    // Day 1: every attempt fails (one alert). Day 2: the service has recovered; the model is
    // still HOSTING_FAILED (it stays so until started again), and the opening must start it.
    const day2Open = OPEN + 24 * HOUR;
    await withWorld(
      dailyWorld(day1('07:55'), day2Open + HOUR, { emulator: { faults: { hostingFailures: { count: 3 } } } }),
      async (world) => {
        await world.runTo(day2Open + HOUR);
        const day2Starts = world.calls('StartModel').filter((c) => c.at >= day2Open);
        expect(tokensOf(day2Starts)[0]).toBe(openToken(day2Open, 'a1'));
        expect(world.status()).toBe('HOSTED');
      },
    );
  });
  it('starts a model left HOSTING_FAILED by an earlier window even when the opening event is lost', async () => {
    // As above, but day 2's open event (08:05, off the reconcile grid) is never delivered: the
    // 08:15 pass is the only chance to start the window, and the model is HOSTING_FAILED from day 1.
    const schedule = oneModel('[{ days: daily, open: "08:05", close: "20:05" }]');
    const day2Open = at('2026-03-31T08:05:00Z');
    await withWorld(
      {
        schedule,
        from: day1('08:00'),
        to: day2Open + HOUR,
        lost: [{ kind: 'open', model: 'm', at: day2Open }],
        emulator: { faults: { hostingFailures: { count: 3 } } },
      },
      async (world) => {
        await world.runTo(day2Open + HOUR);
        expect(world.calls('StartModel').filter((c) => c.at >= day2Open)).not.toEqual([]);
        expect(world.status()).toBe('HOSTED');
      },
    );
  });
});

describe('stops that fail', () => {
  const span = { from: day1('19:00'), to: day1('21:00') };
  /** Starts the model at 19:00 outside the engine's windows-of-interest: it is HOSTED by 19:10. */
  const hostedBy1910 = (world: World) => world.startByHand('setup-start');

  it('retries a StopModel that answers 500, with a doubling backoff, until it goes through', async () => {
    await withWorld(
      // Exact instants: without the per-model stagger of rechecks.
      dailyWorld(span.from, span.to, { maxAttempts: 1, reconcile: false, settings: { staggerMs: 0 } }),
      async (world) => {
        await hostedBy1910(world);
        world.failCalls(day1('19:59'), 'StopModel', 2);
        await world.runTo(span.to);
        // The engine asks for rechecks 30 s, then 60 s after the failed call; Scheduler's adapter
        // never sets a timer less than a minute ahead, so they fire at +60 s and +120 s.
        const rechecks = world.cloud.timerRequests.filter((t) => t.payload.op !== 'verify-stop');
        expect(rechecks.map((t) => t.intended - CLOSE)).toEqual([30_000, 120_000]);
        expect(world.calls('StopModel').map((c) => [c.at - CLOSE, c.statusCode, c.clientToken])).toEqual([
          [0, 500, closeToken(CLOSE, 'a1')],
          [60_000, 500, closeToken(CLOSE, 'a1')],
          [120_000, 202, closeToken(CLOSE, 'a1')],
        ]);
        expect(world.status()).toBe('TRAINED');
        expect(world.alerts.sent).toEqual([]);
      },
    );
  });

  it('alerts once when StopModel keeps failing, and the model is left hosted', async () => {
    await withWorld(dailyWorld(span.from, span.to, { maxAttempts: 1 }), async (world) => {
      await hostedBy1910(world);
      world.failCalls(day1('19:59'), 'StopModel', 100_000);
      await world.runTo(span.to);
      const stops = world.calls('StopModel');
      // The edge, then six rechecks of its chain (30 s doubling), plus the passes' own tries.
      expect(stops.length).toBeGreaterThanOrEqual(7);
      expect(stops.every((c) => c.statusCode === 500)).toBe(true);
      expect(world.alerts.sent.map((a) => [a.cause, a.model])).toEqual([['gave-up', 'm']]);
      expect(world.alerts.sent[0]?.message).toMatch(/stop/);
      expect(world.status()).toBe('HOSTED');
    });
  });

  it('stops again with new tokens when the model stays HOSTED, then alerts stop-failed', async () => {
    // The service acknowledges StopModel but the model keeps running (the adapter drops the call).
    const ignored: string[] = [];
    const ignoreStops = (host: ModelHost): ModelHost =>
      hostWith(host, {
        stopModel: async (_ref, token) => {
          ignored.push(token);
          return { status: 'STOPPING_HOSTING' };
        },
      });
    await withWorld(
      dailyWorld(span.from, span.to, { reconcile: false, wrapHost: ignoreStops }),
      async (world) => {
        await hostedBy1910(world);
        await world.runTo(span.to);
        expect(ignored).toEqual([closeToken(CLOSE, 'a1'), closeToken(CLOSE, 'a2'), closeToken(CLOSE, 'a3')]);
        expect(world.alerts.sent.map((a) => [a.cause, a.status, a.attempt])).toEqual([
          ['stop-failed', 'HOSTED', 3],
        ]);
        expect(world.status()).toBe('HOSTED');
      },
    );
  });
  it('alerts once, not at every reconcile pass, while a model keeps running after its stops', async () => {
    // Same stuck model, with reconcile passes: each pass finds it HOSTED outside its window and
    // "stops" it again. One failure event (ports.ts: one alert per failure event) should not page
    // the operator every 15 minutes with a "corrected ... stopped it" that did not happen.
    const ignoreStops = (host: ModelHost): ModelHost =>
      hostWith(host, { stopModel: async () => ({ status: 'STOPPING_HOSTING' }) });
    await withWorld(dailyWorld(span.from, CLOSE + 3 * HOUR, { wrapHost: ignoreStops }), async (world) => {
      await hostedBy1910(world);
      await world.runTo(CLOSE + 3 * HOUR);
      expect(world.status()).toBe('HOSTED');
      const causes = world.alerts.sent.map((a) => a.cause);
      expect(causes).toContain('stop-failed');
      expect(causes.filter((c) => c === 'corrected').length).toBeLessThanOrEqual(1);
    });
  });
});

describe('changed inference units', () => {
  it('starts with a new token, and no ConflictException, after the file changes units mid-window', async () => {
    const before = oneModel(DAILY_8_TO_20);
    const after = oneModel(DAILY_8_TO_20, 'minInferenceUnits: 2');
    await withWorld(
      { schedule: before, from: day1('07:55'), to: day1('08:30'), reconcile: false },
      async (world) => {
        world.act(day1('08:11'), 'operator stop', () => world.stopByHand('operator-stop-0811'));
        world.act(day1('08:13'), 'redeploy', async () => {
          world.redeploy(after);
        });
        // A pass in the opening's own period (its own token, r14a1, with the new units).
        world.deliver(day1('08:14'), 'reconcile');
        await world.runTo(day1('08:30'));
        const starts = world.calls('StartModel');
        expect(starts.map((c) => [c.statusCode, c.minInferenceUnits, c.clientToken])).toEqual([
          [202, 1, openToken(OPEN, 'a1', 1)],
          [202, 2, openToken(OPEN, 'r14a1', 2)],
        ]);
        expect(openToken(OPEN, 'r14a1', 2)).not.toBe(openToken(OPEN, 'r14a1', 1));
        expect(world.transitions('STARTING_HOSTING').map((e) => e.minInferenceUnits)).toEqual([1, 2]);
        expect(world.history().at(-1)).toMatchObject({ status: 'HOSTED', minInferenceUnits: 2 });
      },
    );
  });
});

describe('manual stops inside a window', () => {
  it.each([
    [9, '17:00', '17:15', 'r555a1'],
    [3, '11:00', '11:15', 'r195a1'],
  ])(
    'really restarts a model stopped by hand at hour %i of a 12-hour window',
    async (_hour, stopAt, passAt, cause) => {
      await withWorld(dailyWorld(day1('07:55'), day1('18:00')), async (world) => {
        world.act(day1(stopAt), 'operator stop', (t) => world.stopByHand(`operator-stop-${t}`));
        await world.runTo(day1('18:00'));
        const starts = world.transitions('STARTING_HOSTING');
        expect(starts.map((e) => [new Date(e.at).toISOString(), e.clientToken])).toEqual([
          [`${DAY1}T08:00:00.000Z`, openToken(OPEN, 'a1')],
          [`${DAY1}T${passAt}:00.000Z`, openToken(OPEN, cause)],
        ]);
        expect(world.status()).toBe('HOSTED');
        expect(world.alerts.sent.map((a) => a.cause)).toEqual(['corrected']);
      });
    },
  );
  it('really restarts after each of two manual stops in one window', async () => {
    await withWorld(dailyWorld(day1('07:55'), day1('18:00')), async (world) => {
      for (const stopAt of ['11:00', '17:00'])
        world.act(day1(stopAt), 'operator stop', (t) => world.stopByHand(`operator-stop-${t}`));
      await world.runTo(day1('18:00'));
      expect(
        world.transitions('STARTING_HOSTING').map((e) => [new Date(e.at).toISOString(), e.clientToken]),
      ).toEqual([
        [`${DAY1}T08:00:00.000Z`, openToken(OPEN, 'a1')],
        [`${DAY1}T11:15:00.000Z`, openToken(OPEN, 'r195a1')],
        [`${DAY1}T17:15:00.000Z`, openToken(OPEN, 'r555a1')],
      ]);
      expect(world.status()).toBe('HOSTED');
      expect(world.alerts.sent.map((a) => a.cause)).toContain('corrected');
    });
  });
});

describe('DST', () => {
  it('starts a model whose opening falls in the spring-forward gap at the first instant after it', async () => {
    // Europe/Berlin, 2027-03-28: 02:00 CET jumps to 03:00 CEST; 02:30 does not exist. The window
    // opens at 03:30 CEST = 01:30Z (compatible disambiguation) and closes 10:00 CEST = 08:00Z.
    const schedule = scheduleOf(`version: 1
models:
  - { id: m, project: line-a, version: "1", timezone: Europe/Berlin, windows: [{ dates: 2027-03-28, open: "02:30", close: "10:00" }] }
`);
    const from = at('2027-03-27T22:00:00Z');
    const to = at('2027-03-28T09:00:00Z');
    await withWorld({ schedule, from, to }, async (world) => {
      await world.runTo(to);
      const opening = at('2027-03-28T01:30:00Z');
      expect(
        world.history().map((e) => [e.status, new Date(e.at).toISOString(), e.clientToken ?? null]),
      ).toEqual([
        ['TRAINED', new Date(from).toISOString(), null],
        ['STARTING_HOSTING', '2027-03-28T01:30:00.000Z', openToken(opening, 'a1')],
        ['HOSTED', '2027-03-28T01:40:00.000Z', null],
        ['STOPPING_HOSTING', '2027-03-28T08:00:00.000Z', closeToken(at('2027-03-28T08:00:00Z'), 'a1')],
        ['TRAINED', '2027-03-28T08:01:00.000Z', null],
      ]);
      const [first] = world.decisions().filter((d) => d.outcome.decision.action === 'start');
      expect(first?.event).toBe('edge');
      expect(world.alerts.sent).toEqual([]);
    });
  });
});

describe('models absent from the file', () => {
  it('never touches a hosted model the file does not name, in the same project or another', async () => {
    const from = day1('19:00');
    const to = at('2026-03-31T01:00:00Z');
    await withWorld(
      dailyWorld(from, to, {
        emulator: {
          models: [
            { project: 'line-a', version: '1' },
            { project: 'line-a', version: '2' },
            { project: 'line-z', version: '1' },
          ],
        },
      }),
      async (world) => {
        for (const [project, version] of [
          ['line-a', '2'],
          ['line-z', '1'],
        ] as const) {
          await world.startByHand(`setup-${project}-${version}`, project, version);
        }
        await world.runTo(to);
        // The scheduled model was stopped at its close; the others are still hosted, untouched.
        expect(world.status('line-a', '1')).toBe('TRAINED');
        for (const [project, version] of [
          ['line-a', '2'],
          ['line-z', '1'],
        ] as const) {
          expect(world.status(project, version)).toBe('HOSTED');
          expect(world.calls('StopModel', project, version)).toEqual([]);
          expect(world.calls('StartModel', project, version)).toHaveLength(1);
          expect(world.calls('DescribeModel', project, version)).toEqual([]);
        }
        expect(world.emulator.callLog().filter((c) => c.operation === 'ListModels').length).toBeGreaterThan(
          20,
        );
        expect(world.decisions().every((d) => d.outcome.decision.model === 'm')).toBe(true);
      },
    );
  });
});
