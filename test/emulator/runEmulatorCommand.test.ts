import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DescribeModelCommand, ListModelsCommand } from '@aws-sdk/client-lookoutvision';
import { afterAll, describe, expect, it } from 'vitest';
import { EmulatorConfigError, runEmulatorCommand } from '../../src/emulator/index.js';
import { runningEmulatorCommand, sdkClient, virtualClock } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'lvsched-emulator-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeConfig(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe('runEmulatorCommand', () => {
  it('serves the config file models, prints its endpoint and stops when aborted', async () => {
    const config = writeConfig(
      'emulator.yaml',
      [
        'startSeconds: 300',
        'stopSeconds: 30',
        'quota: false',
        'models:',
        '  - { project: line-a, version: 1 }',
        '  - { project: line-a, version: 2, region: eu-west-1 }',
      ].join('\n'),
    );
    const clock = virtualClock();
    const command = await runningEmulatorCommand({ port: 0, configFile: config, startSeconds: 120, clock });
    const { emulator, lines } = command;
    expect(lines[0]).toBe(`Lookout for Vision emulator listening on ${emulator.endpoint}`);
    expect(emulator.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const client = sdkClient(emulator.endpoint, { maxAttempts: 1 });
    const models = await client.send(new ListModelsCommand({ ProjectName: 'line-a' }));
    expect(models.Models?.map((m) => m.ModelVersion)).toEqual(['1']);
    emulator.runtime.state.startModel(
      { region: 'us-east-1', project: 'line-a', version: '1', minInferenceUnits: 1 },
      clock.now(),
    );
    clock.advance(120_000);
    const described = await client.send(
      new DescribeModelCommand({ ProjectName: 'line-a', ModelVersion: '1' }),
    );
    expect(described.ModelDescription?.Status).toBe('HOSTED');
    client.destroy();

    await command.stop();
    expect(lines.at(-1)).toBe('Lookout for Vision emulator stopped');
    await expect(fetch(`${emulator.endpoint}/_emulator`)).rejects.toThrow();
  });

  it('rejects a config file with a bad model, naming the file and the field', async () => {
    const config = writeConfig('bad.yaml', 'models:\n  - { project: "line a", version: 1 }\n');
    const error = await runEmulatorCommand({ port: 0, configFile: config, log: () => {} }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(EmulatorConfigError);
    expect((error as Error).message).toContain('bad.yaml');
    expect((error as Error).message).toContain('project');
    const unknown = writeConfig('unknown.yaml', 'modles: []\n');
    const typo = await runEmulatorCommand({ port: 0, configFile: unknown, log: () => {} }).catch(
      (e: unknown) => e,
    );
    expect((typo as Error).message).toContain('modles');
    const missing = await runEmulatorCommand({ configFile: join(dir, 'nope.yaml'), log: () => {} }).catch(
      (e: unknown) => e,
    );
    expect((missing as Error).message).toContain('cannot read the config file');
  });

  it('says which port is in use', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const address = blocker.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const error = await runEmulatorCommand({ port, log: () => {} }).catch((e: unknown) => e);
      expect((error as Error).message).toContain(`port ${port} on 127.0.0.1 is in use`);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('runs as a process until SIGTERM, then exits 0', async () => {
    const entry = fileURLToPath(new URL('../../src/emulator/index.ts', import.meta.url));
    const script =
      `const { runEmulatorCommand } = await import(${JSON.stringify(entry)});` +
      'await runEmulatorCommand({ port: 0, models: [{ project: "line-a", version: "1" }] });';
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await expect
        .poll(() => /listening on (http:\/\/\S+)/.exec(stdout)?.[1], { timeout: 30_000 })
        .toBeDefined();
      const endpoint = /listening on (http:\/\/\S+)/.exec(stdout)?.[1] ?? '';
      const models = (await (await fetch(`${endpoint}/_emulator/models`)).json()) as { models: unknown[] };
      expect(models.models).toEqual([expect.objectContaining({ project: 'line-a', status: 'TRAINED' })]);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(stdout).toContain('Lookout for Vision emulator stopped');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    expect(stderr).toBe('');
  });
});
