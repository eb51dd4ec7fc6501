import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeModelCommand, ValidationException } from '@aws-sdk/client-lookoutvision';
import { describe, expect, it } from 'vitest';
import { runEmulatorCommand } from '../../src/emulator/index.js';
import {
  fakeSigV4,
  raw,
  rejection,
  runningEmulatorCommand,
  sdkClient,
  sharedEmulator,
  wire,
  withEmulator,
} from './helpers.js';

describe('malformed request targets', () => {
  const server = sharedEmulator({ quota: false, models: [{ project: 'line-a', version: '1' }] });

  it.each([
    ['//%%%/x', /not followed by two hex digits/],
    ['/2020-11-20/projects/%E0%A4%A', /not followed by two hex digits/],
    ['/2020-11-20/projects/%FF', /not UTF-8/],
    ['http://emulator.invalid/2020-11-20/projects', /must be a path starting with \//],
  ])('answers GET %s with 400 ValidationException in the restJson1 error shape', async (target, message) => {
    const answer = await wire(
      server.emulator.port,
      `GET ${target} HTTP/1.1\r\nHost: x\r\nAuthorization: ${fakeSigV4()}`,
    );
    expect(answer.status).toBe(400);
    expect(answer.headers['x-amzn-errortype']).toBe('ValidationException');
    expect(answer.headers['content-type']).toBe('application/json');
    expect(JSON.parse(answer.body)).toEqual({ Message: expect.stringMatching(message) });
  });
});

describe('paths are matched as sent, before any normalisation', () => {
  const server = sharedEmulator({ quota: false, models: [{ project: 'line-a', version: '1' }] });

  it.each([
    ['/2020-11-20/projects/../../_emulator/models'],
    ['/2020-11-20/projects/%2e%2e/%2E%2E/_emulator/models'],
    ['/2020-11-20/./../_emulator/faults'],
    ['/_emulator/../_emulator/models'],
  ])('never lets %s reach the admin API', async (target) => {
    for (const signed of [true, false]) {
      const auth = signed ? `\r\nAuthorization: ${fakeSigV4()}` : '';
      const answer = await wire(server.emulator.port, `GET ${target} HTTP/1.1\r\nHost: x${auth}`);
      expect(answer.status).toBe(400);
      expect(answer.headers['x-amzn-errortype']).toBe('ValidationException');
      expect(answer.body).not.toContain('line-a');
      expect(JSON.parse(answer.body)).toEqual({ Message: 'the request path has a . or .. segment' });
    }
    const posted = await wire(
      server.emulator.port,
      `POST ${target} HTTP/1.1\r\nHost: x\r\nContent-Length: 2`,
      {
        body: '[]',
      },
    );
    expect(posted.status).toBe(400);
  });

  it('answers the real SDK ValidationException for a project named ".."', async () => {
    const client = sdkClient(server.emulator.endpoint, { maxAttempts: 1 });
    const error = await rejection(
      client.send(new DescribeModelCommand({ ProjectName: '..', ModelVersion: '1' })),
    );
    client.destroy();
    expect(error).toBeInstanceOf(ValidationException);
    expect(error.$metadata).toMatchObject({ httpStatusCode: 400 });
    expect(error.message).toBe('the request path has a . or .. segment');
  });

  it('still serves the admin API and the service at their own paths', async () => {
    expect((await raw(server.emulator.endpoint, 'GET', '/_emulator/models', { signed: false })).status).toBe(
      200,
    );
    const client = sdkClient(server.emulator.endpoint);
    const described = await client.send(
      new DescribeModelCommand({ ProjectName: 'line-a', ModelVersion: '1' }),
    );
    client.destroy();
    expect(described.ModelDescription?.Status).toBe('TRAINED');
  });
});

describe('oversized bodies', () => {
  const server = sharedEmulator({ quota: false });

  it('answers an admin body over 10 MB with 400 ValidationException and keeps none of it', async () => {
    const body = JSON.stringify({
      models: [{ project: 'p', version: '1', description: 'x'.repeat(11 << 20) }],
    });
    const answer = await raw(server.emulator.endpoint, 'POST', '/_emulator/models', { signed: false, body });
    expect(answer.status).toBe(400);
    expect(answer.headers.get('x-amzn-errortype')).toBe('ValidationException');
    expect(answer.body).toEqual({ Message: 'The request body exceeds 10485760 bytes' });
    expect(server.emulator.models()).toEqual([]);
  });

  it('answers an API body over 10 MB the same way', async () => {
    const answer = await raw(server.emulator.endpoint, 'POST', '/2020-11-20/projects/p/models/1/start', {
      body: 'x'.repeat(11 << 20),
    });
    expect([answer.status, answer.headers.get('x-amzn-errortype')]).toEqual([400, 'ValidationException']);
  });
});

describe('a request must arrive within the request timeout', () => {
  it('answers 408 and closes the connection of a trickled body after the configured timeout', () =>
    withEmulator({ quota: false, requestTimeoutSeconds: 1 }, async (emulator) => {
      const answer = await wire(
        emulator.port,
        'POST /_emulator/models HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000',
        { body: `[${' '.repeat(998)}]`, trickleMs: 100 },
      );
      expect(answer.status).toBe(408);
      // Closed after about the timeout (1 s, checked every second), long before the 100 s trickle ends.
      expect(answer.closedAfterMs).toBeGreaterThanOrEqual(900);
      expect(answer.closedAfterMs).toBeLessThan(8_000);
    }));

  it('closes a connection whose headers trickle in', () =>
    withEmulator({ quota: false, requestTimeoutSeconds: 1 }, async (emulator) => {
      const answer = await wire(emulator.port, 'GET /_emulator HTTP/1.1\r\nHost: x', {
        trickleHeaders: true,
        trickleMs: 50,
      });
      expect(answer.status).toBe(408);
      expect(answer.closedAfterMs).toBeLessThan(8_000);
    }));

  it('holds a trickled body for at most about 10 s by default', () =>
    withEmulator({ quota: false }, async (emulator) => {
      const answer = await wire(
        emulator.port,
        `POST /2020-11-20/projects/p/models/1/start HTTP/1.1\r\nHost: x\r\nAuthorization: ${fakeSigV4()}\r\nContent-Length: 1000`,
        { body: `{${' '.repeat(998)}}`, trickleMs: 200 },
      );
      expect(answer.status).toBe(408);
      expect(answer.closedAfterMs).toBeGreaterThanOrEqual(9_500);
      expect(answer.closedAfterMs).toBeLessThan(30_000);
    }));

  it('reads the request timeout from the config file', async () => {
    const configFile = join(mkdtempSync(join(tmpdir(), 'lvsched-')), 'emulator.yaml');
    writeFileSync(configFile, 'requestTimeoutSeconds: 1\n');
    const command = await runningEmulatorCommand({ port: 0, configFile });
    const answer = await wire(
      command.emulator.port,
      'POST /_emulator/models HTTP/1.1\r\nHost: x\r\nContent-Length: 10',
      {
        body: '[        ]',
        trickleMs: 300,
      },
    );
    await command.stop();
    expect(answer.status).toBe(408);
  });
});

describe('listening beyond loopback', () => {
  it('refuses a host that is not loopback without allowRemote, naming the flag', async () => {
    const error = await rejection(runEmulatorCommand({ port: 0, host: '0.0.0.0', log: () => {} }));
    expect(error.name).toBe('EmulatorConfigError');
    expect(error.message).toBe(
      'host 0.0.0.0 is not a loopback address and the admin API (/_emulator) has no authentication: ' +
        'add --allow-remote to listen there anyway',
    );
  });

  it('listens on any loopback address without a warning', async () => {
    const warnings: string[] = [];
    const command = await runningEmulatorCommand({
      port: 0,
      host: '127.0.0.2',
      warn: (line) => warnings.push(line),
    });
    await command.stop();
    expect(warnings).toEqual([]);
  });
});
