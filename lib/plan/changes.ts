/**
 * Proposed changes to a fleet (README §4 writes), applied to what Segscope read, never to a
 * cluster: the what-if engine previews them, the writer performs them. Pure.
 */
import type { ClusterInput, FleetInput } from '../model/input';
import type { K8sObject } from '../model/objects';
import {
  DEFAULT_DOMAIN,
  DEFAULT_SEGMENT,
  SCOPE_LABEL,
  SEGMENT_LABEL,
  SYSTEM_NAMESPACE,
} from '../model/snapshot';
import { DOMAIN_PROBLEM_TEXT, domainProblem, isDns1123Label } from '../names';

/** Create or update Segment `name` (domain `domain`) in istio-system of each of `clusters`. */
export interface ApplySegment {
  kind: 'apply-segment';
  clusters: string[];
  name: string;
  domain: string;
}

/** Delete Segment `name` from istio-system (or `namespace`, for a misplaced copy) of each of `clusters`. */
export interface DeleteSegment {
  kind: 'delete-segment';
  clusters: string[];
  name: string;
  /** Where the Segment is; istio-system when absent (SEG104 moves delete the misplaced copy). */
  namespace?: string;
}

/** Set (or, with `null`, remove) the `admin.solo.io/segment` label on istio-system. */
export interface SetClusterSegment {
  kind: 'set-cluster-segment';
  cluster: string;
  segment: string | null;
}

/** Set (or, with `null`, remove) `solo.io/service-scope` on one Service. */
export interface SetServiceScope {
  kind: 'set-service-scope';
  cluster: string;
  namespace: string;
  service: string;
  scope: string | null;
}

/** Set (or, with `null`, remove) `solo.io/service-scope` on one Namespace. */
export interface SetNamespaceScope {
  kind: 'set-namespace-scope';
  cluster: string;
  namespace: string;
  scope: string | null;
}

export type ProposedChange =
  ApplySegment | DeleteSegment | SetClusterSegment | SetServiceScope | SetNamespaceScope;

/** Why a change cannot be applied: `change` is its position in the list given. */
export interface ChangeError {
  change: number;
  message: string;
}

export type ApplyResult =
  | {
      ok: true;
      /** The fleet as it would be read after the changes. */
      input: FleetInput;
      /** Contexts whose objects differ from the original input (no-op changes leave none). */
      changed: ReadonlySet<string>;
      /** Applicable, but worth a second look (e.g. a Segment's domain is overwritten). */
      warnings: string[];
    }
  | { ok: false; errors: ChangeError[] };

/** Domains that must never be a segment's (reference.md §2.1.2, SEG102). */
export const RESERVED_DOMAINS: readonly string[] = [DEFAULT_DOMAIN, 'cluster.local'];

const SEGMENT_GROUPS = ['admin.istio.io/', 'admin.solo.io/'];
const isSegment = (o: K8sObject) =>
  o.kind === 'Segment' && SEGMENT_GROUPS.some((g) => o.apiVersion.startsWith(g));
const isCoreKind = (o: K8sObject, kind: string) => o.kind === kind && o.apiVersion === 'v1';

/** Why `name` cannot name a Segment (DNS-1123 label, not `default`); undefined when it can. */
export function segmentNameProblem(name: string): string | undefined {
  if (name === DEFAULT_SEGMENT)
    return `"${DEFAULT_SEGMENT}" is reserved for the implicit default segment`;
  if (!isDns1123Label(name))
    return (
      `"${name}" is not a DNS-1123 label (lower-case letters, digits and '-', starting and ` +
      `ending with a letter or digit, at most 63 characters)`
    );
  return undefined;
}

/**
 * Why `domain` cannot be a segment's domain (a DNS name of at most 63 characters, not
 * `mesh.internal` or `cluster.local`); undefined when it can. Uniqueness across the fleet is
 * checked by `applyChanges`, which sees the fleet.
 */
export function segmentDomainProblem(domain: string): string | undefined {
  const problem = domainProblem(domain);
  if (problem) return `domain "${domain}" ${DOMAIN_PROBLEM_TEXT[problem]}`;
  if (RESERVED_DOMAINS.includes(domain))
    return `domain "${domain}" is reserved (${RESERVED_DOMAINS.join(', ')})`;
  return undefined;
}

// A Kubernetes label value: at most 63 characters, alphanumeric at both ends, '-', '_', '.' inside.
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

function scopeProblem(scope: string | null): string | undefined {
  if (scope === null) return undefined;
  if (scope.length > 63 || !LABEL_VALUE.test(scope))
    return `"${scope}" is not a valid label value for ${SCOPE_LABEL}`;
  return undefined;
}

/** Copy-on-write view of the fleet: a cluster's objects are copied once, when first changed. */
class Draft {
  private readonly clusters: ClusterInput[];
  private readonly index = new Map<string, number>();
  private readonly copied = new Set<string>();
  readonly changed = new Set<string>();

  constructor(input: FleetInput) {
    this.clusters = [...input.clusters];
    this.clusters.forEach((c, i) => this.index.set(c.context, i));
  }

  get(context: string): ClusterInput | undefined {
    const i = this.index.get(context);
    return i === undefined ? undefined : this.clusters[i];
  }

  all(): readonly ClusterInput[] {
    return this.clusters;
  }

  /** Replaces, adds (`before` undefined) or removes (`after` undefined) one object. */
  edit(context: string, before: K8sObject | undefined, after: K8sObject | undefined): void {
    const i = this.index.get(context)!;
    let cluster = this.clusters[i]!;
    if (!this.copied.has(context)) {
      cluster = { ...cluster, objects: [...cluster.objects] };
      this.clusters[i] = cluster;
      this.copied.add(context);
    }
    const at = before ? cluster.objects.indexOf(before) : -1;
    if (at >= 0 && after) cluster.objects[at] = after;
    else if (at >= 0) cluster.objects.splice(at, 1);
    else if (after) cluster.objects.push(after);
    this.changed.add(context);
  }

  result(): FleetInput {
    return { clusters: this.clusters };
  }
}

/** `o` with `key` set to `value` (or removed, for `null`) in its labels; `o` itself when equal. */
function withLabel(o: K8sObject, key: string, value: string | null): K8sObject {
  const labels = o.metadata.labels ?? {};
  if (value === null ? !(key in labels) : labels[key] === value) return o;
  const next = { ...labels };
  if (value === null) delete next[key];
  else next[key] = value;
  const metadata = { ...o.metadata };
  if (Object.keys(next).length > 0) metadata.labels = next;
  else delete metadata.labels;
  return { ...o, metadata };
}

/** A Segment with another domain; status dropped, as istiod rewrites it for the new spec. */
function withDomain(o: K8sObject, domain: string): K8sObject {
  const spec = o.spec && typeof o.spec === 'object' ? (o.spec as Record<string, unknown>) : {};
  const { status: _status, ...rest } = o;
  return { ...rest, spec: { ...spec, domain } };
}

const segmentDomain = (o: K8sObject) =>
  String((o.spec as Record<string, unknown> | undefined)?.domain ?? '');

type Reporter = (message: string) => void;

function reachableCluster(draft: Draft, context: string, fail: Reporter) {
  const cluster = draft.get(context);
  if (!cluster) {
    fail(`unknown cluster "${context}"`);
    return undefined;
  }
  if (!cluster.reachable) {
    fail(`cluster "${context}" is not reachable${cluster.error ? ` (${cluster.error})` : ''}`);
    return undefined;
  }
  return cluster;
}

function namespaceIn(cluster: ClusterInput, name: string, fail: Reporter) {
  const ns = cluster.objects.find((o) => isCoreKind(o, 'Namespace') && o.metadata.name === name);
  if (!ns) fail(`namespace "${name}" not found in cluster "${cluster.context}"`);
  return ns;
}

const systemSegments = (cluster: ClusterInput, name?: string, namespace = SYSTEM_NAMESPACE) =>
  cluster.objects.filter(
    (o) =>
      isSegment(o) &&
      o.metadata.namespace === namespace &&
      (name === undefined || o.metadata.name === name),
  );

function applySegment(draft: Draft, change: ApplySegment, fail: Reporter, warn: Reporter): void {
  const nameProblem = segmentNameProblem(change.name);
  if (nameProblem) fail(`Segment name ${nameProblem}`);
  const domainIssue = segmentDomainProblem(change.domain);
  if (domainIssue) fail(`Segment "${change.name}": ${domainIssue}`);
  if (change.clusters.length === 0) fail(`Segment "${change.name}": no cluster to apply it to`);
  // Domains are unique across the fleet: another segment's domain is a collision (SEG105).
  const taken = new Set<string>();
  for (const cluster of draft.all()) {
    for (const o of systemSegments(cluster)) {
      if (o.metadata.name !== change.name && segmentDomain(o) === change.domain)
        taken.add(`"${o.metadata.name}" in ${cluster.context}`);
    }
  }
  if (taken.size > 0)
    fail(
      `domain "${change.domain}" is already the domain of Segment ${[...taken].sort().join(', ')}`,
    );
  const targets = [...new Set(change.clusters)].map((context) => ({
    context,
    cluster: reachableCluster(draft, context, fail),
  }));
  if (nameProblem || domainIssue || taken.size > 0) return;
  for (const { context, cluster } of targets) {
    if (!cluster) continue;
    const apiVersion = cluster.segmentApis[0];
    if (!apiVersion) {
      fail(`cluster "${context}" serves no Segment API; upgrade it first (SEG209)`);
      continue;
    }
    const existing = systemSegments(cluster, change.name);
    if (existing.length === 0) {
      draft.edit(context, undefined, {
        apiVersion,
        kind: 'Segment',
        metadata: { name: change.name, namespace: SYSTEM_NAMESPACE },
        spec: { domain: change.domain },
      });
      continue;
    }
    for (const o of existing) {
      const domain = segmentDomain(o);
      if (domain === change.domain) continue;
      warn(
        `Segment "${change.name}" in ${context} has domain "${domain}"; this changes it to ` +
          `"${change.domain}"`,
      );
      draft.edit(context, o, withDomain(o, change.domain));
    }
  }
}

function deleteSegment(draft: Draft, change: DeleteSegment, fail: Reporter): void {
  if (change.clusters.length === 0) fail(`Segment "${change.name}": no cluster to delete it from`);
  for (const context of new Set(change.clusters)) {
    const cluster = reachableCluster(draft, context, fail);
    if (!cluster) continue;
    const namespace = change.namespace ?? SYSTEM_NAMESPACE;
    const existing = systemSegments(cluster, change.name, namespace);
    if (existing.length === 0)
      fail(`cluster "${context}" has no Segment "${change.name}" in ${namespace}`);
    for (const o of existing) draft.edit(context, o, undefined);
  }
}

function setClusterSegment(draft: Draft, change: SetClusterSegment, fail: Reporter): void {
  const problem =
    change.segment === DEFAULT_SEGMENT
      ? `"${DEFAULT_SEGMENT}" is implicit: use null to remove the label instead`
      : change.segment === null
        ? undefined
        : segmentNameProblem(change.segment);
  if (problem) fail(`segment label: ${problem}`);
  const cluster = reachableCluster(draft, change.cluster, fail);
  if (!cluster || problem) return;
  const ns = namespaceIn(cluster, SYSTEM_NAMESPACE, fail);
  if (!ns) return;
  const next = withLabel(ns, SEGMENT_LABEL, change.segment);
  if (next !== ns) draft.edit(change.cluster, ns, next);
}

function setServiceScope(draft: Draft, change: SetServiceScope, fail: Reporter): void {
  const problem = scopeProblem(change.scope);
  if (problem) fail(problem);
  const cluster = reachableCluster(draft, change.cluster, fail);
  if (!cluster) return;
  const service = cluster.objects.find(
    (o) =>
      isCoreKind(o, 'Service') &&
      (o.metadata.namespace ?? 'default') === change.namespace &&
      o.metadata.name === change.service,
  );
  if (!service) {
    fail(`Service ${change.namespace}/${change.service} not found in cluster "${change.cluster}"`);
    return;
  }
  if (problem) return;
  const next = withLabel(service, SCOPE_LABEL, change.scope);
  if (next !== service) draft.edit(change.cluster, service, next);
}

function setNamespaceScope(draft: Draft, change: SetNamespaceScope, fail: Reporter): void {
  const problem = scopeProblem(change.scope);
  if (problem) fail(problem);
  const cluster = reachableCluster(draft, change.cluster, fail);
  if (!cluster) return;
  const ns = namespaceIn(cluster, change.namespace, fail);
  if (!ns || problem) return;
  const next = withLabel(ns, SCOPE_LABEL, change.scope);
  if (next !== ns) draft.edit(change.cluster, ns, next);
}

/**
 * The fleet as Segscope would read it after `changes`, applied in order (a later change sees the
 * earlier ones: create a Segment, then label a cluster with it). Pure: `input` and its objects
 * are never modified; changed objects are copies and unchanged clusters are shared. Every problem
 * of every change is reported (`ok: false`), never thrown: unknown or unreachable clusters,
 * missing namespaces or Services, invalid segment names and domains, a domain another segment
 * already uses, a cluster without the Segment API.
 */
export function applyChanges(input: FleetInput, changes: readonly ProposedChange[]): ApplyResult {
  const draft = new Draft(input);
  const errors: ChangeError[] = [];
  const warnings: string[] = [];
  changes.forEach((change, i) => {
    const fail: Reporter = (message) => errors.push({ change: i, message });
    const warn: Reporter = (message) => warnings.push(message);
    switch (change.kind) {
      case 'apply-segment':
        return applySegment(draft, change, fail, warn);
      case 'delete-segment':
        return deleteSegment(draft, change, fail);
      case 'set-cluster-segment':
        return setClusterSegment(draft, change, fail);
      case 'set-service-scope':
        return setServiceScope(draft, change, fail);
      case 'set-namespace-scope':
        return setNamespaceScope(draft, change, fail);
    }
  });
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, input: draft.result(), changed: draft.changed, warnings };
}

/** One line per change, for previews and logs. */
export function describeChange(change: ProposedChange): string {
  switch (change.kind) {
    case 'apply-segment':
      return `apply Segment "${change.name}" (domain ${change.domain}) to ${change.clusters.join(', ')}`;
    case 'delete-segment':
      return `delete Segment ${change.namespace ? `${change.namespace}/` : ''}"${change.name}" from ${change.clusters.join(', ')}`;
    case 'set-cluster-segment':
      return change.segment === null
        ? `remove ${SEGMENT_LABEL} from ${SYSTEM_NAMESPACE} in ${change.cluster}`
        : `label ${SYSTEM_NAMESPACE} in ${change.cluster} ${SEGMENT_LABEL}=${change.segment}`;
    case 'set-service-scope':
      return change.scope === null
        ? `remove ${SCOPE_LABEL} from Service ${change.namespace}/${change.service} in ${change.cluster}`
        : `label Service ${change.namespace}/${change.service} in ${change.cluster} ${SCOPE_LABEL}=${change.scope}`;
    case 'set-namespace-scope':
      return change.scope === null
        ? `remove ${SCOPE_LABEL} from Namespace ${change.namespace} in ${change.cluster}`
        : `label Namespace ${change.namespace} in ${change.cluster} ${SCOPE_LABEL}=${change.scope}`;
  }
}
