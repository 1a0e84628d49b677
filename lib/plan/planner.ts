/**
 * Intent → plan (issue 13 §1, README §4): the proposed changes, validated against the fleet, and
 * the ordered steps per cluster that perform them, with their YAML, the kubectl commands and the
 * what-if. Every Segment is written to every member and every cluster that peers with a member
 * before any label; a Segment of the same name with another domain is a conflict, never
 * overwritten (except by the SEG202 fix, which is asked to). Pure: the server adds ids, dry-runs
 * and applies.
 */
import type { Finding } from '../analyze';
import { agreedDomain, indexFleet } from '../analyze/segments/common';
import { findingKey as urlKeyOf } from '../graph/finding-key';
import type { FleetInput } from '../model/input';
import { refKey } from '../model/objects';
import { DEFAULT_SEGMENT, type FleetSnapshot, SYSTEM_NAMESPACE } from '../model/snapshot';
import { type ProposedChange, segmentDomainProblem, segmentNameProblem } from './changes';
import {
  clusterProblem,
  createSegmentProblems,
  domainTaken,
  nameConflicts,
  type SegmentUse,
  type WritableCluster,
} from './fleet-checks';
import { type RequiredHolder, requiredHolders } from './holders';
import type { FieldError, Intent, PlanWhatIf, RetiredReference } from './intent';
import { commandsOf, type PlannedStep, stepsBetween } from './steps';
import { whatIf } from './what-if';

/** The fleet as the planner sees it: one analysed revision (input, snapshot and findings agree). */
export interface PlannerFleet {
  input: FleetInput;
  snapshot: FleetSnapshot;
  findings: Finding[];
}

export interface PlanDraft {
  intent: Intent;
  changes: ProposedChange[];
  steps: PlannedStep[];
  holders: RequiredHolder[];
  whatIf: PlanWhatIf;
  commands: string;
}

export type PlanDraftResult = { ok: true; plan: PlanDraft } | { ok: false; errors: FieldError[] };

interface Planned {
  changes: ProposedChange[];
  holders: RequiredHolder[];
}

type Outcome = Planned | FieldError[];

/** Every Segment resource of the fleet, in any namespace. */
export function segmentUses(snapshot: FleetSnapshot): SegmentUse[] {
  return snapshot.clusters.flatMap((c) =>
    c.segments.map((s) => ({
      name: s.name,
      cluster: c.context,
      namespace: s.namespace,
      domain: s.domain,
    })),
  );
}

const writable = (snapshot: FleetSnapshot): WritableCluster[] =>
  snapshot.clusters.map((c) => ({
    name: c.context,
    reachable: c.reachable,
    segmentApi: c.segmentApis.length > 0,
  }));

const holdsInSystem = (fleet: PlannerFleet, cluster: string, name: string) =>
  fleet.snapshot.clusters
    .find((c) => c.context === cluster)
    ?.segments.find((s) => s.name === name && s.namespace === SYSTEM_NAMESPACE);

/**
 * The apply-segment change that puts Segment `name` (domain `domain`) on every holder lacking
 * it; a holder that cannot be written to or holds it with another domain is an error on `path`.
 */
function ensureSegment(
  fleet: PlannerFleet,
  name: string,
  domain: string,
  holders: readonly RequiredHolder[],
  path: string,
): ProposedChange[] | FieldError[] {
  const errors: FieldError[] = [];
  const missing: string[] = [];
  const clusters = writable(fleet.snapshot);
  for (const h of holders) {
    const held = holdsInSystem(fleet, h.cluster, name);
    if (held && held.domain !== domain) {
      errors.push({
        path,
        message:
          `Segment "${name}" already exists in ${h.cluster} with domain "${held.domain}": ` +
          `Segscope does not overwrite it (fix SEG202 first)`,
      });
      continue;
    }
    if (held) continue;
    const problem = clusterProblem(clusters, h.cluster, { needsSegmentApi: true });
    if (problem) {
      errors.push({
        path,
        message:
          h.role === 'peer' ? `${problem}; it must hold Segment "${name}": ${h.reason}` : problem,
      });
      continue;
    }
    missing.push(h.cluster);
  }
  if (errors.length) return errors;
  return missing.length ? [{ kind: 'apply-segment', clusters: missing, name, domain }] : [];
}

const isErrors = (x: ProposedChange[] | FieldError[]): x is FieldError[] =>
  x.some((e) => 'path' in e);

function createSegment(intent: Extract<Intent, { type: 'create-segment' }>, fleet: PlannerFleet) {
  const members = [...new Set(intent.clusters)];
  const errors = createSegmentProblems(
    intent,
    segmentUses(fleet.snapshot),
    writable(fleet.snapshot),
  );
  if (errors.length) return errors;
  const holders = requiredHolders(intent.name, members, fleet.snapshot.edges);
  const segment = ensureSegment(fleet, intent.name, intent.domain, holders, 'clusters');
  if (isErrors(segment)) return segment;
  const labels: ProposedChange[] = members.map((cluster) => ({
    kind: 'set-cluster-segment',
    cluster,
    segment: intent.name,
  }));
  return { changes: [...segment, ...labels], holders };
}

/** The segment's one domain across the fleet, or a field error saying why there is none. */
function existingDomain(fleet: PlannerFleet, name: string, path: string): string | FieldError[] {
  const index = indexFleet(fleet.snapshot);
  const summary = index.summary(name);
  if (!summary || summary.domains.length === 0)
    return [{ path, message: `no cluster holds Segment "${name}": create the segment first` }];
  const domain = agreedDomain(index, name);
  if (domain === undefined)
    return [
      {
        path,
        message: `Segment "${name}" has several domains across the fleet (SEG202): fix that first`,
      },
    ];
  return domain;
}

function moveCluster(
  intent: { cluster: string; segment: string },
  fleet: PlannerFleet,
  paths = { cluster: 'cluster', segment: 'segment' },
): Outcome {
  const problem = clusterProblem(writable(fleet.snapshot), intent.cluster);
  if (problem) return [{ path: paths.cluster, message: problem }];
  if (intent.segment === DEFAULT_SEGMENT)
    return {
      changes: [{ kind: 'set-cluster-segment', cluster: intent.cluster, segment: null }],
      holders: [],
    };
  const nameProblem = segmentNameProblem(intent.segment);
  if (nameProblem) return [{ path: paths.segment, message: nameProblem }];
  const domain = existingDomain(fleet, intent.segment, paths.segment);
  if (typeof domain !== 'string') return domain;
  const holders = requiredHolders(intent.segment, [intent.cluster], fleet.snapshot.edges);
  const segment = ensureSegment(fleet, intent.segment, domain, holders, paths.segment);
  if (isErrors(segment)) return segment;
  return {
    changes: [
      ...segment,
      { kind: 'set-cluster-segment', cluster: intent.cluster, segment: intent.segment },
    ],
    holders,
  };
}

function setScope(intent: Extract<Intent, { type: 'set-scope' }>, fleet: PlannerFleet): Outcome {
  const problem = clusterProblem(writable(fleet.snapshot), intent.cluster);
  if (problem) return [{ path: 'cluster', message: problem }];
  const model = fleet.snapshot.clusters.find((c) => c.context === intent.cluster)!;
  if (!model.namespaces.some((n) => n.name === intent.namespace))
    return [
      {
        path: 'namespace',
        message: `namespace "${intent.namespace}" not found in ${intent.cluster}`,
      },
    ];
  if (intent.service === undefined)
    return {
      changes: [
        {
          kind: 'set-namespace-scope',
          cluster: intent.cluster,
          namespace: intent.namespace,
          scope: intent.scope,
        },
      ],
      holders: [],
    };
  if (!model.services.some((s) => s.namespace === intent.namespace && s.name === intent.service))
    return [
      {
        path: 'service',
        message: `Service ${intent.namespace}/${intent.service} not found in ${intent.cluster}`,
      },
    ];
  return {
    changes: [
      {
        kind: 'set-service-scope',
        cluster: intent.cluster,
        namespace: intent.namespace,
        service: intent.service,
        scope: intent.scope,
      },
    ],
    holders: [],
  };
}

function deleteSegment(name: string, fleet: PlannerFleet): Outcome {
  const users = fleet.snapshot.clusters
    .filter((c) => c.segmentLabel === name)
    .map((c) => c.context);
  if (users.length)
    return [
      {
        path: 'name',
        message: `Segment "${name}" is still used by ${users.join(', ')} (their istio-system is labelled with it): move them first`,
      },
    ];
  const holders = fleet.snapshot.clusters
    .filter((c) => holdsInSystem(fleet, c.context, name))
    .map((c) => c.context);
  if (holders.length === 0)
    return [{ path: 'name', message: `no cluster holds Segment "${name}" in ${SYSTEM_NAMESPACE}` }];
  return { changes: [{ kind: 'delete-segment', clusters: holders, name }], holders: [] };
}

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

function fix(intent: FixIntent, fleet: PlannerFleet): Outcome {
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

function changesFor(intent: Intent, fleet: PlannerFleet): Outcome {
  switch (intent.type) {
    case 'create-segment':
      return createSegment(intent, fleet);
    case 'move-cluster':
      return moveCluster(intent, fleet);
    case 'set-scope':
      return setScope(intent, fleet);
    case 'delete-segment':
      return deleteSegment(intent.name, fleet);
    case 'fix':
      return fix(intent, fleet);
  }
}

/** Per viewer, the routes and user ServiceEntries that still name a hostname it loses. */
function retiredReferences(
  snapshot: FleetSnapshot,
  lost: Map<string, Set<string>>,
): RetiredReference[] {
  const out: RetiredReference[] = [];
  for (const c of snapshot.clusters) {
    const hosts = lost.get(c.context);
    if (!hosts?.size) continue;
    const named = [
      ...c.httpRoutes.map((r) => ({ ref: r.ref, names: [...r.hostnames, ...r.backendHosts] })),
      ...c.serviceEntries.filter((s) => !s.generated).map((s) => ({ ref: s.ref, names: s.hosts })),
    ];
    for (const { ref, names } of named)
      for (const hostname of new Set(names))
        if (hosts.has(hostname))
          out.push({
            cluster: c.context,
            kind: ref.kind,
            ...(ref.namespace ? { namespace: ref.namespace } : {}),
            name: ref.name,
            hostname,
          });
  }
  return out;
}

/**
 * The plan for `intent` on `fleet`, or field-level errors (paths are the intent's fields) when
 * the fleet refuses it: unknown or unreachable clusters, a domain taken, a Segment of the same
 * name with another domain, a segment still in use, a finding without a mechanical fix.
 */
export function planIntent(intent: Intent, fleet: PlannerFleet): PlanDraftResult {
  const outcome = changesFor(intent, fleet);
  if (Array.isArray(outcome)) return { ok: false, errors: outcome };
  const result = whatIf(fleet.input, outcome.changes, {
    snapshot: fleet.snapshot,
    findings: fleet.findings,
  });
  if (!result.ok)
    return {
      ok: false,
      errors: result.errors.map((e) => ({ path: '(plan)', message: e.message })),
    };
  const steps = stepsBetween(fleet.input, result.input, new Set(result.changed));
  const lost = new Map(
    result.hostnameDiff.map((d) => [d.viewer, new Set(d.disappear.map((h) => h.hostname))]),
  );
  return {
    ok: true,
    plan: {
      intent,
      changes: outcome.changes,
      steps,
      holders: outcome.holders,
      whatIf: {
        hostnames: result.hostnameDiff,
        findings: {
          resolved: result.findingsDiff.resolved,
          introduced: result.findingsDiff.introduced,
        },
        references: retiredReferences(fleet.snapshot, lost),
        warnings:
          steps.length === 0
            ? ['nothing to change: the fleet is already like this']
            : result.warnings,
      },
      commands: commandsOf(steps),
    },
  };
}
