import type { Detector } from './finding';
import { segmentApiUnavailable } from './segments/api-unavailable';
import { assignedSegmentMissing } from './segments/assigned-missing';
import { divergentSegmentSets } from './segments/divergent-sets';
import { domainDivergence } from './segments/domain-divergence';
import { segmentNotFullyMeshed } from './segments/not-fully-meshed';
import { peerSegmentMissing } from './segments/peer-segment-missing';
import { rejectedPeersInStatus } from './segments/rejected-status';
import { unusedSegment } from './segments/unused-segment';

/**
 * Segment assignment and cross-cluster consistency: SEG201–SEG206, SEG208, SEG209
 * (reference.md §2.1–2.2, §5.2 "Segment assignment and cross-cluster consistency").
 */
export const segmentMembershipDetectors: Detector[] = [
  peerSegmentMissing,
  domainDivergence,
  assignedSegmentMissing,
  rejectedPeersInStatus,
  unusedSegment,
  divergentSegmentSets,
  segmentNotFullyMeshed,
  segmentApiUnavailable,
];
