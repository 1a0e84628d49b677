/**
 * Fixes of the findings whose fix is mechanical (issue 13 §1): SEG201 applies the missing Segment,
 * SEG203 creates the segment where it must be held (or corrects the label), SEG202 sets the domain
 * the user picked everywhere, SEG104 moves a Segment into istio-system. Pure.
 */
import type { Finding } from '../analyze';
import { agreedDomain, indexFleet } from '../analyze/segments/common';
import { findingKey as urlKeyOf } from '../graph/finding-key';
import { refKey } from '../model/objects';
import { DEFAULT_SEGMENT, SYSTEM_NAMESPACE } from '../model/snapshot';
import { type ProposedChange, segmentDomainProblem } from './changes';
import { clusterProblem, domainTaken, nameConflicts } from './fleet-checks';
import { type RequiredHolder, requiredHolders } from './holders';
import type { FieldError, Intent } from './intent';
import {
  ensureSegment,
  holdsInSystem,
  isErrors,
  moveCluster,
  type Outcome,
  type PlannerFleet,
  segmentUses,
  writable,
} from './intent-changes';

type FixIntent = Extract<Intent, { type: 'fix' }>;

const segmentNamesOf = (f: Finding) =>
  f.objects.filter((o) => o.kind === 'Segment').map((o) => o.name);

/** A user-given domain for a segment: valid, free, and not in conflict with existing copies. */
function givenDomain(fleet: PlannerFleet, name: string, domain: string): FieldError[] {
  const problem = segmentDomainProblem(domain);
  if (problem) return [{ path: 'domain', message: problem }];
  const uses = segmentUses(fleet.snapshot);
  const taken = domainTaken(uses, name, domain);
  return [
    ...(taken ? [{ path: 'domain', message: taken }] : []),
    ...nameConflicts(uses, name, domain).map((e) => ({ ...e, path: 'domain' })),
  ];
}

function fixPeerMissing(f: Finding, intent: FixIntent, fleet: PlannerFleet): Outcome {
  const index = indexFleet(fleet.snapshot);
  // SEG201 names the viewer's peer gateways first: their edges say who lacks what.
  const gateways = new Set(f.objects.filter((o) => o.kind === 'Gateway').map(refKey));
  const edges = fleet.snapshot.edges.filter(
    (e) => e.rejection === 'segment-missing' && gateways.has(refKey(e.gateway)),
  );
  const viewer = edges[0]?.from;
  const segment = index.cluster(edges[0]?.to ?? '')?.segment;
  if (!viewer || !segment) return [{ path: 'finding', message: 'the finding names no peer' }];
  const peers = [...new Set(edges.map((e) => e.to))].sort();
  const domain = intent.domain ?? agreedDomain(index, segment);
  if (!domain)
    return [
      {
        path: 'domain',
        message: `Segment "${segment}" has several domains (SEG202): pick the one to apply`,
      },
    ];
  if (intent.domain !== undefined) {
    const errors = givenDomain(fleet, segment, domain);
    if (errors.length) return errors;
  }
  const holders: RequiredHolder[] = [
    {
      cluster: viewer,
      role: 'peer',
      peersWith: peers,
      reason: `peers with ${peers.join(', ')} in segment "${segment}" and lacks its Segment (SEG201)`,
    },
  ];
  const segmentChange = ensureSegment(fleet, segment, domain, holders, 'finding');
  return isErrors(segmentChange) ? segmentChange : { changes: segmentChange, holders };
}

function fixAssignedMissing(f: Finding, intent: FixIntent, fleet: PlannerFleet): Outcome {
  const index = indexFleet(fleet.snapshot);
  const cluster = index.cluster(f.clusters[0] ?? '');
  const name = cluster?.segmentLabel;
  if (!cluster || !name) return [{ path: 'finding', message: 'the finding names no cluster' }];
  if (intent.relabel !== undefined)
    return moveCluster(
      { cluster: cluster.context, segment: intent.relabel ?? DEFAULT_SEGMENT },
      fleet,
      { cluster: 'finding', segment: 'relabel' },
    );
  const misplaced = cluster.segments.filter((s) => s.name === name);
  const domain =
    intent.domain ??
    agreedDomain(index, name) ??
    (misplaced.length === 1 ? misplaced[0]?.domain : undefined);
  if (!domain)
    return [
      {
        path: 'domain',
        message: `no cluster holds Segment "${name}" with one domain: give the domain to create it with, or relabel ${cluster.context}`,
      },
    ];
  if (intent.domain !== undefined) {
    const errors = givenDomain(fleet, name, domain);
    if (errors.length) return errors;
  }
  const holders = requiredHolders(name, [cluster.context], fleet.snapshot.edges);
  const segment = ensureSegment(fleet, name, domain, holders, 'finding');
  return isErrors(segment) ? segment : { changes: segment, holders };
}

function fixDomains(f: Finding, intent: FixIntent, fleet: PlannerFleet): Outcome {
  const index = indexFleet(fleet.snapshot);
  const name = segmentNamesOf(f)[0];
  const summary = name === undefined ? undefined : index.summary(name);
  if (!name || !summary) return [{ path: 'finding', message: 'the finding names no Segment' }];
  const held = summary.domains.filter((d) => d.ref.namespace === SYSTEM_NAMESPACE);
  const domains = [...new Set(held.map((d) => d.domain))].sort();
  const winner = intent.domain ?? agreedDomain(index, name);
  if (!winner || !domains.includes(winner))
    return [
      {
        path: 'domain',
        message: `pick the domain Segment "${name}" keeps everywhere: one of ${domains.join(', ')}`,
      },
    ];
  const taken = domainTaken(segmentUses(fleet.snapshot), name, winner);
  if (taken) return [{ path: 'domain', message: taken }];
  const clusters = [...new Set(held.filter((d) => d.domain !== winner).map((d) => d.cluster))];
  const problems = clusters
    .map((c) => clusterProblem(writable(fleet.snapshot), c))
    .filter((p): p is string => !!p);
  if (problems.length) return problems.map((message) => ({ path: 'finding', message }));
  return { changes: [{ kind: 'apply-segment', clusters, name, domain: winner }], holders: [] };
}

function fixMisplaced(f: Finding, fleet: PlannerFleet): Outcome {
  const index = indexFleet(fleet.snapshot);
  const refs = f.objects.filter((o) => o.kind === 'Segment' && o.namespace !== SYSTEM_NAMESPACE);
  const changes: ProposedChange[] = [];
  const errors: FieldError[] = [];
  for (const ref of refs) {
    const def = index
      .cluster(ref.cluster)
      ?.segments.find((s) => s.name === ref.name && s.namespace === ref.namespace);
    if (!def) continue;
    const domain = agreedDomain(index, ref.name) ?? def.domain;
    const held = holdsInSystem(fleet, ref.cluster, ref.name);
    if (held && held.domain !== domain) {
      errors.push({
        path: 'finding',
        message: `${ref.cluster} already holds Segment "${ref.name}" in ${SYSTEM_NAMESPACE} with domain "${held.domain}": Segscope does not overwrite it`,
      });
      continue;
    }
    const problem = clusterProblem(writable(fleet.snapshot), ref.cluster, {
      needsSegmentApi: true,
    });
    if (problem) {
      errors.push({ path: 'finding', message: problem });
      continue;
    }
    if (!held)
      changes.push({ kind: 'apply-segment', clusters: [ref.cluster], name: ref.name, domain });
    changes.push({
      kind: 'delete-segment',
      clusters: [ref.cluster],
      name: ref.name,
      namespace: ref.namespace,
    });
  }
  if (errors.length) return errors;
  return { changes, holders: [] };
}

/** The findings `fix` can plan (their fix is mechanical). */
export const FIXABLE_CODES = ['SEG104', 'SEG201', 'SEG202', 'SEG203'] as const;

export function fix(intent: FixIntent, fleet: PlannerFleet): Outcome {
  const finding = fleet.findings.find((f) => urlKeyOf(f) === intent.finding);
  if (!finding)
    return [
      { path: 'finding', message: `no finding "${intent.finding}" now (it may be fixed already)` },
    ];
  switch (finding.code) {
    case 'SEG201':
      return fixPeerMissing(finding, intent, fleet);
    case 'SEG203':
      return fixAssignedMissing(finding, intent, fleet);
    case 'SEG202':
      return fixDomains(finding, intent, fleet);
    case 'SEG104':
      return fixMisplaced(finding, fleet);
    default:
      return [
        {
          path: 'finding',
          message: `${finding.code} has no mechanical fix; Segscope fixes ${FIXABLE_CODES.join(', ')}`,
        },
      ];
  }
}
