import type { Registry } from './registry';
import { pathSegmentNameErrors } from './request-target';
import { badRequest, pathNotFound } from './status';
import type { ResourceType } from './types';

export type Route =
  | { kind: 'text'; body: string }
  | { kind: 'version' }
  | { kind: 'api' }
  | { kind: 'apis' }
  | { kind: 'group'; group: string }
  | { kind: 'groupVersion'; groupVersion: string }
  | { kind: 'openapiIndex' }
  | { kind: 'openapiV2' }
  | { kind: 'openapi'; groupVersion: string }
  | {
      kind: 'resource';
      type: ResourceType;
      namespace?: string;
      name?: string;
      subresource?: string;
    };

const SIMPLE: Record<string, Route> = {
  '/version': { kind: 'version' },
  '/healthz': { kind: 'text', body: 'ok' },
  '/readyz': { kind: 'text', body: 'ok' },
  '/livez': { kind: 'text', body: 'ok' },
  '/api': { kind: 'api' },
  '/apis': { kind: 'apis' },
  '/openapi/v3': { kind: 'openapiIndex' },
  '/openapi/v2': { kind: 'openapiV2' },
};

/** A name or namespace from the URL that no object can have is a 400, as on a real server. */
function checkPathName(what: 'resource' | 'namespace', name: string | undefined): void {
  if (name === undefined) return;
  const errors = pathSegmentNameErrors(name);
  if (errors.length > 0)
    throw badRequest(`invalid ${what} name ${JSON.stringify(name)}: [${errors.join(', ')}]`);
}

/**
 * Maps a request path, as decoded segments (request-target.ts), to what it addresses.
 * `/api/v1/namespaces/x/y` is resource `y` in namespace `x`, except the namespace's own
 * subresources (`status`, `finalize`).
 */
export function route(parts: string[], registry: Registry): Route {
  const simple = parts.some((p) => p.includes('/')) ? undefined : SIMPLE[`/${parts.join('/')}`];
  if (simple) return simple;

  if (parts[0] === 'openapi' && parts[1] === 'v3') {
    const gv =
      parts[2] === 'api'
        ? parts.slice(3).join('/')
        : parts[2] === 'apis'
          ? parts.slice(3).join('/')
          : '';
    if (gv) return { kind: 'openapi', groupVersion: gv };
    throw pathNotFound();
  }

  let group: string;
  let version: string | undefined;
  let rest: string[];
  if (parts[0] === 'api') {
    group = '';
    version = parts[1];
    rest = parts.slice(2);
  } else if (parts[0] === 'apis' && parts[1]) {
    group = parts[1];
    version = parts[2];
    rest = parts.slice(3);
    if (!version) return { kind: 'group', group };
  } else {
    throw pathNotFound();
  }
  if (!version) throw pathNotFound();
  if (rest.length === 0)
    return { kind: 'groupVersion', groupVersion: group ? `${group}/${version}` : version };

  const find = (resource: string | undefined) => {
    const type = resource ? registry.find(group, version as string, resource) : undefined;
    if (!type) throw pathNotFound();
    return type;
  };

  const namespacedForm =
    rest[0] === 'namespaces' &&
    rest.length >= 3 &&
    !(rest.length === 3 && (rest[2] === 'status' || rest[2] === 'finalize'));
  if (namespacedForm) {
    const [, namespace, resource, name, subresource, ...extra] = rest;
    const type = find(resource);
    if (!type.namespaced || extra.length > 0) throw pathNotFound();
    checkPathName('namespace', namespace);
    checkPathName('resource', name);
    return { kind: 'resource', type, namespace, name, subresource };
  }
  const [resource, name, subresource, ...extra] = rest;
  const type = find(resource);
  if (extra.length > 0 || (type.namespaced && name !== undefined)) throw pathNotFound();
  checkPathName('resource', name);
  return { kind: 'resource', type, name, subresource };
}
