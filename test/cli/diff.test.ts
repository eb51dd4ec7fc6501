import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { commitFiles, gitRepo } from './gitRepo.js';
import { EXAMPLE, lvsched, lvschedProcess, tempFile } from './helpers.js';

const ORIGINAL = readFileSync(EXAMPLE, 'utf8');
/** A week around the spring change in Europe (2027-03-28) and four more. */
const FROM = '2027-03-22T00:00:00Z';

/**
 * The example file after an edit: circuit-boards opens an hour later on weekdays with one unit
 * instead of two, pilot is removed, weekend-line is added with an opening (02:30) that does not
 * exist in Berlin on 2027-03-28.
 */
function edited(text = ORIGINAL): string {
  const start = text.indexOf('  - project: pilot-line');
  const end = text.indexOf('overrides:');
  return (
    text
      .slice(0, start)
      .replace(
        '{ days: Mon-Fri, open: "06:00", close: "22:00" }',
        '{ days: Mon-Fri, open: "07:00", close: "22:00" }',
      )
      .replace('    minInferenceUnits: 2\n', '    minInferenceUnits: 1\n') +
    '  - project: weekend-line\n    version: "1"\n    windows:\n      - { days: Sun, open: "02:30", close: "12:00" }\n' +
    text.slice(end)
  );
}

const INVALID = ORIGINAL.replace('timezone: Europe/Berlin # IANA name', 'timezone: Europe/Berlinn');

beforeEach(() => {
  // A repository above the temporary folder (or the test's own worktree) must not be found.
  vi.stubEnv('GIT_CEILING_DIRECTORIES', tmpdir());
});
afterEach(() => {
  vi.unstubAllEnvs();
});

/** A repository with the example committed as schedule.yaml, then edited in the working tree. */
function editedRepo(text = edited()): { dir: string; config: string } {
  const dir = gitRepo({ 'schedule.yaml': ORIGINAL });
  const config = join(dir, 'schedule.yaml');
  writeFileSync(config, text);
  return { dir, config };
}

async function diffJson(args: string[]) {
  const r = await lvsched(['diff', ...args, '--from', FROM, '--json']);
  expect(r.stderr).not.toMatch(/internal error/);
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
}

describe('lvsched diff against git', () => {
  it('reports no change when the file is as committed at HEAD', async () => {
    const { config } = editedRepo(ORIGINAL);
    const doc = await diffJson(['--config', config]);
    expect(doc.changed).toBe(false);
    expect(doc.base).toEqual({
      label: 'HEAD:schedule.yaml',
      source: 'git',
      ref: 'HEAD',
      file: 'schedule.yaml',
      exists: true,
    });
    expect(doc.models.map((m: { change: string }) => m.change)).toEqual([
      'unchanged',
      'unchanged',
      'unchanged',
    ]);
    expect(doc.totals.difference).toEqual({ hours: 0, inferenceUnitHours: 0, estimatedCost: 0 });
    expect(doc.warnings).toEqual([]);
    const text = await lvsched(['diff', '--config', config, '--from', FROM]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('No changes');
  });

  it('lists added, removed and changed models with the keys that changed, old -> new', async () => {
    const { config } = editedRepo();
    const doc = await diffJson(['--config', config]);
    expect(doc.changed).toBe(true);
    const byId = Object.fromEntries(doc.models.map((m: { id: string }) => [m.id, m]));
    expect(Object.keys(byId)).toEqual(['circuit-boards:3', 'night-shift:1', 'weekend-line:1', 'pilot']);
    expect(byId['night-shift:1'].change).toBe('unchanged');
    expect(byId['weekend-line:1'].change).toBe('added');
    expect(byId.pilot.change).toBe('removed');
    const boards = byId['circuit-boards:3'];
    expect(boards.change).toBe('changed');
    expect(boards.changes).toEqual([
      { key: 'minInferenceUnits', before: '2', after: '1' },
      {
        key: 'windows',
        before: 'Mon-Fri 06:00-22:00; Sat 08:00-12:00',
        after: 'Mon-Fri 07:00-22:00; Sat 08:00-12:00',
      },
    ]);
    // 30 days from Mon 2027-03-22 hold 22 weekdays (none closed): one hour less on each.
    expect(boards.difference.hours).toBe(-22);
    // Before: 2 units for every hour; after: 1.
    expect(boards.after.inferenceUnitHours).toBe(boards.after.hours);
    expect(boards.before.inferenceUnitHours).toBe(2 * boards.before.hours);
    expect(boards.difference.estimatedCost).toBe(
      Math.round((boards.after.inferenceUnitHours - boards.before.inferenceUnitHours) * 4 * 100) / 100,
    );
    // The first 7 days: Mon-Fri lose 05:45-06:45 CET (lead time 15m), nothing is gained.
    expect(boards.windowsGained).toEqual([]);
    expect(boards.windowsLost).toHaveLength(5);
    expect(boards.windowsLost[0]).toEqual({
      open: '2027-03-22T04:45:00Z',
      close: '2027-03-22T05:45:00Z',
      localOpen: '2027-03-22T05:45:00+01:00',
      localClose: '2027-03-22T06:45:00+01:00',
      timezone: 'Europe/Berlin',
    });
    // Added: Sundays 02:30-12:00 less 15 minutes; on 2027-03-28 02:30 does not exist (03:30 CEST).
    const added = byId['weekend-line:1'];
    expect(added.before).toEqual({ hours: 0, inferenceUnitHours: 0, estimatedCost: 0 });
    expect(added.windowsGained).toEqual([
      {
        open: '2027-03-28T01:15:00Z',
        close: '2027-03-28T10:00:00Z',
        localOpen: '2027-03-28T03:15:00+02:00',
        localClose: '2027-03-28T12:00:00+02:00',
        timezone: 'Europe/Berlin',
      },
    ]);
    // pilot's dates (2026-12) are past: nothing lost in this period, nothing after.
    expect(byId.pilot.after).toEqual({ hours: 0, inferenceUnitHours: 0, estimatedCost: 0 });
    const sum = (key: 'before' | 'after') =>
      doc.models.reduce(
        (a: number, m: Record<string, { estimatedCost: number }>) => a + (m[key]?.estimatedCost ?? 0),
        0,
      );
    expect(doc.totals.before.estimatedCost).toBeCloseTo(sum('before'), 2);
    expect(doc.totals.after.estimatedCost).toBeCloseTo(sum('after'), 2);
    expect(doc.totals.monthly).toEqual({
      days: 30,
      before: doc.totals.before.estimatedCost,
      after: doc.totals.after.estimatedCost,
      difference: doc.totals.difference.estimatedCost,
    });
  });

  it('warns about a removed model, a change of units and an opening moved into a DST gap', async () => {
    const { config } = editedRepo();
    const doc = await diffJson(['--config', config]);
    const kinds = doc.warnings.map((w: { kind: string; model: string }) => `${w.kind} ${w.model}`);
    expect(kinds.sort()).toEqual([
      'dst-gap weekend-line:1',
      'removed-model pilot',
      'units-change circuit-boards:3',
    ]);
    const message = (kind: string) => doc.warnings.find((w: { kind: string }) => w.kind === kind).message;
    expect(message('removed-model')).toMatch(/keeps running and billing/);
    expect(message('removed-model')).toMatch(/to keep it stopped, leave it in the file with no windows/i);
    expect(message('units-change')).toMatch(/minInferenceUnits 2 -> 1.*takes the new ones at its next start/);
    expect(message('dst-gap')).toBe(
      'model weekend-line:1: open 02:30 falls in the DST gap of Europe/Berlin on 2027-03-28 (02:00-03:00 does not exist); the window opens at 03:30 that day',
    );
    const text = await lvsched(['diff', '--config', config, '--from', FROM]);
    expect(text.stdout).toMatch(/warning: model pilot is removed from the file/);
  });

  it('does not warn about a DST-gap opening that the base version already had', async () => {
    const withGap = edited();
    const dir = gitRepo({ 'schedule.yaml': withGap });
    const config = join(dir, 'schedule.yaml');
    writeFileSync(config, withGap.replace('open: "02:30", close: "12:00"', 'open: "02:30", close: "13:00"'));
    const doc = await diffJson(['--config', config]);
    expect(doc.models.find((m: { id: string }) => m.id === 'weekend-line:1').change).toBe('changed');
    expect(doc.warnings).toEqual([]);
  });

  it('compares with another ref given by --base, through the real bin', async () => {
    const { dir, config } = editedRepo();
    commitFiles(dir, {}, 'edit');
    const head = await lvschedProcess(['diff', '--config', config, '--from', FROM, '--json']);
    expect(head.code).toBe(0);
    expect(JSON.parse(head.stdout).changed).toBe(false);
    const r = await lvschedProcess(
      ['diff', '--config', config, '--base', 'HEAD~1', '--from', FROM, '--json'],
      {
        GIT_CEILING_DIRECTORIES: tmpdir(),
      },
    );
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.base.label).toBe('HEAD~1:schedule.yaml');
    expect(doc.models.filter((m: { change: string }) => m.change !== 'unchanged')).toHaveLength(3);
  });

  it('reads the config relative to the repository root when it is in a subfolder', async () => {
    const dir = gitRepo({ 'README.md': 'x\n' });
    mkdirSync(join(dir, 'config'));
    commitFiles(dir, { 'config/schedule.yaml': ORIGINAL }, 'add the schedule');
    writeFileSync(join(dir, 'config/schedule.yaml'), edited());
    const doc = await diffJson(['--config', join(dir, 'config/schedule.yaml'), '--base', 'main']);
    expect(doc.base.label).toBe('main:config/schedule.yaml');
    expect(doc.changed).toBe(true);
  });

  it('follows a --config that is a symbolic link into the repository it points to', async () => {
    const { config } = editedRepo();
    const link = join(mkdtempSync(join(tmpdir(), 'lvsched-link-')), 'schedule.yaml');
    symlinkSync(config, link);
    const doc = await diffJson(['--config', link]);
    expect(doc.base.label).toBe('HEAD:schedule.yaml');
    expect(doc.changed).toBe(true);
  });

  it('treats a file that is not at the ref as an empty schedule: every model is added', async () => {
    const dir = gitRepo({ 'README.md': 'x\n' });
    const config = join(dir, 'schedule.yaml');
    writeFileSync(config, ORIGINAL);
    const r = await lvsched(['diff', '--config', config, '--from', FROM, '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.base.exists).toBe(false);
    expect(doc.models.map((m: { change: string }) => m.change)).toEqual(['added', 'added', 'added']);
    expect(r.stderr).toContain('lvsched: schedule.yaml is not in HEAD: comparing with an empty schedule');
  });

  it('exits 2 with one line for an unknown ref', async () => {
    const { config } = editedRepo();
    const r = await lvschedProcess(['diff', '--config', config, '--base', 'no-such-branch'], {
      GIT_CEILING_DIRECTORIES: tmpdir(),
    });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^lvsched: --base no-such-branch: not a file, and not a branch, tag or commit/);
  });

  it('exits 2 with one line outside a git repository', async () => {
    const config = tempFile('schedule.yaml', ORIGINAL);
    const r = await lvschedProcess(['diff', '--config', config], { GIT_CEILING_DIRECTORIES: tmpdir() });
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^lvsched: --base HEAD: .* is not in a git repository/);
  });

  it('exits 1 and names the ref when the base version has errors', async () => {
    const dir = gitRepo({ 'schedule.yaml': INVALID });
    const config = join(dir, 'schedule.yaml');
    writeFileSync(config, ORIGINAL);
    const r = await lvsched(['diff', '--config', config, '--markdown']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')).toContain(
      'HEAD:schedule.yaml:7:13: timezone "Europe/Berlinn" is not an IANA time zone (like Europe/Berlin or America/Chicago)',
    );
  });

  it('exits 1 with located errors when the edited version has errors', async () => {
    const { config } = editedRepo(INVALID);
    const r = await lvsched(['diff', '--config', config, '--json']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')).toContain(
      `${config}:7:13: timezone "Europe/Berlinn" is not an IANA time zone (like Europe/Berlin or America/Chicago)`,
    );
  });
});

describe('lvsched diff output', () => {
  it('compares with a file given by --base, outside any repository', async () => {
    const base = tempFile('before.yaml', ORIGINAL);
    const config = tempFile('after.yaml', edited());
    const doc = await diffJson(['--config', config, '--base', base]);
    expect(doc.base).toEqual({ label: base, source: 'file', ref: null, file: base, exists: true });
    expect(doc.head).toEqual({ file: config });
    expect(doc.models.map((m: { change: string }) => m.change)).toEqual([
      'changed',
      'unchanged',
      'added',
      'removed',
    ]);
  });

  it('prints the documented JSON shape', async () => {
    const doc = await diffJson(['--config', tempFile('a.yaml', edited()), '--base', EXAMPLE, '--days', '10']);
    expect(Object.keys(doc)).toEqual([
      'base',
      'head',
      'from',
      'to',
      'days',
      'windowsTo',
      'currency',
      'changed',
      'settings',
      'models',
      'totals',
      'warnings',
    ]);
    expect([doc.from, doc.to, doc.days, doc.windowsTo]).toEqual([
      '2027-03-22T00:00:00Z',
      '2027-04-01T00:00:00Z',
      10,
      '2027-03-29T00:00:00Z',
    ]);
    expect(Object.keys(doc.models[0])).toEqual([
      'id',
      'change',
      'changes',
      'before',
      'after',
      'difference',
      'windowsGained',
      'windowsLost',
    ]);
    expect(Object.keys(doc.totals)).toEqual(['before', 'after', 'difference', 'monthly']);
    expect(Object.keys(doc.warnings[0])).toEqual(['kind', 'model', 'message']);
    // The monthly figure covers 30 days whatever --days says.
    const month = await diffJson(['--config', tempFile('a.yaml', edited()), '--base', EXAMPLE]);
    expect(doc.totals.monthly).toEqual(month.totals.monthly);
    expect(doc.totals.before.estimatedCost).toBeLessThan(month.totals.before.estimatedCost);
  });

  it('prints a summary table and a details section per changed model with --markdown', async () => {
    const r = await lvsched([
      'diff',
      '--config',
      tempFile('a.yaml', edited()),
      '--base',
      EXAMPLE,
      '--from',
      FROM,
      '--markdown',
    ]);
    expect(r.code).toBe(0);
    const md = r.stdout;
    expect(md).toMatch(/^### Schedule diff/);
    expect(md).toContain('| model | change | cost before (USD) | cost after | difference |');
    expect(md).toMatch(
      /\| <code>circuit-boards:3<\/code> \| changed: minInferenceUnits, windows \| [\d,.]+ \| [\d,.]+ \| -[\d,.]+ \|/,
    );
    expect(md).toMatch(/\| <code>weekend-line:1<\/code> \| added \| 0\.00 \| 152\.00 \| \+152\.00 \|/);
    expect(md).toContain('| 1 other model | unchanged |');
    expect(md.match(/<details>/g)).toHaveLength(3);
    expect(md.match(/<\/details>/g)).toHaveLength(3);
    expect(md).toContain('<details><summary><code>pilot</code>: removed</summary>');
    expect(md).toContain('- Mon 2027-03-22 05:45 → 06:45 CET (04:45Z → 05:45Z)');
    expect(md).toContain('> [!WARNING]');
  });

  it("keeps a --markdown comment for a 1,000-model fleet within GitHub's 65,536 characters", async () => {
    const fleet = (shift: number) =>
      `version: 1\ndefaults: { region: us-east-1, timezone: Europe/Berlin, leadTime: 15m }\nmodels:\n${Array.from(
        { length: 1000 },
        (_, i) =>
          `  - { project: p${i}, version: "1", windows: [{ days: Mon-Fri, open: "${String(6 + (i % 3 === 0 ? shift : 0)).padStart(2, '0')}:00", close: "22:00" }] }`,
      ).join('\n')}\n`;
    const r = await lvsched([
      'diff',
      '--config',
      tempFile('after.yaml', fleet(1)),
      '--base',
      tempFile('before.yaml', fleet(0)),
      '--from',
      '2026-12-01T00:00:00Z',
      '--markdown',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout.length).toBeLessThan(65_536);
    expect(r.stdout).toMatch(/\| 184 more models \| changed \|/);
    expect(r.stdout).toContain('| 666 other models | unchanged |');
    expect(r.stdout).toMatch(/Details of \d+ more models are left out/);
  });

  it.each([
    [['--days', '0'], /--days "0" must be a whole number of days from 1 to 366/],
    [['--days', '1e1'], /--days "1e1"/],
    [['--json', '--markdown'], /choose one of --json and --markdown/],
    [['--from', 'soon'], /--from "soon" is not an ISO-8601 instant/],
    [['--config', 'missing.yaml'], /cannot read schedule file missing.yaml/],
  ])('exits 2 with one clear line for %j', async (args, message) => {
    const r = await lvsched(['diff', '--base', EXAMPLE, ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
