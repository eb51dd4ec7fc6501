import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lookoutVisionClients } from '../../src/aws/lookoutVisionClient.js';
import { LookoutVisionHost } from '../../src/aws/lookoutVisionHost.js';
import { rekognitionClients } from '../../src/aws/rekognitionClient.js';
import { RekognitionHost } from '../../src/aws/rekognitionHost.js';
import { HostError, type ModelHost } from '../../src/ports.js';
import { clientConfig } from '../emulator/helpers.js';

/**
 * One loopback server answering every request with the error of its path's last test case, in
 * either protocol: restJson1 (X-Amzn-ErrorType) for Lookout for Vision, awsJson1_1 (`__type`)
 * for Rekognition. `drop` closes the connection without an answer.
 */
let answer: { status: number; type: string } | 'drop' = 'drop';
let server: Server;
let endpoint: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (answer === 'drop') {
        req.socket.destroy();
        return;
      }
      const { status, type } = answer;
      const json = req.headers['x-amz-target'] !== undefined;
      res.writeHead(status, {
        'content-type': json ? 'application/x-amz-json-1.1' : 'application/json',
        ...(json ? {} : { 'x-amzn-errortype': type }),
      });
      res.end(
        JSON.stringify(
          json ? { __type: type, Message: 'from the test server' } : { message: 'from the test server' },
        ),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.close();
});

const config = () => ({ defaultRegion: 'us-east-1', ...clientConfig(endpoint, { maxAttempts: 1 }) });
const hosts: [string, () => ModelHost][] = [
  ['Lookout for Vision', () => new LookoutVisionHost(lookoutVisionClients(config()))],
  ['Rekognition Custom Labels', () => new RekognitionHost(rekognitionClients(config()))],
];

async function kindOf(host: ModelHost): Promise<string> {
  const error = await host.describeModel({ region: null, project: 'p', version: '1' }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HostError);
  return (error as HostError).kind;
}

describe.each(hosts)('%s classifies failed calls as every host does', (_name, makeHost) => {
  it.each([
    [403, 'ExpiredTokenException', 'rejected'],
    [403, 'InvalidSignatureException', 'rejected'],
    [400, 'UnrecognizedClientException', 'rejected'],
    [400, 'TooManyRequestsException', 'throttled'],
    [429, 'SomethingNew', 'throttled'],
    [503, 'ServiceUnavailable', 'unavailable'],
    [403, 'AccessDeniedException', 'access-denied'],
  ])('answers %d %s as %s', async (status, type, kind) => {
    answer = { status, type };
    expect(await kindOf(makeHost())).toBe(kind);
  });

  it('takes a connection closed without an answer as unavailable (tried again)', async () => {
    answer = 'drop';
    expect(await kindOf(makeHost())).toBe('unavailable');
  });
});
