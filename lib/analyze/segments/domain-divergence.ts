import type { FleetSnapshot, PeeringEdge, SegmentSummary } from '../../model/snapshot';
import type { FindingDraft } from '../finding';
import {
  agreedDomain,
  exporterOf,
  type FleetIndex,
  hasDivergentDomains,
  indexFleet,
  joinList,
  seg201Segments,
  sorted,
  statusRelatedToDomains,
} from './common';
import { staleBecauseOf } from '../hostnames/stale';
import { oneSidedSegments } from './divergent-sets';

interface DomainUse {
  domain: string;
  clusters: string[];
}

/** Domains of one segment name, each with its holders, ordered by first holder. */
function domainUses(summary: SegmentSummary): DomainUse[] {
  return sorted(summary.domains.map((d) => d.domain))
    .map((domain) => ({
      domain,
      clusters: sorted(summary.domains.filter((d) => d.domain === domain).map((d) => d.cluster)),
    }))
    .sort((a, b) => (a.clusters[0] ?? '').localeCompare(b.clusters[0] ?? ''));
}

const describeUse = (u: DomainUse) => `"${u.domain}" in ${joinList(u.clusters)}`;

/** Peerings where the viewer holds this segment with another domain than its member peer. */
function mismatches(index: FleetIndex, segment: string): PeeringEdge[] {
  return index.snapshot.edges.filter(
    (e) => e.rejection === 'domain-mismatch' && exporterOf(index, e)?.segment === segment,
  );
}

function rejectionText(edges: PeeringEdge[]): string {
  if (edges.length === 0)
    return 'a member of this segment is rejected (HostnameMismatch) by every peer that holds another domain';
  return `peers are rejected (HostnameMismatch): ${joinList(
    edges.map((e) => `${e.from} does not discover ${e.to}`),
  )}`;
}

const membersText = (members: string[]) =>
  members.length === 1
    ? `its member ${members.join('')} uses`
    : `its members ${joinList(members)} use`;

/** The members' own domain is the one to keep: changing it would change their hostnames. */
function fixOf(index: FleetIndex, summary: SegmentSummary, uses: DomainUse[]): string {
  const kept = summary.members.length > 0 ? agreedDomain(index, summary.name) : undefined;
  if (kept !== undefined) {
    const others = sorted(uses.filter((u) => u.domain !== kept).flatMap((u) => u.clusters));
    return (
      `Set spec.domain of Segment "${summary.name}" to "${kept}" in ${joinList(others)} ` +
      `(the domain ${membersText(summary.members)}), so every cluster holds the same domain.`
    );
  }
  return (
    `Choose one domain for Segment "${summary.name}" and set it in every cluster that holds it ` +
    `(now ${joinList(uses.map(describeUse))}).`
  );
}

function draft(index: FleetIndex, summary: SegmentSummary): FindingDraft {
  const uses = domainUses(summary);
  const [first, ...rest] = uses;
  const edges = mismatches(index, summary.name);
  const clusters = [
    ...summary.domains.map((d) => d.cluster),
    ...edges.flatMap((e) => [e.from, e.to]),
  ];
  return {
    code: 'SEG202',
    message:
      `Segment "${summary.name}" has domain ${first ? describeUse(first) : ''} but ` +
      `${joinList(rest.map(describeUse))}; ${rejectionText(edges)}.`,
    clusters,
    objects: [...summary.domains.map((d) => d.ref), ...edges.map((e) => e.gateway)],
    fix: fixOf(index, summary, uses),
    related: [
      ...statusRelatedToDomains(index, summary.name),
      // A cluster lacking the Segment altogether is told which domain to apply (SEG201).
      ...(index.snapshot.clusters.some((c) => seg201Segments(index, c).has(summary.name))
        ? (['SEG201'] as const)
        : []),
      // SEG206 tells a cluster lacking the Segment to apply it with the domain settled here.
      ...(oneSidedSegments(index.snapshot).has(summary.name) ? (['SEG206'] as const) : []),
      ...(staleBecauseOf(index.snapshot, 'SEG202', undefined, summary.name)
        ? (['HOST505'] as const)
        : []),
    ],
  };
}

/**
 * SEG202: one segment name with different domains across the fleet; istiod rejects such peers
 * with HostnameMismatch (reference.md §2.1.3, §5.2 "Segment assignment"). One finding per segment
 * name, whether or not a peering is rejected yet.
 */
export function domainDivergence(snapshot: FleetSnapshot): FindingDraft[] {
  const index = indexFleet(snapshot);
  return snapshot.segments.filter(hasDivergentDomains).map((s) => draft(index, s));
}
