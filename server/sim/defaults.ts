import { replicaSetName } from './deployment-controller';
import type { KubeObject } from './types';

type Obj = Record<string, unknown>;

let nextServiceIp = 10;

/** A ClusterIP from the service range; the default/kubernetes Service gets 10.96.0.1 as on kubeadm. */
function allocateClusterIp(object: KubeObject): string {
  if (object.metadata.namespace === 'default' && object.metadata.name === 'kubernetes')
    return '10.96.0.1';
  const n = nextServiceIp++;
  return `10.96.${Math.floor(n / 250) % 250}.${(n % 250) + 2}`;
}

function defaultNamespace(object: KubeObject): void {
  object.metadata.labels = {
    ...object.metadata.labels,
    'kubernetes.io/metadata.name': object.metadata.name,
  };
  const spec = (object.spec ?? {}) as Obj;
  object.spec = { ...spec, finalizers: spec.finalizers ?? ['kubernetes'] };
  const status = (object.status ?? {}) as Obj;
  object.status = { ...status, phase: status.phase ?? 'Active' };
}

function defaultService(object: KubeObject, previous?: KubeObject): void {
  const spec = (object.spec ?? {}) as Obj;
  const before = (previous?.spec ?? {}) as Obj;
  const type = (spec.type as string | undefined) ?? 'ClusterIP';
  const headless = spec.clusterIP === 'None';
  const clusterIP =
    type === 'ExternalName'
      ? undefined
      : ((spec.clusterIP as string | undefined) ??
        (before.clusterIP as string | undefined) ??
        allocateClusterIp(object));
  const ports = ((spec.ports as Obj[] | undefined) ?? []).map((p) => ({
    ...p,
    protocol: p.protocol ?? 'TCP',
    targetPort: p.targetPort ?? p.port,
  }));
  object.spec = {
    ...spec,
    type,
    ...(clusterIP ? { clusterIP, clusterIPs: spec.clusterIPs ?? [clusterIP] } : {}),
    ...(type === 'ExternalName'
      ? {}
      : {
          ipFamilies: spec.ipFamilies ?? ['IPv4'],
          ipFamilyPolicy: spec.ipFamilyPolicy ?? 'SingleStack',
        }),
    internalTrafficPolicy: spec.internalTrafficPolicy ?? 'Cluster',
    sessionAffinity: spec.sessionAffinity ?? 'None',
    ports,
  };
  if (headless) (object.spec as Obj).clusterIPs = ['None'];
  object.status = object.status ?? { loadBalancer: {} };
}

function defaultSecret(object: KubeObject): void {
  object.type = object.type ?? 'Opaque';
  const stringData = object.stringData as Record<string, string> | undefined;
  if (stringData) {
    const data = { ...((object.data as Record<string, string> | undefined) ?? {}) };
    for (const [k, v] of Object.entries(stringData)) data[k] = Buffer.from(v).toString('base64');
    object.data = data;
    delete object.stringData;
  }
}

function defaultDeployment(object: KubeObject): void {
  const spec = (object.spec ?? {}) as Obj;
  const strategy = (spec.strategy ?? {}) as Obj;
  object.spec = {
    replicas: 1,
    revisionHistoryLimit: 10,
    progressDeadlineSeconds: 600,
    ...spec,
    // `kubectl create deployment` sends `strategy: {}`; the server fills it in.
    strategy:
      (strategy.type ?? 'RollingUpdate') === 'RollingUpdate'
        ? {
            ...strategy,
            type: 'RollingUpdate',
            rollingUpdate: {
              maxSurge: '25%',
              maxUnavailable: '25%',
              ...(strategy.rollingUpdate as Obj),
            },
          }
        : strategy,
  };
}

/** The status a deployment controller would report once every replica is up. */
export function settledDeploymentStatus(object: KubeObject): Obj {
  const replicas = ((object.spec as Obj | undefined)?.replicas as number | undefined) ?? 1;
  return {
    observedGeneration: object.metadata.generation ?? 1,
    replicas,
    updatedReplicas: replicas,
    readyReplicas: replicas,
    availableReplicas: replicas,
    conditions: [
      {
        type: 'Available',
        status: 'True',
        reason: 'MinimumReplicasAvailable',
        message: 'Deployment has minimum availability.',
      },
      {
        type: 'Progressing',
        status: 'True',
        reason: 'NewReplicaSetAvailable',
        message: `ReplicaSet "${replicaSetName(object)}" has successfully progressed.`,
      },
    ],
  };
}

/** The status the apiextensions controller writes once a CRD's names are accepted. */
export function establishedCrdStatus(object: KubeObject, now: string): Obj {
  const names = ((object.spec as Obj | undefined)?.names ?? {}) as Obj;
  const versions = (((object.spec as Obj | undefined)?.versions ?? []) as Obj[]).filter(
    (v) => v.storage,
  );
  return {
    acceptedNames: names,
    storedVersions: versions.map((v) => v.name),
    conditions: [
      {
        type: 'NamesAccepted',
        status: 'True',
        reason: 'NoConflicts',
        message: 'no conflicts found',
        lastTransitionTime: now,
      },
      {
        type: 'Established',
        status: 'True',
        reason: 'InitialNamesAccepted',
        message: 'the initial names have been accepted',
        lastTransitionTime: now,
      },
    ],
  };
}

/** Defaulting the API server does on every write of a built-in kind. */
export function applyDefaults(
  resource: string,
  group: string,
  object: KubeObject,
  previous?: KubeObject,
): void {
  if (group === '' && resource === 'namespaces') defaultNamespace(object);
  else if (group === '' && resource === 'services') defaultService(object, previous);
  else if (group === '' && resource === 'secrets') defaultSecret(object);
  else if (group === 'apps' && resource === 'deployments') defaultDeployment(object);
}
