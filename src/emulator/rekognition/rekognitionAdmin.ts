import { z } from 'zod';
import { EmulatorConfigError } from '../emulatorConfigError.js';
import { serviceAdminRoutes } from '../serviceAdminRoutes.js';
import { rekognitionSeedsSchema } from './rekognitionConfig.js';
import type { RekognitionSeedVersion } from './rekognitionOptions.js';
import type { RekognitionRuntime } from './rekognitionRuntime.js';

/** Admin endpoints of the Rekognition side, beside Lookout for Vision's /_emulator/. */
export const rekognitionAdminPrefix = '/_emulator/rekognition';

export const rekognitionAdminEndpoints = {
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

/**
 * The Rekognition routes of the one admin handler (handleAdminRequest): the answer, or undefined
 * for a route it does not have. Bad input throws EmulatorConfigError, which that handler answers.
 */
export function rekognitionAdmin(
  rt: RekognitionRuntime,
  route: string,
  json: () => unknown,
): { status: number; body: unknown } | undefined {
  switch (route) {
    case 'GET /_emulator/rekognition':
      return { status: 200, body: { now: rt.now(), endpoints: rekognitionAdminEndpoints } };
    case 'GET /_emulator/rekognition/versions':
      return { status: 200, body: { now: rt.now(), versions: rt.allVersions() } };
    case 'POST /_emulator/rekognition/versions': {
      const parsed = rekognitionSeedsSchema.safeParse(json());
      if (!parsed.success)
        throw new EmulatorConfigError(z.prettifyError(parsed.error).replace(/\n/g, '; '), route);
      return { status: 201, body: { versions: rt.seed(parsed.data as RekognitionSeedVersion[]) } };
    }
    default:
      return serviceAdminRoutes(rekognitionAdminPrefix, 'versions', rt, route, json);
  }
}
