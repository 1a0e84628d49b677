import type { ObjectStore } from './store';

/** What a request asks to do, as the RBAC authorizer sees it. */
export interface RequestAttributes {
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
  namespace?: string;
  name?: string;
}

interface PolicyRule {
  verbs?: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
}

interface Subject {
  kind?: string;
  name?: string;
  namespace?: string;
}

interface Binding {
  metadata: { namespace?: string };
  roleRef?: { kind?: string; name?: string };
  subjects?: Subject[];
}

const has = (list: string[] | undefined, value: string) =>
  (list ?? []).some((v) => v === '*' || v === value);

function ruleAllows(rule: PolicyRule, a: RequestAttributes): boolean {
  const resource = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  return (
    has(rule.verbs, a.verb) &&
    has(rule.apiGroups, a.group) &&
    has(rule.resources, resource) &&
    (!rule.resourceNames?.length || (a.name !== undefined && rule.resourceNames.includes(a.name)))
  );
}

/**
 * RBAC for a service account (`system:serviceaccount:<ns>:<name>`), evaluated from the Roles,
 * ClusterRoles and their bindings in the store, as the real authorizer does: a ClusterRoleBinding
 * grants everywhere, a RoleBinding only in its namespace (to a Role there, or a ClusterRole).
 */
export function serviceAccountMay(
  store: ObjectStore,
  account: { namespace: string; name: string },
  a: RequestAttributes,
): boolean {
  const bound = (b: Binding) =>
    (b.subjects ?? []).some(
      (s) =>
        (s.kind === 'ServiceAccount' &&
          s.name === account.name &&
          (s.namespace ?? b.metadata.namespace) === account.namespace) ||
        (s.kind === 'Group' &&
          [
            'system:serviceaccounts',
            `system:serviceaccounts:${account.namespace}`,
            'system:authenticated',
          ].includes(s.name ?? '')),
    );
  const rulesOf = (kind: string | undefined, name: string | undefined, namespace?: string) => {
    const role =
      kind === 'ClusterRole'
        ? store.get('clusterroles.rbac.authorization.k8s.io', undefined, name ?? '')
        : store.get('roles.rbac.authorization.k8s.io', namespace, name ?? '');
    return ((role?.rules as PolicyRule[] | undefined) ?? []) as PolicyRule[];
  };
  for (const b of store.list(
    'clusterrolebindings.rbac.authorization.k8s.io',
  ) as unknown as Binding[]) {
    if (bound(b) && rulesOf('ClusterRole', b.roleRef?.name).some((r) => ruleAllows(r, a)))
      return true;
  }
  if (a.namespace === undefined) return false;
  for (const b of store.list(
    'rolebindings.rbac.authorization.k8s.io',
    a.namespace,
  ) as unknown as Binding[]) {
    if (
      bound(b) &&
      rulesOf(b.roleRef?.kind, b.roleRef?.name, a.namespace).some((r) => ruleAllows(r, a))
    )
      return true;
  }
  return false;
}
