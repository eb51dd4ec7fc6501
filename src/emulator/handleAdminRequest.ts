import { parseSeedModels } from './emulatorConfig.js';
import { EmulatorConfigError } from './emulatorConfigError.js';
import type { EmulatorRuntime } from './emulatorRuntime.js';
import { rekognitionAdmin, rekognitionAdminEndpoints } from './rekognition/rekognitionAdmin.js';
import { serviceAdminRoutes } from './serviceAdminRoutes.js';

/** Admin endpoints live here: the API is under /2020-11-20/, so the two cannot collide. */
export const adminPrefix = '/_emulator';

export interface AdminAnswer {
  readonly status: number;
  readonly body: unknown;
  /** Set on errors, which have the API's shape: this in `X-Amzn-ErrorType`, `{"Message"}` in the body. */
  readonly errorType?: string;
}

const endpoints = {
  'GET /_emulator': 'this index',
  'GET /_emulator/models': 'every model and its current status',
  'POST /_emulator/models':
    'seed TRAINED models: [{project, version, region?, description?}] or {models: [...]}',
  'GET /_emulator/history': 'state history per model (exact transition instants, epoch ms)',
  'GET /_emulator/ledger': 'inference-unit-seconds per model while billed, up to now',
  'GET /_emulator/calls': 'call log: operation, model, token, status code, error type, at',
  'GET /_emulator/faults': 'faults in force, with remaining counts',
  'POST /_emulator/faults': 'set faults: {internalErrors?, hostingFailures?, latency?, dropConnections?}',
  'DELETE /_emulator/faults': 'clear every fault',
};

function parseJson(body: string): unknown {
  try {
    return body.trim() === '' ? {} : JSON.parse(body);
  } catch (error) {
    throw new EmulatorConfigError('the request body is not JSON', undefined, { cause: error });
  }
}

/**
 * Handles a request under /_emulator, for both services (Rekognition's under /_emulator/rekognition).
 * Needs no signature: it is the test harness's door, not AWS's.
 */
export function handleAdminRequest(
  runtime: EmulatorRuntime,
  method: string,
  path: string,
  body: string,
): AdminAnswer {
  const route = `${method} ${path.replace(/\/+$/, '')}`;
  try {
    const rekognition = rekognitionAdmin(runtime.rekognition, route, () => parseJson(body));
    if (rekognition !== undefined) return rekognition;
    const common = serviceAdminRoutes(adminPrefix, 'models', runtime, route, () => parseJson(body));
    if (common !== undefined) return common;
    switch (route) {
      case 'GET /_emulator':
        return { status: 200, body: { now: runtime.now(), endpoints } };
      case 'GET /_emulator/models':
        return { status: 200, body: { now: runtime.now(), models: runtime.models() } };
      case 'POST /_emulator/models': {
        const seeds = parseSeedModels(parseJson(body), 'POST /_emulator/models');
        return { status: 201, body: { models: runtime.seed(seeds) } };
      }
      default:
        return {
          status: 404,
          errorType: 'UnknownOperationException',
          body: {
            Message: `No admin endpoint ${route}`,
            endpoints: { ...endpoints, ...rekognitionAdminEndpoints },
          },
        };
    }
  } catch (error) {
    if (error instanceof EmulatorConfigError)
      return { status: 400, errorType: 'ValidationException', body: { Message: error.message } };
    throw error;
  }
}
