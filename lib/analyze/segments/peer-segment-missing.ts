import {
  type ClusterModel,
  type FleetSnapshot,
  type PeeringEdge,
  SEGMENT_LABEL,
  SYSTEM_NAMESPACE,
} from '../../model/snapshot';
import type { FindingCode } from '../catalogue';
import type { FindingDraft } from '../finding';
import { staleBecauseOf } from '../hostnames/stale';
import {
  exporterOf,
  fallsBackFrom,
  type FleetIndex,
  hasDivergentDomains,
  indexFleet,
  joinList,
  misplacedSegments,
  moveFix,
  present,
  quotedList,
  segmentsText,
  sorted,
  statusRelatedToMissing,
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
  const misplaced = misplacedSegments(m.viewer, m.segment);
  if (misplaced.length && only !== undefined && domains.length === 1)
    return `${moveFix(m.viewer.context, m.segment, only, misplaced)}.`;
  return domains.length === 1
    ? `Apply Segment "${m.segment}" (domain ${only}) to ${m.viewer.context}.`
    : `Apply Segment "${m.segment}" to ${m.viewer.context} with the one domain its members agree ` +
        `on (they declare ${quotedList(domains)}; see SEG202).`;
}

/** What else the viewer's state says about the missing Segment: SEG104, SEG203. */
function aside(m: Missing): { text: string; related: FindingCode[] } {
  const { viewer, segment } = m;
  const misplaced = misplacedSegments(viewer, segment);
  const texts: string[] = [];
  const related: FindingCode[] = [];
  if (misplaced.length) {
    texts.push(
      `${segmentsText(misplaced)} in ${viewer.context} ${misplaced.length === 1 ? 'is' : 'are'} ` +
        `ignored: istiod only reads Segments in ${SYSTEM_NAMESPACE} (SEG104)`,
    );
    related.push('SEG104');
  }
  if (fallsBackFrom(viewer, segment)) {
    texts.push(
      `${viewer.context} is itself labelled ${SEGMENT_LABEL}=${segment} and falls back to the ` +
        `default segment for the same reason (SEG203)`,
    );
    related.push('SEG203');
  }
  // Context names keep their case, so each part is a sentence of its own.
  return { text: texts.map((t) => ` ${t}.`).join(''), related };
}

function draft(index: FleetIndex, m: Missing): FindingDraft {
  const { viewer, segment } = m;
  const peers = sorted(m.peers.map((p) => p.exporter.context));
  const subject =
    peers.length === 1
      ? `Peer cluster ${quotedList(peers)} is`
      : `Peer clusters ${quotedList(peers)} are`;
  const clusters = [viewer.context, ...peers];
  const other = aside(m);
  return {
    code: 'SEG201',
    message:
      `${subject} assigned to segment "${segment}" but ${viewer.context} has no Segment ` +
      `"${segment}"${other.related.includes('SEG104') ? ` in ${SYSTEM_NAMESPACE}` : ''}; ` +
      `services from ${joinList(peers)} are not discovered in ${viewer.context}.${other.text}`,
    clusters,
    objects: [
      ...m.peers.flatMap(({ exporter, edge }) =>
        [edge.gateway, exporter.istioSystem, systemSegment(exporter, segment)?.ref].filter(present),
      ),
      ...misplacedSegments(viewer, segment).map((s) => s.ref),
    ],
    fix: applyFix(m),
    related: [
      ...statusRelatedToMissing(index, viewer, segment),
      ...(hasDivergentDomains(index.summary(segment)) ? (['SEG202'] as const) : []),
      ...other.related,
      ...(staleBecauseOf(index.snapshot, 'SEG201', viewer.context, segment)
        ? (['HOST505'] as const)
        : []),
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
