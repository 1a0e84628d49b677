import type { ClusterModel, FleetSnapshot, PeeringEdge } from '../../model/snapshot';
import type { FindingDraft } from '../finding';
import {
  exporterOf,
  type FleetIndex,
  hasDivergentDomains,
  indexFleet,
  joinList,
  present,
  quotedList,
  sorted,
  statusRelated,
  systemSegment,
} from './common';

interface Missing {
  viewer: ClusterModel;
  segment: string;
  peers: { exporter: ClusterModel; edge: PeeringEdge }[];
}

/** Segment-missing rejections grouped per viewing cluster and missing segment. */
function missingSegments(index: FleetIndex): Missing[] {
  const groups = new Map<string, Missing>();
  for (const edge of index.snapshot.edges) {
    if (edge.rejection !== 'segment-missing') continue;
    const viewer = index.cluster(edge.from);
    const exporter = exporterOf(index, edge);
    // A viewer without the Segment API cannot apply the fix: SEG209 reports it instead.
    if (!viewer || !exporter || viewer.segmentApis.length === 0) continue;
    const key = `${viewer.context}\u0000${exporter.segment}`;
    const group = groups.get(key) ?? { viewer, segment: exporter.segment, peers: [] };
    group.peers.push({ exporter, edge });
    groups.set(key, group);
  }
  return [...groups.values()];
}

function applyFix(m: Missing): string {
  const domains = sorted(m.peers.map((p) => p.exporter.segmentDomain));
  const [only] = domains;
  return domains.length === 1
    ? `Apply Segment "${m.segment}" (domain ${only}) to ${m.viewer.context}.`
    : `Apply Segment "${m.segment}" to ${m.viewer.context} with the one domain its members agree ` +
        `on (they declare ${quotedList(domains)}; see SEG202).`;
}

function draft(index: FleetIndex, m: Missing): FindingDraft {
  const { viewer, segment } = m;
  const peers = sorted(m.peers.map((p) => p.exporter.context));
  const subject =
    peers.length === 1
      ? `Peer cluster ${quotedList(peers)} is`
      : `Peer clusters ${quotedList(peers)} are`;
  const clusters = [viewer.context, ...peers];
  return {
    code: 'SEG201',
    message:
      `${subject} assigned to segment "${segment}" but ${viewer.context} has no Segment ` +
      `"${segment}"; services from ${joinList(peers)} are not discovered in ${viewer.context}.`,
    clusters,
    objects: m.peers.flatMap(({ exporter, edge }) =>
      [edge.gateway, exporter.istioSystem, systemSegment(exporter, segment)?.ref].filter(present),
    ),
    fix: applyFix(m),
    related: [
      ...statusRelated(index, clusters),
      ...(hasDivergentDomains(index.summary(segment)) ? (['SEG202'] as const) : []),
    ],
  };
}

/**
 * SEG201: a cluster peers with a member of a segment it does not hold, so istiod disables
 * discovery of that peer (reference.md §5.2 "Segment assignment", §2.1.3). One finding per viewing
 * cluster and missing segment: the fix is one Segment applied there.
 */
export function peerSegmentMissing(snapshot: FleetSnapshot): FindingDraft[] {
  const index = indexFleet(snapshot);
  return missingSegments(index).map((m) => draft(index, m));
}
