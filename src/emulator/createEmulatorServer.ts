import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createOperationMatcher } from './createOperationMatcher.js';
import { EmulatedServiceError } from './emulatedServiceError.js';
import type { CallLogEntry, EmulatorRuntime } from './emulatorRuntime.js';
import { adminPrefix, handleAdminRequest } from './handleAdminRequest.js';
import { authenticate, firstHeader, type Mutable, readBody, sendJson } from './httpPlumbing.js';
import { operationHandlers } from './operationHandlers.js';
import { parseRequestTarget, type RequestTarget } from './parseRequestTarget.js';
import { handleRekognitionRequest } from './rekognition/handleRekognitionRequest.js';
import { serializeShape } from './serializeShape.js';
import {
  type Answer,
  checkQuotaOf,
  implementedHandler,
  serveApiCall,
  validatedInput,
} from './serveApiCall.js';
import type { ServiceModel } from './serviceModel.js';

/** How long a client may take to send a whole request (headers and body) by default. */
export const defaultRequestTimeoutSeconds = 10;

export interface EmulatorServerOptions {
  /**
   * A request whose headers and body have not all arrived after this long is answered 408 and its
   * connection closed, so a trickled body holds no socket for long (default 10).
   */
  readonly requestTimeoutSeconds?: number;
  /**
   * Date headers on the emulator's clock instead of the real one, for clients that run on the same
   * (fake) clock: the AWS SDK takes a Date far from its own clock for clock skew and retries the
   * request, as many times as it may (default false: the real time, as for clients on real time).
   */
  readonly dateFromClock?: boolean;
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
    const method = req.method ?? 'GET';
    const found = match(method, target.path);
    const entry: Mutable<CallLogEntry> = {
      at: runtime.now(),
      operation: found?.operation.name ?? null,
      method,
      path: target.path,
      region: null,
      statusCode: null,
    };
    if (found?.labels.ProjectName !== undefined) entry.project = found.labels.ProjectName;
    if (found?.labels.ModelVersion !== undefined) entry.version = found.labels.ModelVersion;
    const token = firstHeader(req.headers['x-amzn-client-token']);
    if (token !== undefined) entry.clientToken = token;

    await serveApiCall(runtime, req, res, {
      entry,
      operation: found?.operation.name,
      bugErrorType: 'InternalServerException',
      failure: (error) => errorAnswer(model, error),
      answer(body) {
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
        checkQuotaOf(entry, () => runtime.checkQuota(region, operationName));
        const retryAfter = runtime.faults.takeInternalError(operationName);
        if (retryAfter !== undefined) {
          entry.fault = 'internalError';
          throw new EmulatedServiceError('InternalServerException', 'Injected fault: internal server error', {
            RetryAfterSeconds: retryAfter,
          });
        }
        const handler = implementedHandler(operationHandlers, operationName, 'Lookout for Vision');
        const input = validatedInput(
          model,
          found.operation,
          { labels: found.labels, query: target.query, headers: req.headers, body },
          entry,
          (message) => new EmulatedServiceError('ValidationException', message),
        );
        const result = handler(
          { state: runtime.state, assumptions: runtime.assumptions, region, now: entry.at },
          input,
        );
        return {
          status: found.operation.http.code,
          headers: { 'Content-Type': 'application/json' },
          body: found.operation.output ? serializeShape(model, found.operation.output, result.output) : {},
          ...(result.replayed ? { replayed: true } : {}),
        };
      },
    });
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
    if (options.dateFromClock) res.setHeader('Date', new Date(runtime.now()).toUTCString());
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
