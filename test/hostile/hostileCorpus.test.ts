/**
 * The hostile corpus: every file gets its answer (a located error, a warning, or valid) instead of
 * a hang, an out-of-memory abort or a stack overflow. The amplifying files also go through the
 * real CLI in a child process whose V8 heap is capped, which proves bounded memory without timing
 * anything (the times and peak RSS are measured by `npm run bench`, bench/hostileBench.ts).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LineCounter, parseDocument } from 'yaml';
import { prepareStack } from '../../src/deploy/packageStack.js';
import { checkDocument } from '../../src/schedule/documentBounds.js';
import { LIMITS } from '../../src/schedule/limits.js';
import { formatDiagnostic, parseSchedule } from '../../src/schedule/parseSchedule.js';
import { type HostileCase, hostileCorpus, manyModels } from './hostileCorpus.js';

const FILE = 'hostile.yaml';
const ROOT = resolve(import.meta.dirname, '../..');
const corpus = hostileCorpus();
const byName = (name: string) => corpus.find((c) => c.name === name) as HostileCase;
/** Parsed in process below; the 100,000-model file is the bench's (its YAML parse alone takes seconds). */
const inProcess = corpus.filter((c) => c.name !== 'models-100k');

describe('each hostile file in process', () => {
  it.each(inProcess.map((c) => [c.name, c] as const))('answers %s', (_, c) => {
    const result = parseSchedule(c.text, { file: FILE, defaultRegion: 'us-east-1' });
    const lines = result.diagnostics.map(formatDiagnostic);
    const errors = lines.filter((l) => !l.includes(': warning: '));
    if (c.expect === 'valid') {
      expect(errors).toEqual([]);
      return;
    }
    const relevant = c.expect === 'error' ? errors : lines.filter((l) => l.includes(': warning: '));
    expect(relevant.length, lines.slice(0, 5).join('\n')).toBeGreaterThan(0);
    expect(result.schedule === null).toBe(c.expect === 'error');
    const first = relevant[0] as string;
    expect(first).toMatch(/^hostile\.yaml:\d+:\d+: /);
    expect(first).not.toContain('internal error');
    if (c.message) expect(first).toContain(c.message);
    if (c.at) expect(first.startsWith(`${FILE}:${c.at}`), first).toBe(true);
  });
});

describe('the 100,000-model file', () => {
  const text = manyModels(100_000);

  it('is within the size limit', () => {
    expect(Buffer.byteLength(text)).toBeLessThan(LIMITS.fileBytes);
  });

  it('is within the model and list limits', () => {
    expect(LIMITS.models).toBeGreaterThanOrEqual(100_000);
    expect(LIMITS.listItems).toBeGreaterThanOrEqual(100_000);
  });

  it('counts a plain file as its own nodes, which no limit but the size bounds', () => {
    const sample = checkDocument(parseDocument(manyModels(2_000), { lineCounter: new LineCounter() }));
    // Each model: its mapping, 3 keys, 2 values, the windows list, a window mapping with 3 keys and 3
    // values. Around them: the root mapping, version (2), defaults (key, mapping, 2 keys, 2 values),
    // the models key and list.
    expect(sample).toEqual({ problems: [], nodes: 2_000 * 14 + 11, complete: true });
  });

  it('validates a 10,000-model file of the same shape', () => {
    const result = parseSchedule(manyModels(10_000), { file: FILE });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.schedule?.models).toHaveLength(10_000);
  });
});

describe('the amplifying files through the CLI with a 200 MB V8 heap', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lvsched-hostile-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(['alias-bomb-831k', 'calendar-150k', 'calendar-20k', 'deep-nesting-10k', 'nested-aliases'])(
    'answers %s with a located error and exit code 1',
    (name) => {
      const c = byName(name);
      const file = join(dir, `${name}.yaml`);
      writeFileSync(file, c.text);
      const child = spawnSync(
        process.execPath,
        ['--max-old-space-size=200', 'bin/lvsched.js', 'validate', '--config', file],
        { cwd: ROOT, encoding: 'utf8', env: { ...process.env, AWS_REGION: 'us-east-1' } },
      );
      expect(child.stderr).not.toMatch(/FATAL|heap out of memory|Maximum call stack|\n\s+at /);
      expect(child.status).toBe(1);
      const first = child.stdout.split('\n')[0] ?? '';
      expect(first).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: `));
      if (c.message) expect(first).toContain(c.message);
    },
  );
});

describe('serverless package on the same files (it shares the parser)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lvsched-hostile-package-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(['alias-bomb-831k', 'deep-nesting-10k', 'year-9999'])(
    'rejects %s with the error validate gives',
    (name) => {
      const c = byName(name);
      writeFileSync(join(dir, 'schedule.yaml'), c.text);
      const request = { serviceDir: dir, scheduleFile: 'schedule.yaml', service: 'lvsched', stage: 'dev' };
      const validate = parseSchedule(c.text, { file: 'schedule.yaml', defaultRegion: 'us-east-1' });
      const expected = validate.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic);
      expect(expected.length).toBeGreaterThan(0);
      expect(() =>
        prepareStack({ ...request, region: 'us-east-1', now: Date.parse('2026-11-30T00:00:00Z') }),
      ).toThrow(expected.join('\n'));
    },
  );
});
