import { describe, expect, it } from 'vitest';
import type { ModelHost, ModelRef } from '../../src/ports.js';
import { hostWith } from './scenarioFixture.js';

const REF: ModelRef = { region: 'us-east-1', project: 'p', version: '1' };

describe('hostWith (the engine tests’ host wrapper)', () => {
  it('forwards every argument, the capabilities and the pacing of the host it wraps', async () => {
    const listed: unknown[][] = [];
    const host: ModelHost = {
      listModels: async (...args) => {
        listed.push(args);
        return new Map();
      },
      describeModel: async () => ({ status: 'TRAINED' }) as never,
      startModel: async () => ({ status: 'STARTING_HOSTING' }),
      stopModel: async () => ({ status: 'STOPPING_HOSTING' }),
      capabilitiesFor: () => ({ idempotentStart: false }),
      nextSlot: () => 42,
    };
    const wrapped = hostWith(host, { stopModel: async () => ({ status: 'HOSTED' }) });
    await wrapped.listModels('us-east-1', 'p', ['1', '2'], 'rekognition');
    expect(listed).toEqual([['us-east-1', 'p', ['1', '2'], 'rekognition']]);
    expect(wrapped.capabilitiesFor?.(REF)).toEqual({ idempotentStart: false });
    expect(wrapped.nextSlot?.('us-east-1')).toBe(42);
    expect(await wrapped.stopModel(REF, 't')).toEqual({ status: 'HOSTED' });
  });
});
