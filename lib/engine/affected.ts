import { viewRanges } from '../model/build-snapshot';
import type { ClusterInput } from '../model/input';
import type { K8sObject } from '../model/objects';
import type { ClusterModel, FleetSnapshot } from '../model/snapshot';

/**
 * What the namespace detectors and the views of the fleet depend on in a cluster besides its
 * Services and Namespaces: reachability, segment and its domain, peering discovery, the
 * AuthorizationPolicies (SVC407 severity) and its peerings both ways, with whether discovery is
 * accepted (SVC413 judges pairs of peers; acceptance decides what is seen). When this is equal,
 * views anywhere change only through this cluster's Services and Namespaces.
 */
function clusterSignature(c: ClusterModel, snapshot: FleetSnapshot): string {
  const edges = snapshot.edges
    .filter((e) => e.from === c.context || e.to === c.context)
    .map((e) => [e.from, e.to, e.managed, e.gateway.namespace, e.gateway.name, e.segmentAccepted]);
  return JSON.stringify([
    c.reachable,
    c.segment,
    c.segmentDomain,
    c.peeringEnabled,
    c.authorizationPolicies,
    edges,
  ]);
}

/** Namespaces of the Services and Namespaces that are not the very same objects as before. */
function changedObjects(before: ClusterInput, after: ClusterInput, out: Set<string>): void {
  const namespaceOf = (o: K8sObject) =>
    o.kind === 'Service'
      ? o.metadata.namespace
      : o.kind === 'Namespace'
        ? o.metadata.name
        : undefined;
  const old = new Set(before.objects);
  const now = new Set(after.objects);
  for (const o of after.objects) if (!old.has(o)) add(namespaceOf(o));
  for (const o of before.objects) if (!now.has(o)) add(namespaceOf(o));
  function add(ns: string | undefined) {
    if (ns !== undefined) out.add(ns);
  }
}

const sameIds = (a: FleetSnapshot, b: FleetSnapshot) => {
  const ids = new Map(a.clusters.map((c) => [c.context, c.id]));
  return b.clusters.every((c) => !ids.has(c.context) || ids.get(c.context) === c.id);
};

/**
 * The namespaces whose namespace-detector findings can differ between the snapshots of two
 * inputs, where `changed` names the clusters whose input differs; `'all'` when cluster IDs moved
 * (peer gateways then resolve to other clusters everywhere).
 */
export function affectedNamespaces(
  before: { input: { clusters: ClusterInput[] }; snapshot: FleetSnapshot },
  after: { input: { clusters: ClusterInput[] }; snapshot: FleetSnapshot },
  changed: ReadonlySet<string>,
): ReadonlySet<string> | 'all' {
  const [s0, s1] = [before.snapshot, after.snapshot];
  if (!sameIds(s0, s1)) return 'all';
  const out = new Set<string>();
  const old = new Map(s0.clusters.map((c) => [c.context, c]));
  const now = new Map(s1.clusters.map((c) => [c.context, c]));
  const oldInput = new Map(before.input.clusters.map((c) => [c.context, c]));
  const newInput = new Map(after.input.clusters.map((c) => [c.context, c]));
  const r0 = viewRanges(s0);
  const r1 = viewRanges(s1);
  const added = s1.clusters.filter((c) => !old.has(c.context)).map((c) => c.context);
  const removed = s0.clusters.filter((c) => !now.has(c.context)).map((c) => c.context);
  for (const context of new Set([...changed, ...added, ...removed])) {
    const a = old.get(context);
    const b = now.get(context);
    if (a && b && clusterSignature(a, s0) === clusterSignature(b, s1)) {
      changedObjects(oldInput.get(context)!, newInput.get(context)!, out);
      continue;
    }
    // Cluster-level state colours every Service of the cluster and everything it sees.
    for (const c of [a, b]) {
      for (const s of c?.services ?? []) out.add(s.namespace);
      for (const n of c?.namespaces ?? []) out.add(n.name);
    }
    for (const [s, r] of [
      [s0, r0.get(context)],
      [s1, r1.get(context)],
    ] as const) {
      if (r) for (let i = r[0]; i < r[1]; i++) out.add(s.views[i]!.namespace);
    }
  }
  return out;
}
