import { execFileSync } from 'node:child_process';
import { IANAZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import { IANAZone as ShimZone } from '../../src/deploy/luxonZoneShim.js';
import { unzipBytes, zipBytes } from '../../src/deploy/zipFiles.js';
import { seeded, ZONES } from './helpers.js';

describe('the Luxon zone shim bundled into the functions', () => {
  it('gives the same offsets as Luxon in every zone family, around clock changes and at random', () => {
    const random = seeded(3);
    const instants = [
      Date.parse('2026-03-29T00:59:59Z'),
      Date.parse('2026-03-29T01:00:00Z'),
      Date.parse('2026-09-06T03:59:59.500Z'),
      Date.parse('2026-09-06T04:00:00Z'),
      Date.parse('1969-12-31T23:59:59.999Z'),
      Date.parse('0099-06-01T00:00:00Z'),
      ...Array.from(
        { length: 400 },
        () => Date.parse('1990-01-01T00:00:00Z') + random() * 60 * 365 * 86_400_000,
      ),
    ];
    for (const zone of [...ZONES, 'Asia/Tehran', 'Africa/Casablanca', 'Pacific/Kiritimati']) {
      const luxon = IANAZone.create(zone);
      const shim = ShimZone.create(zone);
      for (const at of instants)
        expect(shim.offset(at), `${zone} ${new Date(at).toISOString()}`).toBe(luxon.offset(at));
    }
  });

  it('rejects what Luxon rejects', () => {
    for (const name of ['Europe/Berlin', 'Fantasia/Castle', '', 'UTC']) {
      expect(ShimZone.isValidZone(name)).toBe(IANAZone.isValidZone(name));
    }
    expect(ShimZone.create('Fantasia/Castle').offset(0)).toBeNaN();
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
