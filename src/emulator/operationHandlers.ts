import { EmulatedServiceError } from './emulatedServiceError.js';
import type { EmulatorAssumptions } from './emulatorAssumptions.js';
import type { EmulatorState, ModelRef, ModelSnapshot } from './emulatorState.js';

export interface HandlerContext {
  readonly state: EmulatorState;
  readonly assumptions: EmulatorAssumptions;
  /** The region of the request's SigV4 credential scope. */
  readonly region: string;
  readonly now: number;
}

export interface HandlerResult {
  /** The output structure; timestamps as `Date`. Serialised against the model's output shape. */
  readonly output: Record<string, unknown>;
  /** True when a client token repeat was answered from the cache. */
  readonly replayed?: boolean;
}

export type OperationHandler = (
  ctx: HandlerContext,
  input: Readonly<Record<string, unknown>>,
) => HandlerResult;

const defaultPageSize = 100;

// Pagination tokens are opaque: hex keeps them inside the model's pattern ^[a-zA-Z0-9\/\+\=]{0,2048}$
// and safe in a query string.
const encodePageToken = (after: string): string =>
  Buffer.from(JSON.stringify({ after }), 'utf8').toString('hex');

function decodePageToken(token: unknown): string | undefined {
  if (token === undefined || token === '') return undefined;
  try {
    if (typeof token !== 'string' || !/^([0-9a-f]{2})+$/.test(token)) throw new Error('not hex');
    const parsed: unknown = JSON.parse(Buffer.from(token, 'hex').toString('utf8'));
    if (
      typeof parsed === 'object' &&
      parsed !== null &&
      'after' in parsed &&
      typeof parsed.after === 'string'
    ) {
      return parsed.after;
    }
  } catch {
    // reported below
  }
  throw new EmulatedServiceError(
    'ValidationException',
    `NextToken ${String(token)} is not a valid pagination token`,
  );
}

/** One page of `items` (sorted by `keyOf`) after the token's key. */
function paginate<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  input: Readonly<Record<string, unknown>>,
) {
  const after = decodePageToken(input.NextToken);
  const pageSize = typeof input.MaxResults === 'number' ? input.MaxResults : defaultPageSize;
  const start = after === undefined ? 0 : items.findIndex((item) => keyOf(item) === after) + 1;
  if (after !== undefined && start === 0) {
    // The item the token points after is gone: resume after the first key that sorts later.
    const resume = items.findIndex((item) => keyOf(item) > after);
    return page(items, resume === -1 ? items.length : resume, pageSize, keyOf);
  }
  return page(items, start, pageSize, keyOf);
}

function page<T>(items: readonly T[], start: number, pageSize: number, keyOf: (item: T) => string) {
  const slice = items.slice(start, start + pageSize);
  const last = slice.at(-1);
  const more = start + pageSize < items.length && last !== undefined;
  return { slice, nextToken: more ? encodePageToken(keyOf(last)) : undefined };
}

const ref = (ctx: HandlerContext, input: Readonly<Record<string, unknown>>): ModelRef => ({
  region: ctx.region,
  project: String(input.ProjectName),
  version: String(input.ModelVersion),
});

const optionalToken = (input: Readonly<Record<string, unknown>>): { clientToken?: string } =>
  typeof input.ClientToken === 'string' ? { clientToken: input.ClientToken } : {};

// Training outputs of a seeded model: plausible values in the model's shapes (the emulator does no training).
const seededPerformance = { F1Score: 0.95, Recall: 0.94, Precision: 0.96 };
const bucketFor = (m: ModelSnapshot, accountId: string) => `lookoutvision-${m.region}-${accountId}`;

function modelMetadata(m: ModelSnapshot): Record<string, unknown> {
  return {
    CreationTimestamp: new Date(m.createdAt),
    ModelVersion: m.version,
    ModelArn: m.arn,
    Description: m.description,
    Status: m.status,
    StatusMessage: m.statusMessage,
    Performance: seededPerformance,
  };
}

function modelDescription(ctx: HandlerContext, m: ModelSnapshot): Record<string, unknown> {
  const bucket = bucketFor(m, ctx.state.accountId);
  const showUnits = ctx.assumptions.inferenceUnitsShownIn.includes(m.status);
  return {
    ModelVersion: m.version,
    ModelArn: m.arn,
    CreationTimestamp: new Date(m.createdAt),
    Description: m.description,
    Status: m.status,
    StatusMessage: m.statusMessage,
    Performance: seededPerformance,
    OutputConfig: { S3Location: { Bucket: bucket, Prefix: `${m.project}/` } },
    EvaluationManifest: { Bucket: bucket, Key: `${m.project}/model/${m.version}/evaluation-manifest.json` },
    EvaluationResult: { Bucket: bucket, Key: `${m.project}/model/${m.version}/evaluation-result.json` },
    EvaluationEndTimestamp: new Date(m.createdAt),
    MinInferenceUnits: showUnits ? m.minInferenceUnits : undefined,
    MaxInferenceUnits: showUnits ? m.maxInferenceUnits : undefined,
  };
}

/** The operations the emulator implements, by their model names. Others answer NotImplementedException. */
export const operationHandlers: Readonly<Record<string, OperationHandler>> = {
  ListProjects(ctx, input) {
    const projects = ctx.state.listProjects(ctx.region, ctx.now);
    const { slice, nextToken } = paginate(projects, (p) => p.name, input);
    return {
      output: {
        Projects: slice.map((p) => ({
          ProjectArn: p.arn,
          ProjectName: p.name,
          CreationTimestamp: new Date(p.createdAt),
        })),
        NextToken: nextToken,
      },
    };
  },

  DescribeProject(ctx, input) {
    const p = ctx.state.describeProject(ctx.region, String(input.ProjectName), ctx.now);
    const dataset = (type: string) => ({
      DatasetType: type,
      CreationTimestamp: new Date(p.createdAt),
      Status: 'CREATE_COMPLETE',
      StatusMessage: 'Dataset created.',
    });
    return {
      output: {
        ProjectDescription: {
          ProjectArn: p.arn,
          ProjectName: p.name,
          CreationTimestamp: new Date(p.createdAt),
          Datasets: [dataset('train'), dataset('test')],
        },
      },
    };
  },

  ListModels(ctx, input) {
    const models = ctx.state.listModels(ctx.region, String(input.ProjectName), ctx.now);
    // Versions are numbers: zero-pad the page key so that string order is numeric order.
    const { slice, nextToken } = paginate(models, (m) => m.version.padStart(10, '0'), input);
    return { output: { Models: slice.map(modelMetadata), NextToken: nextToken } };
  },

  DescribeModel(ctx, input) {
    return {
      output: { ModelDescription: modelDescription(ctx, ctx.state.describeModel(ref(ctx, input), ctx.now)) },
    };
  },

  StartModel(ctx, input) {
    const result = ctx.state.startModel(
      {
        ...ref(ctx, input),
        minInferenceUnits: Number(input.MinInferenceUnits),
        ...(typeof input.MaxInferenceUnits === 'number'
          ? { maxInferenceUnits: input.MaxInferenceUnits }
          : {}),
        ...optionalToken(input),
      },
      ctx.now,
    );
    return { output: { Status: result.status }, replayed: result.replayed };
  },

  StopModel(ctx, input) {
    const result = ctx.state.stopModel({ ...ref(ctx, input), ...optionalToken(input) }, ctx.now);
    return { output: { Status: result.status }, replayed: result.replayed };
  },
};
