import {
  type ClusterModel,
  type FleetSnapshot,
  SEGMENT_LABEL,
  SYSTEM_NAMESPACE,
} from '../../model/snapshot';
import type { FindingDraft } from '../finding';
import { clusterAnchor, joinList, quotedList, sorted } from './common';

function createFix(snapshot: FleetSnapshot, cluster: ClusterModel, name: string): string {
  const domains = sorted(
    snapshot.segments.find((s) => s.name === name)?.domains.map((d) => d.domain) ?? [],
  );
  const relabel = `or correct the ${SEGMENT_LABEL} label on ${SYSTEM_NAMESPACE} in ${cluster.context}`;
  const [only] = domains;
  if (domains.length === 1)
    return `Apply Segment "${name}" (domain ${only}) to ${cluster.context}, ${relabel}.`;
  if (domains.length > 1)
    return (
      `Apply Segment "${name}" to ${cluster.context} with the domain the fleet agrees on ` +
      `(now ${quotedList(domains)}; see SEG202), ${relabel}.`
    );
  return `Create Segment "${name}" in ${SYSTEM_NAMESPACE} in ${cluster.context} with the segment's domain, ${relabel}.`;
}

function draft(snapshot: FleetSnapshot, cluster: ClusterModel, name: string): FindingDraft {
  const { context } = cluster;
  const misplaced = cluster.segments.filter((s) => s.name === name);
  const ignored = misplaced.length
    ? ` (${joinList(misplaced.map((s) => `Segment ${s.namespace}/${s.name}`))} ` +
      `${misplaced.length === 1 ? 'is ignored: it is' : 'are ignored: they are'} outside ${SYSTEM_NAMESPACE})`
    : '';
  return {
    code: 'SEG203',
    message:
      `${context}'s ${SYSTEM_NAMESPACE} is labelled ${SEGMENT_LABEL}=${name} but ${context} holds ` +
      `no Segment "${name}" in ${SYSTEM_NAMESPACE}${ignored}; ${context} silently falls back to ` +
      `the default segment (domain ${cluster.segmentDomain}) and its peers see it there too.`,
    clusters: [context],
    objects: [...clusterAnchor(cluster), ...misplaced.map((s) => s.ref)],
    fix: createFix(snapshot, cluster, name),
    ...(misplaced.length ? { related: ['SEG104' as const] } : {}),
  };
}

/**
 * SEG203: the segment label names a Segment the cluster does not hold, so istiod silently uses
 * the default segment (README §2; reference.md §2.1.5, §5.2 "Segment assignment").
 */
export function assignedSegmentMissing(snapshot: FleetSnapshot): FindingDraft[] {
  return (
    snapshot.clusters
      // Without the Segment API the Segment cannot be created: SEG209 reports the label instead.
      .filter((c) => c.reachable && c.segmentFallback && c.segmentLabel && c.segmentApis.length > 0)
      .map((c) => draft(snapshot, c, c.segmentLabel ?? ''))
  );
}
