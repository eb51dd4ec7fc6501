/**
 * `lvsched status` through the real bin against the emulator over loopback HTTP: models put in
 * each state with the real SDK, the schedule read at `--at`, the flags, the month's plan figures
 * (against buildPlan and `plan --json` over the same bounds) and the fields `--json` always had.
 */
import { readFileSync } from 'node:fs';
import { StartModelCommand } from '@aws-sdk/client-lookoutvision';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator } from '../../src/emulator/index.js';
import { parseScheduleOrThrow } from '../../src/schedule/parseSchedule.js';
import { sdkClient, virtualClock } from '../emulator/helpers.js';
import { monthFiguresByPlan } from '../render/planFixture.js';
import { emulatorEnv, lvsched, lvschedProcess, type Run, tempFile } from './helpers.js';

/** Tuesday 2026-12-01 09:00 in Berlin. */
const AT = '2026-12-01T09:00:00+01:00';
const SCHEDULE = `version: 1
defaults: { region: us-east-1, timezone: Europe/Berlin, leadTime: 15m, maxInferenceUnits: 2 }
pricing: { inferenceUnitHour: 4.00 }
models:
  - { id: hosted-in, project: line-a, version: "1", minInferenceUnits: 2,
      windows: [{ days: Mon-Fri, open: "06:00", close: "22:00" }] }
  - { id: stopped-in, project: line-b, version: "1", windows: [{ days: Mon-Fri, open: "06:00", close: "22:00" }] }
  - { id: hosted-out, project: line-c, version: "1", windows: [{ days: Sat, open: "08:00", close: "12:00" }] }
  - { id: stopped-out, project: line-d, version: "1", windows: [{ days: Sat, open: "08:00", close: "12:00" }] }
  # Opens 09:10 with 15 min lead time: at 09:00 it has been starting for 5 minutes.
  - { id: starting, project: line-e, version: "1", windows: [{ days: Mon-Fri, open: "09:10", close: "17:00" }] }
  - { id: ghost, project: line-x, version: "9", windows: [{ days: Mon-Fri, open: "06:00", close: "22:00" }] }
  - { id: idle, project: line-f, version: "1", windows: [] }
`;

/** `status --json` as the command prints it (the fields a test reads). */
interface JsonRow {
  model: string;
  desired: string;
  observed: string;
  inferenceUnits: string;
  differs: boolean | null;
  check: string;
  window: {
    state: string;
    open: string;
    close: string;
    openLocal: string;
    closeLocal: string;
    timezone: string;
  };
  month: Record<string, number>;
}

describe('lvsched status against an emulator', () => {
  let emulator: EmulatorHandle;
  let file: string;
  let text: Run;
  let json: Run;
  let doc: { at: string; observedAt: string; models: JsonRow[]; month: Record<string, unknown> };
  const row = (id: string): JsonRow => {
    const r = doc.models.find((m) => m.model === id);
    if (r === undefined) throw new Error(`no row for ${id}`);
    return r;
  };

  beforeAll(async () => {
    const clock = virtualClock(Date.parse('2026-12-01T07:00:00Z'));
    emulator = await startEmulator({
      clock,
      quota: false,
      startSeconds: 600,
      models: ['line-a', 'line-b', 'line-c', 'line-d', 'line-e', 'line-f'].map((project) => ({
        project,
        version: '1',
      })),
    });
    const client = sdkClient(emulator.endpoint);
    const start = (project: string, units: number) =>
      client.send(
        new StartModelCommand({
          ProjectName: project,
          ModelVersion: '1',
          MinInferenceUnits: units,
          MaxInferenceUnits: 2,
          ClientToken: `status-test-${project}`,
        }),
      );
    await start('line-a', 2);
    await start('line-c', 1);
    clock.advance(11 * 60_000); // past the 10-minute start: HOSTED
    await start('line-e', 1);
    clock.advance(5 * 60_000); // line-e has been starting for 5 minutes
    client.destroy();
    file = tempFile('status.yaml', SCHEDULE);
    const env = emulatorEnv(emulator.endpoint);
    [text, json] = await Promise.all([
      lvschedProcess(['status', '--config', file, '--at', AT], env),
      lvschedProcess(['status', '--config', file, '--at', AT, '--json'], env),
    ]);
    doc = JSON.parse(json.stdout);
  });
  afterAll(async () => {
    await emulator?.close();
  });

  it('exits 0 when models differ: a difference is the answer, not a failure', () => {
    // Only the file's own warning, on stderr so that stdout stays the status.
    expect(text.stderr.trim()).toMatch(/^\S+status\.yaml:\d+:\d+: warning: model idle has no windows/);
    expect(text.stderr.trim().split('\n')).toHaveLength(1);
    expect(text.code).toBe(0);
    expect(json.code).toBe(0);
  });

  it('does not flag a model hosted in its window', () => {
    expect(row('hosted-in')).toMatchObject({
      desired: 'hosted',
      observed: 'HOSTED',
      differs: false,
      check: 'ok',
    });
    expect(text.stdout).toMatch(
      /^hosted-in\s+hosted\s+HOSTED\s+2-2\s+ok\s+now\s+Tue 2026-12-01 05:45 -> 22:00 CET\s+\(04:45Z -> 21:00Z\)/m,
    );
  });

  it('flags a model stopped in its window', () => {
    expect(row('stopped-in')).toMatchObject({
      desired: 'hosted',
      observed: 'TRAINED',
      differs: true,
      check: 'differs',
    });
    expect(text.stdout).toMatch(/^stopped-in\s+hosted\s+TRAINED\s+-\s+DIFFERS\s+now /m);
    expect(text.stdout).toMatch(/^ {2}stopped-in\s+DIFFERS: TRAINED inside its window: not hosted$/m);
  });

  it('flags a model hosted outside its windows and shows the next window', () => {
    expect(row('hosted-out')).toMatchObject({ desired: 'stopped', observed: 'HOSTED', differs: true });
    expect(row('hosted-out').window).toEqual({
      state: 'next',
      open: '2026-12-05T06:45:00Z',
      close: '2026-12-05T11:00:00Z',
      openLocal: '2026-12-05T07:45:00+01:00',
      closeLocal: '2026-12-05T12:00:00+01:00',
      timezone: 'Europe/Berlin',
    });
    expect(text.stdout).toMatch(
      /^hosted-out\s+stopped\s+HOSTED\s+1-2\s+DIFFERS\s+next Sat 2026-12-05 07:45 -> 12:00 CET\s+\(06:45Z -> 11:00Z\)\s+hosted at 2026-12-05T06:45:00Z$/m,
    );
  });

  it('does not flag a model stopped outside its windows', () => {
    expect(row('stopped-out')).toMatchObject({
      desired: 'stopped',
      observed: 'TRAINED',
      differs: false,
      check: 'ok',
    });
  });

  it('does not flag a model starting within its lead time', () => {
    expect(row('starting')).toMatchObject({
      desired: 'hosted',
      observed: 'STARTING_HOSTING',
      differs: false,
      check: 'starting',
    });
    expect(row('starting').window).toMatchObject({ state: 'open', open: '2026-12-01T07:55:00Z' });
    expect(text.stdout).toMatch(/^ {2}starting\s+starting: starting, 5 min after the opening/m);
  });

  it('says when a model has no window to come', () => {
    expect(row('idle')).toMatchObject({ desired: 'stopped', differs: false, window: null, next: null });
    expect(text.stdout).toMatch(
      /^idle\s+stopped\s+TRAINED\s+-\s+ok\s+none within 2 years\s+none within 2 years$/m,
    );
  });

  it('flags a model the service does not know', () => {
    expect(row('ghost')).toMatchObject({ observed: 'NOT_FOUND', differs: true });
  });

  it('counts the models that differ in its first line', () => {
    expect(text.stdout.split('\n')[0]).toMatch(
      /^Status at Tue 2026-12-01 08:00Z \(observed at .*\): 3 of 7 differ from the schedule$/,
    );
  });

  it('keeps every field --json had and adds the window, the flag and the month', () => {
    expect(doc.at).toBe('2026-12-01T08:00:00Z');
    expect(Object.keys(doc)).toEqual(expect.arrayContaining(['at', 'models', 'month']));
    for (const r of doc.models) {
      expect(Object.keys(r)).toEqual(
        expect.arrayContaining([
          'model',
          'service',
          'desired',
          'observed',
          'serviceStatus',
          'inferenceUnits',
          'next',
          'statusMessage',
          'window',
          'differs',
          'month',
        ]),
      );
    }
    expect(row('hosted-in')).toMatchObject({
      service: 'lookoutvision',
      serviceStatus: null,
      inferenceUnits: '2-2',
      next: { at: '2026-12-01T21:00:00Z', state: 'stopped' },
    });
  });

  it("gives the month's figures of buildPlan and plan --json over the same bounds", async () => {
    expect(doc.month).toMatchObject({
      from: '2026-12-01T00:00:00Z',
      to: '2027-01-01T00:00:00Z',
      timezone: 'UTC',
      currency: 'USD',
    });
    const schedule = parseScheduleOrThrow(readFileSync(file, 'utf8'), { file });
    const [from, to] = [Date.parse('2026-12-01T00:00:00Z'), Date.parse('2027-01-01T00:00:00Z')];
    expect(doc.month).toMatchObject(monthFiguresByPlan(schedule, from, Date.parse(AT), to));
    // The same through the command line's own plan.
    const plan = JSON.parse(
      (await lvsched(['plan', '--config', file, '--from', '2026-12-01', '--to', '2027-01-01', '--json']))
        .stdout,
    );
    expect(doc.month.cost).toBe(plan.totals.estimatedCost);
    for (const m of plan.models as {
      id: string;
      windows: { hours: number; inferenceUnitHours: number }[];
    }[]) {
      const hours = m.windows.reduce((s, w) => s + w.hours, 0);
      const unitHours = m.windows.reduce((s, w) => s + w.inferenceUnitHours, 0);
      expect(row(m.id).month.hours).toBeCloseTo(hours, 6);
      expect(row(m.id).month.cost).toBeCloseTo(unitHours * 4, 2);
    }
    // By hand: hosted-in runs 04:45Z-21:00Z (16.25 h, 2 units) on December's 23 weekdays, and
    // on 12-01 from 04:45Z to 08:00Z so far.
    expect(row('hosted-in').month).toEqual({
      hoursSoFar: 3.25,
      inferenceUnitHoursSoFar: 6.5,
      costSoFar: 26,
      hours: 373.75,
      inferenceUnitHours: 747.5,
      cost: 2990,
    });
  });

  it('prints the month per model and in total, aligned', () => {
    expect(text.stdout).toMatch(
      /^Plan for December 2026, the calendar month in UTC \(2026-12-01T00:00:00Z to 2027-01-01T00:00:00Z\)/m,
    );
    const lines = text.stdout.split('\n');
    const head = lines.findIndex((l) => /^model\s+hours\s+IU-h\s+USD\s+hours\s+IU-h\s+USD$/.test(l));
    expect(head).toBeGreaterThan(0);
    expect(lines[head + 1]).toMatch(/^hosted-in\s+3\.25\s+6\.50\s+26\.00\s+373\.75\s+747\.50\s+2990\.00$/);
    const table = lines.slice(head, head + 9);
    expect(table[8]).toMatch(/^total\s/);
    // Right-aligned: every row of the table ends at the same column.
    expect(new Set(table.map((l) => l.length)).size).toBe(1);
  });
});

describe('lvsched status --at', () => {
  it.each([
    ['soon', /--at "soon" is not an ISO-8601 instant/],
    ['2300-01-01', /--at "2300-01-01" is outside 1970-01-01 to 2199-12-31/],
  ])('exits 2 with one clear line for %s, before reading the file or the service', async (value, message) => {
    const r = await lvsched(['status', '--config', '/nonexistent/schedule.yaml', '--at', value]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.split('\n')).toHaveLength(1);
  });
});

describe('lvsched status with Custom Labels models', () => {
  it("checks a Rekognition version by the engine's status and keeps the service's own word", async () => {
    const emulator = await startEmulator({
      clock: virtualClock(Date.parse('2026-12-01T17:00:00Z')),
      quota: false,
      models: [{ project: 'circuit-boards', version: '3' }],
      rekognition: {
        versions: [
          { project: 'circuit-boards-cl', version: 'circuit-boards-cl.v2' },
          { project: 'night-shift-cl', version: 'v1', status: 'STOPPED' },
        ],
      },
    });
    try {
      const r = await lvschedProcess(
        // Tuesday 12:00 in New York: the day windows are open, the night one (Chicago) is not.
        ['status', '--config', 'config/examples/mixed.yaml', '--at', '2026-12-01T12:00:00-05:00', '--json'],
        { ...emulatorEnv(emulator.endpoint), AWS_ENDPOINT_URL_REKOGNITION: emulator.endpoint },
      );
      expect(r.code).toBe(0);
      const rows = JSON.parse(r.stdout).models;
      expect(rows).toEqual([
        expect.objectContaining({ model: 'circuit-boards:3', observed: 'TRAINED', differs: true }),
        expect.objectContaining({
          model: 'boards-cl',
          service: 'rekognition',
          desired: 'hosted',
          observed: 'TRAINED',
          serviceStatus: 'TRAINING_COMPLETED',
          differs: true,
        }),
        expect.objectContaining({
          model: 'night-shift-cl:v1',
          service: 'rekognition',
          desired: 'stopped',
          serviceStatus: 'STOPPED',
          differs: false,
          window: expect.objectContaining({ state: 'next', timezone: 'America/Chicago' }),
        }),
      ]);
    } finally {
      await emulator.close();
    }
  });
});

describe('lvsched status when the service cannot be reached', () => {
  it('shows UNKNOWN, neither flagged nor cleared, with the error, and exits 3', async () => {
    const emulator = await startEmulator({
      quota: false,
      models: [{ project: 'line-a', version: '1' }],
      faults: { internalErrors: { count: 1000, operations: ['DescribeModel'] } },
    });
    try {
      const file = tempFile(
        'one.yaml',
        'version: 1\nmodels:\n  - { id: a, project: line-a, version: "1", region: us-east-1, windows: [] }\n',
      );
      const env = {
        AWS_ENDPOINT_URL_LOOKOUTVISION: emulator.endpoint,
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
      };
      const [t, j] = await Promise.all([
        lvschedProcess(['status', '--config', file], env),
        lvschedProcess(['status', '--config', file, '--json'], env),
      ]);
      expect([t.code, j.code]).toEqual([3, 3]);
      expect(JSON.parse(j.stdout).models[0]).toMatchObject({
        observed: 'UNKNOWN',
        differs: null,
        check: 'unknown',
      });
      expect(t.stdout).toMatch(/^Status at .*: 0 of 1 differ from the schedule, 1 not observed$/m);
      expect(t.stdout).toMatch(/^ {2}a\s+UNKNOWN: not observed: the call to the service failed: .+$/m);
    } finally {
      await emulator.close();
    }
  });
});
