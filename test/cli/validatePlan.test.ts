import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_WEEK_TOTALS } from '../render/planFixture.js';
import { EXAMPLE, lvsched, lvschedProcess, tempFile } from './helpers.js';

const BAD = `version: 1
defaults:
  timezone: Europe/Berlinn
models:
  - project: circuit-boards
    version: "3"
    windows:
      - { days: Mon-Fri, open: "06:00", close: "25:00" }
    closedOn: [plant-holiday]
`;

describe('lvsched validate', () => {
  it('accepts the example schedule and exits 0', async () => {
    const r = await lvschedProcess(['validate']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('config/schedule.yaml: valid, 3 models');
  });

  it('reports every error as FILE:LINE:COL: message and exits 1, without a stack trace', async () => {
    const file = tempFile('bad.yaml', BAD);
    const r = await lvschedProcess(['validate', '--config', file]);
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toContain(
      `${file}:3:13: timezone "Europe/Berlinn" is not an IANA time zone (like Europe/Berlin or America/Chicago)`,
    );
    expect(lines).toContain(`${file}:8:48: close "25:00" is not a time of day (HH:MM, 00:00-24:00)`);
    expect(lines.some((l) => l.startsWith(`${file}:9:16: unknown calendar "plant-holiday"`))).toBe(true);
    expect(`${r.stdout}${r.stderr}`).not.toMatch(/\n\s+at /);
  });

  it('prints warnings but exits 0 for a file with only warnings', async () => {
    const file = tempFile(
      'warn.yaml',
      'version: 1\nmodels:\n  - { project: p, version: "1", windows: [{ days: Mon, open: "06:00", close: "06:10" }] }\n',
    );
    const r = await lvsched(['validate', '--config', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`${file}:3:5: warning: model p:1 has no timezone`));
    expect(r.stdout).toMatch(/warning: window 06:00-06:10 is only 10 minutes long/);
  });

  it('exits 2 with one line when the file does not exist', async () => {
    const r = await lvschedProcess(['validate', '--config', 'no/such/file.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([
      'lvsched: cannot read schedule file no/such/file.yaml: no such file',
    ]);
  });

  it('exits 2 for an unknown command or option', async () => {
    expect((await lvsched(['valdate'])).code).toBe(2);
    expect((await lvsched(['plan', '--frmo', 'x'])).code).toBe(2);
  });
});

describe('lvsched plan', () => {
  it('prints the documented JSON shape with UTC instants', async () => {
    const r = await lvsched([
      'plan',
      '--from',
      '2026-11-30T00:00:00Z',
      '--to',
      '2026-12-07T00:00:00Z',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout);
    expect(Object.keys(plan)).toEqual(['from', 'to', 'models', 'totals']);
    expect(plan.from).toBe('2026-11-30T00:00:00Z');
    expect(Object.keys(plan.models[0])).toEqual([
      'id',
      'service',
      'project',
      'version',
      'region',
      'timezone',
      'minInferenceUnits',
      'maxInferenceUnits',
      'windows',
    ]);
    expect(Object.keys(plan.models[0].windows[0])).toEqual(['open', 'close', 'hours', 'inferenceUnitHours']);
    expect(Object.keys(plan.totals)).toEqual([
      'hours',
      'inferenceUnitHours',
      'alwaysOnInferenceUnitHours',
      'estimatedCost',
      'currency',
      'savingsPercent',
    ]);
    for (const m of plan.models)
      for (const w of m.windows) expect(w.open).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    // Worked out by hand in test/render/planFixture.ts.
    expect(plan.totals).toEqual(EXAMPLE_WEEK_TOTALS);
  });

  it('defaults to now .. now + 7 days', async () => {
    const r = await lvsched(['plan', '--json'], Date.parse('2026-12-01T10:00:00Z'));
    const plan = JSON.parse(r.stdout);
    expect([plan.from, plan.to]).toEqual(['2026-12-01T10:00:00Z', '2026-12-08T10:00:00Z']);
  });

  it("reads a time-only --from on the date of the command's now, not the machine clock's", async () => {
    const now = Date.parse('2021-03-15T12:00:00Z');
    const r = await lvsched(['plan', '--json', '--from', '06:00'], now);
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout);
    expect([plan.from, plan.to]).toEqual(['2021-03-15T06:00:00Z', '2021-03-22T06:00:00Z']);
  });

  it('writes an SVG timeline with --svg', async () => {
    const r = await lvsched(['plan', '--from', '2026-11-30', '--svg', 'plan.svg']);
    expect(r.code).toBe(0);
    const svg = r.files.get('plan.svg') ?? '';
    expect(svg.startsWith('<svg') || svg.startsWith('<?xml')).toBe(true);
    expect(svg).toContain('circuit-boards:3');
    expect(r.stdout).toContain('circuit-boards:3');
  });

  it('writes the SVG file on disk from the real bin', async () => {
    const path = tempFile('plan.svg', '');
    const r = await lvschedProcess(['plan', '--from', '2026-11-30T00:00:00Z', '--svg', path]);
    expect(r.code).toBe(0);
    expect(readFileSync(path, 'utf8')).toContain('</svg>');
  });

  it.each([
    [['plan', '--from', 'yesterday'], /--from "yesterday" is not an ISO-8601 instant/],
    [['plan', '--from', '2026-12-02T00:00:00Z', '--to', '2026-12-01T00:00:00Z'], /--to must be after --from/],
    [['plan', '--config', 'missing.yaml'], /cannot read schedule file missing.yaml/],
  ])('exits 2 with one clear line for %j', async (args, message) => {
    const r = await lvsched(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('exits 1 and prints located errors on stderr for an invalid schedule', async () => {
    const file = tempFile('bad.yaml', BAD);
    const r = await lvsched(['plan', '--config', file, '--json']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`${file}:3:13:`);
  });

  it('prints local and UTC times, totals and savings in the human output', async () => {
    const r = await lvsched(['plan', '--config', EXAMPLE, '--from', '2026-11-30T00:00:00Z']);
    expect(r.stdout).toMatch(/Tue 2026-12-01 05:45 -> 22:00 CET\s+\(04:45Z -> 21:00Z\)/);
    expect(r.stdout).toMatch(/68\.34 ?%/);
  });
});
