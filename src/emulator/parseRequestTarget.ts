/** The path and query of a request, exactly as sent: no `.`/`..` resolution, no decoding of the path. */
export interface RequestTarget {
  readonly path: string;
  readonly query: URLSearchParams;
}

const badPercent = /%(?![0-9A-Fa-f]{2})/;

function isDotSegment(segment: string): boolean {
  const decoded = segment.replace(/%2e/gi, '.');
  return decoded === '.' || decoded === '..';
}

/**
 * Splits a request target (`req.url`) into path and query without normalising it, so routes are
 * matched against what the client sent: `/2020-11-20/projects/../../_emulator/models` must never
 * become an admin path. Returns why the target is malformed instead: not origin-form (`/...`), a
 * `%` not followed by two hex digits, percent-encoding that is not UTF-8, or a `.`/`..` segment
 * (no route has one, and resolving it is exactly what this refuses to do).
 */
export function parseRequestTarget(target: string): RequestTarget | { readonly malformed: string } {
  if (!target.startsWith('/')) return { malformed: 'the request target must be a path starting with /' };
  if (badPercent.test(target))
    return { malformed: 'a % in the request target is not followed by two hex digits' };
  const q = target.indexOf('?');
  const path = q < 0 ? target : target.slice(0, q);
  const segments = path.split('/');
  for (const segment of segments) {
    try {
      decodeURIComponent(segment);
    } catch {
      return { malformed: 'the percent-encoding of the request path is not UTF-8' };
    }
  }
  if (segments.some(isDotSegment)) return { malformed: 'the request path has a . or .. segment' };
  return { path, query: new URLSearchParams(q < 0 ? '' : target.slice(q + 1)) };
}
