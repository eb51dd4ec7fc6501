/**
 * The hostile corpus (test/hostile/hostileCorpus.ts) through the real CLI, one child process per
 * file: `node bin/lvsched.js validate --config FILE`, wall time and peak RSS (from GNU time's %M when
 * /usr/bin/time exists, else from the child's own report is not available and RSS is left out).
 * Goal (issue 9): every hostile file answered in <= 5 s and <= 300 MB, the 100,000-model file valid.
 *
 * Also runnable alone against another checkout, for a before/after table:
 * `npx tsx bench/hostileBench.ts --cli /work/main/bin/lvsched.js --timeout 60 --heap 2048`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { hostileCorpus } from '../test/hostile/hostileCorpus.js';

export interface HostileFigure {
  readonly name: string;
  readonly about: string;
  readonly bytes: number;
  readonly seconds: number;
  /** CPU seconds of the child (user + system), null when not measured: wall time depends on the load. */
  readonly cpuSeconds: number | null;
  /** Peak resident set size of the child, MB; null when it could not be measured. */
  readonly peakMb: number | null;
  /** Exit code, or null when the child was killed (timeout, signal). */
  readonly exitCode: number | null;
  readonly killed: boolean;
  /** The first line the CLI printed (stdout, else stderr), shortened. */
  readonly firstLine: string;
  readonly expect: string;
}

export interface HostileBenchOptions {
  readonly cli?: string;
  readonly timeoutSeconds?: number;
  /** --max-old-space-size for the child, MB; none when omitted. */
  readonly heapMb?: number;
  readonly only?: readonly string[];
}

const ROOT = resolve(import.meta.dirname, '..');
const GNU_TIME = '/usr/bin/time';

export function runHostileBench(options: HostileBenchOptions = {}): HostileFigure[] {
  const cli = options.cli ?? join(ROOT, 'bin/lvsched.js');
  const timeoutMs = (options.timeoutSeconds ?? 60) * 1000;
  const dir = mkdtempSync(join(tmpdir(), 'lvsched-hostile-'));
  const figures: HostileFigure[] = [];
  try {
    for (const c of hostileCorpus()) {
      if (options.only && !options.only.includes(c.name)) continue;
      const file = join(dir, `${c.name}.yaml`);
      writeFileSync(file, c.text);
      const bytes = Buffer.byteLength(c.text);
      const node = [
        ...(options.heapMb ? [`--max-old-space-size=${options.heapMb}`] : []),
        cli,
        'validate',
        '--config',
        file,
      ];
      const timed = existsSync(GNU_TIME);
      const rssFile = join(dir, `${c.name}.rss`);
      const [command, args] = timed
        ? [GNU_TIME, ['-f', '%U %S %M', '-o', rssFile, process.execPath, ...node]]
        : [process.execPath, node];
      const started = performance.now();
      const child = spawnSync(command, args, {
        cwd: resolve(cli, '../..'),
        encoding: 'utf8',
        timeout: timeoutMs,
        killSignal: 'SIGKILL',
        maxBuffer: 64 * 1024 * 1024,
        env: { ...process.env, AWS_REGION: 'us-east-1' },
      });
      const seconds = (performance.now() - started) / 1000;
      const killed =
        child.signal !== null || (child.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT';
      let peakMb: number | null = null;
      let cpuSeconds: number | null = null;
      if (timed && existsSync(rssFile)) {
        // GNU time writes "Command terminated by signal 9" before the figures when the child was killed.
        const last = readFileSync(rssFile, 'utf8').trim().split('\n').at(-1) ?? '';
        const [user, system, kb] = last.split(/\s+/).map(Number);
        if (kb !== undefined && Number.isFinite(kb) && kb > 0) peakMb = kb / 1024;
        if (user !== undefined && system !== undefined && Number.isFinite(user + system))
          cpuSeconds = user + system;
      }
      const out = `${child.stdout ?? ''}`.trim() || `${child.stderr ?? ''}`.trim();
      const first = out.split('\n')[0] ?? '';
      figures.push({
        name: c.name,
        about: c.about,
        bytes,
        seconds,
        cpuSeconds,
        peakMb,
        exitCode: killed ? null : child.status,
        killed,
        firstLine: first.length > 160 ? `${first.slice(0, 157)}...` : first,
        expect: c.expect,
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return figures;
}

/** A markdown table of the figures. */
export function hostileTable(figures: readonly HostileFigure[]): string {
  const rows = figures.map((f) => {
    const time = f.killed ? `killed at ${f.seconds.toFixed(0)} s` : `${f.seconds.toFixed(2)} s`;
    const cpu = f.cpuSeconds === null ? 'n/a' : `${f.cpuSeconds.toFixed(2)} s`;
    const rss = f.peakMb === null ? 'n/a' : `${f.peakMb.toFixed(0)} MB`;
    const size =
      f.bytes >= 1024 * 1024
        ? `${(f.bytes / 1024 / 1024).toFixed(1)} MB`
        : `${(f.bytes / 1024).toFixed(0)} KB`;
    const answer = f.killed
      ? '-'
      : `exit ${f.exitCode}: ${f.firstLine.replace(/^[^:]*\.yaml:/, '').replace(/\|/g, '\\|')}`;
    return `| ${f.name} | ${size} | ${time} | ${cpu} | ${rss} | ${answer} |`;
  });
  return [
    '| input | size | wall time | CPU time | peak RSS | answer |',
    '|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? process.argv[i + 1] : undefined;
  };
  const only = arg('--only')?.split(',');
  const timeout = arg('--timeout');
  const heap = arg('--heap');
  const cli = arg('--cli');
  const figures = runHostileBench({
    ...(cli ? { cli: resolve(cli) } : {}),
    ...(timeout ? { timeoutSeconds: Number(timeout) } : {}),
    ...(heap ? { heapMb: Number(heap) } : {}),
    ...(only ? { only } : {}),
  });
  console.log(hostileTable(figures));
}
