import { buildCluster } from './build-cluster';
import type { FleetInput } from './input';
import {
  type ClusterModel,
  DEFAULT_SEGMENT,
  type FleetSnapshot,
  type GlobalServiceView,
  type PeerGateway,
  type PeeringEdge,
  type SegmentSummary,
  type ServiceModel,
  SUPPRESS_ANNOTATION,
  SYSTEM_NAMESPACE,
} from './snapshot';
import { refKey, refOf } from './objects';
import { serviceIndex, viewsOf } from './visibility';

function health(gateway: PeerGateway): PeeringEdge['health'] {
  const connected = gateway.conditions['gloo.solo.io/PeerConnected'];
  const succeeded = gateway.conditions['gloo.solo.io/PeeringSucceeded'];
  if (!connected && !succeeded) return 'unknown';
  if (connected?.status === 'False' || succeeded?.status === 'False') return 'failed';
  if (connected?.status === 'True' && (succeeded?.status ?? 'True') === 'True') return 'connected';
  return 'pending';
}

/**
 * Discovery of `exporter` is enabled in `viewer` only when the viewer holds the exporter's
 * segment under the same name and domain (README §2; reference.md §2.3.2). The implicit default
 * segment needs no resource.
 */
function acceptance(
  viewer: ClusterModel,
  exporter: ClusterModel | undefined,
): Pick<PeeringEdge, 'segmentAccepted' | 'rejection'> {
  if (!viewer.peeringEnabled) return { segmentAccepted: false, rejection: 'peering-disabled' };
  if (!exporter || exporter.segment === DEFAULT_SEGMENT) return { segmentAccepted: true };
  const held = viewer.segments.find(
    (s) => s.namespace === SYSTEM_NAMESPACE && s.name === exporter.segment,
  );
  if (!held) return { segmentAccepted: false, rejection: 'segment-missing' };
  if (held.domain !== exporter.segmentDomain)
    return { segmentAccepted: false, rejection: 'domain-mismatch' };
  return { segmentAccepted: true };
}

/** Index of mesh cluster IDs to contexts; the first cluster wins a duplicate ID (PEER312). */
export function clustersById(clusters: ClusterModel[]): Map<string, string> {
  const byId = new Map<string, string>();
  for (const c of clusters) if (!byId.has(c.id)) byId.set(c.id, c.context);
  return byId;
}

function edgesOf(clusters: ClusterModel[]): PeeringEdge[] {
  const byId = clustersById(clusters);
  const byContext = new Map(clusters.map((c) => [c.context, c]));
  const edges = new Map<string, PeeringEdge>();
  for (const viewer of clusters) {
    for (const gateway of viewer.peers) {
      if (!gateway.peerId) continue;
      const target = byId.get(gateway.peerId);
      gateway.target = target;
      if (target === viewer.context) continue;
      const to = target ?? gateway.peerId;
      const key = `${viewer.context}\u0000${to}`;
      if (edges.has(key)) continue;
      edges.set(key, {
        from: viewer.context,
        to,
        managed: target !== undefined,
        gateway: gateway.ref,
        health: health(gateway),
        ...acceptance(viewer, target ? byContext.get(target) : undefined),
      });
    }
  }
  return [...edges.values()].sort(
    (a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to),
  );
}

function segmentsOf(clusters: ClusterModel[]): SegmentSummary[] {
  const byName = new Map<string, SegmentSummary>();
  const get = (name: string) => {
    let s = byName.get(name);
    if (!s) {
      s = { name, domains: [], members: [] };
      byName.set(name, s);
    }
    return s;
  };
  for (const c of clusters) {
    for (const def of c.segments) {
      if (def.namespace === SYSTEM_NAMESPACE)
        get(def.name).domains.push({ cluster: c.context, domain: def.domain, ref: def.ref });
    }
    if (c.reachable) get(c.segment).members.push(c.context);
  }
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}

function suppressionsOf(input: FleetInput): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const cluster of input.clusters) {
    for (const o of cluster.objects) {
      const value = o.metadata.annotations?.[SUPPRESS_ANNOTATION];
      if (value === undefined) continue;
      out[refKey(refOf(cluster.context, o))] = value
        .split(',')
        .map((c) => c.trim())
        .filter(Boolean);
    }
  }
  return out;
}

/**
 * The fleet model every view and finding is computed from: clusters, the directed peering graph,
 * segments and, per viewing cluster, the global services it sees. Pure and deterministic: input
 * order does not matter.
 */
export function buildSnapshot(input: FleetInput): FleetSnapshot {
  const clusters = input.clusters
    .map(buildCluster)
    .sort((a, b) => a.context.localeCompare(b.context));
  const edges = edgesOf(clusters);
  const byContext = new Map(clusters.map((c) => [c.context, c]));
  const edgesFrom = new Map<string, PeeringEdge[]>();
  for (const e of edges) edgesFrom.set(e.from, [...(edgesFrom.get(e.from) ?? []), e]);
  const index = serviceIndex(clusters);
  const services: ServiceModel[] = [];
  const views: GlobalServiceView[] = [];
  for (const c of clusters) {
    for (const s of c.services) services.push(s);
    for (const v of viewsOf(c, edgesFrom.get(c.context) ?? [], byContext, index)) views.push(v);
  }
  return {
    clusters,
    segments: segmentsOf(clusters),
    edges,
    services,
    views,
    suppressions: suppressionsOf(input),
  };
}
