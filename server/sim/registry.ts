import { BUILTIN_SCHEMAS } from './builtin-schemas';
import type { JsonObject } from './patch';
import type { KubeObject, PrinterColumn, ResourceType } from './types';
import { groupVersion } from './types';

const ALL_VERBS = [
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'update',
  'watch',
];
const BASE_FIELDS = ['metadata.name', 'metadata.namespace'] as const;

function builtin(
  t: Partial<ResourceType> & Pick<ResourceType, 'group' | 'version' | 'resource' | 'kind'>,
): ResourceType {
  const schema = BUILTIN_SCHEMAS.get(`${t.group}/${t.resource}`);
  return {
    ...(schema ? { schema } : {}),
    singular: t.kind.toLowerCase(),
    listKind: `${t.kind}List`,
    namespaced: true,
    shortNames: [],
    categories: [],
    verbs: ALL_VERBS,
    hasStatus: false,
    builtin: true,
    hasGeneration: false,
    fieldSelectors: BASE_FIELDS,
    printerColumns: [],
    ...t,
  };
}

/** The built-in resources the simulator serves, as a 1.32 API server names them. */
export const BUILTIN_TYPES: readonly ResourceType[] = [
  builtin({
    group: '',
    version: 'v1',
    resource: 'namespaces',
    kind: 'Namespace',
    namespaced: false,
    shortNames: ['ns'],
    hasStatus: true,
    verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
    fieldSelectors: [...BASE_FIELDS, 'status.phase'],
  }),
  builtin({
    group: '',
    version: 'v1',
    resource: 'services',
    kind: 'Service',
    shortNames: ['svc'],
    categories: ['all'],
    hasStatus: true,
    fieldSelectors: [...BASE_FIELDS, 'spec.clusterIP', 'spec.type'],
  }),
  builtin({
    group: '',
    version: 'v1',
    resource: 'configmaps',
    kind: 'ConfigMap',
    shortNames: ['cm'],
  }),
  builtin({
    group: '',
    version: 'v1',
    resource: 'secrets',
    kind: 'Secret',
    fieldSelectors: [...BASE_FIELDS, 'type'],
  }),
  builtin({
    group: '',
    version: 'v1',
    resource: 'events',
    kind: 'Event',
    shortNames: ['ev'],
    fieldSelectors: [
      ...BASE_FIELDS,
      'involvedObject.kind',
      'involvedObject.namespace',
      'involvedObject.name',
      'involvedObject.uid',
      'involvedObject.apiVersion',
      'involvedObject.resourceVersion',
      'involvedObject.fieldPath',
      'reason',
      'reportingComponent',
      'source',
      'type',
    ],
  }),
  builtin({
    group: 'apps',
    version: 'v1',
    resource: 'deployments',
    kind: 'Deployment',
    shortNames: ['deploy'],
    categories: ['all'],
    hasStatus: true,
    hasGeneration: true,
  }),
  builtin({
    group: 'apiextensions.k8s.io',
    version: 'v1',
    resource: 'customresourcedefinitions',
    kind: 'CustomResourceDefinition',
    namespaced: false,
    shortNames: ['crd', 'crds'],
    categories: ['api-extensions'],
    hasStatus: true,
    hasGeneration: true,
  }),
  builtin({
    group: '',
    version: 'v1',
    resource: 'serviceaccounts',
    kind: 'ServiceAccount',
    shortNames: ['sa'],
  }),
  // Pods are stored and served, never scheduled: no controller runs them.
  builtin({
    group: '',
    version: 'v1',
    resource: 'pods',
    kind: 'Pod',
    shortNames: ['po'],
    categories: ['all'],
    hasStatus: true,
    fieldSelectors: [
      ...BASE_FIELDS,
      'spec.nodeName',
      'spec.serviceAccountName',
      'status.phase',
      'status.podIP',
    ],
  }),
  builtin({
    group: '',
    version: 'v1',
    resource: 'endpoints',
    kind: 'Endpoints',
    singular: 'endpoints',
    shortNames: ['ep'],
  }),
  builtin({
    group: '',
    version: 'v1',
    resource: 'persistentvolumeclaims',
    kind: 'PersistentVolumeClaim',
    shortNames: ['pvc'],
    hasStatus: true,
  }),
  builtin({
    group: '',
    version: 'v1',
    resource: 'persistentvolumes',
    kind: 'PersistentVolume',
    namespaced: false,
    shortNames: ['pv'],
    hasStatus: true,
  }),
  builtin({
    group: '',
    version: 'v1',
    resource: 'replicationcontrollers',
    kind: 'ReplicationController',
    shortNames: ['rc'],
    categories: ['all'],
    hasStatus: true,
    hasGeneration: true,
  }),
  builtin({
    group: 'apps',
    version: 'v1',
    resource: 'replicasets',
    kind: 'ReplicaSet',
    shortNames: ['rs'],
    categories: ['all'],
    hasStatus: true,
    hasGeneration: true,
  }),
  builtin({
    group: 'apps',
    version: 'v1',
    resource: 'statefulsets',
    kind: 'StatefulSet',
    shortNames: ['sts'],
    categories: ['all'],
    hasStatus: true,
    hasGeneration: true,
  }),
  builtin({
    group: 'apps',
    version: 'v1',
    resource: 'daemonsets',
    kind: 'DaemonSet',
    shortNames: ['ds'],
    categories: ['all'],
    hasStatus: true,
    hasGeneration: true,
  }),
  builtin({
    group: 'batch',
    version: 'v1',
    resource: 'jobs',
    kind: 'Job',
    categories: ['all'],
    hasStatus: true,
    hasGeneration: true,
  }),
  builtin({
    group: 'batch',
    version: 'v1',
    resource: 'cronjobs',
    kind: 'CronJob',
    shortNames: ['cj'],
    categories: ['all'],
    hasStatus: true,
    hasGeneration: true,
  }),
  builtin({
    group: 'networking.k8s.io',
    version: 'v1',
    resource: 'ingresses',
    kind: 'Ingress',
    shortNames: ['ing'],
    hasStatus: true,
    hasGeneration: true,
  }),
  builtin({ group: 'coordination.k8s.io', version: 'v1', resource: 'leases', kind: 'Lease' }),
  builtin({
    group: 'events.k8s.io',
    version: 'v1',
    resource: 'events',
    kind: 'Event',
    shortNames: ['ev'],
    fieldSelectors: [
      ...BASE_FIELDS,
      'regarding.kind',
      'regarding.namespace',
      'regarding.name',
      'regarding.uid',
      'reason',
      'reportingController',
      'type',
    ],
  }),
  ...(['roles', 'rolebindings', 'clusterroles', 'clusterrolebindings'] as const).map((resource) =>
    builtin({
      group: 'rbac.authorization.k8s.io',
      version: 'v1',
      resource,
      kind: {
        roles: 'Role',
        rolebindings: 'RoleBinding',
        clusterroles: 'ClusterRole',
        clusterrolebindings: 'ClusterRoleBinding',
      }[resource],
      namespaced: !resource.startsWith('cluster'),
    }),
  ),
  builtin({
    group: 'authorization.k8s.io',
    version: 'v1',
    resource: 'selfsubjectaccessreviews',
    kind: 'SelfSubjectAccessReview',
    namespaced: false,
    verbs: ['create'],
  }),
  builtin({
    group: 'authorization.k8s.io',
    version: 'v1',
    resource: 'selfsubjectrulesreviews',
    kind: 'SelfSubjectRulesReview',
    namespaced: false,
    verbs: ['create'],
  }),
  builtin({
    group: 'authentication.k8s.io',
    version: 'v1',
    resource: 'selfsubjectreviews',
    kind: 'SelfSubjectReview',
    namespaced: false,
    verbs: ['create'],
  }),
];

interface CrdVersion {
  name: string;
  served?: boolean;
  storage?: boolean;
  schema?: { openAPIV3Schema?: JsonObject };
  subresources?: { status?: JsonObject };
  additionalPrinterColumns?: PrinterColumn[];
}

interface CrdSpec {
  group: string;
  scope: 'Namespaced' | 'Cluster';
  names: {
    plural: string;
    singular?: string;
    kind: string;
    listKind?: string;
    shortNames?: string[];
    categories?: string[];
  };
  versions: CrdVersion[];
}

/** The resource types a CRD object makes the server serve, one per served version. */
export function typesFromCrd(crd: KubeObject): ResourceType[] {
  const spec = crd.spec as CrdSpec;
  return spec.versions
    .filter((v) => v.served !== false)
    .map((v) => ({
      group: spec.group,
      version: v.name,
      resource: spec.names.plural,
      singular: spec.names.singular ?? spec.names.kind.toLowerCase(),
      kind: spec.names.kind,
      listKind: spec.names.listKind ?? `${spec.names.kind}List`,
      namespaced: spec.scope === 'Namespaced',
      shortNames: spec.names.shortNames ?? [],
      categories: spec.names.categories ?? [],
      verbs: ALL_VERBS,
      hasStatus: v.subresources?.status !== undefined,
      builtin: false,
      hasGeneration: true,
      fieldSelectors: BASE_FIELDS,
      printerColumns: v.additionalPrinterColumns ?? [],
      ...(v.schema?.openAPIV3Schema ? { schema: v.schema.openAPIV3Schema } : {}),
    }));
}

/**
 * What one simulated cluster serves. CRD writes change it at run time, exactly as an API server
 * starts serving a resource once its CRD is established.
 */
export class Registry {
  private readonly fromCrds = new Map<string, ResourceType[]>();
  /** Bumped on every change; discovery and OpenAPI hashes derive from it. */
  revision = 1;

  /** Every request looks its resource up: an index, rebuilt when a CRD changes. */
  private index?: { all: ResourceType[]; byPath: Map<string, ResourceType> };

  private indexed() {
    if (!this.index) {
      const all = [...BUILTIN_TYPES, ...[...this.fromCrds.values()].flat()];
      const byPath = new Map<string, ResourceType>();
      for (const t of all) {
        const path = `${t.group}/${t.version}/${t.resource}`;
        if (!byPath.has(path)) byPath.set(path, t);
      }
      this.index = { all, byPath };
    }
    return this.index;
  }

  all(): ResourceType[] {
    return [...this.indexed().all];
  }

  setCrd(crd: KubeObject): void {
    this.fromCrds.set(crd.metadata.name, typesFromCrd(crd));
    this.index = undefined;
    this.revision++;
  }

  removeCrd(name: string): void {
    if (this.fromCrds.delete(name)) {
      this.index = undefined;
      this.revision++;
    }
  }

  find(group: string, version: string, resource: string): ResourceType | undefined {
    return this.indexed().byPath.get(`${group}/${version}/${resource}`);
  }

  /** Group-versions in discovery order: core first, then groups by name, preferred version first. */
  groups(): { name: string; versions: string[] }[] {
    const byGroup = new Map<string, string[]>();
    for (const t of this.all()) {
      const versions = byGroup.get(t.group) ?? [];
      if (!versions.includes(t.version)) versions.push(t.version);
      byGroup.set(t.group, versions);
    }
    return [...byGroup.entries()]
      .map(([name, versions]) => ({ name, versions: versions.sort(compareVersions) }))
      .sort((a, b) => (a.name === '' ? -1 : b.name === '' ? 1 : a.name.localeCompare(b.name)));
  }

  inGroupVersion(gv: string): ResourceType[] {
    return this.all().filter((t) => groupVersion(t) === gv);
  }
}

/** Kubernetes version priority: GA > beta > alpha, higher numbers first (v1 > v1beta2 > v1alpha1). */
export function compareVersions(a: string, b: string): number {
  const rank = (v: string): [number, number, number] => {
    const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
    if (!m) return [0, 0, 0];
    const stage = m[2] === 'alpha' ? 1 : m[2] === 'beta' ? 2 : 3;
    return [stage, Number(m[1]), Number(m[3] ?? 0)];
  };
  const [sa, ma, na] = rank(a);
  const [sb, mb, nb] = rank(b);
  return sb - sa || mb - ma || nb - na;
}
