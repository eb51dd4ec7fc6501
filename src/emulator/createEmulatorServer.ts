import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createOperationMatcher } from './createOperationMatcher.js';
import { EmulatedServiceError } from './emulatedServiceError.js';
import type { CallLogEntry, EmulatorRuntime } from './emulatorRuntime.js';
import { adminPrefix, handleAdminRequest } from './handleAdminRequest.js';
import {
  authenticate,
  dropAfterHandling,
  firstHeader,
  latencyThenDrop,
  type Mutable,
  readBody,
  sendJson,
} from './httpPlumbing.js';
import { operationHandlers } from './operationHandlers.js';
import { parseRequestTarget, type RequestTarget } from './parseRequestTarget.js';
import { readOperationInput } from './readOperationInput.js';
import { handleRekognitionRequest } from './rekognition/handleRekognitionRequest.js';
import { serializeShape } from './serializeShape.js';
import type { ServiceModel } from './serviceModel.js';

/** How long a client may take to send a whole request (headers and body) by default. */
export const defaultRequestTimeoutSeconds = 10;

export interface EmulatorServerOptions {
  /**
   * A request whose headers and body have not all arrived after this long is answered 408 and its
   * connection closed, so a trickled body holds no socket for long (default 10).
   */
  readonly requestTimeoutSeconds?: number;
}

interface Answer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
  readonly errorType?: string;
  readonly replayed?: boolean;
}

function errorAnswer(model: ServiceModel, error: EmulatedServiceError): Answer {
  const shape = model.errors.get(error.errorType);
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'X-Amzn-ErrorType': error.errorType,
  };
  const body: Record<string, unknown> = { Message: error.message };
  for (const [name, value] of Object.entries(error.members)) {
    if (value === undefined || name === 'Message') continue;
    const member = shape?.members.find((m) => m.name === name);
    if (shape && !member) throw new Error(`${error.errorType} has no member ${name}`);
    const header = member?.traits['smithy.api#httpHeader'];
    if (typeof header === 'string') headers[header] = String(value);
    else body[name] = value;
  }
  return { status: shape?.httpStatus ?? error.httpStatus ?? 500, headers, body, errorType: error.errorType };
}

function send(res: ServerResponse, answer: Answer): void {
  sendJson(res, answer.status, answer.headers, answer.body);
}

/**
 * The HTTP face of the emulator: restJson1 as the service model defines it under /2020-11-20/, and
 * the admin endpoints under /_emulator/. First, for every request, the target as sent (malformed:
 * 400), which then picks admin or API. Order of checks per API request: added latency, dropped
 * connection, body size, SigV4 presence, route, quota, injected 500, implemented?, input
 * constraints, operation. Node answers 408 to a request that takes longer than the request timeout.
 */
export function createEmulatorServer(runtime: EmulatorRuntime, options: EmulatorServerOptions = {}): Server {
  const model = runtime.serviceModel;
  const match = createOperationMatcher(model);

  async function handleApi(req: IncomingMessage, res: ServerResponse, target: RequestTarget): Promise<void> {
    // Read the body from the start, whatever faults delay the answer: the request timeout counts
    // until the whole request has arrived, and an unread body stops arriving.
    const bodyRead = readBody(req);
    bodyRead.catch(() => {});
    const method = req.method ?? 'GET';
    const found = match(method, target.path);
    const operation = found?.operation.name;
    const entry: Mutable<CallLogEntry> = {
      at: runtime.now(),
      operation: operation ?? null,
      method,
      path: target.path,
      region: null,
      statusCode: null,
    };
    if (found?.labels.ProjectName !== undefined) entry.project = found.labels.ProjectName;
    if (found?.labels.ModelVersion !== undefined) entry.version = found.labels.ModelVersion;
    const token = firstHeader(req.headers['x-amzn-client-token']);
    if (token !== undefined) entry.clientToken = token;

    if (await latencyThenDrop(runtime, operation, entry, req, res)) return;

    let answer: Answer;
    try {
      const body = await bodyRead;
      const region = authenticate(req, target.query, model.signingName);
      entry.region = region;
      if (!found) {
        throw new EmulatedServiceError(
          'UnknownOperationException',
          `No Lookout for Vision operation matches ${method} ${target.path}`,
          {},
          404,
        );
      }
      const operationName = found.operation.name;
      try {
        runtime.checkQuota(region, operationName);
      } catch (error) {
        entry.fault = 'throttled';
        throw error;
      }
      const retryAfter = runtime.faults.takeInternalError(operationName);
      if (retryAfter !== undefined) {
        entry.fault = 'internalError';
        throw new EmulatedServiceError('InternalServerException', 'Injected fault: internal server error', {
          RetryAfterSeconds: retryAfter,
        });
      }
      const handler = operationHandlers[operationName];
      if (!handler) {
        throw new EmulatedServiceError(
          'NotImplementedException',
          `The Lookout for Vision emulator does not implement ${operationName}; ` +
            `it implements ${Object.keys(operationHandlers).join(', ')}`,
          {},
          501,
        );
      }
      const { input, violations } = readOperationInput(model, found.operation, {
        labels: found.labels,
        query: target.query,
        headers: req.headers,
        body,
      });
      if (typeof input.MinInferenceUnits === 'number') entry.minInferenceUnits = input.MinInferenceUnits;
      if (typeof input.MaxInferenceUnits === 'number') entry.maxInferenceUnits = input.MaxInferenceUnits;
      if (violations.length > 0) {
        const n = violations.length;
        throw new EmulatedServiceError(
          'ValidationException',
          `${n} validation error${n === 1 ? '' : 's'} detected: ${violations.join('; ')}`,
        );
      }
      const result = handler(
        { state: runtime.state, assumptions: runtime.assumptions, region, now: entry.at },
        input,
      );
      answer = {
        status: found.operation.http.code,
        headers: { 'Content-Type': 'application/json' },
        body: found.operation.output ? serializeShape(model, found.operation.output, result.output) : {},
        ...(result.replayed ? { replayed: true } : {}),
      };
    } catch (error) {
      const serviceError =
        error instanceof EmulatedServiceError
          ? error
          : new EmulatedServiceError(
              'InternalServerException',
              `Emulator bug: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
            );
      answer = errorAnswer(model, serviceError);
    }

    if (dropAfterHandling(runtime, operation, entry, answer.errorType, req, res)) return;
    entry.statusCode = answer.status;
    if (answer.errorType !== undefined) entry.errorType = answer.errorType;
    if (answer.replayed) entry.replayed = true;
    runtime.recordCall(entry);
    send(res, answer);
  }

  async function handleAdmin(
    req: IncomingMessage,
    res: ServerResponse,
    target: RequestTarget,
  ): Promise<void> {
    let answer: Answer;
    try {
      const body = await readBody(req);
      const admin = handleAdminRequest(runtime, req.method ?? 'GET', target.path, body);
      answer = {
        status: admin.status,
        headers: {
          'Content-Type': 'application/json',
          ...(admin.errorType ? { 'X-Amzn-ErrorType': admin.errorType } : {}),
        },
        body: admin.body,
      };
    } catch (error) {
      if (!(error instanceof EmulatedServiceError)) throw error;
      answer = errorAnswer(model, error);
    }
    send(res, answer);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Matched as sent, before any normalisation: a `..` must not walk from the API into /_emulator.
    const target = parseRequestTarget(req.url ?? '/');
    if ('malformed' in target) {
      send(res, errorAnswer(model, new EmulatedServiceError('ValidationException', target.malformed)));
      return;
    }
    // Rekognition Custom Labels (X-Amz-Target: RekognitionService.*) on the same port; its admin
    // endpoints (/_emulator/rekognition) are handled below with Lookout for Vision's.
    if (await handleRekognitionRequest(runtime.rekognition, req, res)) return;
    if (target.path === adminPrefix || target.path.startsWith(`${adminPrefix}/`)) {
      await handleAdmin(req, res, target);
      return;
    }
    await handleApi(req, res, target);
  }

  const timeoutMs = (options.requestTimeoutSeconds ?? defaultRequestTimeoutSeconds) * 1000;
  return createServer(
    {
      // Node answers 408 and closes a connection whose request is still incomplete after
      // requestTimeout; it checks every connectionsCheckingInterval (30 s by default, too coarse).
      requestTimeout: timeoutMs,
      headersTimeout: timeoutMs,
      connectionsCheckingInterval: Math.min(1000, timeoutMs),
    },
    (req, res) => {
      handle(req, res).catch((error: unknown) => {
        if (res.headersSent || res.destroyed) return;
        send(
          res,
          errorAnswer(
            model,
            new EmulatedServiceError(
              'InternalServerException',
              `Emulator bug: ${error instanceof Error ? error.message : String(error)}`,
            ),
          ),
        );
      });
    },
  );
}
