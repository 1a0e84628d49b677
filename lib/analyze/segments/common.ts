import type { FindingCode } from '../catalogue';
import { clustersById } from '../../model/build-snapshot';
import type { ObjectRef } from '../../model/objects';
import {
  type ClusterModel,
  DEFAULT_SEGMENT,
  type FleetSnapshot,
  type PeeringEdge,
  type SegmentDef,
  type SegmentSummary,
  SYSTEM_NAMESPACE,
} from '../../model/snapshot';

/** `"a", "b" and "c"`: a deterministic, quoted, human list. */
export function quotedList(items: readonly string[]): string {
  return joinList(items.map((i) => `"${i}"`));
}

/** `a, b and c`. */
export function joinList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** Distinct strings in a stable order, so messages are deterministic. */
export const sorted = (items: Iterable<string>): string[] =>
  [...new Set(items)].sort((a, b) => a.localeCompare(b));

/** `peer` / `peers`. */
export const plural = (n: number, one: string, many = `${one}s`): string => (n === 1 ? one : many);

/** The Segments istiod reads: those in the system namespace (reference.md §2.1.1). */
export function systemSegments(cluster: ClusterModel): SegmentDef[] {
  return cluster.segments.filter((s) => s.namespace === SYSTEM_NAMESPACE);
}

/** The Segment of this name istiod would use in this cluster, if it holds one. */
export function systemSegment(cluster: ClusterModel, name: string): SegmentDef | undefined {
  return systemSegments(cluster).find((s) => s.name === name);
}

/** Peers listed as `Rejected` in a Segment's status (reference.md §2.1.3). */
export function rejectedPeers(def: SegmentDef): string[] {
  return sorted(
    (def.status?.peers ?? []).filter((p) => p.status === 'Rejected').map((p) => p.clusterName),
  );
}

/** The status counts or lists a rejected peer (SEG204). */
export function reportsRejections(def: SegmentDef): boolean {
  return (def.status?.rejectedPeers ?? 0) > 0 || rejectedPeers(def).length > 0;
}

/** A Segment named like this has more than one domain across the fleet (SEG202). */
export function hasDivergentDomains(summary: SegmentSummary | undefined): boolean {
  return new Set(summary?.domains.map((d) => d.domain) ?? []).size > 1;
}

/** Lookups shared by the segment detectors. */
export interface FleetIndex {
  snapshot: FleetSnapshot;
  cluster: (context: string) => ClusterModel | undefined;
  /** Context of the fleet cluster with this mesh cluster ID. */
  contextOfId: (id: string) => string | undefined;
  summary: (segment: string) => SegmentSummary | undefined;
  edge: (from: string, to: string) => PeeringEdge | undefined;
}

const indexes = new WeakMap<FleetSnapshot, FleetIndex>();

/** The lookups, built once per snapshot (every segment detector asks for them). */
export function indexFleet(snapshot: FleetSnapshot): FleetIndex {
  let index = indexes.get(snapshot);
  if (!index) indexes.set(snapshot, (index = buildIndex(snapshot)));
  return index;
}

function buildIndex(snapshot: FleetSnapshot): FleetIndex {
  const clusters = new Map(snapshot.clusters.map((c) => [c.context, c]));
  const byId = clustersById(snapshot.clusters);
  const summaries = new Map(snapshot.segments.map((s) => [s.name, s]));
  const edges = new Map(snapshot.edges.map((e) => [`${e.from}\u0000${e.to}`, e]));
  return {
    snapshot,
    cluster: (context) => clusters.get(context),
    contextOfId: (id) => byId.get(id),
    summary: (segment) => summaries.get(segment),
    edge: (from, to) => edges.get(`${from}\u0000${to}`),
  };
}

/** The fleet cluster an edge points at, when Segscope reads it. */
export function exporterOf(index: FleetIndex, edge: PeeringEdge): ClusterModel | undefined {
  return edge.managed ? index.cluster(edge.to) : undefined;
}

/** The cluster is in a segment other than the implicit default. */
export const isSegmented = (c: ClusterModel): boolean => c.segment !== DEFAULT_SEGMENT;

/** Type guard for filtering out missing values. */
export const present = <T>(value: T | undefined): value is T => value !== undefined;

/** A cluster's istio-system Namespace, else its istiod Deployment: where a cluster finding points. */
export function clusterAnchor(cluster: ClusterModel): ObjectRef[] {
  return [cluster.istioSystem ?? cluster.istiod].filter(present);
}

/**
 * The domain a segment should have everywhere: its members' own domain when they agree (changing
 * it would change their hostnames), else the only domain the fleet holds it with.
 */
export function agreedDomain(index: FleetIndex, segment: string): string | undefined {
  const summary = index.summary(segment);
  if (!summary) return undefined;
  const members = sorted(
    summary.members.map((m) => index.cluster(m)?.segmentDomain).filter(present),
  );
  const held = sorted(summary.domains.map((d) => d.domain));
  const candidates = members.length > 0 ? members : held;
  return candidates.length === 1 ? candidates[0] : undefined;
}

/**
 * The segments a viewer is told to apply by SEG201: it peers with a member of each but lacks it.
 * Mirrors SEG201's own filter (a viewer without the Segment API is SEG209's).
 */
export function seg201Segments(index: FleetIndex, viewer: ClusterModel): Set<string> {
  if (viewer.segmentApis.length === 0) return new Set();
  return new Set(
    index.snapshot.edges
      .filter((e) => e.from === viewer.context && e.rejection === 'segment-missing')
      .map((e) => exporterOf(index, e)?.segment)
      .filter(present),
  );
}

/** A peer a Segment's status lists as `Rejected`. */
export interface RejectedPeer {
  /** As the status names it: the peer's mesh cluster ID. */
  id: string;
  reason?: string;
  /** The fleet cluster with that ID, when Segscope reads it. */
  cluster?: ClusterModel;
}

/** The rejected peers of a Segment's status, resolved to fleet clusters where possible. */
export function rejectedOf(index: FleetIndex, def: SegmentDef): RejectedPeer[] {
  return (def.status?.peers ?? [])
    .filter((p) => p.status === 'Rejected')
    .map((p) => {
      const context = index.contextOfId(p.clusterName);
      const cluster = context === undefined ? undefined : index.cluster(context);
      return {
        id: p.clusterName,
        ...(p.reason ? { reason: p.reason } : {}),
        ...(cluster ? { cluster } : {}),
      };
    })
    .sort((a, b) => a.id.localeCompare(b.id));
}

/** One SEG204: a Segment of a reachable viewer whose status reports rejections. */
export interface StatusReport {
  viewer: ClusterModel;
  def: SegmentDef;
  peers: RejectedPeer[];
}

/** Every Segment status SEG204 reports. */
export function statusReports(index: FleetIndex): StatusReport[] {
  return index.snapshot.clusters
    .filter((c) => c.reachable)
    .flatMap((viewer) =>
      systemSegments(viewer)
        .filter(reportsRejections)
        .map((def) => ({ viewer, def, peers: rejectedOf(index, def) })),
    );
}

/** `['SEG204']` when the viewer's status lists one of these segment-missing peers (SEG201). */
export function statusRelatedToMissing(
  index: FleetIndex,
  viewer: ClusterModel,
  segment: string,
): FindingCode[] {
  const listed = statusReports(index).some(
    (r) =>
      r.viewer === viewer &&
      r.peers.some(
        (p) =>
          p.cluster?.segment === segment &&
          index.edge(viewer.context, p.cluster.context)?.rejection === 'segment-missing',
      ),
  );
  return listed ? ['SEG204'] : [];
}

/** `['SEG204']` when a status reports a rejection this segment's divergent domains cause (SEG202). */
export function statusRelatedToDomains(index: FleetIndex, segment: string): FindingCode[] {
  const listed = statusReports(index).some(
    (r) => r.def.name === segment || r.peers.some((p) => p.cluster?.segment === segment),
  );
  return listed ? ['SEG204'] : [];
}

/** The viewer is labelled with the segment but holds no such Segment, so SEG203 reports it. */
export const fallsBackFrom = (viewer: ClusterModel, segment: string): boolean =>
  viewer.reachable &&
  viewer.segmentFallback &&
  viewer.segmentLabel === segment &&
  viewer.segmentApis.length > 0;

/** Segments of this name the cluster holds outside istio-system, which istiod ignores (SEG104). */
export const misplacedSegments = (cluster: ClusterModel, name: string): SegmentDef[] =>
  cluster.segments.filter((s) => s.name === name && s.namespace !== SYSTEM_NAMESPACE);

/** `Segment team-a/dev and Segment team-b/dev` */
export const segmentsText = (defs: SegmentDef[]): string =>
  joinList(defs.map((s) => `Segment ${s.namespace}/${s.name}`));

/**
 * The fix for a Segment held in the wrong namespace, in the words SEG104, SEG201 and SEG203
 * share: apply it to istio-system with the domain to use, then delete the ignored copy.
 */
export function moveFix(cluster: string, name: string, domain: string, misplaced: SegmentDef[]) {
  return (
    `Move ${segmentsText(misplaced)} to ${SYSTEM_NAMESPACE} in ${cluster}: apply Segment ` +
    `"${name}" (domain ${domain}) to namespace ${SYSTEM_NAMESPACE}, then delete ` +
    `${segmentsText(misplaced)}`
  );
}

/** The segment that keeps a shared domain: the one with the most members, then by name. */
export function keeperOf(names: string[], snapshot: FleetSnapshot): string {
  const members = (name: string) =>
    snapshot.segments.find((s) => s.name === name)?.members.length ?? 0;
  return [...names].sort((a, b) => members(b) - members(a) || a.localeCompare(b))[0] ?? '';
}

/** Status shows a member somewhere (possibly a cluster Segscope cannot read): not unused. */
function usedPerStatus(index: FleetIndex, summary: SegmentSummary): boolean {
  return summary.domains.some(({ cluster }) =>
    (index.cluster(cluster)?.segments ?? []).some(
      (s) =>
        s.namespace === SYSTEM_NAMESPACE &&
        s.name === summary.name &&
        (s.status?.local === true || (s.status?.peers.length ?? 0) > 0),
    ),
  );
}

function isUnused(index: FleetIndex, summary: SegmentSummary): boolean {
  const { snapshot } = index;
  return (
    summary.name !== DEFAULT_SEGMENT &&
    summary.domains.length > 0 &&
    summary.members.length === 0 &&
    // A label naming it without the Segment is SEG203, not an unused segment.
    !snapshot.clusters.some((c) => c.segmentLabel === summary.name) &&
    !usedPerStatus(index, summary)
  );
}

/** The segments SEG205 reports unused; none while a cluster is unreadable (it may be the member). */
export function unusedSegmentNames(snapshot: FleetSnapshot): Set<string> {
  if (snapshot.clusters.some((c) => !c.reachable)) return new Set();
  const index = indexFleet(snapshot);
  return new Set(snapshot.segments.filter((s) => isUnused(index, s)).map((s) => s.name));
}
