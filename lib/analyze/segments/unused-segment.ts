import {
  type FleetSnapshot,
  SEGMENT_LABEL,
  type SegmentSummary,
  SYSTEM_NAMESPACE,
} from '../../model/snapshot';
import type { FindingDraft } from '../finding';
import { joinList, quotedList, sorted, unusedSegmentNames } from './common';
import { oneSidedSegments } from './divergent-sets';

function draft(summary: SegmentSummary, oneSided: ReadonlySet<string>): FindingDraft {
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
      `from ${joinList(holders)} if no cluster needs it` +
      (oneSided.has(summary.name)
        ? `; if you keep it, apply it to every cluster peered with ${joinList(holders)} (SEG206).`
        : '.'),
    // Held on one side of a peering only: SEG206 asks for the same Segment on the other side.
    ...(oneSided.has(summary.name) ? { related: ['SEG206' as const] } : {}),
  };
}

/**
 * SEG205: a Segment no cluster is assigned to, by labels and by status (reference.md §2.1.3,
 * §5.2 "Segment assignment"). One finding per segment name; none while a cluster is unreadable.
 */
export function unusedSegment(snapshot: FleetSnapshot): FindingDraft[] {
  const unused = unusedSegmentNames(snapshot);
  const oneSided = oneSidedSegments(snapshot);
  return snapshot.segments.filter((s) => unused.has(s.name)).map((s) => draft(s, oneSided));
}
