/**
 * The HTTP plumbing both emulated services share (Lookout for Vision's restJson1 and Rekognition's
 * awsJson1_1 on one port): the one body reader, the one SigV4 presence check, answers and dropped
 * connections. What differs between the services (routing, error shapes) stays with each.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { EmulatedServiceError } from './emulatedServiceError.js';
import type { CallLogEntry } from './emulatorRuntime.js';
import type { FaultInjector } from './faultInjector.js';

/** A call log entry while its request is handled. */
export type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export const maxBodyBytes = 10 * 1024 * 1024;

export const firstHeader = (value: string | string[] | undefined): string | undefined =>
  Array.isArray(value) ? value[0] : value;

/**
 * The body as text. One larger than 10 MB is read to its end (so the client, still sending, gets
 * the answer rather than a reset) but not kept, and rejects with a 400 ValidationException.
 */
export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBodyBytes) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > maxBodyBytes) {
        reject(
          new EmulatedServiceError(
            'ValidationException',
            `The request body exceeds ${maxBodyBytes} bytes`,
            {},
            400,
          ),
        );
      } else {
        resolve(Buffer.concat(chunks).toString('utf8'));
      }
    });
    req.on('error', reject);
  });
}

const denied = (message: string) => new EmulatedServiceError('AccessDeniedException', message, {}, 403);

/**
 * The region of the request's SigV4 credential scope (`Credential=AKID/DATE/REGION/SERVICE/aws4_request`),
 * from the Authorization header or a presigned query; 403 AccessDeniedException without one, with a
 * malformed one, or with one scoped to another service. Signatures are not verified.
 */
export function authenticate(req: IncomingMessage, query: URLSearchParams, signingName: string): string {
  const authorization = firstHeader(req.headers.authorization);
  let credential: string | undefined;
  if (authorization?.startsWith('AWS4-HMAC-SHA256')) {
    credential = /Credential=([^,\s]+)/.exec(authorization)?.[1];
  } else if (query.get('X-Amz-Algorithm') === 'AWS4-HMAC-SHA256') {
    credential = query.get('X-Amz-Credential') ?? undefined;
  }
  if (credential === undefined) {
    throw denied(
      'Missing Authentication Token: the request has no AWS Signature Version 4 ' +
        '(an Authorization header "AWS4-HMAC-SHA256 Credential=...")',
    );
  }
  const scope = credential.split('/');
  if (scope.length !== 5 || scope[4] !== 'aws4_request' || !scope[2]) {
    throw denied(`Credential=${credential} is not of the form ACCESS_KEY/DATE/REGION/SERVICE/aws4_request`);
  }
  if (scope[3] !== signingName) {
    throw denied(`Credential should be scoped to correct service: '${signingName}' (got '${scope[3]}')`);
  }
  return scope[2];
}

/** Writes a JSON answer (no body for `undefined`) with a request id. */
export function sendJson(
  res: ServerResponse,
  status: number,
  headers: Readonly<Record<string, string>>,
  body: unknown,
): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'x-amzn-RequestId': randomUUID(),
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** Answers the fault "connection dropped": the socket goes away with no response at all. */
export function drop(req: IncomingMessage, res: ServerResponse): void {
  res.socket?.destroy();
  req.socket.destroy();
}

/**
 * The faults injected before a request is handled: its latency (the entry's `at` moves to when
 * handling begins), then a dropped connection, recorded and answered here. True when dropped.
 */
export async function latencyThenDrop(
  runtime: { readonly faults: FaultInjector; now(): number; recordCall(entry: CallLogEntry): void },
  operation: string | undefined,
  entry: Mutable<CallLogEntry>,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<boolean> {
  const latency = runtime.faults.latencyMs(operation);
  if (latency > 0) {
    entry.fault = 'latency';
    await sleep(latency);
    entry.at = runtime.now();
  }
  if (!runtime.faults.takeDrop(operation, 'beforeHandling')) return false;
  entry.fault = 'dropped';
  runtime.recordCall(entry);
  drop(req, res);
  return true;
}

/**
 * The fault "connection dropped after handling": the call is recorded (with its error, if any) as
 * the service handled it, and the client gets no answer. True when dropped.
 */
export function dropAfterHandling(
  runtime: { readonly faults: FaultInjector; recordCall(entry: CallLogEntry): void },
  operation: string | undefined,
  entry: Mutable<CallLogEntry>,
  errorType: string | undefined,
  req: IncomingMessage,
  res: ServerResponse,
): boolean {
  if (!runtime.faults.takeDrop(operation, 'afterHandling')) return false;
  entry.fault = 'dropped';
  runtime.recordCall({ ...entry, ...(errorType ? { errorType } : {}) });
  drop(req, res);
  return true;
}
