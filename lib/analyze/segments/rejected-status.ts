import {
  type ClusterModel,
  type FleetSnapshot,
  type SegmentDef,
  SYSTEM_NAMESPACE,
} from '../../model/snapshot';
import type { FindingCode } from '../catalogue';
import type { FindingDraft } from '../finding';
import {
  agreedDomain,
  type FleetIndex,
  hasDivergentDomains,
  indexFleet,
  isSegmented,
  joinList,
  plural,
  misplacedSegments,
  present,
  type RejectedPeer,
  rejectedOf,
  reportsRejections,
  segmentsText,
  sorted,
  systemSegment,
  systemSegments,
} from './common';

const peerName = (p: RejectedPeer) => p.cluster?.context ?? p.id;

/** The SEG201/SEG202 findings the same rejection produces. */
function relatedCodes(
  index: FleetIndex,
  viewer: ClusterModel,
  def: SegmentDef,
  peers: RejectedPeer[],
) {
  const codes: FindingCode[] = hasDivergentDomains(index.summary(def.name)) ? ['SEG202'] : [];
  for (const peer of peers) {
    if (!peer.cluster) continue;
    const rejection = index.edge(viewer.context, peer.cluster.context)?.rejection;
    // SEG201 is silent for a viewer without the Segment API (SEG209 reports it).
    if (rejection === 'segment-missing' && viewer.segmentApis.length > 0) codes.push('SEG201');
    if (rejection === 'domain-mismatch' || hasDivergentDomains(index.summary(peer.cluster.segment)))
      codes.push('SEG202');
  }
  return codes;
}

/** What the viewer must hold to accept this peer. */
function peerFix(index: FleetIndex, viewer: ClusterModel, peer: ClusterModel): string | undefined {
  if (!peer.reachable || !isSegmented(peer)) return undefined;
  const held = systemSegment(viewer, peer.segment);
  if (!held) {
    // An ignored copy outside istio-system is moved, as SEG201 and SEG104 say.
    const misplaced = misplacedSegments(viewer, peer.segment);
    return misplaced.length
      ? `move ${segmentsText(misplaced)} to ${SYSTEM_NAMESPACE} in ${viewer.context} with domain ${peer.segmentDomain} (SEG104)`
      : `apply Segment "${peer.segment}" (domain ${peer.segmentDomain}) to ${viewer.context}`;
  }
  if (held.domain !== peer.segmentDomain) {
    // The domain SEG202 keeps: the members' own, so their hostnames stay.
    const kept = agreedDomain(index, peer.segment);
    return kept
      ? `set spec.domain of Segment "${peer.segment}" to "${kept}" in ${viewer.context} (now ${held.domain})`
      : `give Segment "${peer.segment}" one domain in every cluster that holds it (now ` +
          `${held.domain} in ${viewer.context}, ${peer.segmentDomain} in ${peer.context})`;
  }
  return undefined;
}

function fixOf(index: FleetIndex, viewer: ClusterModel, peers: RejectedPeer[]): string {
  const steps = sorted(
    peers.map((p) => (p.cluster ? peerFix(index, viewer, p.cluster) : undefined)).filter(present),
  );
  if (steps.length > 0) return `Follow SEG201/SEG202: ${steps.join('; ')}.`;
  return (
    `Follow SEG201/SEG202: make sure ${viewer.context} holds the Segment of every rejected peer ` +
    `with the same domain as the peer, then check the Segment status again.`
  );
}

function draft(index: FleetIndex, viewer: ClusterModel, def: SegmentDef): FindingDraft {
  const peers = rejectedOf(index, def);
  const count = Math.max(def.status?.rejectedPeers ?? 0, peers.length);
  const names = peers.map((p) => `${peerName(p)}${p.reason ? ` (${p.reason})` : ''}`);
  const listed = names.length ? `: ${joinList(names)}` : '';
  const managed = peers.map((p) => p.cluster).filter(present);
  return {
    code: 'SEG204',
    message:
      `Segment "${def.name}" in ${viewer.context} reports ${count} rejected ` +
      `${plural(count, 'peer')}${listed}; ${viewer.context} does not discover services from ` +
      `${count === 1 ? 'it' : 'them'}.`,
    clusters: [viewer.context, ...managed.map((c) => c.context)],
    objects: [
      def.ref,
      ...managed.map((c) => index.edge(viewer.context, c.context)?.gateway).filter(present),
    ],
    fix: fixOf(index, viewer, peers),
    related: relatedCodes(index, viewer, def, peers),
  };
}

/**
 * SEG204: a Segment's status (written by the local istiod) lists rejected peers
 * (reference.md §2.1.3, §5.2 "Segment assignment"); linked to the SEG201/SEG202 behind it.
 */
export function rejectedPeersInStatus(snapshot: FleetSnapshot): FindingDraft[] {
  const index = indexFleet(snapshot);
  return snapshot.clusters
    .filter((c) => c.reachable)
    .flatMap((c) =>
      systemSegments(c)
        .filter(reportsRejections)
        .map((def) => draft(index, c, def)),
    );
}
