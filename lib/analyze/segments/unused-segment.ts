import {
  DEFAULT_SEGMENT,
  type FleetSnapshot,
  SEGMENT_LABEL,
  type SegmentSummary,
  SYSTEM_NAMESPACE,
} from '../../model/snapshot';
import type { FindingDraft } from '../finding';
import { type FleetIndex, indexFleet, joinList, quotedList, sorted } from './common';

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

function draft(summary: SegmentSummary): FindingDraft {
  const holders = sorted(summary.domains.map((d) => d.cluster));
  const domains = sorted(summary.domains.map((d) => d.domain));
  const domainText =
    domains.length === 1 ? `domain ${domains[0]}` : `domains ${quotedList(domains)}`;
  return {
    code: 'SEG205',
    message:
      `Segment "${summary.name}" (${domainText}) is held by ${joinList(holders)} but no cluster ` +
      `is assigned to it (no ${SYSTEM_NAMESPACE} is labelled ${SEGMENT_LABEL}=${summary.name}).`,
    clusters: holders,
    objects: summary.domains.map((d) => d.ref),
    fix:
      `Label the ${SYSTEM_NAMESPACE} namespace of the clusters meant for it with ` +
      `${SEGMENT_LABEL}=${summary.name}, or delete Segment ${SYSTEM_NAMESPACE}/${summary.name} ` +
      `from ${joinList(holders)} if no cluster needs it.`,
  };
}

/**
 * SEG205: a Segment no cluster is assigned to, by labels and by status (reference.md §2.1.3,
 * §5.2 "Segment assignment"). One finding per segment name; none while a cluster is unreadable.
 */
export function unusedSegment(snapshot: FleetSnapshot): FindingDraft[] {
  // A cluster Segscope cannot read may be the member: "unused" would be an artefact.
  if (snapshot.clusters.some((c) => !c.reachable)) return [];
  const index = indexFleet(snapshot);
  return snapshot.segments.filter((s) => isUnused(index, s)).map(draft);
}
