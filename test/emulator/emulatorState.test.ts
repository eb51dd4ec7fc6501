import { describe, expect, it } from 'vitest';
import { computeLedger } from '../../src/emulator/computeLedger.js';
import { EmulatedServiceError } from '../../src/emulator/emulatedServiceError.js';
import { defaultAssumptions, type EmulatorAssumptions } from '../../src/emulator/emulatorAssumptions.js';
import { EmulatorState, type ModelRef } from '../../src/emulator/emulatorState.js';
import { FaultInjector } from '../../src/emulator/faultInjector.js';
import { TokenBucket } from '../../src/emulator/tokenBucket.js';
import { t0 } from './helpers.js';

const ref: ModelRef = { region: 'us-east-1', project: 'line-a', version: '1' };
const min = 60_000;
const hour = 60 * min;

function newState(
  assumptions: Partial<EmulatorAssumptions> = {},
  fails: (r: ModelRef) => boolean = () => false,
) {
  const state = new EmulatorState({
    accountId: '123456789012',
    startMs: 10 * min,
    stopMs: min,
    assumptions: { ...defaultAssumptions, ...assumptions },
    hostingFails: fails,
  });
  state.seed(
    [
      { project: 'line-a', version: '1' },
      { project: 'line-a', version: '2' },
    ],
    'us-east-1',
    t0,
  );
  return state;
}

const errorOf = (f: () => unknown): EmulatedServiceError => {
  try {
    f();
  } catch (error) {
    if (error instanceof EmulatedServiceError) return error;
    throw error;
  }
  throw new Error('expected an EmulatedServiceError');
};

const timeline = (state: EmulatorState, now: number) =>
  state.history(now)[0]?.events.map((e) => `${e.status}@${(e.at - t0) / min}`);

describe('EmulatorState', () => {
  it.each([
    [0, 'STARTING_HOSTING'],
    [10 * min - 1, 'STARTING_HOSTING'],
    [10 * min, 'HOSTED'],
    [365 * 24 * hour, 'HOSTED'],
  ])('a model started at t0 is, at its first read at t0 + %i ms, %s', (offset, status) => {
    const state = newState();
    expect(state.describeModel(ref, t0).status).toBe('TRAINED');
    state.startModel({ ...ref, minInferenceUnits: 1 }, t0);
    expect(state.describeModel(ref, t0 + offset).status).toBe(status);
  });

  it('records transitions at the instants they happened, whenever they are observed', () => {
    const state = newState();
    state.startModel({ ...ref, minInferenceUnits: 1 }, t0);
    state.stopModel(ref, t0 + 3 * hour);
    expect(timeline(state, t0 + 1000 * hour)).toEqual([
      'TRAINED@0',
      'STARTING_HOSTING@0',
      'HOSTED@10',
      'STOPPING_HOSTING@180',
      'TRAINED@181',
    ]);
  });

  it('treats a clock that goes backwards as standing still', () => {
    const state = newState();
    state.startModel({ ...ref, minInferenceUnits: 1 }, t0 + hour);
    expect(state.describeModel(ref, t0).status).toBe('STARTING_HOSTING');
    expect(timeline(state, t0)).toEqual(['TRAINED@0', 'STARTING_HOSTING@60']);
  });

  it('ends a start that the fault hook fails in HOSTING_FAILED after the start time, by default', () => {
    const state = newState({}, (r) => r.version === '1');
    state.startModel({ ...ref, minInferenceUnits: 1 }, t0);
    expect(state.describeModel(ref, t0 + 10 * min)).toMatchObject({ status: 'HOSTING_FAILED' });
    const quick = newState({ hostingFailureAfterMs: min }, () => true);
    quick.startModel({ ...ref, minInferenceUnits: 1 }, t0);
    expect(quick.describeModel(ref, t0 + min).status).toBe('HOSTING_FAILED');
  });

  it('answers 202 with the current status instead of a conflict when the assumptions say so', () => {
    const state = newState({ conflictOnStartWhenActive: false, conflictOnStopWhenNotHosted: false });
    state.startModel({ ...ref, minInferenceUnits: 1 }, t0);
    expect(state.startModel({ ...ref, minInferenceUnits: 1 }, t0 + min).status).toBe('STARTING_HOSTING');
    expect(state.startModel({ ...ref, minInferenceUnits: 1 }, t0 + 20 * min).status).toBe('HOSTED');
    expect(state.stopModel({ ...ref, version: '2' }, t0).status).toBe('STOPPING_HOSTING');
    expect(timeline(state, t0 + 20 * min)).toEqual(['TRAINED@0', 'STARTING_HOSTING@0', 'HOSTED@10']);
  });

  it('conflicts by default, naming the assumption', () => {
    const state = newState();
    state.startModel({ ...ref, minInferenceUnits: 1 }, t0);
    const start = errorOf(() => state.startModel({ ...ref, minInferenceUnits: 1 }, t0));
    expect([start.errorType, start.members, start.message]).toEqual([
      'ConflictException',
      { ResourceId: '1', ResourceType: 'MODEL' },
      expect.stringContaining('conflictOnStartWhenActive'),
    ]);
  });

  it('forgets a token after tokenTtlMs, and may report a mismatch as ValidationException', () => {
    const state = newState({ tokenTtlMs: hour, tokenMismatchError: 'ValidationException' });
    state.startModel({ ...ref, minInferenceUnits: 1, clientToken: 't' }, t0);
    expect(state.startModel({ ...ref, minInferenceUnits: 1, clientToken: 't' }, t0 + hour - 1).replayed).toBe(
      true,
    );
    expect(
      errorOf(() => state.startModel({ ...ref, minInferenceUnits: 2, clientToken: 't' }, t0)).errorType,
    ).toBe('ValidationException');
    state.stopModel(ref, t0 + 30 * min);
    const fresh = state.startModel({ ...ref, minInferenceUnits: 2, clientToken: 't' }, t0 + 2 * hour);
    expect(fresh).toEqual({ status: 'STARTING_HOSTING', replayed: false });
  });

  it('keeps tokens per region', () => {
    const state = newState();
    state.seed([{ project: 'line-a', version: '1', region: 'eu-west-1' }], 'us-east-1', t0);
    state.startModel({ ...ref, minInferenceUnits: 1, clientToken: 't' }, t0);
    const eu = state.startModel({ ...ref, region: 'eu-west-1', minInferenceUnits: 2, clientToken: 't' }, t0);
    expect(eu.replayed).toBe(false);
  });

  it('does not remember a token whose call failed', () => {
    const state = newState();
    expect(errorOf(() => state.stopModel({ ...ref, clientToken: 't' }, t0)).errorType).toBe(
      'ConflictException',
    );
    expect(state.startModel({ ...ref, minInferenceUnits: 1, clientToken: 't' }, t0).replayed).toBe(false);
  });

  it('enforces configured service quotas', () => {
    const state = new EmulatorState({
      accountId: '123456789012',
      startMs: 0,
      stopMs: 0,
      assumptions: defaultAssumptions,
      serviceQuotas: { maxActiveModelsPerRegion: 1 },
    });
    state.seed(
      [
        { project: 'p', version: '1' },
        { project: 'p', version: '2' },
      ],
      'us-east-1',
      t0,
    );
    state.startModel({ region: 'us-east-1', project: 'p', version: '1', minInferenceUnits: 1 }, t0);
    const error = errorOf(() =>
      state.startModel({ region: 'us-east-1', project: 'p', version: '2', minInferenceUnits: 1 }, t0),
    );
    expect([error.errorType, error.members.QuotaCode]).toEqual([
      'ServiceQuotaExceededException',
      'emulator-max-active-models-per-region',
    ]);
  });

  it('seeds idempotently and keeps the existing model', () => {
    const state = newState();
    state.startModel({ ...ref, minInferenceUnits: 1 }, t0);
    const [again] = state.seed([{ project: 'line-a', version: '1' }], 'us-east-1', t0 + hour);
    expect(again?.status).toBe('HOSTED');
  });
});

describe('computeLedger', () => {
  it('counts MinInferenceUnits per billed second, up to now, per interval', () => {
    const state = newState();
    state.startModel({ ...ref, minInferenceUnits: 3, maxInferenceUnits: 6 }, t0);
    state.stopModel(ref, t0 + 10 * min + 2 * hour);
    state.startModel({ ...ref, minInferenceUnits: 1 }, t0 + 3 * hour);
    const ledger = computeLedger(state.history(t0 + 4 * hour), {
      now: t0 + 4 * hour,
      billedStatuses: ['HOSTED'],
      pricePerInferenceUnitHour: 4,
    });
    const entry = ledger.models[0];
    expect(entry?.intervals.map((i) => [(i.from - t0) / min, (i.to - t0) / min, i.inferenceUnits])).toEqual([
      [10, 130, 3],
      [190, 240, 1],
    ]);
    expect(entry?.inferenceUnitSeconds).toBe(3 * 7200 + 50 * 60);
    expect(ledger.total.estimatedCostUsd).toBeCloseTo(((3 * 7200 + 3000) / 3600) * 4, 10);
  });

  it('can bill the starting and stopping time as well', () => {
    const state = newState();
    state.startModel({ ...ref, minInferenceUnits: 2 }, t0);
    state.stopModel(ref, t0 + hour);
    const ledger = computeLedger(state.history(t0 + 2 * hour), {
      now: t0 + 2 * hour,
      billedStatuses: ['STARTING_HOSTING', 'HOSTED', 'STOPPING_HOSTING'],
      pricePerInferenceUnitHour: 4,
    });
    expect(ledger.models[0]?.billedSeconds).toBe(61 * 60);
  });
});

describe('TokenBucket', () => {
  it('allows a burst, then refills at the rate on the injected time line', () => {
    const bucket = new TokenBucket(5, 5);
    const takes = Array.from({ length: 6 }, () => bucket.take(t0).ok);
    expect(takes).toEqual([true, true, true, true, true, false]);
    expect(bucket.take(t0)).toEqual({ ok: false, retryAfterMs: 200 });
    expect(bucket.take(t0 + 200).ok).toBe(true);
    expect(bucket.take(t0 + 200).ok).toBe(false);
    expect(Array.from({ length: 6 }, () => bucket.take(t0 + 3_600_000).ok).filter(Boolean)).toHaveLength(5);
  });
});

describe('FaultInjector', () => {
  it('counts faults down and keeps kinds it was not given', () => {
    const faults = new FaultInjector();
    faults.set({ internalErrors: { count: 1 }, dropConnections: { count: 1, operations: ['StopModel'] } });
    faults.set({ latency: { ms: 5 } });
    expect(faults.takeDrop('StartModel', 'beforeHandling')).toBe(false);
    expect(faults.takeDrop('StopModel', 'afterHandling')).toBe(false);
    expect(faults.takeDrop('StopModel', 'beforeHandling')).toBe(true);
    expect(faults.takeDrop('StopModel', 'beforeHandling')).toBe(false);
    expect(faults.takeInternalError('ListModels')).toBe(1);
    expect(faults.takeInternalError('ListModels')).toBeUndefined();
    expect(faults.latencyMs(undefined)).toBe(5);
    faults.clear();
    expect(faults.current()).toEqual({});
  });

  it('fails starts of the named model only', () => {
    const faults = new FaultInjector();
    faults.set({ hostingFailures: { count: 2, version: '2' } });
    expect(faults.takeHostingFailure(ref)).toBe(false);
    expect(faults.takeHostingFailure({ ...ref, version: '2' })).toBe(true);
    expect(faults.current().hostingFailures?.count).toBe(1);
  });
});
