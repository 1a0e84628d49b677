import type { FindingCode } from '../catalogue';
import type { Detector, FindingDraft } from '../finding';
import type { ObjectRef } from '../../model/objects';
import type { FleetSnapshot, GlobalServiceView, ServiceModel } from '../../model/snapshot';
import { joinList, present, type ServiceIndex, serviceIndex, serviceName, sorted } from './common';
import {
  appDiff,
  appSignature,
  type DefinitionDiff,
  definitionDiff,
  definitionSignature,
  outliers,
} from './definitions';

/** One global service as one or more viewers see it, with the same copies (SVC407, SVC408). */
interface Aggregate {
  hostname: string;
  refs: readonly ObjectRef[];
  copies: ServiceModel[];
  viewers: string[];
  definition: DefinitionDiff;
  app: string[];
  /** Some viewer merges copies from clusters that are not peered with each other (SVC413). */
  transitive: boolean;
  /** The clusters of its copies. */
  members: ReadonlySet<string>;
}

/** A middle cluster merging copies of unpeered clusters (SVC413). */
interface Transitive {
  view: GlobalServiceView;
  aggregate: Aggregate;
  unpeered: [string, string][];
}

interface Aggregates {
  aggregates: Aggregate[];
  transitive: Transitive[];
}

const cache = new WeakMap<FleetSnapshot, Aggregates>();

function sameCopies(a: readonly ObjectRef[], b: readonly ObjectRef[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i]!.cluster !== b[i]!.cluster) return false;
  return true;
}

/**
 * The unpeered pairs among a view's contributors other than its viewer. Only pairs of the
 * viewer's peers that are not peered with each other can qualify (`peerGaps`, once per viewer),
 * so a viewer whose peers are all peered costs nothing per view.
 */
function unpeeredIn(
  view: GlobalServiceView,
  members: ReadonlySet<string>,
  index: ServiceIndex,
): [string, string][] {
  const gaps = index.peerGaps(view.viewer);
  if (gaps.length === 0) return [];
  const others = members.has(view.viewer) ? members.size - 1 : members.size;
  if (others < 2) return [];
  // Gaps are pairs of the viewer's own peers, so the viewer is never part of one.
  if (gaps.length <= others * others) {
    const out: [string, string][] = [];
    for (const [a, b] of gaps) if (members.has(a) && members.has(b)) out.push([a, b]);
    return out;
  }
  const list = view.contributors.filter((c) => c !== view.viewer);
  const out: [string, string][] = [];
  for (let i = 0; i < list.length; i++) {
    const near = index.neighbours(list[i]!);
    for (let j = i + 1; j < list.length; j++) {
      if (!near.has(list[j]!)) out.push([list[i]!, list[j]!].sort() as [string, string]);
    }
  }
  return out;
}

/**
 * Every view with at least two contributors, grouped by hostname and set of copies so that an
 * aggregate several viewers share is judged once; and, per viewer, the pairs of contributing
 * peers that are not peered with each other (README §2 aggregation). Allocates only per
 * distinct aggregate, not per view.
 */
function aggregatesOf(snapshot: FleetSnapshot): Aggregates {
  const hit = cache.get(snapshot);
  if (hit) return hit;
  const index = serviceIndex(snapshot);
  const byHost = new Map<string, Aggregate[]>();
  const aggregates: Aggregate[] = [];
  const transitive: Transitive[] = [];
  for (const view of snapshot.views) {
    if (view.copies.length < 2) continue;
    let list = byHost.get(view.hostname);
    if (!list) byHost.set(view.hostname, (list = []));
    let aggregate = list.find((a) => sameCopies(a.refs, view.copies));
    if (!aggregate) {
      const copies = view.copies.map((c) => index.serviceOf(c)).filter(present);
      aggregate = {
        hostname: view.hostname,
        refs: view.copies,
        copies,
        viewers: [],
        definition: definitionDiff(copies),
        app: appDiff(copies),
        transitive: false,
        members: new Set(view.copies.map((c) => c.cluster)),
      };
      list.push(aggregate);
      aggregates.push(aggregate);
    }
    aggregate.viewers.push(view.viewer);
    const unpeered = unpeeredIn(view, aggregate.members, index);
    if (unpeered.length === 0) continue;
    aggregate.transitive = true;
    transitive.push({ view, aggregate, unpeered });
  }
  const result = { aggregates, transitive };
  cache.set(snapshot, result);
  return result;
}

const related = (entries: [FindingCode, boolean][]): FindingCode[] =>
  entries.filter(([, on]) => on).map(([code]) => code);

const segmentMove = (clusters: string[]) =>
  `move ${joinList(clusters)} into ${clusters.length === 1 ? 'its' : 'their'} own segment (apply the new Segment to every cluster first, then label istio-system in ${joinList(clusters)} admin.solo.io/segment=<segment>) so ${clusters.length === 1 ? 'its copy gets' : 'their copies get'} a hostname of ${clusters.length === 1 ? 'its' : 'their'} own`;

const segmentSplit = (clusters: string[]) =>
  `put ${joinList(clusters)} into separate segments (apply every Segment to every cluster first, then label each istio-system admin.solo.io/segment=<segment>) so each copy gets a hostname of its own`;

const merges = (a: Aggregate) =>
  `It merges Service ${serviceName(a.copies[0]!)} from ${joinList(sorted(a.copies.map((s) => s.cluster)))}, as seen in ${joinList(sorted(a.viewers))}.`;

const clustersOf = (a: Aggregate) => [...a.viewers, ...a.copies.map((s) => s.cluster)];

/** An AuthorizationPolicy with HTTP rules applies to this copy's workloads or to the Service itself. */
function l7Policied(snapshot: FleetSnapshot, copy: ServiceModel): boolean {
  const cluster = snapshot.clusters.find((c) => c.context === copy.cluster);
  return (cluster?.authorizationPolicies ?? []).some(
    (p) =>
      p.l7 &&
      p.namespace === copy.namespace &&
      (p.targetServices.includes(copy.name) ||
        (p.targetServices.length === 0 &&
          Object.entries(p.selector ?? {}).every(([k, v]) => copy.selector[k] === v))),
  );
}

/**
 * SVC407 is an error only when a protocol conflict forces TCP, which happens in a viewer with no
 * copy of its own, on a service that L7 policy depends on (reference.md §2.5.1, §5.2).
 */
function breaksL7Policy(snapshot: FleetSnapshot, a: Aggregate): boolean {
  if (!a.definition.protocolConflict) return false;
  const owners = new Set(a.copies.map((c) => c.cluster));
  return a.viewers.some((v) => !owners.has(v)) && a.copies.some((c) => l7Policied(snapshot, c));
}

/**
 * SVC407 (inconsistent definition in an aggregate, reference.md §1, §2.5.1, §5.2): the copies
 * behind one hostname differ in type, headless addressing, port numbers, names or protocols.
 * Error when a protocol conflict forces TCP on an L7-policied service (see breaksL7Policy).
 */
export const inconsistentDefinition: Detector = (snapshot) =>
  aggregatesOf(snapshot).aggregates.flatMap((a): FindingDraft[] => {
    if (a.definition.parts.length === 0) return [];
    const { reference, others, tie } = outliers(a.copies, definitionSignature);
    const name = serviceName(a.copies[0]!);
    const all = sorted(a.copies.map((s) => s.cluster));
    const links = related([
      ['SVC408', a.app.length > 0],
      ['SVC413', a.transitive],
    ]);
    return [
      {
        code: 'SVC407',
        severity: breaksL7Policy(snapshot, a) ? 'error' : 'warning',
        message: `Aggregated service ${a.hostname} has ${a.definition.parts.join('; ')}. ${merges(a)}${
          breaksL7Policy(snapshot, a)
            ? ' A viewer without its own copy falls back to TCP for the conflicting port, so L7 authorization rules on it no longer match.'
            : ''
        }`,
        clusters: clustersOf(a),
        objects: a.copies.map((s) => s.ref),
        fix: tie
          ? `Align the copies of Service ${name} in ${joinList(all)} (type, ports, port names and protocols), or, if they are different apps, ${segmentSplit(all)}.`
          : `Align Service ${name} in ${joinList(others)} with its ${reference.length === 1 ? 'copy' : 'copies'} in ${joinList(reference)} (type, ports, port names and protocols), or, if it is a different app, ${segmentMove(others)}.`,
        ...(links.length ? { related: links } : {}),
      },
    ];
  });

/**
 * SVC408 (likely unrelated apps aggregated, reference.md §4, §5.2): the copies behind one
 * hostname have different selectors or disagree on an owner label (`app.kubernetes.io/part-of`,
 * `team`, `owner`, ...; a label only some copies carry is not a disagreement).
 */
export const unrelatedApps: Detector = (snapshot) =>
  aggregatesOf(snapshot).aggregates.flatMap((a): FindingDraft[] => {
    if (a.app.length === 0) return [];
    const { reference, others, tie } = outliers(a.copies, appSignature);
    const name = serviceName(a.copies[0]!);
    const all = sorted(a.copies.map((s) => s.cluster));
    const links = related([
      ['SVC407', a.definition.parts.length > 0],
      ['SVC413', a.transitive],
    ]);
    return [
      {
        code: 'SVC408',
        message: `Aggregated service ${a.hostname} merges Services that look like different apps: ${a.app.join('; ')}. ${merges(a)}`,
        clusters: clustersOf(a),
        objects: a.copies.map((s) => s.ref),
        fix: tie
          ? `If the copies of Service ${name} in ${joinList(all)} are different apps, ${segmentSplit(all)}; if they are the same app, align their selectors and owner labels.`
          : `If Service ${name} in ${joinList(others)} is not the app in ${joinList(reference)}, ${segmentMove(others)}; if it is the same app, align its selector and owner labels.`,
        ...(links.length ? { related: links } : {}),
      },
    ];
  });

/**
 * SVC413 (transitive conflict at a middle cluster, README §2, reference.md §4.3): in viewer M,
 * one hostname merges copies from peers that are not peered with each other in either
 * direction, so only M sees this aggregate. Error when the copies' definitions differ (SVC407).
 */
export const transitiveConflict: Detector = (snapshot) => {
  const index = serviceIndex(snapshot);
  return aggregatesOf(snapshot).transitive.map(({ view, aggregate, unpeered }): FindingDraft => {
    const middle = view.viewer;
    const apart = sorted(unpeered.flat());
    const gateways: ObjectRef[] = apart.map((c) => index.edge(middle, c)?.gateway).filter(present);
    const differ = aggregate.definition.parts.length > 0;
    const pairs =
      unpeered.length === 1
        ? joinList(unpeered[0]!)
        : joinList(unpeered.map(([a, b]) => `${a}/${b}`));
    const links = related([
      ['SVC407', differ],
      ['SVC408', aggregate.app.length > 0],
    ]);
    return {
      code: 'SVC413',
      severity: differ ? 'error' : 'warning',
      message: `In ${middle}, ${view.hostname} merges copies of Service ${view.namespace}/${view.name} from ${joinList(view.contributors)}, but ${pairs} are not peered with each other in either direction, so ${joinList(apart)} never see this merge.${differ ? ` The copies differ: ${aggregate.definition.parts.join('; ')}.` : ''}`,
      clusters: [middle, ...view.contributors],
      // Primary object: the middle cluster's own copy, else its gateway to one side.
      objects: [
        ...aggregate.copies.filter((s) => s.cluster === middle).map((s) => s.ref),
        ...gateways,
        ...aggregate.copies.filter((s) => s.cluster !== middle).map((s) => s.ref),
      ],
      fix: `Put ${unpeered.length === 1 ? pairs : `the clusters of each unpeered pair (${pairs})`} into separate segments (apply every Segment to every cluster, ${middle} included, then label each istio-system admin.solo.io/segment=<segment>) so ${middle} sees one hostname per segment, or peer ${unpeered.length === 1 ? 'them' : 'each pair'} in both directions if they run the same app.`,
      ...(links.length ? { related: links } : {}),
    };
  });
};
