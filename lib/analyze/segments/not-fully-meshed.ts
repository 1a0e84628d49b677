import { DEFAULT_SEGMENT, type FleetSnapshot, type SegmentSummary } from '../../model/snapshot';
import type { FindingDraft } from '../finding';
import { peerLinks } from '../peering/links';
import { oneWayPairs } from '../peering/topology';
import { type FleetIndex, indexFleet, joinList, present, systemSegment } from './common';

/** Two members and the directions in which neither peer gateway exists. */
interface Gap {
  a: string;
  b: string;
  /** `a` holds no peer gateway for `b`. */
  aToB: boolean;
  bToA: boolean;
}

function gapsOf(index: FleetIndex, members: string[]): Gap[] {
  const gaps: Gap[] = [];
  members.forEach((a, i) => {
    for (const b of members.slice(i + 1)) {
      const aToB = !index.edge(a, b);
      const bToA = !index.edge(b, a);
      if (aToB || bToA) gaps.push({ a, b, aToB, bToA });
    }
  });
  return gaps;
}

function gapText({ a, b, aToB, bToA }: Gap): string {
  if (aToB && bToA) return `${a} and ${b} are not peered`;
  return aToB ? `${a} has no peer gateway for ${b}` : `${b} has no peer gateway for ${a}`;
}

/** `istioctl multicluster link --from X --to Y` gives X a peer gateway for Y (reference.md §2.3.5). */
function linkCommand({ a, b, aToB, bToA }: Gap): string {
  if (aToB && bToA) return `istioctl multicluster link --contexts=${a},${b}`;
  const [from, to] = aToB ? [a, b] : [b, a];
  return `istioctl multicluster link --from ${from} --to ${to} (a peer gateway for ${to} in ${from})`;
}

function draft(
  index: FleetIndex,
  summary: SegmentSummary,
  gaps: Gap[],
  asymmetric: Set<string>,
): FindingDraft {
  const involved = [...new Set(gaps.flatMap((g) => [g.a, g.b]))];
  const oneWay = gaps
    .filter((g) => g.aToB !== g.bToA)
    .map((g) => (g.aToB ? index.edge(g.b, g.a) : index.edge(g.a, g.b))?.gateway);
  return {
    code: 'SEG208',
    message:
      `Members of segment "${summary.name}" are not all peered both ways: ` +
      `${gaps.map(gapText).join('; ')}; services of one member do not reach every other member.`,
    clusters: involved,
    objects: [
      ...involved
        .map((c) => index.cluster(c))
        .filter(present)
        .map((c) => systemSegment(c, summary.name)?.ref),
      ...oneWay,
    ].filter(present),
    fix: `Link them: run ${joinList(gaps.map(linkCommand))}.`,
    // A direction missing where the other exists is also PEER305's asymmetric peering.
    ...(gaps.some(
      (g) => asymmetric.has(`${g.a}\u0000${g.b}`) || asymmetric.has(`${g.b}\u0000${g.a}`),
    )
      ? { related: ['PEER305' as const] }
      : {}),
  };
}

/**
 * SEG208: members of one segment must peer with each other directly, both ways, since export is
 * not transitive (reference.md §5.2 "Segment assignment", README §2). One finding per segment.
 */
export function segmentNotFullyMeshed(snapshot: FleetSnapshot): FindingDraft[] {
  const index = indexFleet(snapshot);
  const asymmetric = oneWayPairs(peerLinks(snapshot));
  return snapshot.segments.flatMap((summary) => {
    if (summary.name === DEFAULT_SEGMENT) return [];
    const gaps = gapsOf(index, summary.members);
    return gaps.length ? [draft(index, summary, gaps, asymmetric)] : [];
  });
}
