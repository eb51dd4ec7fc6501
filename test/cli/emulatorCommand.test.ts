import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { wire } from '../emulator/helpers.js';
import { BIN, lvschedProcess, ROOT, tempFile } from './helpers.js';

interface RunningEmulator {
  readonly child: ChildProcessWithoutNullStreams;
  readonly port: number;
  readonly stdout: () => string;
  readonly stderr: () => string;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

/** Starts `lvsched emulator ARGS` as a process and resolves once it prints its endpoint. */
function startEmulatorProcess(args: string[]): Promise<RunningEmulator> {
  const child = spawn(process.execPath, [BIN, 'emulator', ...args], { cwd: ROOT });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => {
      stdout += d;
      const port = /listening on http:\/\/[^\s]+:(\d+)/.exec(stdout)?.[1];
      if (port === undefined) return;
      resolve({
        child,
        port: Number(port),
        stdout: () => stdout,
        stderr: () => stderr,
        stop: () => {
          child.kill('SIGTERM');
          return exited;
        },
      });
    });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${stdout}${stderr}`)));
  });
}

describe('lvsched emulator: where it listens', () => {
  it('exits 2 with one line for a host that is not loopback, naming --allow-remote', async () => {
    const r = await lvschedProcess(['emulator', '--port', '0', '--host', '0.0.0.0'], {}, 30_000);
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toEqual([
      'lvsched: host 0.0.0.0 is not a loopback address and the admin API (/_emulator) has no authentication: ' +
        'add --allow-remote to listen there anyway',
    ]);
  });

  it('exits 2 for a host from the emulator config file too', async () => {
    const config = tempFile('emulator.yaml', 'host: "::"\n');
    const r = await lvschedProcess(['emulator', '--port', '0', '--emulator-config', config], {}, 30_000);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^lvsched: host :: is not a loopback address/);
  });

  it('listens beyond loopback with --allow-remote and warns once that the admin API is open', async () => {
    const emulator = await startEmulatorProcess(['--port', '0', '--host', '0.0.0.0', '--allow-remote']);
    try {
      expect(emulator.stdout()).toMatch(/listening on http:\/\/0\.0\.0\.0:\d+/);
      const res = await fetch(`http://127.0.0.1:${emulator.port}/_emulator/models`);
      expect(res.status).toBe(200);
    } finally {
      expect(await emulator.stop()).toBe(0);
    }
    expect(emulator.stderr().trimEnd().split('\n')).toEqual([
      `lvsched: warning: listening on 0.0.0.0, not only loopback: the admin API (http://0.0.0.0:${emulator.port}/_emulator) ` +
        'has no authentication; anyone who can reach it can seed models, read the call log and inject faults',
    ]);
  });

  it('prints no warning on loopback', async () => {
    const emulator = await startEmulatorProcess(['--port', '0']);
    expect(await emulator.stop()).toBe(0);
    expect(emulator.stderr()).toBe('');
  });
});

describe('lvsched emulator --request-timeout-seconds', () => {
  it('answers 408 to a request whose body trickles in longer than that', async () => {
    const emulator = await startEmulatorProcess(['--port', '0', '--request-timeout-seconds', '1']);
    try {
      const answer = await wire(
        emulator.port,
        'POST /_emulator/models HTTP/1.1\r\nHost: x\r\nContent-Length: 100',
        {
          body: `[${' '.repeat(98)}]`,
          trickleMs: 200,
        },
      );
      expect(answer.status).toBe(408);
      expect(answer.closedAfterMs).toBeLessThan(8_000);
    } finally {
      expect(await emulator.stop()).toBe(0);
    }
  });

  it('exits 2 for 0 seconds', async () => {
    const r = await lvschedProcess(['emulator', '--port', '0', '--request-timeout-seconds', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toEqual([
      'lvsched: --request-timeout-seconds must be more than 0: a request needs time to arrive',
    ]);
  });
});
