/**
 * config/examples/rekognition.yaml (Custom Labels only) and config/examples/mixed.yaml (both
 * services): each validates without warnings and plans with each model's service.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PlanReport } from '../../src/schedule/plan.js';
import { lvsched, ROOT } from './helpers.js';

const REKOGNITION = join(ROOT, 'config/examples/rekognition.yaml');
const MIXED = join(ROOT, 'config/examples/mixed.yaml');
const SPAN = ['--from', '2026-11-30T00:00:00Z', '--to', '2026-12-07T00:00:00Z'];

async function planOf(file: string): Promise<PlanReport> {
  const r = await lvsched(['plan', '--config', file, ...SPAN, '--json']);
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as PlanReport;
}

describe('config/examples/rekognition.yaml', () => {
  it('validates with no warnings', async () => {
    const r = await lvsched(['validate', '--config', REKOGNITION]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${REKOGNITION}: valid, 2 models, 0 warnings`);
  });

  it('plans only Rekognition models, with Custom Labels version names', async () => {
    const plan = await planOf(REKOGNITION);
    expect(plan.models.map((m) => [m.id, m.service, m.version])).toEqual([
      ['parcels', 'rekognition', 'parcel-labels.2026-11-20T10.15.00'],
      ['shelf-gaps:v1.2', 'rekognition', 'v1.2'],
    ]);
    // Mon-Fri 06:50-19:00 at 2 units, and Sat 08:50-13:00 at 1 unit (a 10-minute lead time).
    expect(plan.models.map((m) => m.windows.length)).toEqual([5, 1]);
    expect(plan.totals.inferenceUnitHours).toBeCloseTo(5 * (12 + 1 / 6) * 2 + (4 + 1 / 6), 6);
  });

  it('prints the Custom Labels project in the text plan', async () => {
    const r = await lvsched(['plan', '--config', REKOGNITION, ...SPAN]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'parcels  (Rekognition Custom Labels project parcel-labels, version parcel-labels.2026-11-20T10.15.00)',
    );
  });
});

describe('config/examples/mixed.yaml', () => {
  it('validates with no warnings', async () => {
    const r = await lvsched(['validate', '--config', MIXED]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${MIXED}: valid, 3 models, 0 warnings`);
  });

  it('plans models of both services, each with its service', async () => {
    const plan = await planOf(MIXED);
    expect(plan.models.map((m) => [m.id, m.service])).toEqual([
      ['circuit-boards:3', 'lookoutvision'],
      ['boards-cl', 'rekognition'],
      ['night-shift-cl:v1', 'rekognition'],
    ]);
    expect(plan.models.map((m) => m.windows.length)).toEqual([5, 5, 4]);
    expect(plan.totals.hours).toBeCloseTo(195.5, 6);
  });
});

describe('simulate on a file with Rekognition Custom Labels models', () => {
  it('exits 2 with one line saying what does not run yet, instead of an internal error', async () => {
    const r = await lvsched(['simulate', '--config', MIXED, '--days', '1']);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^lvsched: simulate does not run Rekognition Custom Labels models yet/);
  });
});
