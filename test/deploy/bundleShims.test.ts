import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { unzipBytes, zipBytes } from '../../src/deploy/zipFiles.js';

describe('time zones in the functions', () => {
  it('come from src/schedule/zone.ts alone: no source file imports Luxon (only tests, as the oracle)', () => {
    const src = new URL('../../src/', import.meta.url).pathname;
    const importers = readdirSync(src, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts'))
      .filter((f) => /from ['"]luxon['"]|import\(['"]luxon['"]\)/.test(readFileSync(join(src, f), 'utf8')));
    expect(importers).toEqual([]);
  });
});

describe('the artifact ZIP writer', () => {
  it('round-trips files and gives the same bytes for the same input', async () => {
    const files = [
      { name: 'open.mjs', data: Buffer.from('export const handler = () => 1;\n'.repeat(100)) },
      { name: 'schedule.json', data: Buffer.from('{"version":1}') },
    ];
    const zip = await zipBytes(files);
    expect((await zipBytes([...files].reverse())).equals(zip)).toBe(true);
    expect((await unzipBytes(zip)).map((e) => [e.name, Buffer.from(e.data).toString()])).toEqual(
      files.map((f) => [f.name, f.data.toString()]),
    );
  });

  it("gives the same bytes whatever the build machine's time zone", () => {
    // One process per zone, as on two build machines: a zone set inside this process would not
    // move the Dates that zipFiles and yazl already made when they loaded.
    const module = new URL('../../src/deploy/zipFiles.ts', import.meta.url).href;
    const script = `const { zipBytes } = await import(${JSON.stringify(module)});
      const zip = await zipBytes([{ name: 'open.mjs', data: Buffer.from('export const handler = () => 1;') }]);
      process.stdout.write(zip.toString('base64'));`;
    const zips = ['UTC', 'America/Los_Angeles', 'Asia/Tokyo'].map((tz) =>
      execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
        env: { ...process.env, TZ: tz },
        encoding: 'utf8',
      }),
    );
    expect(zips[0]).not.toBe('');
    expect(new Set(zips).size).toBe(1);
  });
});
