import {
  type ClusterModel,
  type FleetSnapshot,
  SEGMENT_LABEL,
  SYSTEM_NAMESPACE,
} from '../../model/snapshot';
import type { FindingCode } from '../catalogue';
import type { FindingDraft } from '../finding';
import {
  agreedDomain,
  clusterAnchor,
  fallsBackFrom,
  type FleetIndex,
  indexFleet,
  joinList,
  misplacedSegments,
  moveFix,
  quotedList,
  seg201Segments,
  sorted,
} from './common';

/** The one domain to apply: what the members agree on, else the only one the fleet holds. */
function domainOf(index: FleetIndex, name: string): string | undefined {
  return agreedDomain(index, name);
}

function createFix(index: FleetIndex, cluster: ClusterModel, name: string): string {
  const { context } = cluster;
  const domains = sorted(index.summary(name)?.domains.map((d) => d.domain) ?? []);
  const misplaced = misplacedSegments(cluster, name);
  const domain =
    domainOf(index, name) ?? (misplaced.length === 1 ? misplaced[0]?.domain : undefined);
  // Peers in the segment need the Segment here too (SEG201): relabelling would not help them.
  const peersNeedIt = seg201Segments(index, cluster).has(name);
  const relabel = peersNeedIt
    ? `; ${context} also needs it to discover its peers in segment "${name}" (SEG201)`
    : `, or correct the ${SEGMENT_LABEL} label on ${SYSTEM_NAMESPACE} in ${context}`;
  if (misplaced.length && domain) return `${moveFix(context, name, domain, misplaced)}${relabel}.`;
  if (domain) return `Apply Segment "${name}" (domain ${domain}) to ${context}${relabel}.`;
  if (domains.length > 1)
    return (
      `Apply Segment "${name}" to ${context} with the domain the fleet agrees on ` +
      `(now ${quotedList(domains)}; see SEG202)${relabel}.`
    );
  return `Create Segment "${name}" in ${SYSTEM_NAMESPACE} in ${context} with the segment's domain${relabel}.`;
}

function draft(index: FleetIndex, cluster: ClusterModel, name: string): FindingDraft {
  const { context } = cluster;
  const misplaced = misplacedSegments(cluster, name);
  const ignored = misplaced.length
    ? ` (${joinList(misplaced.map((s) => `Segment ${s.namespace}/${s.name}`))} ` +
      `${misplaced.length === 1 ? 'is ignored: it is' : 'are ignored: they are'} outside ${SYSTEM_NAMESPACE})`
    : '';
  const related: FindingCode[] = [
    ...(misplaced.length ? (['SEG104'] as const) : []),
    ...(seg201Segments(index, cluster).has(name) ? (['SEG201'] as const) : []),
  ];
  return {
    code: 'SEG203',
    message:
      `${context}'s ${SYSTEM_NAMESPACE} is labelled ${SEGMENT_LABEL}=${name} but ${context} holds ` +
      `no Segment "${name}" in ${SYSTEM_NAMESPACE}${ignored}; ${context} silently falls back to ` +
      `the default segment (domain ${cluster.segmentDomain}) and its peers see it there too.`,
    clusters: [context],
    objects: [...clusterAnchor(cluster), ...misplaced.map((s) => s.ref)],
    fix: createFix(index, cluster, name),
    ...(related.length ? { related } : {}),
  };
}

/**
 * SEG203: the segment label names a Segment the cluster does not hold, so istiod silently uses
 * the default segment (README §2; reference.md §2.1.5, §5.2 "Segment assignment").
 */
export function assignedSegmentMissing(snapshot: FleetSnapshot): FindingDraft[] {
  const index = indexFleet(snapshot);
  return (
    snapshot.clusters
      // Without the Segment API the Segment cannot be created: SEG209 reports the label instead.
      .filter((c) => !!c.segmentLabel && fallsBackFrom(c, c.segmentLabel))
      .map((c) => draft(index, c, c.segmentLabel ?? ''))
  );
}
