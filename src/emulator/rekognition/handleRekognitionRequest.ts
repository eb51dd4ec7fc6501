import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { EmulatedServiceError } from '../emulatedServiceError.js';
import { parseFaultConfig } from '../emulatorConfig.js';
import { EmulatorConfigError } from '../emulatorConfigError.js';
import type { CallLogEntry } from '../emulatorRuntime.js';
import { readOperationInput } from '../readOperationInput.js';
import { serializeShape } from '../serializeShape.js';
import { rekognitionSeedsSchema } from './rekognitionConfig.js';
import { rekognitionOperations } from './rekognitionOperations.js';
import type { RekognitionSeedVersion } from './rekognitionOptions.js';
import type { RekognitionRuntime } from './rekognitionRuntime.js';

/** Admin endpoints of the Rekognition side, beside Lookout for Vision's /_emulator/. */
export const rekognitionAdminPrefix = '/_emulator/rekognition';
const contentType = 'application/x-amz-json-1.1';
const maxBodyBytes = 10 * 1024 * 1024;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

interface Answer {
  readonly status: number;
  readonly body: unknown;
  readonly errorType?: string;
}

const firstHeader = (value: string | string[] | undefined): string | undefined =>
  Array.isArray(value) ? value[0] : value;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBodyBytes) chunks.push(chunk);
    });
    req.on('end', () =>
      size > maxBodyBytes
        ? reject(
            new EmulatedServiceError(
              'InvalidParameterException',
              `The request body exceeds ${maxBodyBytes} bytes`,
            ),
          )
        : resolve(Buffer.concat(chunks).toString('utf8')),
    );
    req.on('error', reject);
  });
}

/** The region of the SigV4 credential scope; signatures are not verified, their presence is. */
function credentialRegion(req: IncomingMessage, signingName: string): string {
  const authorization = firstHeader(req.headers.authorization);
  const credential = authorization?.startsWith('AWS4-HMAC-SHA256')
    ? /Credential=([^,\s]+)/.exec(authorization)?.[1]
    : undefined;
  const scope = credential?.split('/') ?? [];
  if (scope.length !== 5 || scope[4] !== 'aws4_request' || !scope[2]) {
    throw new EmulatedServiceError(
      'AccessDeniedException',
      'Missing Authentication Token: the request has no AWS Signature Version 4 ' +
        '(an Authorization header "AWS4-HMAC-SHA256 Credential=ACCESS_KEY/DATE/REGION/SERVICE/aws4_request, ...")',
      {},
      403,
    );
  }
  if (scope[3] !== signingName) {
    throw new EmulatedServiceError(
      'AccessDeniedException',
      `Credential should be scoped to correct service: '${signingName}' (got '${scope[3]}')`,
      {},
      403,
    );
  }
  return scope[2];
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': contentType,
    ...headers,
    'x-amzn-RequestId': randomUUID(),
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

function drop(req: IncomingMessage, res: ServerResponse): void {
  res.socket?.destroy();
  req.socket.destroy();
}

/** `{ "ProjectVersionArn": ".../project/P/version/V/123" }` -> the call log's project and version. */
function namesIn(body: string): { project?: string; version?: string } {
  const arn = /"Project(?:Version)?Arn"\s*:\s*"([^"]*)"/.exec(body)?.[1] ?? '';
  const m = /:project\/([^/]+)(?:\/version\/([^/]+))?\//.exec(arn);
  return { ...(m?.[1] ? { project: m[1] } : {}), ...(m?.[2] ? { version: m[2] } : {}) };
}

async function handleApi(rt: RekognitionRuntime, req: IncomingMessage, res: ServerResponse, target: string) {
  const { model, targetPrefix, operations } = rt.service;
  const operationName = target.slice(targetPrefix.length + 1);
  const operation = operations.get(operationName);
  const entry: Mutable<CallLogEntry> = {
    at: rt.now(),
    operation: operation ? operationName : null,
    method: req.method ?? 'POST',
    path: new URL(req.url ?? '/', 'http://emulator.invalid').pathname,
    region: null,
    statusCode: null,
  };
  const latency = rt.faults.latencyMs(operationName);
  if (latency > 0) {
    entry.fault = 'latency';
    await sleep(latency);
    entry.at = rt.now();
  }
  if (rt.faults.takeDrop(operationName, 'beforeHandling')) {
    entry.fault = 'dropped';
    rt.recordCall(entry);
    drop(req, res);
    return;
  }
  let answer: Answer;
  try {
    const body = await readBody(req);
    Object.assign(entry, namesIn(body));
    const region = credentialRegion(req, model.signingName);
    entry.region = region;
    if (entry.method !== 'POST' || entry.path !== '/' || !operation) {
      throw new EmulatedServiceError(
        'UnknownOperationException',
        `No Rekognition operation ${operationName} at ${entry.method} ${entry.path} (awsJson1_1: POST / with X-Amz-Target: ${targetPrefix}.<Operation>)`,
        {},
        400,
      );
    }
    try {
      rt.checkQuota(region);
    } catch (error) {
      entry.fault = 'throttled';
      throw error;
    }
    if (rt.faults.takeInternalError(operationName) !== undefined) {
      entry.fault = 'internalError';
      throw new EmulatedServiceError('InternalServerError', 'Injected fault: internal server error');
    }
    const handler = rekognitionOperations[operationName];
    if (!handler) {
      throw new EmulatedServiceError(
        'NotImplementedException',
        `The Rekognition emulator does not implement ${operationName}; ` +
          `it implements ${Object.keys(rekognitionOperations).join(', ')}`,
        {},
        501,
      );
    }
    const { input, violations } = readOperationInput(model, operation, {
      labels: {},
      query: new URLSearchParams(),
      headers: {},
      body: body.trim() === '' ? '{}' : body,
    });
    if (typeof input.MinInferenceUnits === 'number') entry.minInferenceUnits = input.MinInferenceUnits;
    if (typeof input.MaxInferenceUnits === 'number') entry.maxInferenceUnits = input.MaxInferenceUnits;
    if (violations.length > 0) {
      const n = violations.length;
      throw new EmulatedServiceError(
        rt.assumptions.constraintViolationError,
        `${n} validation error${n === 1 ? '' : 's'} detected: ${violations.join('; ')}`,
        {},
        400,
      );
    }
    const output = handler({ runtime: rt, region, input });
    answer = { status: 200, body: operation.output ? serializeShape(model, operation.output, output) : {} };
  } catch (error) {
    const e =
      error instanceof EmulatedServiceError
        ? error
        : new EmulatedServiceError(
            'InternalServerError',
            `Emulator bug: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
          );
    const shape = model.errors.get(e.errorType);
    answer = {
      status: e.httpStatus ?? shape?.httpStatus ?? 500,
      body: { __type: e.errorType, Message: e.message },
      errorType: e.errorType,
    };
  }
  if (rt.faults.takeDrop(operationName, 'afterHandling')) {
    entry.fault = 'dropped';
    rt.recordCall({ ...entry, ...(answer.errorType ? { errorType: answer.errorType } : {}) });
    drop(req, res);
    return;
  }
  entry.statusCode = answer.status;
  if (answer.errorType !== undefined) entry.errorType = answer.errorType;
  rt.recordCall(entry);
  send(res, answer.status, answer.body, answer.errorType ? { 'X-Amzn-ErrorType': answer.errorType } : {});
}

const adminEndpoints = {
  'GET /_emulator/rekognition': 'this index',
  'GET /_emulator/rekognition/versions': 'every project version and its current status',
  'POST /_emulator/rekognition/versions':
    'seed versions: [{project, version, region?, createdAt?, status?}] or {versions: [...]}',
  'GET /_emulator/rekognition/history': 'state history per version (exact transition instants, epoch ms)',
  'GET /_emulator/rekognition/ledger': 'inference-unit-seconds per version while billed, up to now',
  'GET /_emulator/rekognition/calls': 'call log: operation, project, version, status code, error type, at',
  'GET /_emulator/rekognition/faults': 'faults in force, with remaining counts',
  'POST /_emulator/rekognition/faults':
    'set faults: {internalErrors?, hostingFailures?, latency?, dropConnections?}',
  'DELETE /_emulator/rekognition/faults': 'clear every fault',
};

function parseJson(body: string): unknown {
  try {
    return body.trim() === '' ? {} : JSON.parse(body);
  } catch (error) {
    throw new EmulatorConfigError('the request body is not JSON', undefined, { cause: error });
  }
}

function admin(rt: RekognitionRuntime, route: string, body: string): { status: number; body: unknown } {
  switch (route) {
    case 'GET /_emulator/rekognition':
      return { status: 200, body: { now: rt.now(), endpoints: adminEndpoints } };
    case 'GET /_emulator/rekognition/versions':
      return { status: 200, body: { now: rt.now(), versions: rt.allVersions() } };
    case 'POST /_emulator/rekognition/versions': {
      const parsed = rekognitionSeedsSchema.safeParse(parseJson(body));
      if (!parsed.success)
        throw new EmulatorConfigError(z.prettifyError(parsed.error).replace(/\n/g, '; '), route);
      return { status: 201, body: { versions: rt.seed(parsed.data as RekognitionSeedVersion[]) } };
    }
    case 'GET /_emulator/rekognition/history':
      return { status: 200, body: { now: rt.now(), versions: rt.history() } };
    case 'GET /_emulator/rekognition/ledger':
      return { status: 200, body: rt.ledger() };
    case 'GET /_emulator/rekognition/calls':
      return { status: 200, body: { calls: rt.callLog() } };
    case 'GET /_emulator/rekognition/faults':
      return { status: 200, body: rt.faults.current() };
    case 'POST /_emulator/rekognition/faults':
      rt.faults.set(parseFaultConfig(parseJson(body), route));
      return { status: 200, body: rt.faults.current() };
    case 'DELETE /_emulator/rekognition/faults':
      rt.faults.clear();
      return { status: 200, body: rt.faults.current() };
    default:
      return { status: 404, body: { error: `No admin endpoint ${route}`, endpoints: adminEndpoints } };
  }
}

/**
 * The Rekognition Custom Labels side of the emulator's server. Handles and answers a request and
 * resolves true when it is Rekognition's: `X-Amz-Target: RekognitionService.*` (awsJson1_1, SigV4
 * presence required) or a path under /_emulator/rekognition (admin, unsigned); resolves false, having
 * read nothing, for any other request. Order of checks per API request: added latency, dropped
 * connection, SigV4, operation known, quota, injected 500, implemented?, input constraints, operation.
 */
export async function handleRekognitionRequest(
  runtime: RekognitionRuntime,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<boolean> {
  const target = firstHeader(req.headers['x-amz-target']);
  if (target?.startsWith(`${runtime.service.targetPrefix}.`)) {
    await handleApi(runtime, req, res, target);
    return true;
  }
  const path = new URL(req.url ?? '/', 'http://emulator.invalid').pathname.replace(/\/+$/, '');
  if (path !== rekognitionAdminPrefix && !path.startsWith(`${rekognitionAdminPrefix}/`)) return false;
  const body = await readBody(req);
  let answer: { status: number; body: unknown };
  try {
    answer = admin(runtime, `${req.method ?? 'GET'} ${path}`, body);
  } catch (error) {
    if (!(error instanceof EmulatorConfigError)) throw error;
    answer = { status: 400, body: { error: error.message } };
  }
  send(res, answer.status, answer.body, { 'Content-Type': 'application/json' });
  return true;
}
