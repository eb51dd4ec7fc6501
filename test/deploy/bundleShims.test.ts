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
});
