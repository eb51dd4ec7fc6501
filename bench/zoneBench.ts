/**
 * Time zones, one implementation (issue 11): the candidates measured side by side in one run.
 *
 * - (a) Luxon everywhere: `IANAZone.offset` (Intl wall-clock parts, read back) as the offset
 *   source, `DateTime` for local times. The named baseline of every ratio.
 * - (b) the project's own module, `src/schedule/zone.ts` + `localTime.ts`: offsets read from
 *   Intl's `longOffset` format (what ships), and (b-parts) the same module reading wall-clock
 *   parts as Luxon and the former Lambda shim did.
 * - (c) temporal-polyfill: not installed, not measured.
 *
 * Figures: bytes each adds to a Lambda bundle (LAMBDA_BUNDLE_OPTIONS), CPU time of a new process
 * that imports it and makes first use of it (one year of daily offsets, as `ZoneRules` loads on
 * first use, and one local time), offsets per second, and correctness: the zoneinfo-derived
 * transitions of the DST tables in test/schedule, every zone name (Intl's, tzdata's and the links
 * the schedule accepts) for 1970-2199 against Luxon at each transition +-1 s and between, and,
 * where `zdump` is installed, the transitions themselves against the system's zoneinfo.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { IANAZone } from 'luxon';
import { LAMBDA_BUNDLE_OPTIONS } from '../src/deploy/buildArtifacts.js';
import { offsetFormat, offsetFromIntl, ZoneRules } from '../src/schedule/zone.js';
import { LINKS, TZDATA_VERSION, ZONES } from '../src/schedule/zoneNames.generated.js';

const ROOT = resolve(import.meta.dirname, '..');
const FIRST = Date.UTC(1970, 0, 1);
const END = Date.UTC(2200, 0, 1);
const YEAR = 365 * 86_400_000;

/** Offsets from wall-clock parts, as Luxon 3 and the former Lambda shim computed them (ms). */
const PARTS_SOURCE = `
const formats = new Map();
export function partsOffset(zone, ts) {
  let f = formats.get(zone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', { hour12: false, timeZone: zone, year: 'numeric', month: '2-digit',
      day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', era: 'short' });
    formats.set(zone, f);
  }
  const p = {};
  for (const { type, value } of f.formatToParts(ts)) p[type] = value;
  let year = Number(p.year);
  if (p.era === 'BC') year = 1 - year;
  const local = new Date(0).setUTCFullYear(year, Number(p.month) - 1, Number(p.day)) +
    (((Number(p.hour) % 24) * 60 + Number(p.minute)) * 60 + Number(p.second)) * 1000;
  return local - (ts - (((ts % 1000) + 1000) % 1000));
}`;

/** What each candidate does on first use in a new process: a year of daily offsets and one local time. */
const FIRST_USE: Record<string, string> = {
  none: 'export const use = () => 0;',
  '(a) Luxon': `import { DateTime, IANAZone } from 'luxon';
export const use = (t) => { const z = IANAZone.create('Europe/Berlin'); let s = 0;
  for (let i = 0; i <= 366; i++) s += z.offset(t + i * 86400000);
  return s + DateTime.fromMillis(t, { zone: 'Europe/Berlin' }).toISO().length; };`,
  '(b) zone.ts': `import { ZoneRules } from './src/schedule/zone.ts';
import { formatIsoLocal } from './src/schedule/localTime.ts';
export const use = (t) => ZoneRules.of('Europe/Berlin').offsetAt(t) + formatIsoLocal(t, 'Europe/Berlin').length;`,
  '(b-parts)': `${PARTS_SOURCE}
export const use = (t) => { let s = 0; for (let i = 0; i <= 366; i++) s += partsOffset('Europe/Berlin', t + i * 86400000); return s; };`,
};

/** Transitions of 2026 from Python's zoneinfo (as in test/schedule/zone.test.ts), offsets in minutes. */
// biome-ignore format: one transition per line
const ZONEINFO_2026: [string, string, number, number][] = [
  ['Europe/Berlin', '2026-03-29T01:00:00Z', 60, 120], ['Europe/Berlin', '2026-10-25T01:00:00Z', 120, 60],
  ['America/New_York', '2026-03-08T07:00:00Z', -300, -240], ['America/New_York', '2026-11-01T06:00:00Z', -240, -300],
  ['America/Santiago', '2026-04-05T03:00:00Z', -180, -240], ['America/Santiago', '2026-09-06T04:00:00Z', -240, -180],
  ['Australia/Sydney', '2026-04-04T16:00:00Z', 660, 600], ['Australia/Sydney', '2026-10-03T16:00:00Z', 600, 660],
  ['Pacific/Chatham', '2026-04-04T14:00:00Z', 825, 765], ['Pacific/Chatham', '2026-09-26T14:00:00Z', 765, 825],
  ['Europe/Dublin', '2026-03-29T01:00:00Z', 0, 60], ['Europe/Dublin', '2026-10-25T01:00:00Z', 60, 0],
];

function cpuMsOf(fn: () => void): number {
  const start = process.cpuUsage();
  fn();
  const u = process.cpuUsage(start);
  return (u.user + u.system) / 1000;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/** Every zone name the schedule accepts and Node knows, each once. */
export function allZoneNames(): string[] {
  const names = new Set([...Intl.supportedValuesOf('timeZone'), ...ZONES, ...Object.keys(LINKS)]);
  return [...names].filter((n) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: n });
      return true;
    } catch {
      return false;
    }
  });
}

export interface ZoneCheck {
  readonly names: number;
  readonly icuZones: number;
  readonly transitions: number;
  readonly comparisons: number;
  readonly mismatches: string[];
  readonly cpuSeconds: number;
}

/**
 * Every name, 1970-2199: the transitions `ZoneRules` finds, each compared with Luxon 1 s before
 * (the old offset) and at the instant (the new one), and Luxon at three instants between each pair
 * of transitions. Names ICU resolves to the same zone (links) share one check of the zone's
 * transitions, and are compared with it at each of those instants.
 */
export function checkAllZones(names: readonly string[], from = FIRST, to = END): ZoneCheck {
  const groups = new Map<string, string[]>();
  for (const name of names) {
    const id = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
    groups.set(id, [...(groups.get(id) ?? []), name]);
  }
  const mismatches: string[] = [];
  let transitions = 0;
  let comparisons = 0;
  const cpu = cpuMsOf(() => {
    for (const [id, aliases] of groups) {
      // The tzdata name where there is one, so the zoneinfo check below reuses the loaded rules.
      const zone = aliases.find((a) => ZONES.includes(a)) ?? (aliases[0] as string);
      const rules = ZoneRules.of(zone);
      const luxon = IANAZone.create(zone);
      const found = rules.transitionsBetween(from, to);
      transitions += found.length;
      const checks: [number, number][] = [];
      let previous = from;
      for (const t of found) {
        checks.push([t.at - 1000, t.before], [t.at, t.after]);
        for (const q of [0.25, 0.5, 0.75]) {
          const at = Math.round(previous + (t.at - previous) * q);
          checks.push([at, rules.offsetAt(at)]);
        }
        previous = t.at;
      }
      for (let at = previous; at < to; at += YEAR / 2) checks.push([at, rules.offsetAt(at)]);
      const formats = aliases.filter((a) => a !== zone).map((a) => [a, offsetFormat(a)] as const);
      for (const [at, expected] of checks) {
        comparisons++;
        const oracle = luxon.offset(at) * 60_000;
        if (Math.abs(oracle - expected) > 1e-6 && mismatches.length < 20) {
          mismatches.push(
            `${zone} ${new Date(at).toISOString()}: ${expected / 60_000} vs Luxon ${oracle / 60_000}`,
          );
        }
        for (const [alias, format] of formats) {
          comparisons++;
          if (offsetFromIntl(format, at) !== expected && mismatches.length < 20) {
            mismatches.push(`${alias} (links to ${id}) ${new Date(at).toISOString()}`);
          }
        }
      }
    }
  });
  return {
    names: names.length,
    icuZones: groups.size,
    transitions,
    comparisons,
    mismatches,
    cpuSeconds: cpu / 1000,
  };
}

export interface ZoneinfoCheck {
  readonly available: boolean;
  readonly zones: number;
  readonly agreeing: number;
  readonly differing: string[];
  /** The shortest time any offset lasted in 1970-2199 by zoneinfo, seconds, and where. */
  readonly shortestSeconds: number;
  readonly shortestWhere: string;
}

/** Offset changes by the system's zoneinfo (`zdump -v`), per zone, epoch ms. */
function zdumpTransitions(zones: readonly string[]): Map<string, number[]> | null {
  const out = spawnSync('zdump', ['-v', '-c', '1970,2200', ...zones], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  if (out.status !== 0 || out.stdout === undefined) return null;
  const lines = new Map<string, [number, number][]>();
  const LINE = /^(\S+)\s+\w{3} (\w{3}) +(\d+) (\d\d):(\d\d):(\d\d) (-?\d+) UT = .* gmtoff=(-?\d+)$/;
  const MONTHS = 'JanFebMarAprMayJunJulAugSepOctNovDec';
  for (const line of out.stdout.split('\n')) {
    const m = LINE.exec(line);
    if (m === null) continue;
    const at =
      new Date(0).setUTCFullYear(Number(m[7]), MONTHS.indexOf(m[2] as string) / 3, Number(m[3])) +
      ((Number(m[4]) * 60 + Number(m[5])) * 60 + Number(m[6])) * 1000;
    const list = lines.get(m[1] as string) ?? [];
    list.push([at, Number(m[8]) * 1000]);
    lines.set(m[1] as string, list);
  }
  const result = new Map<string, number[]>();
  for (const [zone, list] of lines) {
    const changes: number[] = [];
    for (let i = 1; i < list.length; i++) {
      const [t, o] = list[i] as [number, number];
      const [pt, po] = list[i - 1] as [number, number];
      if (o !== po && t - pt === 1000) changes.push(t);
    }
    result.set(zone, changes);
  }
  return result;
}

/** The transitions ZoneRules finds against zoneinfo's, for tzdata's zones, 1970-2199. */
export function checkZoneinfo(): ZoneinfoCheck {
  const zones = ZONES.filter((z) => z !== 'Factory');
  const reference = zdumpTransitions(zones);
  if (reference === null) {
    return { available: false, zones: 0, agreeing: 0, differing: [], shortestSeconds: 0, shortestWhere: '' };
  }
  const differing: string[] = [];
  let shortest = Number.POSITIVE_INFINITY;
  let shortestWhere = '';
  for (const zone of zones) {
    const expected = reference.get(zone) ?? [];
    for (let i = 1; i < expected.length; i++) {
      const gap = (expected[i] as number) - (expected[i - 1] as number);
      if (gap < shortest) {
        shortest = gap;
        shortestWhere = `${zone} from ${new Date(expected[i - 1] as number).toISOString().slice(0, 10)}`;
      }
    }
    const found = ZoneRules.of(zone)
      .transitionsBetween(FIRST, END)
      .map((t) => t.at);
    if (JSON.stringify(found) !== JSON.stringify(expected)) {
      const i = found.findIndex((t, k) => t !== expected[k]);
      const at = i >= 0 ? found[i] : expected[found.length];
      differing.push(`${zone} (first at ${at === undefined ? '?' : new Date(at).toISOString()})`);
    }
  }
  return {
    available: true,
    zones: zones.length,
    agreeing: zones.length - differing.length,
    differing,
    shortestSeconds: shortest / 1000,
    shortestWhere,
  };
}

export interface ZoneBench {
  readonly bundleBytes: Record<string, number>;
  readonly firstUseCpuMs: Record<string, number>;
  readonly offsetsPerSecond: Record<string, number>;
  readonly zoneinfo2026: Record<string, number>;
  readonly allZones: ZoneCheck;
  readonly zoneinfo: ZoneinfoCheck;
}

export async function runZoneBench(runs = 10): Promise<ZoneBench> {
  const dir = mkdtempSync(join(tmpdir(), 'lvsched-zone-bench-'));
  try {
    const bundleBytes: Record<string, number> = {};
    const files: Record<string, string> = {};
    for (const [name, contents] of Object.entries(FIRST_USE)) {
      const outfile = join(dir, `${Object.keys(files).length}.mjs`);
      await build({
        ...LAMBDA_BUNDLE_OPTIONS,
        sourcemap: false,
        absWorkingDir: ROOT,
        stdin: { contents, resolveDir: ROOT, sourcefile: 'candidate.ts', loader: 'ts' },
        outfile,
      });
      files[name] = outfile;
      bundleBytes[name] = readFileSync(outfile).length;
    }
    const cpu: Record<string, number[]> = Object.fromEntries(Object.keys(files).map((n) => [n, []]));
    const script = (file: string) =>
      `const { use } = await import(${JSON.stringify(pathToFileURL(file).href)}); use(Date.UTC(2026, 5, 1));` +
      'const u = process.cpuUsage(); process.stdout.write(String((u.user + u.system) / 1000));';
    const entries = Object.entries(files);
    for (let i = 0; i <= runs; i++) {
      for (const [name, file] of i % 2 === 0 ? entries : [...entries].reverse()) {
        const r = spawnSync(process.execPath, ['--input-type=module', '-e', script(file)], {
          env: { PATH: process.env.PATH },
          encoding: 'utf8',
        });
        if (r.status !== 0) throw new Error(`${name}: ${r.stderr}`);
        if (i > 0) cpu[name]?.push(Number(r.stdout));
      }
    }
    const firstUseCpuMs = Object.fromEntries(Object.entries(cpu).map(([n, v]) => [n, median(v)]));

    const { partsOffset: parts } = (await import(pathToFileURL(files['(b-parts)'] as string).href)) as {
      partsOffset: (zone: string, t: number) => number;
    };
    const longOffset = offsetFormat('Europe/Berlin');
    const berlin = IANAZone.create('Europe/Berlin');
    const sources: Record<string, (t: number) => number> = {
      '(a) Luxon': (t) => berlin.offset(t) * 60_000,
      '(b) zone.ts': (t) => offsetFromIntl(longOffset, t),
      '(b-parts)': (t) => parts('Europe/Berlin', t),
    };
    const n = 50_000;
    const offsetsPerSecond: Record<string, number> = {};
    const zoneinfo2026: Record<string, number> = {};
    for (const [name, offset] of Object.entries(sources)) {
      let sum = 0;
      const ms = cpuMsOf(() => {
        for (let i = 0; i < n; i++) sum += offset(Date.UTC(2026, 0, 1) + i * 3_600_000);
      });
      offsetsPerSecond[name] = sum === 0 ? 0 : n / (ms / 1000);
      let wrong = 0;
      for (const [zone, at, before, after] of ZONEINFO_2026) {
        const t = Date.parse(at);
        const of =
          name === '(a) Luxon'
            ? (x: number) => IANAZone.create(zone).offset(x)
            : name === '(b) zone.ts'
              ? (x: number) => ZoneRules.of(zone).offsetAt(x) / 60_000
              : (x: number) => parts(zone, x) / 60_000;
        if (of(t - 1000) !== before || of(t) !== after) wrong++;
      }
      zoneinfo2026[name] = wrong;
    }
    return {
      bundleBytes,
      firstUseCpuMs,
      offsetsPerSecond,
      zoneinfo2026,
      allZones: checkAllZones(allZoneNames()),
      zoneinfo: checkZoneinfo(),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

/** The bench's figures as report lines, ratios against (a) Luxon. */
export function zoneBenchLines(b: ZoneBench): string[] {
  const lines: string[] = [];
  const none = b.bundleBytes.none ?? 0;
  const cpuNone = b.firstUseCpuMs.none ?? 0;
  const added = (n: string) => (b.bundleBytes[n] ?? 0) - none;
  const cpuAdded = (n: string) => (b.firstUseCpuMs[n] ?? 0) - cpuNone;
  const base = '(a) Luxon';
  lines.push(
    `  new process importing nothing: ${cpuNone.toFixed(1)} ms CPU; (c) temporal-polyfill: not installed, not measured`,
  );
  for (const n of ['(a) Luxon', '(b) zone.ts', '(b-parts)']) {
    lines.push(
      `  ${n.padEnd(12)} bundle +${kib(added(n))} (${(added(n) / added(base)).toFixed(2)}x)   import + first use +${cpuAdded(n).toFixed(1)} ms CPU (${(cpuAdded(n) / cpuAdded(base)).toFixed(2)}x)   ${Math.round(b.offsetsPerSecond[n] ?? 0).toLocaleString('en-US')} offsets/s (${((b.offsetsPerSecond[n] ?? 0) / (b.offsetsPerSecond[base] ?? 1)).toFixed(2)}x)   zoneinfo 2026 transitions wrong: ${b.zoneinfo2026[n]} of ${ZONEINFO_2026.length}`,
    );
  }
  const a = b.allZones;
  lines.push(
    `  all zones 1970-2199 against Luxon: ${a.names} names (${a.icuZones} ICU zones), ${a.transitions.toLocaleString('en-US')} transitions found, ${a.comparisons.toLocaleString('en-US')} comparisons, ${a.mismatches.length} wrong, ${a.cpuSeconds.toFixed(1)} s CPU`,
  );
  for (const m of a.mismatches.slice(0, 5)) lines.push(`    ${m}`);
  const z = b.zoneinfo;
  if (!z.available) lines.push('  zoneinfo (zdump): not installed here, not compared');
  else {
    lines.push(
      `  transitions against zoneinfo (zdump, tzdata ${TZDATA_VERSION}; Node's ICU has ${process.versions.tz}): ${z.agreeing} of ${z.zones} zones identical; shortest offset 1970-2199 lasted ${(z.shortestSeconds / 86_400).toFixed(2)} days (${z.shortestWhere}), daily sampling needs > 1`,
    );
    for (const d of z.differing.slice(0, 8)) lines.push(`    differs: ${d}`);
  }
  return lines;
}
