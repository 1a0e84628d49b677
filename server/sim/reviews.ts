import type { IncomingMessage } from 'node:http';

import type { RequestAttributes } from './rbac';
import { StatusError } from './status';
import type { KubeObject } from './types';

/** Who a request acts as. Sim users have a token; impersonated ones only a name and groups. */
export interface Identity {
  name: string;
  groups: string[];
  /** A read-only identity may get, list and watch; nothing else (a `view` binding). */
  readOnly: boolean;
  /** Service accounts are authorized by RBAC objects in the store instead (rbac.ts). */
  may?: (request: RequestAttributes) => boolean;
}

const READ_VERBS = ['get', 'list', 'watch'];

/** The resources answered by a review instead of being stored. */
export const REVIEW_RESOURCES = new Set([
  'selfsubjectaccessreviews',
  'selfsubjectrulesreviews',
  'selfsubjectreviews',
]);

/**
 * `--as`/`--as-group`: the Impersonate-User and Impersonate-Group headers. The requester needs
 * the impersonate verb (a read-only user has none: 403, as a real server answers); the identity
 * taken is a known user's, or an unknown user with only the rights its groups give
 * (`system:masters` everything, anything else read-only).
 */
export function impersonate(
  req: IncomingMessage,
  requester: Identity,
  known: (name: string) => Identity | undefined,
): Identity {
  const asUser = req.headers['impersonate-user'];
  const asGroups = req.headers['impersonate-group'];
  if (asUser === undefined && asGroups === undefined) return requester;
  const name = Array.isArray(asUser) ? (asUser[0] ?? '') : (asUser ?? '');
  if (!name)
    throw new StatusError(
      500,
      'InternalError',
      'Internal error occurred: requested [{Group}] without impersonating a user',
    );
  const mayImpersonate = requester.may
    ? requester.may({ verb: 'impersonate', group: '', resource: 'users', name })
    : !requester.readOnly;
  if (!mayImpersonate)
    throw new StatusError(
      403,
      'Forbidden',
      `users "${name}" is forbidden: User "${requester.name}" cannot impersonate resource "users" in API group "" at the cluster scope`,
      { name, kind: 'users' },
    );
  const groups = (Array.isArray(asGroups) ? asGroups : asGroups ? [asGroups] : []).flatMap((g) =>
    g.split(','),
  );
  const user = known(name);
  return {
    name,
    groups: ['system:authenticated', ...groups],
    readOnly: groups.includes('system:masters') ? false : (user?.readOnly ?? true),
  };
}

const meta = (object: KubeObject) => ({
  ...(object.metadata ?? {}),
  name: undefined,
  creationTimestamp: null,
});

/** SelfSubjectAccessReview (`kubectl auth can-i VERB …`). */
function accessReview(object: KubeObject, who: Identity, denyAll: boolean): KubeObject {
  const attributes = ((object.spec as Record<string, unknown> | undefined)?.resourceAttributes ??
    {}) as Record<string, unknown>;
  const verb = String(attributes.verb ?? '');
  const may = who.may
    ? who.may({
        verb,
        group: String(attributes.group ?? ''),
        resource: String(attributes.resource ?? ''),
        ...(attributes.subresource ? { subresource: String(attributes.subresource) } : {}),
        ...(attributes.namespace ? { namespace: String(attributes.namespace) } : {}),
        ...(attributes.name ? { name: String(attributes.name) } : {}),
      })
    : !who.readOnly || READ_VERBS.includes(verb);
  const allowed = !denyAll && may;
  return {
    ...object,
    apiVersion: 'authorization.k8s.io/v1',
    kind: 'SelfSubjectAccessReview',
    metadata: meta(object) as unknown as KubeObject['metadata'],
    status: {
      allowed,
      ...(allowed || who.may ? {} : { reason: `user "${who.name}" is read-only in this cluster` }),
    },
  };
}

/** SelfSubjectRulesReview (`kubectl auth can-i --list`). */
function rulesReview(object: KubeObject, who: Identity, denyAll: boolean): KubeObject {
  // A service account's rules would have to be listed from its bindings: not done (incomplete).
  const verbs = denyAll || who.may ? [] : who.readOnly ? READ_VERBS : ['*'];
  return {
    ...object,
    apiVersion: 'authorization.k8s.io/v1',
    kind: 'SelfSubjectRulesReview',
    metadata: meta(object) as unknown as KubeObject['metadata'],
    status: {
      resourceRules: [
        ...(verbs.length ? [{ verbs, apiGroups: ['*'], resources: ['*'] }] : []),
        {
          verbs: ['create'],
          apiGroups: ['authorization.k8s.io'],
          resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'],
        },
      ],
      nonResourceRules: [
        { verbs: ['get'], nonResourceURLs: ['/api', '/api/*', '/apis', '/apis/*', '/version'] },
      ],
      incomplete: who.may !== undefined,
    },
  };
}

/** SelfSubjectReview (`kubectl auth whoami`). */
function whoAmI(object: KubeObject, who: Identity): KubeObject {
  return {
    apiVersion: 'authentication.k8s.io/v1',
    kind: 'SelfSubjectReview',
    metadata: meta(object) as unknown as KubeObject['metadata'],
    status: { userInfo: { username: who.name, groups: who.groups } },
  };
}

/** The answer to a self review: what the identity may do, or who it is. */
export function review(
  resource: string,
  object: KubeObject,
  who: Identity,
  denyAll: boolean,
): KubeObject {
  if (resource === 'selfsubjectrulesreviews') return rulesReview(object, who, denyAll);
  if (resource === 'selfsubjectreviews') return whoAmI(object, who);
  return accessReview(object, who, denyAll);
}
