/** A Kubernetes object as read from a cluster: plain JSON, nothing typed beyond metadata. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    uid?: string;
    resourceVersion?: string;
    generation?: number;
    creationTimestamp?: string;
  };
  spec?: unknown;
  status?: unknown;
  data?: Record<string, string>;
  [key: string]: unknown;
}

/** Names one object in one cluster (by kubeconfig context): what findings point at. */
export interface ObjectRef {
  cluster: string;
  kind: string;
  namespace?: string;
  name: string;
}

// Two literals rather than a conditional spread: this runs for every object of a fleet.
export const refOf = (cluster: string, o: Pick<K8sObject, 'kind' | 'metadata'>): ObjectRef =>
  o.metadata.namespace
    ? { cluster, kind: o.kind, namespace: o.metadata.namespace, name: o.metadata.name }
    : { cluster, kind: o.kind, name: o.metadata.name };

export const refKey = (r: ObjectRef): string =>
  `${r.cluster}|${r.kind}|${r.namespace ?? ''}|${r.name}`;

/** `<Kind> <ns>/<name> @<cluster>`, as in istioctl analyze's text output. */
export const refText = (r: ObjectRef): string =>
  `${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name} @${r.cluster}`;

export const labelsOf = (o: K8sObject): Record<string, string> => o.metadata.labels ?? {};
export const annotationsOf = (o: K8sObject): Record<string, string> => o.metadata.annotations ?? {};

export function compareRefs(a: ObjectRef, b: ObjectRef): number {
  return (
    a.cluster.localeCompare(b.cluster) ||
    a.kind.localeCompare(b.kind) ||
    (a.namespace ?? '').localeCompare(b.namespace ?? '') ||
    a.name.localeCompare(b.name)
  );
}
