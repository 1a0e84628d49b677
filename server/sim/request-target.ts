import { badRequest } from './status';

/** A request line's target, split without any normalisation. */
export interface RequestTarget {
  /** The raw path, as sent (for messages). */
  path: string;
  /** Path segments, each percent-decoded on its own: `%2F` stays inside its segment. */
  segments: string[];
  query: URLSearchParams;
}

/**
 * Splits a request target into decoded segments and a query. WHATWG `new URL()` would resolve
 * `%2e%2e` as `..` (so `…/configmaps/%2e%2e` addressed the namespace) and read `//host/…` as an
 * authority; a Go API server does neither, so neither does this.
 */
export function parseRequestTarget(raw: string): RequestTarget {
  if (!raw.startsWith('/')) throw badRequest(`invalid request target: ${JSON.stringify(raw)}`);
  const q = raw.indexOf('?');
  const path = q < 0 ? raw : raw.slice(0, q);
  const query = new URLSearchParams(q < 0 ? '' : raw.slice(q + 1));
  const rawSegments = path.split('/').slice(1);
  while (rawSegments.length > 0 && rawSegments[rawSegments.length - 1] === '') rawSegments.pop();
  const segments = rawSegments.map((s) => {
    try {
      return decodeURIComponent(s);
    } catch {
      throw badRequest(`malformed path: invalid URL escape in ${JSON.stringify(s)}`);
    }
  });
  if (segments.some((s) => s === '.' || s === '..'))
    throw badRequest(`invalid path ${JSON.stringify(path)}: dot segments are not allowed`);
  return { path, segments, query };
}

/** apimachinery's IsValidPathSegmentName: what a name or namespace in a URL may not be. */
export function pathSegmentNameErrors(name: string): string[] {
  const errors: string[] = [];
  if (name === '.' || name === '..') errors.push(`may not be '${name}'`);
  if (name.includes('/')) errors.push("may not contain '/'");
  if (name.includes('%')) errors.push("may not contain '%'");
  return errors;
}
