import { describe, expect, it } from 'vitest';
import { decideModel } from '../../src/control/decideModel.js';
import { MINUTE, MODEL, OPEN, SETTINGS } from './fixtures.js';

// MODEL asks for 1 to 3 units, daily 08:00-20:00.
describe('units of a running model', () => {
  it('does not restart a model hosted with other units inside its window, and says so', () => {
    for (const service of ['lookoutvision', 'rekognition'] as const) {
      const d = decideModel(
        { ...MODEL, service },
        OPEN + 30 * MINUTE,
        { status: 'HOSTED', statusMessage: null, minInferenceUnits: 2, maxInferenceUnits: 2 },
        SETTINGS,
      );
      expect(d.action).toBe('none');
      expect(d.timers).toEqual([]);
      expect(d.alerts).toEqual([]);
      expect(d.reason).toContain('2-2 units');
      expect(d.reason).toContain('1-3');
      expect(d.reason).toContain('next start');
    }
  });

  it('says nothing of units when they match or are not reported', () => {
    const same = decideModel(
      MODEL,
      OPEN + 30 * MINUTE,
      { status: 'HOSTED', statusMessage: null, minInferenceUnits: 1, maxInferenceUnits: 3 },
      SETTINGS,
    );
    expect(same.reason).toBe('hosted, as desired');
    const unknown = decideModel(
      MODEL,
      OPEN + 30 * MINUTE,
      { status: 'HOSTED', statusMessage: null },
      SETTINGS,
    );
    expect(unknown.reason).toBe('hosted, as desired');
  });
});
