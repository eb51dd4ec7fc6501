import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lvsched, lvschedProcess, tempFile } from './helpers.js';

/** A schedule file with an error: the command would exit 1 once it reads it. */
const BROKEN = 'version: 1\nmodels:\n  - { project: p, version: "1", timezone: Mars/Olympus, windows: [] }\n';
/** One model hosted 08:05-16:05 UTC daily, so a day of simulation has work to do. */
const DAILY =
  'version: 1\nmodels:\n  - { project: p, version: "1", timezone: UTC, windows: [{ days: daily, open: "08:05", close: "16:05" }] }\n';

const missingDir = () => join(mkdtempSync(join(tmpdir(), 'lvsched-')), 'no', 'such', 'dir');

/** A user mistake: exit 2 and exactly one line on stderr, in the `lvsched: ...` format. */
function expectUsageError(r: { code: number; stderr: string }, message: RegExp): void {
  expect(r.code, r.stderr).toBe(2);
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^lvsched: /);
  expect(lines[0]).toMatch(message);
}

describe('output paths are checked before any work starts', () => {
  it('exits 2 for simulate --log in a directory that does not exist', async () => {
    const log = join(missingDir(), 'engine.log');
    const r = await lvschedProcess([
      'simulate',
      '--from',
      '2026-11-30T00:00:00Z',
      '--days',
      '1',
      '--log',
      log,
    ]);
    expectUsageError(r, /--log .*engine\.log.*directory does not exist/);
    expect(r.stdout).toBe('');
  });

  it('exits 2 for simulate --alerts that cannot be written, even when the run raises no alert', async () => {
    const file = tempFile('daily.yaml', DAILY);
    const alerts = join(missingDir(), 'alerts.jsonl');
    const r = await lvschedProcess(['simulate', '--config', file, '--days', '1', '--alerts', alerts]);
    expectUsageError(r, /--alerts .*alerts\.jsonl/);
    expect(r.stdout).toBe('');
  });

  it('exits 2 for a --log path that is a directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lvsched-'));
    const r = await lvschedProcess(['simulate', '--days', '1', '--log', dir]);
    expectUsageError(r, /--log .*is a directory/);
  });

  it('exits 2 for reconcile --log and --alerts that cannot be written, before any call', async () => {
    const env = {
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL_LOOKOUTVISION: 'http://127.0.0.1:1',
      AWS_ACCESS_KEY_ID: 'x',
      AWS_SECRET_ACCESS_KEY: 'x',
    };
    const log = await lvschedProcess(['reconcile', '--log', join(missingDir(), 'r.log')], env);
    expectUsageError(log, /--log /);
    const alerts = await lvschedProcess(['reconcile', '--alerts', join(missingDir(), 'a.jsonl')], env);
    expectUsageError(alerts, /--alerts /);
  });

  it('exits 2 for plan --svg that cannot be written, before reading the schedule', async () => {
    const file = tempFile('broken.yaml', BROKEN);
    const r = await lvschedProcess(['plan', '--config', file, '--svg', join(missingDir(), 'plan.svg')]);
    expectUsageError(r, /--svg .*plan\.svg/);
  });

  it('leaves no file behind when it only checked that a path can be written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lvsched-'));
    const svg = join(dir, 'plan.svg');
    const r = await lvschedProcess(['plan', '--config', tempFile('broken.yaml', BROKEN), '--svg', svg]);
    expect(r.code).toBe(1);
    expect(existsSync(svg)).toBe(false);
  });
});

describe('--config must name a regular file', () => {
  it('exits 2 at once for a FIFO instead of waiting for a writer', async () => {
    const fifo = join(mkdtempSync(join(tmpdir(), 'lvsched-')), 'schedule.yaml');
    execFileSync('mkfifo', [fifo]);
    const r = await lvschedProcess(['validate', '--config', fifo], {}, 20_000);
    expectUsageError(r, /cannot read schedule file .*schedule\.yaml: it is a FIFO, not a regular file/);
  });

  it('exits 2 for a device and for a directory', async () => {
    expectUsageError(
      await lvschedProcess(['validate', '--config', '/dev/zero'], {}, 20_000),
      /cannot read schedule file \/dev\/zero: it is a device, not a regular file/,
    );
    expectUsageError(
      await lvschedProcess(['plan', '--config', tmpdir()]),
      /cannot read schedule file .*: it is a directory/,
    );
  });

  it('exits 2 for an --emulator-config FIFO', async () => {
    const fifo = join(mkdtempSync(join(tmpdir(), 'lvsched-')), 'emulator.yaml');
    execFileSync('mkfifo', [fifo]);
    const r = await lvschedProcess(['emulator', '--port', '0', '--emulator-config', fifo], {}, 20_000);
    expectUsageError(r, /--emulator-config .*emulator\.yaml: it is a FIFO, not a regular file/);
  });
});

describe('numbers and instants within their documented ranges', () => {
  it('exits 2 for simulate --days 0.0001: a whole number of days from 1 to 366', async () => {
    const r = await lvschedProcess(['simulate', '--days', '0.0001']);
    expectUsageError(r, /--days "0\.0001" must be a whole number of days from 1 to 366/);
  });

  it.each([['0'], ['367'], ['1.5'], ['0x10'], ['1e2'], ['7days'], ['']])(
    'exits 2 for simulate --days "%s" (in-process)',
    async (days) => {
      const r = await lvsched(['simulate', '--days', days]);
      expectUsageError(r, new RegExp(`--days "${days}" must be a whole number of days from 1 to 366`));
    },
  );

  it('exits 2 at once for plan over a period before 1970 instead of computing for ever', async () => {
    const r = await lvschedProcess(['plan', '--from', '-000001-01-01', '--to', '-000001-01-02'], {}, 20_000);
    expectUsageError(r, /--from "-000001-01-01" is outside 1970-01-01 to 2199-12-31/);
  });

  it.each([
    [['plan', '--from', '2026-11-30', '--to', '2200-01-02'], /--to "2200-01-02" is outside/],
    [['plan', '--from', '2199-12-30'], /the period must end by 2200-01-01T00:00:00Z/],
    [['simulate', '--from', '1969-12-31T23:59:59Z'], /--from "1969-12-31T23:59:59Z" is outside/],
    [['simulate', '--from', '2199-12-31', '--days', '2'], /the period must end by 2200-01-01T00:00:00Z/],
    [['reconcile', '--at', '+010000-01-01'], /--at "\+010000-01-01" is outside/],
    [
      ['simulate', '--faults', 'manual-stop=p:1@1900-01-01', '--days', '1'],
      /--faults "1900-01-01" is outside/,
    ],
  ])('exits 2 for an instant outside 1970-2199: %j', async (args, message) => {
    expectUsageError(await lvschedProcess(args, {}, 20_000), message);
  });
});

describe('every other mistake is one line too', () => {
  it('prints one line for --faults garbage, naming the known faults', async () => {
    const r = await lvschedProcess(['simulate', '--faults', 'garbage']);
    expectUsageError(
      r,
      /--faults: "garbage" is not key=value; known faults: lose-open, lose-close, .*manual-start/,
    );
  });

  it('prints one line for an unknown fault', async () => {
    expectUsageError(await lvschedProcess(['simulate', '--faults', 'explode=1']), /unknown fault "explode"/);
  });

  it('prints one lvsched: line for an unknown option, with the suggestion', async () => {
    const r = await lvschedProcess(['plan', '--frmo', '2026-11-30']);
    expectUsageError(r, /unknown option '--frmo'.*Did you mean --from\?/);
  });

  it('prints one line for an --emulator-config that is not YAML', async () => {
    const file = tempFile('emulator.yaml', 'port: [1\nhost: {\n');
    const r = await lvschedProcess(['emulator', '--port', '0', '--emulator-config', file]);
    expectUsageError(r, /emulator\.yaml.*not YAML or JSON/);
  });

  it.each([
    [['emulator', '--port', '0x10'], /--port "0x10" must be a port number from 0 to 65535/],
    [['emulator', '--port', '0', '--start-seconds', '1e400'], /--start-seconds "1e400"/],
  ])('exits 2 for emulator %j before reading the schedule', async (args, message) => {
    expectUsageError(await lvschedProcess([...args, '--config', tempFile('broken.yaml', BROKEN)]), message);
  });
});
