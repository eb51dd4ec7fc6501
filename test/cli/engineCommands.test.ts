import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator } from '../../src/emulator/index.js';
import {
  BIN,
  emulatorEnv,
  lvsched,
  lvschedProcess,
  RECONCILE_DECISION_FIELDS,
  ROOT,
  STARTS_TRAINED_LOOKOUTVISION_MODEL,
  tempFile,
} from './helpers.js';

describe('lvsched simulate', () => {
  it('runs a week of the example schedule and reports billed against planned', async () => {
    const started = performance.now();
    const r = await lvsched(['simulate', '--from', '2026-11-30T00:00:00Z', '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.from).toBe('2026-11-30T00:00:00Z');
    expect(report.to).toBe('2026-12-07T00:00:00Z');
    // Planned figures are the plan's (worked out by hand in test/schedule/plan.test.ts).
    expect(report.totals.plannedInferenceUnitHours).toBe(212.75);
    expect(report.totals.alwaysOnInferenceUnitHours).toBe(672);
    // Billed: HOSTED time only, so each window loses the 10-minute start-up (14 windows).
    expect(report.totals.billedInferenceUnitHours).toBeGreaterThan(212.75 - 14 * (10 / 60) * 2 - 1);
    expect(report.totals.billedToPlanned).toBeLessThanOrEqual(1.005);
    // Scheduler delivers a close within the minute after it: at most a minute outside per window.
    const windows = report.models.reduce((n: number, m: { windows: number }) => n + m.windows, 0);
    expect(report.totals.hostedOutsideWindowMinutes).toBeLessThanOrEqual(windows);
    expect(report.calls.StartModel).toBe(14);
    expect(report.calls.StopModel).toBe(14);
    // Three models never come near a function's deadline: nothing is handed off (virtual time does
    // not move while a function loads code on first use).
    expect(report.timeline.filter((t: { reason: string }) => t.reason.startsWith('handed off'))).toEqual([]);
    expect(report.alerts).toEqual([]);
    const starts = report.timeline.filter((t: { action: string }) => t.action === 'start');
    expect(starts).toHaveLength(14);
    for (const s of starts) expect(s.clientToken).toMatch(/^open-\d{8}t\d{4}z-a1-[0-9a-f]{24}$/);
    // Seconds, not minutes (generous for a loaded 2-core machine).
    expect(performance.now() - started).toBeLessThan(60_000);
  });

  it('prints a timeline and a charge report for people', async () => {
    const r = await lvsched(['simulate', '--from', '2026-11-30T00:00:00Z', '--days', '2']);
    expect(r.code).toBe(0);
    // 04:45 is also a reconcile instant: whichever delivery of that minute comes first starts it.
    expect(r.stdout).toMatch(/2026-12-01 04:45:00Z\s+(edge|reconcile)\s+circuit-boards:3\s+start/);
    expect(r.stdout).toMatch(/billed\/planned 0\.9\d+/);
    expect(r.stdout).toMatch(/calls: .*StartModel \d+/);
  });

  it('corrects a lost close event at the next reconcile pass and alerts', async () => {
    const file = tempFile(
      'odd.yaml',
      'version: 1\nmodels:\n  - { project: p, version: "1", timezone: UTC, windows: [{ days: daily, open: "08:05", close: "16:05" }] }\n',
    );
    const r = await lvsched([
      'simulate',
      '--config',
      file,
      '--from',
      '2026-12-01T00:00:00Z',
      '--days',
      '1',
      '--faults',
      'lose-close=p:1',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    const stop = report.timeline.find((t: { action: string }) => t.action === 'stop');
    expect(stop.at).toBe('2026-12-01T16:15:00Z');
    expect(stop.event).toBe('reconcile');
    expect(report.alerts.map((a: { cause: string }) => a.cause)).toEqual(['corrected']);
    // At most one reconcile period (15 min) of hosting outside the window.
    expect(report.totals.hostedOutsideWindowMinutes).toBeGreaterThan(9);
    expect(report.totals.hostedOutsideWindowMinutes).toBeLessThanOrEqual(15);
  });

  it.each([
    [['simulate', '--faults', 'explode=1'], /unknown fault "explode"/],
    [['simulate', '--days', '0'], /--days "0"/],
    [['simulate', '--from', 'soon'], /--from "soon"/],
    [['simulate', '--faults', 'lose-open=nobody:1', '--from', '2026-11-30T00:00:00Z'], /nobody:1/],
  ])('exits 2 with one clear line for %j', async (args, message) => {
    const r = await lvsched(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});

describe('lvsched reconcile and status against an emulator', () => {
  let emulator: EmulatorHandle;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    emulator = await startEmulator({
      startSeconds: 600,
      models: [
        { project: 'circuit-boards', version: '3' },
        { project: 'night-shift', version: '1' },
        { project: 'pilot-line', version: '2' },
      ],
    });
    env = emulatorEnv(emulator.endpoint);
  });
  afterAll(async () => {
    await emulator.close();
  });

  it('prints the decisions as JSON in a dry run and changes nothing', async () => {
    // Tuesday 2026-12-01 09:00 Berlin = 02:00 Chicago: every model is inside a window.
    const r = await lvschedProcess(
      ['reconcile', '--at', '2026-12-01T09:00:00+01:00', '--dry-run', '--json'],
      env,
    );
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.at).toBe('2026-12-01T08:00:00Z');
    expect(out.decisions.map((d: object) => Object.keys(d))).toEqual(
      Array(3).fill([...RECONCILE_DECISION_FIELDS]),
    );
    const byModel = Object.fromEntries(out.decisions.map((d: { model: string }) => [d.model, d]));
    expect(byModel['circuit-boards:3']).toMatchObject(STARTS_TRAINED_LOOKOUTVISION_MODEL);
    expect(byModel['night-shift:1']).toMatchObject({
      desired: 'hosted',
      observed: 'TRAINED',
      action: 'start',
    });
    expect(emulator.callLog().filter((c) => c.operation === 'StartModel')).toHaveLength(0);
  });

  it('starts the models that should be hosted, with window-derived tokens', async () => {
    const r = await lvschedProcess(['reconcile', '--at', '2026-12-01T09:00:00+01:00', '--json'], env);
    expect(r.code).toBe(0);
    const starts = emulator.callLog().filter((c) => c.operation === 'StartModel' && c.statusCode === 202);
    expect(starts.map((c) => c.project).sort()).toEqual(['circuit-boards', 'night-shift', 'pilot-line']);
    const out = JSON.parse(r.stdout);
    const cb = out.decisions.find((d: { model: string }) => d.model === 'circuit-boards:3');
    expect(starts.find((c) => c.project === 'circuit-boards')?.clientToken).toBe(cb.clientToken);
    // Started by a pass 3h15 after the 04:45Z opening: a correction, with the pass's own token (minute 195).
    expect(cb.clientToken).toMatch(/^open-20261201t0445z-r195a1-/);
    expect(r.stderr).toMatch(/ALERT corrected circuit-boards:3/);
  });

  it('shows desired and observed state, units and the next transition', async () => {
    const r = await lvschedProcess(['status'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/circuit-boards:3\s+(hosted|stopped)\s+STARTING_HOSTING\s+2-2/);
    expect(r.stdout).toMatch(/next transition/);
  });

  it('exits 2 when no region is configured for models that name none', async () => {
    const file = tempFile(
      'noregion.yaml',
      'version: 1\nmodels:\n  - { project: p, version: "1", windows: [] }\n',
    );
    const r = await lvschedProcess(['reconcile', '--config', file], { ...env, AWS_REGION: '' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no AWS region/);
  });
});

describe('lvsched emulator', () => {
  it('prints its endpoint, serves the schedule models and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, [BIN, 'emulator', '--port', '0', '--start-seconds', '1'], {
      cwd: ROOT,
    });
    let stdout = '';
    const endpoint = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d) => {
        stdout += d;
        const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
        if (m?.[1]) resolve(m[1]);
      });
      child.on('error', reject);
      child.on('exit', (code) => reject(new Error(`exited ${code}: ${stdout}`)));
    });
    try {
      const res = await fetch(`${endpoint}/_emulator/models`);
      expect(res.status).toBe(200);
      expect(JSON.stringify(await res.json())).toContain('circuit-boards');
    } finally {
      const exited = new Promise((resolve) => child.on('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  });
});
