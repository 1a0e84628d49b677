import {
  type ClusterModel,
  DEFAULT_SEGMENT,
  type FleetSnapshot,
  type SegmentDef,
} from '../../model/snapshot';
import type { FindingDraft } from '../finding';
import {
  agreedDomain,
  type FleetIndex,
  hasDivergentDomains,
  indexFleet,
  joinList,
  present,
  seg201Segments,
  sorted,
  systemSegments,
  unusedSegmentNames,
} from './common';

/** A Segment one cluster of the pair holds and the other lacks. */
interface OneSided {
  def: SegmentDef;
  holder: ClusterModel;
  lacking: ClusterModel;
}

/** Pairs of readable fleet clusters joined by a peering in either direction, each once. */
function peeredPairs(index: FleetIndex): [ClusterModel, ClusterModel][] {
  const pairs = new Map<string, [ClusterModel, ClusterModel]>();
  for (const edge of index.snapshot.edges) {
    if (!edge.managed) continue;
    const [a, b] = [edge.from, edge.to].sort((x, y) => x.localeCompare(y));
    const ca = a === undefined ? undefined : index.cluster(a);
    const cb = b === undefined ? undefined : index.cluster(b);
    if (!ca || !cb || !ca.reachable || !cb.reachable) continue;
    // Without the Segment API a cluster can hold no Segment: SEG209 says so.
    if (ca.segmentApis.length === 0 || cb.segmentApis.length === 0) continue;
    pairs.set(`${a}\u0000${b}`, [ca, cb]);
  }
  return [...pairs.values()];
}

/**
 * Segments held on one side only. Domain differences are SEG202's, and a Segment SEG201 already
 * tells the lacking cluster to apply is left out here.
 */
function oneSided(index: FleetIndex, holder: ClusterModel, lacking: ClusterModel): OneSided[] {
  const lacked = new Set(systemSegments(lacking).map((s) => s.name));
  const toldBySeg201 = seg201Segments(index, lacking);
  return systemSegments(holder)
    .filter((def) => def.name !== DEFAULT_SEGMENT && !lacked.has(def.name))
    .filter((def) => !toldBySeg201.has(def.name))
    .map((def) => ({ def, holder, lacking }));
}

/** What to apply: the segment's agreed domain, which may differ from this holder's (SEG202). */
function applyText(index: FleetIndex, d: OneSided): string {
  const domain = agreedDomain(index, d.def.name);
  return domain
    ? `Segment "${d.def.name}" (domain ${domain}) to ${d.lacking.context}`
    : `Segment "${d.def.name}" to ${d.lacking.context} with the one domain SEG202 settles on`;
}

function draft(
  index: FleetIndex,
  a: ClusterModel,
  b: ClusterModel,
  diffs: OneSided[],
): FindingDraft {
  const ordered = [...diffs].sort(
    (x, y) =>
      x.def.name.localeCompare(y.def.name) || x.holder.context.localeCompare(y.holder.context),
  );
  const held = ordered.map((d) => `"${d.def.name}" (${d.def.domain}) only in ${d.holder.context}`);
  const applies = sorted(ordered.map((d) => applyText(index, d)));
  const divergent = ordered.some((d) => hasDivergentDomains(index.summary(d.def.name)));
  // A Segment no cluster uses (SEG205) may rather be deleted than applied everywhere.
  const unusedNames = unusedSegmentNames(index.snapshot);
  const unused = sorted(ordered.map((d) => d.def.name).filter((n) => unusedNames.has(n)));
  const gateways = [index.edge(a.context, b.context), index.edge(b.context, a.context)]
    .filter(present)
    .map((e) => e.gateway);
  return {
    code: 'SEG206',
    message:
      `Peered clusters ${a.context} and ${b.context} hold different Segments: ${joinList(held)}; ` +
      `a cluster that lacks one of these Segments rejects every peer assigned to it.`,
    clusters: [a.context, b.context],
    objects: [...ordered.map((d) => d.def.ref), ...gateways],
    fix:
      `Apply the same Segments to both: apply ${joinList(applies)}` +
      (unused.length
        ? `; or delete ${joinList(unused.map((n) => `Segment "${n}"`))} from every cluster ` +
          `if no cluster needs ${unused.length === 1 ? 'it' : 'them'} (SEG205).`
        : '.'),
    ...(divergent || unused.length
      ? {
          related: [
            ...(divergent ? (['SEG202'] as const) : []),
            ...(unused.length ? (['SEG205'] as const) : []),
          ],
        }
      : {}),
  };
}

/** Segments held on one side of a peered pair, which SEG206 reports (SEG202 links back). */
const oneSidedCache = new WeakMap<FleetSnapshot, ReadonlySet<string>>();

export function oneSidedSegments(snapshot: FleetSnapshot): ReadonlySet<string> {
  const hit = oneSidedCache.get(snapshot);
  if (hit) return hit;
  const index = indexFleet(snapshot);
  const names = new Set(
    peeredPairs(index).flatMap(([a, b]) =>
      [...oneSided(index, a, b), ...oneSided(index, b, a)].map((d) => d.def.name),
    ),
  );
  oneSidedCache.set(snapshot, names);
  return names;
}

/**
 * SEG206: peered clusters hold different Segment sets, even where not yet used; the docs apply
 * every Segment to every peered cluster (reference.md §3.2, §5.2 "Segment assignment"). One
 * finding per pair of clusters.
 */
export function divergentSegmentSets(snapshot: FleetSnapshot): FindingDraft[] {
  const index = indexFleet(snapshot);
  return peeredPairs(index).flatMap(([a, b]) => {
    const diffs = [...oneSided(index, a, b), ...oneSided(index, b, a)];
    return diffs.length ? [draft(index, a, b, diffs)] : [];
  });
}
