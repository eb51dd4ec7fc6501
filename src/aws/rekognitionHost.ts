import {
  DescribeProjectsCommand,
  DescribeProjectVersionsCommand,
  type ProjectVersionDescription,
  type RekognitionClient,
  StartProjectVersionCommand,
  StopProjectVersionCommand,
} from '@aws-sdk/client-rekognition';
import {
  HostError,
  type HostErrorKind,
  type ModelHost,
  type ModelHostCapabilities,
  type ModelRef,
  type ModelStatus,
  type ObservedModel,
  type StartRequest,
} from '../ports.js';
import { classifyHostError } from './classifyHostError.js';

/** Rekognition error names (the model's error shapes, and the generic ValidationException) -> the engine's kinds. */
const ERROR_KINDS: Record<string, HostErrorKind> = {
  ResourceInUseException: 'conflict',
  ThrottlingException: 'throttled',
  ProvisionedThroughputExceededException: 'throttled',
  LimitExceededException: 'quota',
  InvalidParameterException: 'invalid',
  ValidationException: 'invalid',
  InvalidPaginationTokenException: 'invalid',
  AccessDeniedException: 'access-denied',
  InternalServerError: 'unavailable',
  ResourceNotFoundException: 'not-found',
};

/** Custom Labels' ProjectVersionStatus -> the engine's vocabulary (Lookout for Vision's ModelStatus). */
const STATUSES: Readonly<Record<string, ModelStatus>> = {
  TRAINING_COMPLETED: 'TRAINED',
  STOPPED: 'TRAINED',
  COPYING_COMPLETED: 'TRAINED',
  STARTING: 'STARTING_HOSTING',
  RUNNING: 'HOSTED',
  FAILED: 'HOSTING_FAILED',
  STOPPING: 'STOPPING_HOSTING',
  // Not schedulable: statuses the engine can neither start nor stop from.
  TRAINING_IN_PROGRESS: 'TRAINING',
  COPYING_IN_PROGRESS: 'TRAINING',
  TRAINING_FAILED: 'TRAINING_FAILED',
  COPYING_FAILED: 'TRAINING_FAILED',
  DELETING: 'DELETING',
};
/** DEPRECATED, EXPIRED and any status added later: not schedulable, and never coming back. They read as a
 * failed training, for which the decision table leaves the model (never starts nor stops it) and alerts if
 * it lasts inside a window; not UNKNOWN, which says the model could not be observed. The service's word
 * stays in `serviceStatus`, in the decision's reasons, logs and `--json`. */
const NOT_SCHEDULABLE: ModelStatus = 'TRAINING_FAILED';

/** The engine's status for a Custom Labels status; the service's own word stays in `serviceStatus`. */
export function rekognitionStatus(serviceStatus: string | undefined): {
  status: ModelStatus;
  serviceStatus: string;
} {
  const word = serviceStatus ?? 'UNKNOWN';
  return { status: STATUSES[word] ?? NOT_SCHEDULABLE, serviceStatus: word };
}

const classify = (error: unknown, operation: string): HostError =>
  classifyHostError(error, operation, ERROR_KINDS);

/** `arn:...:project/NAME/version/VERSION/STAMP` -> VERSION (a description carries no version name of its own). */
const versionOf = (arn: string | undefined): string | undefined =>
  /\/version\/([^/]+)\/\d+$/.exec(arn ?? '')?.[1];

const chunksOf = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, i * size + size));

const key = (...parts: string[]): string => parts.join('\u0000');

/**
 * ModelHost over the AWS SDK v3 Rekognition client, for Custom Labels project versions. ARNs are
 * resolved, never built: DescribeProjects gives the project ARN (cached per instance and region), a
 * listing gives the version ARNs. StartProjectVersion has no client token (`idempotentStart: false`).
 */
export class RekognitionHost implements ModelHost {
  readonly capabilities: ModelHostCapabilities = { idempotentStart: false };
  readonly #clients: (region: string | null) => RekognitionClient;
  readonly #projectArns = new Map<string, string>();
  readonly #versionArns = new Map<string, string>();

  constructor(clients: RekognitionClient | ((region: string | null) => RekognitionClient)) {
    this.#clients = typeof clients === 'function' ? clients : () => clients;
  }

  /**
   * Every version of a project (all pages), or only `versions` (VersionNames in chunks of 10, pages
   * followed). A project that does not exist holds no versions: each is NOT_FOUND to the engine.
   */
  async listModels(
    region: string | null,
    project: string,
    versions?: readonly string[],
  ): Promise<ReadonlyMap<string, ObservedModel>> {
    const out = new Map<string, ObservedModel>();
    if (versions !== undefined && versions.length === 0) return out;
    for (let attempt = 0; attempt < 2; attempt++) {
      const projectArn = await this.#projectArn(region, project);
      if (projectArn === undefined) return out;
      try {
        for (const names of versions === undefined ? [undefined] : chunksOf([...new Set(versions)], 10)) {
          for (const d of await this.#describeVersions(region, projectArn, names)) {
            const version = versionOf(d.ProjectVersionArn);
            if (version === undefined || d.ProjectVersionArn === undefined) continue;
            this.#versionArns.set(key(region ?? '', project, version), d.ProjectVersionArn);
            out.set(version, observed(d));
          }
        }
        return out;
      } catch (error) {
        const e = classify(error, 'DescribeProjectVersions');
        if (e.kind !== 'not-found') throw e;
        // The cached ARN names a project deleted (and maybe created again) since: resolve it once more.
        this.#projectArns.delete(key(region ?? '', project));
        out.clear();
      }
    }
    return out;
  }

  async describeModel(ref: ModelRef): Promise<ObservedModel> {
    const listing = await this.listModels(ref.region, ref.project, [ref.version]);
    return (
      listing.get(ref.version) ?? {
        status: 'NOT_FOUND',
        statusMessage: `Rekognition project ${ref.project} has no version ${ref.version}`,
      }
    );
  }

  /** StartProjectVersion. Rekognition takes no client token: the engine logs it, the service never sees it. */
  async startModel(ref: ModelRef, request: StartRequest): Promise<{ status: string; serviceStatus: string }> {
    const arn = await this.#versionArn(ref, 'StartProjectVersion');
    try {
      const r = await this.#clients(ref.region).send(
        new StartProjectVersionCommand({
          ProjectVersionArn: arn,
          MinInferenceUnits: request.minInferenceUnits,
          ...(request.maxInferenceUnits === null ? {} : { MaxInferenceUnits: request.maxInferenceUnits }),
        }),
      );
      return rekognitionStatus(r.Status);
    } catch (error) {
      throw this.#forget(ref, classify(error, 'StartProjectVersion'));
    }
  }

  async stopModel(ref: ModelRef, _clientToken: string): Promise<{ status: string; serviceStatus: string }> {
    const arn = await this.#versionArn(ref, 'StopProjectVersion');
    try {
      const r = await this.#clients(ref.region).send(
        new StopProjectVersionCommand({ ProjectVersionArn: arn }),
      );
      return rekognitionStatus(r.Status);
    } catch (error) {
      throw this.#forget(ref, classify(error, 'StopProjectVersion'));
    }
  }

  /** A not-found answer means the cached ARNs may be stale: drop them so the next call resolves again. */
  #forget(ref: ModelRef, error: HostError): HostError {
    if (error.kind === 'not-found') {
      this.#versionArns.delete(key(ref.region ?? '', ref.project, ref.version));
      this.#projectArns.delete(key(ref.region ?? '', ref.project));
    }
    return error;
  }

  async #versionArn(ref: ModelRef, operation: string): Promise<string> {
    const k = key(ref.region ?? '', ref.project, ref.version);
    if (!this.#versionArns.has(k)) await this.listModels(ref.region, ref.project, [ref.version]);
    const arn = this.#versionArns.get(k);
    if (arn === undefined) {
      throw new HostError(
        'not-found',
        'ResourceNotFoundException',
        `${operation}: Rekognition project ${ref.project} has no version ${ref.version}` +
          (ref.region === null ? '' : ` in ${ref.region}`),
      );
    }
    return arn;
  }

  async #projectArn(region: string | null, project: string): Promise<string | undefined> {
    const k = key(region ?? '', project);
    const cached = this.#projectArns.get(k);
    if (cached !== undefined) return cached;
    const client = this.#clients(region);
    let nextToken: string | undefined;
    try {
      do {
        const page = await client.send(
          new DescribeProjectsCommand({ ProjectNames: [project], NextToken: nextToken }),
        );
        // The name is the last-but-one part of arn:...:project/NAME/STAMP.
        const found = (page.ProjectDescriptions ?? []).find(
          (p) => p.ProjectArn?.split('/').at(-2) === project,
        );
        if (found?.ProjectArn !== undefined) {
          this.#projectArns.set(k, found.ProjectArn);
          return found.ProjectArn;
        }
        nextToken = page.NextToken;
      } while (nextToken);
    } catch (error) {
      throw classify(error, 'DescribeProjects');
    }
    // Not cached: a project created later is found by the next pass.
    return undefined;
  }

  async #describeVersions(
    region: string | null,
    projectArn: string,
    versionNames: string[] | undefined,
  ): Promise<ProjectVersionDescription[]> {
    const client = this.#clients(region);
    const out: ProjectVersionDescription[] = [];
    let nextToken: string | undefined;
    do {
      const page = await client.send(
        new DescribeProjectVersionsCommand({
          ProjectArn: projectArn,
          ...(versionNames === undefined ? {} : { VersionNames: versionNames }),
          MaxResults: 100,
          NextToken: nextToken,
        }),
      );
      out.push(...(page.ProjectVersionDescriptions ?? []));
      nextToken = page.NextToken;
    } while (nextToken);
    return out;
  }
}

function observed(d: ProjectVersionDescription): ObservedModel {
  const { status, serviceStatus } = rekognitionStatus(d.Status);
  return {
    status,
    serviceStatus,
    statusMessage: d.StatusMessage ?? null,
    minInferenceUnits: d.MinInferenceUnits ?? null,
    maxInferenceUnits: d.MaxInferenceUnits ?? null,
  };
}
