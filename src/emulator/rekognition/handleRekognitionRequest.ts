import type { IncomingMessage, ServerResponse } from 'node:http';
import { EmulatedServiceError } from '../emulatedServiceError.js';
import type { CallLogEntry } from '../emulatorRuntime.js';
import {
  authenticate,
  dropAfterHandling,
  firstHeader,
  latencyThenDrop,
  type Mutable,
  readBody,
  sendJson,
} from '../httpPlumbing.js';
import { readOperationInput } from '../readOperationInput.js';
import { serializeShape } from '../serializeShape.js';
import { rekognitionOperations } from './rekognitionOperations.js';
import type { RekognitionRuntime } from './rekognitionRuntime.js';

const contentType = 'application/x-amz-json-1.1';

interface Answer {
  readonly status: number;
  readonly body: unknown;
  readonly errorType?: string;
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
  const url = new URL(req.url ?? '/', 'http://emulator.invalid');
  // Read from the start, whatever faults delay the answer (the request timeout counts until it arrived).
  const bodyRead = readBody(req);
  bodyRead.catch(() => {});
  const entry: Mutable<CallLogEntry> = {
    at: rt.now(),
    operation: operation ? operationName : null,
    method: req.method ?? 'POST',
    path: url.pathname,
    region: null,
    statusCode: null,
  };
  if (await latencyThenDrop(rt, operationName, entry, req, res)) return;
  let answer: Answer;
  try {
    const body = await bodyRead;
    Object.assign(entry, namesIn(body));
    const region = authenticate(req, url.searchParams, model.signingName);
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
  if (dropAfterHandling(rt, operationName, entry, answer.errorType, req, res)) return;
  entry.statusCode = answer.status;
  if (answer.errorType !== undefined) entry.errorType = answer.errorType;
  rt.recordCall(entry);
  sendJson(
    res,
    answer.status,
    { 'Content-Type': contentType, ...(answer.errorType ? { 'X-Amzn-ErrorType': answer.errorType } : {}) },
    answer.body,
  );
}

/**
 * The Rekognition Custom Labels API on the emulator's server: handles and answers a request and
 * resolves true when it is Rekognition's (`X-Amz-Target: RekognitionService.*`, awsJson1_1);
 * resolves false, having read nothing, for any other request. Its admin endpoints
 * (/_emulator/rekognition) are the shared admin handler's, and the body reader and SigV4 check are
 * the shared ones (httpPlumbing.ts). Order of checks per API request: added latency, dropped
 * connection, body size, SigV4, operation known, quota, injected 500, implemented?, input
 * constraints, operation.
 */
export async function handleRekognitionRequest(
  runtime: RekognitionRuntime,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<boolean> {
  const target = firstHeader(req.headers['x-amz-target']);
  if (!target?.startsWith(`${runtime.service.targetPrefix}.`)) return false;
  await handleApi(runtime, req, res, target);
  return true;
}
