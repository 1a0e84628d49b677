import { DOMAIN_PROBLEM_TEXT, domainProblem } from '../names';
import {
  type ClusterModel,
  DEFAULT_DOMAIN,
  DEFAULT_SEGMENT,
  type FleetSnapshot,
  type SegmentDef,
  SYSTEM_NAMESPACE,
} from '../model/snapshot';
import type { FindingCode } from './catalogue';
import type { Detector, FindingDraft } from './finding';
import { collidingDomains } from './hostnames/collisions';
import { tooLongFromInvalidDomain } from './hostnames/length';
import {
  agreedDomain,
  fallsBackFrom,
  indexFleet,
  joinList,
  keeperOf,
  moveFix,
  present,
  quotedList,
  seg201Segments,
  sorted,
} from './segments/common';

/** Every copy of one Segment (same namespace, name and domain) across the fleet. */
interface SegmentGroup {
  namespace: string;
  name: string;
  domain: string;
  defs: SegmentDef[];
}

const clustersOf = (group: SegmentGroup) => sorted(group.defs.map((d) => d.ref.cluster));

/** `Segment istio-system/dev`. */
const segmentText = (g: Pick<SegmentGroup, 'namespace' | 'name'>) =>
  `Segment ${g.namespace}/${g.name}`;

function groupSegments(
  snapshot: FleetSnapshot,
  keep: (def: SegmentDef) => boolean,
): SegmentGroup[] {
  const groups = new Map<string, SegmentGroup>();
  for (const def of snapshot.clusters.flatMap((c) => c.segments).filter(keep)) {
    const key = `${def.namespace}\u0000${def.name}\u0000${def.domain}`;
    const group = groups.get(key) ?? {
      namespace: def.namespace,
      name: def.name,
      domain: def.domain,
      defs: [],
    };
    group.defs.push(def);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/** `dev.mesh` for segment `dev`, when that is a usable domain. */
function suggestedDomain(name: string, avoid: string): string | undefined {
  const candidate = `${name}.mesh`;
  return candidate !== avoid && !domainProblem(candidate) && candidate !== DEFAULT_DOMAIN
    ? candidate
    : undefined;
}

const example = (name: string, avoid: string) => {
  const domain = suggestedDomain(name, avoid);
  return domain ? ` (for example ${domain})` : '';
};

/** SEG101: a domain the Segment CRD or istiod's webhook rejects (reference.md §2.1.2, §5.2). */
function invalidDomain(snapshot: FleetSnapshot): FindingDraft[] {
  return groupSegments(snapshot, (d) => domainProblem(d.domain) !== undefined).map((g) => {
    const problem = domainProblem(g.domain) ?? 'empty';
    const clusters = clustersOf(g);
    // Its generated hostnames break DNS limits (HOST504): the same domain to change.
    const tooLong =
      g.namespace === SYSTEM_NAMESPACE &&
      tooLongFromInvalidDomain(snapshot).has(`${g.name}\u0000${g.domain}`);
    return {
      code: 'SEG101',
      message:
        `${segmentText(g)} in ${joinList(clusters)} has domain "${g.domain}", which ` +
        `${DOMAIN_PROBLEM_TEXT[problem]}; istiod's webhook rejects it and no valid hostname ` +
        `<svc>.<ns>.<domain> can be built from it.`,
      clusters,
      objects: g.defs.map((d) => d.ref),
      fix:
        `Set spec.domain of ${segmentText(g)} in ${joinList(clusters)} to a lower-case DNS name ` +
        `of at most 63 characters${example(g.name, g.domain)}.`,
      ...(tooLong ? { related: ['HOST504' as const] } : {}),
    };
  });
}

interface Reservation {
  reason: string;
  clusters: ClusterModel[];
}

const isClusterDomain = (domain: string) =>
  domain === 'cluster.local' || domain.endsWith('.cluster.local');

function reservation(domain: string, fleet: ClusterModel[]): Reservation | undefined {
  if (domain === DEFAULT_DOMAIN)
    return {
      reason: `it is reserved for the implicit default segment (istiod's webhook rejects it)`,
      clusters: [],
    };
  if (isClusterDomain(domain))
    return {
      reason:
        `it is under the Kubernetes cluster domain "cluster.local", where hostnames clash with ` +
        `cluster-local Service names (<svc>.<ns>.svc.cluster.local)`,
      clusters: [],
    };
  const suffixOf = fleet.filter((c) => c.reachable && c.defaultDomain === domain);
  if (suffixOf.length === 0) return undefined;
  return {
    reason:
      `it is the default-segment domain (PEERING_DISCOVERY_SUFFIX) of ` +
      `${joinList(suffixOf.map((c) => c.context))}, so its hostnames collide with that default segment's`,
    clusters: suffixOf,
  };
}

/** SEG102: `mesh.internal`, a default-segment suffix or `cluster.local` as a domain (reference.md §2.1.2, §5.2). */
function reservedDomain(snapshot: FleetSnapshot): FindingDraft[] {
  return groupSegments(snapshot, (d) => !domainProblem(d.domain)).flatMap((g) => {
    const reserved = reservation(g.domain, snapshot.clusters);
    if (!reserved) return [];
    const holders = clustersOf(g);
    const collides = collidingDomains(snapshot).get(g.domain)?.has(g.name) ?? false;
    return [
      {
        code: 'SEG102',
        message: `${segmentText(g)} in ${joinList(holders)} has domain "${g.domain}": ${reserved.reason}.`,
        clusters: [...holders, ...reserved.clusters.map((c) => c.context)],
        objects: [
          ...g.defs.map((d) => d.ref),
          ...reserved.clusters.flatMap((c) => (c.istiod ? [c.istiod] : [])),
        ],
        fix:
          `Change spec.domain of ${segmentText(g)} in ${joinList(holders)} to a domain of its own` +
          `${example(g.name, g.domain)}: not ${DEFAULT_DOMAIN}, cluster.local or a default-segment suffix.`,
        // Its global services then share hostnames with the default segment's (HOST501).
        ...(collides ? { related: ['HOST501' as const] } : {}),
      },
    ];
  });
}

/** SEG103: a Segment named `default`, which the webhook rejects (reference.md §2.1.2, §2.1.5). */
function reservedName(snapshot: FleetSnapshot): FindingDraft[] {
  const defs = snapshot.clusters
    .flatMap((c) => c.segments)
    .filter((d) => d.name === DEFAULT_SEGMENT);
  const byNamespace = new Map<string, SegmentDef[]>();
  for (const d of defs) byNamespace.set(d.namespace, [...(byNamespace.get(d.namespace) ?? []), d]);
  return [...byNamespace].map(([namespace, group]) => {
    const clusters = sorted(group.map((d) => d.ref.cluster));
    const where = segmentText({ namespace, name: DEFAULT_SEGMENT });
    return {
      code: 'SEG103',
      message:
        `${where} in ${joinList(clusters)} uses the reserved name "${DEFAULT_SEGMENT}"; istiod's ` +
        `webhook rejects it, and the default segment is implicit (its domain is ` +
        `PEERING_DISCOVERY_SUFFIX, ${DEFAULT_DOMAIN} when unset).`,
      clusters,
      objects: group.map((d) => d.ref),
      fix:
        `Delete ${where} from ${joinList(clusters)}; leave clusters meant for the default ` +
        `segment unlabelled and give any other segment a Segment with another name.`,
    };
  });
}

function holdsInSystem(snapshot: FleetSnapshot, def: SegmentDef): boolean {
  const cluster = snapshot.clusters.find((c) => c.context === def.ref.cluster);
  return (cluster?.segments ?? []).some(
    (s) => s.namespace === SYSTEM_NAMESPACE && s.name === def.name && s.domain === def.domain,
  );
}

/** SEG104: a Segment istiod ignores because it is not in istio-system (reference.md §2.1.1). */
function outsideSystemNamespace(snapshot: FleetSnapshot): FindingDraft[] {
  const index = indexFleet(snapshot);
  return groupSegments(snapshot, (d) => d.namespace !== SYSTEM_NAMESPACE).map((g) => {
    const clusters = clustersOf(g);
    const redundant = g.defs.every((d) => holdsInSystem(snapshot, d));
    const holders = clusters.map((c) => index.cluster(c)).filter(present);
    // What the ignored copy leaves undone: peers not discovered (SEG201), the label unmet (SEG203).
    const related: FindingCode[] = [
      ...(holders.some((c) => seg201Segments(index, c).has(g.name)) ? (['SEG201'] as const) : []),
      ...(holders.some((c) => fallsBackFrom(c, g.name)) ? (['SEG203'] as const) : []),
    ];
    const domain = agreedDomain(index, g.name) ?? g.domain;
    return {
      code: 'SEG104',
      message:
        `${segmentText(g)} (domain ${g.domain}) in ${joinList(clusters)} is outside ` +
        `${SYSTEM_NAMESPACE}; istiod only reads Segments in ${SYSTEM_NAMESPACE}, so it is ignored.`,
      clusters,
      objects: g.defs.map((d) => d.ref),
      fix: redundant
        ? `Delete ${segmentText(g)} from ${joinList(clusters)}; ${SYSTEM_NAMESPACE} already holds ` +
          `Segment "${g.name}" with the same domain.`
        : `${moveFix(joinList(clusters), g.name, domain, g.defs.slice(0, 1))}.`,
      ...(related.length ? { related } : {}),
    };
  });
}

/** SEG105: distinct segments with one domain produce duplicate hostnames (reference.md §5.2). */
function sharedDomain(snapshot: FleetSnapshot): FindingDraft[] {
  const byDomain = new Map<string, SegmentDef[]>();
  for (const def of snapshot.clusters.flatMap((c) => c.segments)) {
    if (def.namespace !== SYSTEM_NAMESPACE) continue;
    byDomain.set(def.domain, [...(byDomain.get(def.domain) ?? []), def]);
  }
  return [...byDomain].flatMap(([domain, defs]) => {
    const names = sorted(defs.map((d) => d.name));
    if (names.length < 2) return [];
    const holders = (name: string) =>
      sorted(defs.filter((d) => d.name === name).map((d) => d.ref.cluster));
    const keeper = keeperOf(names, snapshot);
    // Global services of these segments then collide under one hostname (HOST501).
    const related = collidingDomains(snapshot).has(domain) ? { related: ['HOST501' as const] } : {};
    const others = names.filter((n) => n !== keeper);
    const changes = others.map(
      (n) => `Segment "${n}" in ${joinList(holders(n))}${example(n, domain)}`,
    );
    return [
      {
        code: 'SEG105',
        message:
          `Segments ${joinList(names.map((n) => `"${n}" (${joinList(holders(n))})`))} share ` +
          `domain "${domain}"; their services get the same hostnames <svc>.<ns>.${domain} from ` +
          `separate ServiceEntries.`,
        clusters: defs.map((d) => d.ref.cluster),
        objects: defs.map((d) => d.ref),
        fix:
          `Keep "${domain}" for segment "${keeper}" and give ${quotedList(others)} a domain of ` +
          `${others.length === 1 ? 'its' : 'their'} own: change spec.domain of ${joinList(changes)}.`,
        ...related,
      },
    ];
  });
}

/** Segment definition checks: SEG101–SEG105 (reference.md §2.1, §5.2 "Segment definitions"). */
export const segmentDefinitionsDetectors: Detector[] = [
  invalidDomain,
  reservedDomain,
  reservedName,
  outsideSystemNamespace,
  sharedDomain,
];
