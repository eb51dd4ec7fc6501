import type { OperationModel, ServiceModel } from './serviceModel.js';

export interface OperationMatch {
  readonly operation: OperationModel;
  /** Percent-decoded values of the uri's `{Label}` segments. */
  readonly labels: Readonly<Record<string, string>>;
}

type Segment =
  | { readonly kind: 'literal'; readonly value: string }
  | { readonly kind: 'label'; readonly name: string; readonly greedy: boolean };

interface Route {
  readonly operation: OperationModel;
  readonly segments: readonly Segment[];
  readonly literals: number;
}

const splitPath = (path: string): string[] => path.split('/').slice(1);

function parseUri(uri: string): Segment[] {
  return splitPath(uri).map((part) => {
    const label = /^\{([A-Za-z0-9_]+)(\+?)\}$/.exec(part);
    if (label?.[1]) return { kind: 'label', name: label[1], greedy: label[2] === '+' };
    return { kind: 'literal', value: part };
  });
}

function decode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

function matchRoute(route: Route, parts: readonly string[]): Record<string, string> | undefined {
  const labels: Record<string, string> = {};
  for (let i = 0; i < route.segments.length; i++) {
    const segment = route.segments[i];
    const part = parts[i];
    if (segment === undefined || part === undefined) return undefined;
    if (segment.kind === 'literal') {
      if (segment.value !== part) return undefined;
      continue;
    }
    const raw = segment.greedy ? parts.slice(i).join('/') : part;
    const value = decode(raw);
    // Smithy labels never match an empty segment.
    if (value === undefined || value === '') return undefined;
    labels[segment.name] = value;
    if (segment.greedy) return labels;
  }
  return parts.length === route.segments.length ? labels : undefined;
}

/**
 * Routes built from the operations' `@http` traits. Among routes that match, the one with more literal
 * segments wins, as in Smithy's routing. Returns `undefined` when no route matches the method and path.
 */
export function createOperationMatcher(
  model: ServiceModel,
): (method: string, path: string) => OperationMatch | undefined {
  const routes: Route[] = [...model.operations.values()]
    .map((operation) => {
      const segments = parseUri(operation.http.uri);
      return { operation, segments, literals: segments.filter((s) => s.kind === 'literal').length };
    })
    .sort((a, b) => b.literals - a.literals);
  return (method, path) => {
    const parts = splitPath(path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path);
    for (const route of routes) {
      if (route.operation.http.method !== method.toUpperCase()) continue;
      const labels = matchRoute(route, parts);
      if (labels) return { operation: route.operation, labels };
    }
    return undefined;
  };
}
