/**
 * One API call's life on the emulator, the same for both emulated services: the body read from the
 * start, injected latency and dropped connections, the service's answer or error, the call log
 * entry, the response. What differs between the services (routing, quota, operations, the shape of
 * an error) is the `answer` and `failure` each one passes in.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { EmulatedServiceError } from './emulatedServiceError.js';
import type { CallLogEntry } from './emulatorRuntime.js';
import type { FaultInjector } from './faultInjector.js';
import { dropAfterHandling, latencyThenDrop, type Mutable, readBody, sendJson } from './httpPlumbing.js';
import { type HttpRequestParts, readOperationInput } from './readOperationInput.js';
import type { OperationModel, ServiceModel } from './serviceModel.js';

/** What the client gets back. */
export interface Answer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
  readonly errorType?: string;
  /** A repeated client token answered from the cache (Lookout for Vision). */
  readonly replayed?: boolean;
}

export interface ApiCall {
  /** The call log entry, with what the request line and headers tell; completed as the call goes. */
  readonly entry: Mutable<CallLogEntry>;
  /** The operation's name as the fault injector knows it (undefined when no operation matched). */
  readonly operation: string | undefined;
  /** The answer, once the whole body has arrived; throws an EmulatedServiceError for a failed call. */
  answer(body: string): Answer;
  /** The answer to a failed call, in the service's protocol. */
  failure(error: EmulatedServiceError): Answer;
  /** The error type an emulator bug is reported as (the service's internal error). */
  readonly bugErrorType: string;
}

interface CallRuntime {
  readonly faults: FaultInjector;
  now(): number;
  recordCall(entry: CallLogEntry): void;
}

/** Serves one API call, recording it in the runtime's call log unless a fault dropped it first. */
export async function serveApiCall(
  runtime: CallRuntime,
  req: IncomingMessage,
  res: ServerResponse,
  call: ApiCall,
): Promise<void> {
  // Read the body from the start, whatever faults delay the answer: the request timeout counts
  // until the whole request has arrived, and an unread body stops arriving.
  const bodyRead = readBody(req);
  bodyRead.catch(() => {});
  const { entry } = call;
  if (await latencyThenDrop(runtime, call.operation, entry, req, res)) return;

  let answer: Answer;
  try {
    answer = call.answer(await bodyRead);
  } catch (error) {
    const serviceError =
      error instanceof EmulatedServiceError
        ? error
        : new EmulatedServiceError(
            call.bugErrorType,
            `Emulator bug: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
          );
    answer = call.failure(serviceError);
  }

  if (dropAfterHandling(runtime, call.operation, entry, answer.errorType, req, res)) return;
  entry.statusCode = answer.status;
  if (answer.errorType !== undefined) entry.errorType = answer.errorType;
  if (answer.replayed) entry.replayed = true;
  runtime.recordCall(entry);
  sendJson(res, answer.status, answer.headers, answer.body);
}

/** Runs the service's quota check; a refusal is logged as the fault "throttled". */
export function checkQuotaOf(entry: Mutable<CallLogEntry>, check: () => void): void {
  try {
    check();
  } catch (error) {
    entry.fault = 'throttled';
    throw error;
  }
}

/** The operation's handler; 501 NotImplementedException, listing what is, for one the emulator lacks. */
export function implementedHandler<H>(
  handlers: Readonly<Record<string, H>>,
  operationName: string,
  service: string,
): H {
  const handler = handlers[operationName];
  if (handler) return handler;
  throw new EmulatedServiceError(
    'NotImplementedException',
    `The ${service} emulator does not implement ${operationName}; ` +
      `it implements ${Object.keys(handlers).join(', ')}`,
    {},
    501,
  );
}

/**
 * The operation's input as the model reads it, its inference units noted in the call log; a
 * constraint violation throws `violationError` with AWS's "N validation errors detected" message.
 */
export function validatedInput(
  model: ServiceModel,
  operation: OperationModel,
  parts: HttpRequestParts,
  entry: Mutable<CallLogEntry>,
  violationError: (message: string) => EmulatedServiceError,
): Readonly<Record<string, unknown>> {
  const { input, violations } = readOperationInput(model, operation, parts);
  if (typeof input.MinInferenceUnits === 'number') entry.minInferenceUnits = input.MinInferenceUnits;
  if (typeof input.MaxInferenceUnits === 'number') entry.maxInferenceUnits = input.MaxInferenceUnits;
  const n = violations.length;
  if (n > 0) {
    throw violationError(`${n} validation error${n === 1 ? '' : 's'} detected: ${violations.join('; ')}`);
  }
  return input;
}
