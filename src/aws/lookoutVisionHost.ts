import {
  DescribeModelCommand,
  ListModelsCommand,
  type LookoutVisionClient,
  StartModelCommand,
  StopModelCommand,
} from '@aws-sdk/client-lookoutvision';
import type {
  HostError,
  HostErrorKind,
  ModelHost,
  ModelHostCapabilities,
  ModelRef,
  ModelStatus,
  ObservedModel,
} from '../ports.js';
import { classifyHostError } from './classifyHostError.js';

/** Lookout for Vision's error shapes (the service model) -> what the engine does about them. */
const ERROR_KINDS: Record<string, HostErrorKind> = {
  ThrottlingException: 'throttled',
  InternalServerException: 'unavailable',
  ConflictException: 'conflict',
  ResourceNotFoundException: 'not-found',
  AccessDeniedException: 'access-denied',
  ServiceQuotaExceededException: 'quota',
  ValidationException: 'invalid',
};

const classify = (error: unknown, operation: string): HostError =>
  classifyHostError(error, operation, ERROR_KINDS);

/**
 * ModelHost over the AWS SDK v3 Lookout for Vision client. The client is given (Powertools style)
 * so its region, endpoint (AWS_ENDPOINT_URL_LOOKOUTVISION) and retry strategy come from the
 * caller; one client per region.
 */
export class LookoutVisionHost implements ModelHost {
  /** StartModel and StopModel take a ClientToken the service remembers for 8 hours. */
  readonly capabilities: ModelHostCapabilities = { idempotentStart: true };
  readonly #clients: (region: string | null) => LookoutVisionClient;

  constructor(clients: LookoutVisionClient | ((region: string | null) => LookoutVisionClient)) {
    this.#clients = typeof clients === 'function' ? clients : () => clients;
  }

  async listModels(region: string | null, project: string): Promise<ReadonlyMap<string, ObservedModel>> {
    const client = this.#clients(region);
    const out = new Map<string, ObservedModel>();
    let nextToken: string | undefined;
    try {
      do {
        const page = await client.send(
          new ListModelsCommand({ ProjectName: project, NextToken: nextToken, MaxResults: 100 }),
        );
        for (const m of page.Models ?? []) {
          if (m.ModelVersion === undefined) continue;
          out.set(m.ModelVersion, {
            status: (m.Status ?? 'UNKNOWN') as ModelStatus,
            statusMessage: m.StatusMessage ?? null,
          });
        }
        nextToken = page.NextToken;
      } while (nextToken);
    } catch (error) {
      const e = classify(error, 'ListModels');
      // A project that does not exist holds no models: every scheduled version is NOT_FOUND.
      if (e.kind === 'not-found') return out;
      throw e;
    }
    return out;
  }

  async describeModel(ref: ModelRef): Promise<ObservedModel> {
    try {
      const r = await this.#clients(ref.region).send(
        new DescribeModelCommand({ ProjectName: ref.project, ModelVersion: ref.version }),
      );
      const d = r.ModelDescription;
      return {
        status: (d?.Status ?? 'UNKNOWN') as ModelStatus,
        statusMessage: d?.StatusMessage ?? null,
        minInferenceUnits: d?.MinInferenceUnits ?? null,
        maxInferenceUnits: d?.MaxInferenceUnits ?? null,
      };
    } catch (error) {
      const e = classify(error, 'DescribeModel');
      if (e.kind === 'not-found') return { status: 'NOT_FOUND', statusMessage: e.message };
      throw e;
    }
  }

  async startModel(
    ref: ModelRef,
    request: { minInferenceUnits: number; maxInferenceUnits: number | null; clientToken: string },
  ): Promise<{ status: string }> {
    try {
      const r = await this.#clients(ref.region).send(
        new StartModelCommand({
          ProjectName: ref.project,
          ModelVersion: ref.version,
          MinInferenceUnits: request.minInferenceUnits,
          ...(request.maxInferenceUnits === null ? {} : { MaxInferenceUnits: request.maxInferenceUnits }),
          ClientToken: request.clientToken,
        }),
      );
      return { status: r.Status ?? 'UNKNOWN' };
    } catch (error) {
      throw classify(error, 'StartModel');
    }
  }

  async stopModel(ref: ModelRef, clientToken: string): Promise<{ status: string }> {
    try {
      const r = await this.#clients(ref.region).send(
        new StopModelCommand({
          ProjectName: ref.project,
          ModelVersion: ref.version,
          ClientToken: clientToken,
        }),
      );
      return { status: r.Status ?? 'UNKNOWN' };
    } catch (error) {
      throw classify(error, 'StopModel');
    }
  }
}
