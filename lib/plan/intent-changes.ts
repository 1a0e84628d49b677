/**
 * The changes each intent asks for (issue 13 §1), checked against the fleet: create a segment,
 * move a cluster, set a scope, delete a segment. Shared helpers put a Segment on every cluster that
 * must hold it without overwriting another domain. Pure; `planner.ts` turns the changes into steps.
 */
import type { Finding } from '../analyze';
import { agreedDomain, indexFleet } from '../analyze/segments/common';
import type { FleetInput } from '../model/input';
import { DEFAULT_SEGMENT, type FleetSnapshot, SYSTEM_NAMESPACE } from '../model/snapshot';
import { type ProposedChange, segmentNameProblem } from './changes';
import {
  clusterProblem,
  createSegmentProblems,
  type SegmentUse,
  type WritableCluster,
} from './fleet-checks';
import { type RequiredHolder, requiredHolders } from './holders';
import type { FieldError, Intent } from './intent';

/** The fleet as the planner sees it: one analysed revision (input, snapshot and findings agree). */
export interface PlannerFleet {
  input: FleetInput;
  snapshot: FleetSnapshot;
  findings: Finding[];
}

/** The changes of an intent and the clusters that must hold its Segment. */
export interface Planned {
  changes: ProposedChange[];
  holders: RequiredHolder[];
}

/** Planned, or the field errors that refuse it. */
export type Outcome = Planned | FieldError[];

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

export const writable = (snapshot: FleetSnapshot): WritableCluster[] =>
  snapshot.clusters.map((c) => ({
    name: c.context,
    reachable: c.reachable,
    segmentApi: c.segmentApis.length > 0,
  }));

export const holdsInSystem = (fleet: PlannerFleet, cluster: string, name: string) =>
  fleet.snapshot.clusters
    .find((c) => c.context === cluster)
    ?.segments.find((s) => s.name === name && s.namespace === SYSTEM_NAMESPACE);

/**
 * The apply-segment change that puts Segment `name` (domain `domain`) on every holder lacking
 * it; a holder that cannot be written to or holds it with another domain is an error on `path`.
 */
export function ensureSegment(
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

export const isErrors = (x: ProposedChange[] | FieldError[]): x is FieldError[] =>
  x.some((e) => 'path' in e);

export function createSegment(
  intent: Extract<Intent, { type: 'create-segment' }>,
  fleet: PlannerFleet,
) {
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

export function moveCluster(
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

export function setScope(
  intent: Extract<Intent, { type: 'set-scope' }>,
  fleet: PlannerFleet,
): Outcome {
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

export function deleteSegment(name: string, fleet: PlannerFleet): Outcome {
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
