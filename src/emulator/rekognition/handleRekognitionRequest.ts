import type { IncomingMessage, ServerResponse } from 'node:http';
import { EmulatedServiceError } from '../emulatedServiceError.js';
import type { CallLogEntry } from '../emulatorRuntime.js';
import { authenticate, firstHeader, type Mutable } from '../httpPlumbing.js';
import { serializeShape } from '../serializeShape.js';
import {
  type Answer,
  checkQuotaOf,
  implementedHandler,
  serveApiCall,
  validatedInput,
} from '../serveApiCall.js';
import { rekognitionOperations } from './rekognitionOperations.js';
import type { RekognitionRuntime } from './rekognitionRuntime.js';

const contentType = 'application/x-amz-json-1.1';

/** `{ "ProjectVersionArn": ".../project/P/version/V/123" }` -> the call log's project and version. */
function namesIn(body: string): { project?: string; version?: string } {
  const arn = /"Project(?:Version)?Arn"\s*:\s*"([^"]*)"/.exec(body)?.[1] ?? '';
  const m = /:project\/([^/]+)(?:\/version\/([^/]+))?\//.exec(arn);
  return { ...(m?.[1] ? { project: m[1] } : {}), ...(m?.[2] ? { version: m[2] } : {}) };
}

/** awsJson1_1's error: `__type` and `Message` in the body, the status from the error or the model. */
function errorAnswer(rt: RekognitionRuntime, error: EmulatedServiceError): Answer {
  return {
    status: error.httpStatus ?? rt.service.model.errors.get(error.errorType)?.httpStatus ?? 500,
    headers: { 'Content-Type': contentType, 'X-Amzn-ErrorType': error.errorType },
    body: { __type: error.errorType, Message: error.message },
    errorType: error.errorType,
  };
}

async function handleApi(rt: RekognitionRuntime, req: IncomingMessage, res: ServerResponse, target: string) {
  const { model, targetPrefix, operations } = rt.service;
  const operationName = target.slice(targetPrefix.length + 1);
  const operation = operations.get(operationName);
  const url = new URL(req.url ?? '/', 'http://emulator.invalid');
  const entry: Mutable<CallLogEntry> = {
    at: rt.now(),
    operation: operation ? operationName : null,
    method: req.method ?? 'POST',
    path: url.pathname,
    region: null,
    statusCode: null,
  };
  await serveApiCall(rt, req, res, {
    entry,
    operation: operationName,
    bugErrorType: 'InternalServerError',
    failure: (error) => errorAnswer(rt, error),
    answer(body) {
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
      checkQuotaOf(entry, () => rt.checkQuota(region));
      if (rt.faults.takeInternalError(operationName) !== undefined) {
        entry.fault = 'internalError';
        throw new EmulatedServiceError('InternalServerError', 'Injected fault: internal server error');
      }
      const handler = implementedHandler(rekognitionOperations, operationName, 'Rekognition');
      const input = validatedInput(
        model,
        operation,
        { labels: {}, query: new URLSearchParams(), headers: {}, body: body.trim() === '' ? '{}' : body },
        entry,
        (message) => new EmulatedServiceError(rt.assumptions.constraintViolationError, message, {}, 400),
      );
      const output = handler({ runtime: rt, region, input });
      return {
        status: 200,
        headers: { 'Content-Type': contentType },
        body: operation.output ? serializeShape(model, operation.output, output) : {},
      };
    },
  });
}

/**
 * The Rekognition Custom Labels API on the emulator's server: handles and answers a request and
 * resolves true when it is Rekognition's (`X-Amz-Target: RekognitionService.*`, awsJson1_1);
 * resolves false, having read nothing, for any other request. Its admin endpoints
 * (/_emulator/rekognition) are the shared admin handler's; a call's life (body, faults, call log)
 * and the SigV4 check are the shared ones (serveApiCall.ts, httpPlumbing.ts). Order of checks per API request: added latency, dropped
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
