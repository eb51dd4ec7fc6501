/**
 * config/examples/rekognition.yaml (Custom Labels only) and config/examples/mixed.yaml (both
 * services): each validates without warnings, plans with each model's service, and simulates with
 * billing per service.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SimulationReport } from '../../src/local/simulate.js';
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

const WEEK = ['--from', '2026-11-30T00:00:00Z', '--days', '7'];

async function simulateJson(file: string, extra: string[] = []): Promise<SimulationReport> {
  const r = await lvsched(['simulate', '--config', file, ...WEEK, ...extra, '--json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as SimulationReport;
}

describe('simulate on the service examples', () => {
  it('runs a week of config/examples/rekognition.yaml with one StartProjectVersion and one StopProjectVersion per window', async () => {
    const report = await simulateJson(REKOGNITION);
    expect(report.models.map((m) => [m.id, m.service, m.windows])).toEqual([
      ['parcels', 'rekognition', 5],
      ['shelf-gaps:v1.2', 'rekognition', 1],
    ]);
    // Only Custom Labels was called: no Lookout for Vision operation in the log.
    expect(Object.keys(report.calls).sort()).toEqual([
      'DescribeProjectVersions',
      'DescribeProjects',
      'StartProjectVersion',
      'StopProjectVersion',
    ]);
    expect(report.calls.StartProjectVersion).toBe(6);
    expect(report.calls.StopProjectVersion).toBe(6);
    expect(report.models.map((m) => m.statusAtEnd)).toEqual(['STOPPED', 'STOPPED']);
    expect(report.alerts).toEqual([]);
    expect(report.deadLetters).toEqual([]);
    // RUNNING time only: each window loses its start-up (10 min) at the model's units.
    expect(report.totals.billedToPlanned).toBeLessThanOrEqual(1.005);
    expect(report.totals.billedToPlanned).toBeGreaterThan(0.97);
    expect(Object.keys(report.byService)).toEqual(['rekognition']);
    expect(report.byService.rekognition).toMatchObject({
      models: 2,
      windows: 6,
      startCalls: 6,
      stopCalls: 6,
      billedInferenceUnitHours: report.totals.billedInferenceUnitHours,
      plannedInferenceUnitHours: report.totals.plannedInferenceUnitHours,
      billedCost: report.totals.billedCost,
    });
  });

  it('runs a week of config/examples/mixed.yaml and bills each service apart', async () => {
    const report = await simulateJson(MIXED);
    expect(report.models.map((m) => [m.id, m.service, m.startCalls, m.stopCalls])).toEqual([
      ['circuit-boards:3', 'lookoutvision', 5, 5],
      ['boards-cl', 'rekognition', 5, 5],
      ['night-shift-cl:v1', 'rekognition', 4, 4],
    ]);
    expect(report.calls).toMatchObject({
      StartModel: 5,
      StopModel: 5,
      StartProjectVersion: 9,
      StopProjectVersion: 9,
    });
    expect(report.alerts).toEqual([]);
    const lfv = report.byService.lookoutvision;
    const rk = report.byService.rekognition;
    expect(lfv).toMatchObject({ models: 1, windows: 5, startCalls: 5, stopCalls: 5 });
    expect(rk).toMatchObject({ models: 2, windows: 9, startCalls: 9, stopCalls: 9 });
    expect(lfv?.calls).toMatchObject({ StartModel: 5, StopModel: 5 });
    expect(Object.keys(lfv?.calls ?? {})).not.toContain('StartProjectVersion');
    expect(rk?.calls).toMatchObject({ StartProjectVersion: 9, StopProjectVersion: 9 });
    // The services' shares add up to the totals, which keep their meaning.
    const both = (f: (s: NonNullable<typeof lfv>) => number) =>
      f(lfv as NonNullable<typeof lfv>) + f(rk as NonNullable<typeof rk>);
    expect(both((s) => s.billedInferenceUnitHours)).toBeCloseTo(report.totals.billedInferenceUnitHours, 3);
    expect(both((s) => s.plannedInferenceUnitHours)).toBeCloseTo(report.totals.plannedInferenceUnitHours, 3);
    expect(both((s) => s.alwaysOnInferenceUnitHours)).toBeCloseTo(
      report.totals.alwaysOnInferenceUnitHours,
      3,
    );
    for (const s of [lfv, rk]) {
      expect(s?.billedToPlanned).toBeLessThanOrEqual(1.005);
      expect(s?.billedToPlanned).toBeGreaterThan(0.97);
    }
  });

  it('prints billing per service in the text report', async () => {
    const r = await lvsched(['simulate', '--config', MIXED, '--from', '2026-11-30T00:00:00Z', '--days', '2']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /^ {2}Lookout for Vision: +billed \d+\.\d\d IU-h \(\d+\.\d\d USD\), planned 29\.50 IU-h \(118\.00 USD\), billed\/planned 0\.9\d+; 1 model, 2 starts, 1 stop$/m,
    );
    expect(r.stdout).toMatch(
      /^ {2}Rekognition Custom Labels: +billed \d+\.\d\d IU-h .*planned 37\.75 IU-h .*; 2 models, 3 starts, 2 stops$/m,
    );
    expect(r.stdout).toMatch(/StartProjectVersion 3, StopProjectVersion 2/);
  });

  it('ends a Custom Labels start in FAILED under hosting-failed=N@ID and starts it again', async () => {
    const report = await simulateJson(MIXED, ['--faults', 'hosting-failed=1@boards-cl']);
    const boards = report.timeline.filter((t) => t.model === 'boards-cl' && t.action === 'start');
    expect(boards[0]?.reason).toBe('window open: starting');
    expect(boards[1]?.reason).toBe('hosting failed: start attempt 2');
    // Only that model's start failed: the Lookout for Vision model beside it started once per window.
    expect(report.timeline.filter((t) => t.reason.startsWith('hosting failed')).map((t) => t.model)).toEqual([
      'boards-cl',
    ]);
    expect(report.byService.rekognition?.startCalls).toBe(10);
    expect(report.byService.lookoutvision?.startCalls).toBe(5);
    // The failed start cost one more start-up time inside the window.
    const missed = report.models.find((m) => m.id === 'boards-cl')?.notHostedInsideWindowMinutes ?? 0;
    expect(missed).toBeGreaterThan(9);
  });

  it('counts errors=N across both services: N requests in all answer 500, not N per service', async () => {
    const report = await simulateJson(MIXED, ['--faults', 'errors=40', '--days', '1']);
    expect(report.callOutcomes.internalErrors).toBe(40);
  });
});
