import { viewRanges } from '../model/build-snapshot';
import type { ClusterInput } from '../model/input';
import type { K8sObject } from '../model/objects';
import type { ClusterModel, FleetSnapshot, GlobalServiceView } from '../model/snapshot';

type Range = readonly [number, number];

/**
 * What the namespace detectors read of a cluster besides its Services and Namespaces: its
 * reachability, segment and AuthorizationPolicies, and its peerings (SVC413 judges pairs of
 * peers). A change here can colour every Service of the cluster and everything it sees.
 */
function clusterSignature(c: ClusterModel, snapshot: FleetSnapshot): string {
  const edges = snapshot.edges
    .filter((e) => e.from === c.context || e.to === c.context)
    .map((e) => [e.from, e.to, e.managed, e.gateway.namespace, e.gateway.name]);
  return JSON.stringify([c.reachable, c.segment, c.authorizationPolicies, edges]);
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

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function sameView(a: GlobalServiceView, b: GlobalServiceView): boolean {
  return (
    a.domain === b.domain &&
    sameList(a.contributors, b.contributors) &&
    a.copies.length === b.copies.length &&
    a.copies.every((r, i) => {
      const s = b.copies[i]!;
      return r.cluster === s.cluster && r.namespace === s.namespace && r.name === s.name;
    })
  );
}

/** Namespaces of the views one viewer gained, lost or sees differently. */
function changedViews(
  before: FleetSnapshot,
  ra: Range | undefined,
  after: FleetSnapshot,
  rb: Range | undefined,
  out: Set<string>,
): void {
  const [a0, a1] = ra ?? [0, 0];
  const [b0, b1] = rb ?? [0, 0];
  if (a1 - a0 === b1 - b0) {
    let same = true;
    for (let i = 0; i < a1 - a0 && same; i++) same = before.views[a0 + i] === after.views[b0 + i];
    if (same) return;
  }
  const key = (v: GlobalServiceView) => `${v.hostname}\u0000${v.segment}`;
  const old = new Map<string, GlobalServiceView>();
  for (let i = a0; i < a1; i++) old.set(key(before.views[i]!), before.views[i]!);
  for (let i = b0; i < b1; i++) {
    const v = after.views[i]!;
    const k = key(v);
    const was = old.get(k);
    if (!was || (was !== v && !sameView(was, v))) out.add(v.namespace);
    old.delete(k);
  }
  for (const v of old.values()) out.add(v.namespace);
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
  for (const context of new Set([...old.keys(), ...now.keys()])) {
    const a = old.get(context);
    const b = now.get(context);
    if (!a || !b || (changed.has(context) && clusterSignature(a, s0) !== clusterSignature(b, s1))) {
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
      continue;
    }
    if (changed.has(context)) changedObjects(oldInput.get(context)!, newInput.get(context)!, out);
    // Views change with the Services and peerings of the clusters seen (segments, domains).
    changedViews(s0, r0.get(context), s1, r1.get(context), out);
  }
  return out;
}
