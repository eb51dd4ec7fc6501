import { createHash } from 'node:crypto';
import { EmulatedServiceError } from '../emulatedServiceError.js';
import type { ProjectVersionSnapshot } from './rekognitionOptions.js';
import type { RekognitionRuntime } from './rekognitionRuntime.js';

export interface RekognitionCall {
  readonly runtime: RekognitionRuntime;
  /** The region of the request's SigV4 credential scope. */
  readonly region: string;
  readonly input: Readonly<Record<string, unknown>>;
}

/** The output structure; timestamps as `Date`, serialised against the model's output shape. */
export type RekognitionOperation = (call: RekognitionCall) => Record<string, unknown>;

const defaultPageSize = 100;

/** What a page token is bound to: a token is only good for the query that produced it. */
const fingerprint = (query: unknown): string =>
  createHash('sha256').update(JSON.stringify(query)).digest('hex').slice(0, 16);

/** One page of `items`; tokens are opaque hex of `{offset, query fingerprint}`. */
function paginate<T>(items: readonly T[], input: Readonly<Record<string, unknown>>, query: unknown) {
  const fp = fingerprint(query);
  let offset = 0;
  const token = input.NextToken;
  if (typeof token === 'string' && token !== '') {
    let parsed: { o?: unknown; q?: unknown } | undefined;
    try {
      if (/^([0-9a-f]{2})+$/.test(token)) parsed = JSON.parse(Buffer.from(token, 'hex').toString('utf8'));
    } catch {
      parsed = undefined;
    }
    if (
      !parsed ||
      parsed.q !== fp ||
      typeof parsed.o !== 'number' ||
      !Number.isInteger(parsed.o) ||
      parsed.o < 0
    ) {
      throw new EmulatedServiceError(
        'InvalidPaginationTokenException',
        `NextToken ${token} is not a pagination token of this request`,
      );
    }
    offset = parsed.o;
  }
  const size = typeof input.MaxResults === 'number' ? input.MaxResults : defaultPageSize;
  const page = items.slice(offset, offset + size);
  const next = offset + size;
  return {
    page,
    nextToken:
      next < items.length
        ? Buffer.from(JSON.stringify({ o: next, q: fp }), 'utf8').toString('hex')
        : undefined,
  };
}

function describeVersion(v: ProjectVersionSnapshot): Record<string, unknown> {
  return {
    ProjectVersionArn: v.arn,
    CreationTimestamp: new Date(v.createdAt),
    Status: v.status,
    StatusMessage: v.statusMessage,
    ...(v.minInferenceUnits === undefined ? {} : { MinInferenceUnits: v.minInferenceUnits }),
    ...(v.maxInferenceUnits === undefined ? {} : { MaxInferenceUnits: v.maxInferenceUnits }),
    Feature: 'CUSTOM_LABELS',
  };
}

/** The operations the project uses; the model's other operations answer NotImplementedException. */
export const rekognitionOperations: Readonly<Record<string, RekognitionOperation>> = {
  DescribeProjects({ runtime, region, input }) {
    const names = input.ProjectNames as readonly string[] | undefined;
    const features = (input.Features as readonly string[] | undefined) ?? ['CUSTOM_LABELS'];
    // Every emulated project is a Custom Labels one; a name that does not exist is simply absent.
    const projects = features.includes('CUSTOM_LABELS')
      ? runtime.projects(region).filter((p) => names === undefined || names.includes(p.name))
      : [];
    const { page, nextToken } = paginate(projects, input, [
      'DescribeProjects',
      region,
      names ?? null,
      features,
    ]);
    return {
      ProjectDescriptions: page.map((p) => ({
        ProjectArn: p.arn,
        CreationTimestamp: new Date(p.createdAt),
        Status: 'CREATED',
        Feature: 'CUSTOM_LABELS',
      })),
      ...(nextToken === undefined ? {} : { NextToken: nextToken }),
    };
  },

  DescribeProjectVersions({ runtime, region, input }) {
    const project = runtime.projectByArn(region, String(input.ProjectArn));
    const names = input.VersionNames as readonly string[] | undefined;
    const versions = runtime
      .versions(project)
      .filter((v) => names === undefined || names.includes(v.version));
    const { page, nextToken } = paginate(versions, input, [
      'DescribeProjectVersions',
      project.arn,
      names ?? null,
    ]);
    return {
      ProjectVersionDescriptions: page.map(describeVersion),
      ...(nextToken === undefined ? {} : { NextToken: nextToken }),
    };
  },

  StartProjectVersion({ runtime, region, input }) {
    const max = input.MaxInferenceUnits;
    if (typeof max === 'number' && max < (input.MinInferenceUnits as number)) {
      throw new EmulatedServiceError(
        'InvalidParameterException',
        `MaxInferenceUnits ${max} is less than MinInferenceUnits ${String(input.MinInferenceUnits)}`,
      );
    }
    return {
      Status: runtime.start(
        region,
        String(input.ProjectVersionArn),
        input.MinInferenceUnits as number,
        typeof max === 'number' ? max : undefined,
      ),
    };
  },

  StopProjectVersion({ runtime, region, input }) {
    return { Status: runtime.stop(region, String(input.ProjectVersionArn)) };
  },
};
