import type { KubeObject } from './types';

type Obj = Record<string, unknown>;

export const HASH_LABEL = 'pod-template-hash';

/** k8s.io/apimachinery's rand.SafeEncodeString alphabet: no vowels, no look-alike digits. */
const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** JSON with object keys sorted, so that the same template always hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Obj)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function fnv32a(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/**
 * The `pod-template-hash` of a pod template, shaped as the deployment controller's (FNV-32a, its
 * decimal digits mapped onto the safe alphabet). The input bytes differ from Go's (canonical JSON
 * rather than spew), so the value is stable and well-formed but not the one a real cluster gives.
 */
export function podTemplateHash(template: unknown): string {
  return [...String(fnv32a(canonical(template ?? {})))]
    .map((digit) => SAFE_ALPHABET[digit.charCodeAt(0) % SAFE_ALPHABET.length])
    .join('');
}

export const replicaSetName = (deployment: KubeObject): string =>
  `${deployment.metadata.name}-${podTemplateHash((deployment.spec as Obj | undefined)?.template)}`;

/** The UID of the object's controller (the ownerReference with `controller: true`), if any. */
export function controllerUid(object: KubeObject): string | undefined {
  const uid = object.metadata.ownerReferences?.find((ref) => ref.controller === true)?.uid;
  return typeof uid === 'string' ? uid : undefined;
}

/**
 * The ReplicaSet the deployment controller keeps for a Deployment's current template: its
 * labels, selector and template carry the template's hash, and the Deployment is its controller.
 */
export function desiredReplicaSet(deployment: KubeObject): KubeObject {
  const spec = (deployment.spec ?? {}) as Obj;
  const template = structuredClone((spec.template ?? {}) as Obj);
  const hash = podTemplateHash(spec.template);
  const templateMeta = (template.metadata ?? {}) as Obj;
  const labels = { ...((templateMeta.labels ?? {}) as Record<string, string>), [HASH_LABEL]: hash };
  template.metadata = { ...templateMeta, labels };
  const selector = (spec.selector ?? {}) as Obj;
  const owner = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    name: deployment.metadata.name,
    uid: deployment.metadata.uid as string,
    controller: true,
    blockOwnerDeletion: true,
  };
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: replicaSetName(deployment),
      namespace: deployment.metadata.namespace,
      labels,
      ownerReferences: [owner],
    },
    spec: {
      replicas: (spec.replicas as number | undefined) ?? 1,
      selector: {
        ...selector,
        matchLabels: { ...((selector.matchLabels ?? {}) as Obj), [HASH_LABEL]: hash },
      },
      template,
    },
  };
}

/** The status a ReplicaSet controller reports once every replica is up (no Pods are made). */
export function settledReplicaSetStatus(object: KubeObject): Obj {
  const replicas = ((object.spec as Obj | undefined)?.replicas as number | undefined) ?? 1;
  return {
    replicas,
    fullyLabeledReplicas: replicas,
    readyReplicas: replicas,
    availableReplicas: replicas,
    observedGeneration: object.metadata.generation ?? 1,
  };
}
