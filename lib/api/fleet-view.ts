/**
 * The live fleet as the browser receives it: pure mappings from one analysed revision (snapshot,
 * findings, per-cluster health) to the DTOs of `contract.ts`, their filters, and the change event
 * between two revisions. No I/O, no clock: times come in as values.
 */
import type { Finding } from '../analyze';
import type { FleetInput } from '../model/input';
import { hostnamesOf } from '../model/hostname-calculator';
import { refKey, type ObjectRef } from '../model/objects';
import {
  type ClusterModel,
  DEFAULT_SEGMENT,
  type FleetSnapshot,
  type GlobalServiceView,
  type PeeringEdge,
  type SegmentDef,
  type ServiceModel,
  SYSTEM_NAMESPACE,
} from '../model/snapshot';
import type {
  ClusterDetailResponse,
  ClusterDto,
  ClusterHealth,
  ClusterState,
  FindingDto,
  FleetEvent,
  HostnameCalculation,
  LiveFindingsResponse,
  LiveFleetResponse,
  PeeringEdgeDto,
  SegmentDto,
  ServiceRecord,
  ServicesResponse,
  SeverityCounts,
} from './contract';

/** One cluster's connection as the server knows it (no credentials). */
export interface ClusterStatus {
  context: string;
  server: string;
  displayName: string;
  health: ClusterHealth;
  message?: string;
  lastSyncedAt?: string;
  forbiddenKinds?: string[];
  kubernetesVersion?: string;
  latencyMs?: number;
}

/** One revision of the live fleet. */
export interface LiveRevision {
  revision: number;
  generatedAt: string;
  /** Where the kubeconfig came from (paths, never content). */
  source: string;
  input: FleetInput;
  snapshot: FleetSnapshot;
  findings: Finding[];
  clusters: ClusterStatus[];
  /** Every cluster has finished its first sync or failed. */
  ready: boolean;
}

const STATE_OF: Record<ClusterHealth, ClusterState> = {
  connecting: 'error',
  synced: 'ready',
  stale: 'error',
  unreachable: 'unreachable',
  unauthorized: 'unauthorized',
  forbidden: 'forbidden',
  timeout: 'timeout',
  error: 'error',
};

const zero = (): SeverityCounts => ({ error: 0, warning: 0, info: 0, suppressed: 0 });

export function countFindings(findings: readonly Finding[]): SeverityCounts {
  const counts = zero();
  for (const f of findings) {
    if (f.suppressed) counts.suppressed++;
    else counts[f.severity]++;
  }
  return counts;
}

export const findingKey = (f: Finding | FindingDto): string =>
  `${f.code}|${f.objects.map((o) => refKey(o as ObjectRef)).join(';')}|${f.message}`;

const modelsOf = (rev: LiveRevision) => new Map(rev.snapshot.clusters.map((c) => [c.context, c]));

function segmentStatus(
  def: SegmentDef,
): 'Local' | 'Connected' | 'Rejected' | 'Unknown' | undefined {
  const s = def.status;
  if (!s) return undefined;
  if ((s.rejectedPeers ?? 0) > 0 || s.peers.some((p) => p.status === 'Rejected')) return 'Rejected';
  if ((s.connectedPeers ?? 0) > 0 || s.peers.some((p) => p.status === 'Connected'))
    return 'Connected';
  if (s.local) return 'Local';
  return 'Unknown';
}

function clusterDto(
  status: ClusterStatus,
  model: ClusterModel | undefined,
  findings: readonly Finding[],
): ClusterDto {
  const mine = findings.filter((f) => f.clusters.includes(status.context));
  const analysed = model?.reachable ? model : undefined;
  const labels = analysed?.namespaces.find((n) => n.name === SYSTEM_NAMESPACE)?.labels ?? {};
  return {
    id: status.context,
    context: status.context,
    displayName: status.displayName,
    server: status.server,
    state: STATE_OF[status.health],
    health: status.health,
    ...(status.message ? { message: status.message } : {}),
    ...(status.lastSyncedAt ? { lastSyncedAt: status.lastSyncedAt } : {}),
    ...(status.forbiddenKinds?.length ? { forbiddenKinds: status.forbiddenKinds } : {}),
    ...(status.kubernetesVersion ? { kubernetesVersion: status.kubernetesVersion } : {}),
    ...(status.latencyMs !== undefined ? { latencyMs: status.latencyMs } : {}),
    segmentApis: analysed?.segmentApis ?? [],
    ...(analysed
      ? {
          istioInstalled: analysed.istioSystem !== undefined,
          ...(analysed.network ? { network: analysed.network } : {}),
          ...(labels['admin.solo.io/segment'] !== undefined
            ? { segmentLabel: labels['admin.solo.io/segment'] }
            : {}),
          meshId: analysed.id,
          ...(analysed.trustDomain ? { trustDomain: analysed.trustDomain } : {}),
          segment: analysed.segment,
          segmentDomain: analysed.segmentDomain,
          segmentFallback: analysed.segmentFallback,
          peeringEnabled: analysed.peeringEnabled,
        }
      : {}),
    findings: countFindings(mine),
  };
}

const involves = (f: Finding, ref: ObjectRef) => {
  const key = refKey(ref);
  return f.objects.some((o) => refKey(o) === key);
};

function edgeDto(edge: PeeringEdge, findings: readonly Finding[]): PeeringEdgeDto {
  const mine = findings.filter((f) => involves(f, edge.gateway));
  const invalid = mine.some((f) => f.code === 'PEER301' && !f.suppressed);
  const state: PeeringEdgeDto['state'] = invalid
    ? 'invalid'
    : !edge.segmentAccepted || edge.rejection
      ? 'rejected'
      : edge.health === 'connected'
        ? 'connected'
        : edge.health === 'unknown'
          ? 'unknown'
          : 'not-connected';
  return {
    id: `${edge.from}/${edge.gateway.namespace ?? ''}/${edge.gateway.name}`,
    from: edge.from,
    to: edge.to,
    managed: edge.managed,
    state,
    ...(edge.rejection ? { rejection: edge.rejection } : {}),
    gateway: edge.gateway,
    findings: countFindings(mine),
  };
}

/** Findings that concern a segment: its Segment resources, or a member's istio-system label. */
function segmentFindings(name: string, members: readonly string[], findings: readonly Finding[]) {
  return findings.filter((f) =>
    f.objects.some(
      (o) =>
        (o.kind === 'Segment' && o.name === name) ||
        (o.kind === 'Namespace' && o.name === SYSTEM_NAMESPACE && members.includes(o.cluster)),
    ),
  );
}

function segmentDtos(rev: LiveRevision): SegmentDto[] {
  const models = modelsOf(rev);
  const byName = new Map(rev.snapshot.segments.map((s) => [s.name, s]));
  const defaultMembers = rev.snapshot.clusters.filter(
    (c) => c.reachable && c.segment === DEFAULT_SEGMENT,
  );
  if (!byName.has(DEFAULT_SEGMENT) && defaultMembers.length > 0)
    byName.set(DEFAULT_SEGMENT, { name: DEFAULT_SEGMENT, domains: [], members: [] });
  return [...byName.values()]
    .map((s) => {
      const holders = s.domains.map((d) => {
        const def = models
          .get(d.cluster)
          ?.segments.find((x) => x.name === s.name && x.namespace === SYSTEM_NAMESPACE);
        const status = def ? segmentStatus(def) : undefined;
        return {
          cluster: d.cluster,
          domain: d.domain,
          namespace: d.ref.namespace ?? SYSTEM_NAMESPACE,
          apiVersion: def?.apiVersion ?? '',
          ...(status ? { status } : {}),
        };
      });
      const implicit = s.name === DEFAULT_SEGMENT && holders.length === 0;
      const members =
        s.name === DEFAULT_SEGMENT && s.members.length === 0
          ? defaultMembers.map((c) => c.context)
          : s.members;
      const memberDomains = members
        .map((m) => models.get(m)?.segmentDomain)
        .filter((d): d is string => !!d);
      const domains = [...new Set([...memberDomains, ...holders.map((h) => h.domain)])];
      return {
        name: s.name,
        domain: memberDomains[0] ?? holders[0]?.domain ?? 'mesh.internal',
        domains: [...new Set(holders.map((h) => h.domain).concat(implicit ? domains : []))].sort(),
        implicit,
        members: [...members].sort(),
        holders,
        findings: countFindings(segmentFindings(s.name, members, rev.findings)),
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

export function fleetResponse(rev: LiveRevision): LiveFleetResponse {
  const models = modelsOf(rev);
  return {
    revision: rev.revision,
    generatedAt: rev.generatedAt,
    ready: rev.ready,
    kubeconfig: { source: rev.source, contexts: rev.clusters.length },
    clusters: rev.clusters.map((c) => clusterDto(c, models.get(c.context), rev.findings)),
    segments: segmentDtos(rev),
    edges: rev.snapshot.edges.map((e) => edgeDto(e, rev.findings)),
    counts: countFindings(rev.findings),
  };
}

export interface FindingsFilter {
  severity?: readonly string[];
  code?: readonly string[];
  cluster?: readonly string[];
  segment?: readonly string[];
}

function matches(f: Finding, filter: FindingsFilter, rev: LiveRevision): boolean {
  if (filter.severity?.length && !filter.severity.includes(f.severity)) return false;
  if (filter.code?.length && !filter.code.includes(f.code)) return false;
  if (filter.cluster?.length && !f.clusters.some((c) => filter.cluster!.includes(c))) return false;
  if (filter.segment?.length) {
    const members = new Set(
      rev.snapshot.clusters
        .filter((c) => c.reachable && filter.segment!.includes(c.segment))
        .map((c) => c.context),
    );
    const bySegment =
      f.clusters.some((c) => members.has(c)) ||
      f.objects.some((o) => o.kind === 'Segment' && filter.segment!.includes(o.name));
    if (!bySegment) return false;
  }
  return true;
}

export function findingsResponse(
  rev: LiveRevision,
  filter: FindingsFilter = {},
): LiveFindingsResponse {
  return {
    revision: rev.revision,
    generatedAt: rev.generatedAt,
    clusters: rev.input.clusters.map((c) => {
      const status = rev.clusters.find((s) => s.context === c.context);
      const synced = status?.health === 'synced';
      return {
        context: c.context,
        reachable: c.reachable && synced,
        ...(!synced
          ? { error: status?.message ?? c.error ?? 'not synced' }
          : c.error
            ? { error: c.error }
            : {}),
      };
    }),
    leftOut: rev.clusters
      .filter((c) => c.health !== 'synced')
      .map((c) => ({
        context: c.context,
        health: c.health,
        message: c.message ?? c.health,
      })),
    findings: withUnsynced(
      rev,
      rev.findings.filter((f) => matches(f, filter, rev)),
    ),
  };
}

/** A finding that relies on a cluster that is not synced says so (`unsynced`). */
function withUnsynced(rev: LiveRevision, findings: Finding[]): FindingDto[] {
  const unsynced = new Set(rev.clusters.filter((c) => c.health !== 'synced').map((c) => c.context));
  if (unsynced.size === 0) return findings;
  return findings.map((f) => {
    const involved = f.clusters.filter((c) => unsynced.has(c));
    return involved.length ? { ...f, unsynced: involved } : f;
  });
}

/** One global service record per viewer, as `npm run analyze --output json` lists them. */
export function serviceRecord(snapshot: FleetSnapshot, v: GlobalServiceView): ServiceRecord {
  return {
    viewer: v.viewer,
    hostname: v.hostname,
    namespace: v.namespace,
    name: v.name,
    segment: v.segment,
    domain: v.domain,
    contributors: v.contributors,
    ports: portsOf(snapshot, v),
  };
}

const serviceIndexCache = new WeakMap<FleetSnapshot, Map<string, ServiceModel>>();

function servicesByRef(snapshot: FleetSnapshot): Map<string, ServiceModel> {
  let index = serviceIndexCache.get(snapshot);
  if (!index) {
    index = new Map(snapshot.services.map((s) => [refKey(s.ref), s]));
    serviceIndexCache.set(snapshot, index);
  }
  return index;
}

/** Ports of a global service: the union over its copies, by port number. */
function portsOf(snapshot: FleetSnapshot, v: GlobalServiceView): ServiceRecord['ports'] {
  const byPort = new Map<number, ServiceRecord['ports'][number]>();
  const index = servicesByRef(snapshot);
  for (const copy of v.copies) {
    const s = index.get(refKey(copy));
    if (!s) continue;
    for (const p of s.ports)
      if (!byPort.has(p.port))
        byPort.set(p.port, {
          ...(p.name ? { name: p.name } : {}),
          port: p.port,
          protocol: p.protocol,
          ...(p.appProtocol ? { appProtocol: p.appProtocol } : {}),
        });
  }
  return [...byPort.values()].sort((a, b) => a.port - b.port);
}

export interface ServicesFilter {
  viewer?: readonly string[];
  hostname?: readonly string[];
}

export function servicesResponse(rev: LiveRevision, filter: ServicesFilter = {}): ServicesResponse {
  return {
    revision: rev.revision,
    services: rev.snapshot.views
      .filter(
        (v) =>
          (!filter.viewer?.length || filter.viewer.includes(v.viewer)) &&
          (!filter.hostname?.length || filter.hostname.includes(v.hostname)),
      )
      .map((v) => serviceRecord(rev.snapshot, v)),
  };
}

export function clusterDetail(rev: LiveRevision, id: string): ClusterDetailResponse | undefined {
  const status = rev.clusters.find((c) => c.context === id);
  if (!status) return undefined;
  const model = rev.snapshot.clusters.find((c) => c.context === id);
  const input = rev.input.clusters.find((c) => c.context === id);
  const counts = new Map<string, number>();
  for (const o of input?.objects ?? []) counts.set(o.kind, (counts.get(o.kind) ?? 0) + 1);
  const edges = rev.snapshot.edges.map((e) => edgeDto(e, rev.findings));
  return {
    revision: rev.revision,
    cluster: clusterDto(status, model, rev.findings),
    objects: [...counts]
      .map(([kind, count]) => ({ kind, count }))
      .sort((a, b) => a.kind.localeCompare(b.kind)),
    peersOut: edges.filter((e) => e.from === id),
    peersIn: edges.filter((e) => e.to === id),
    segmentsHeld: (model?.reachable ? model.segments : []).map((s) => {
      const st = segmentStatus(s);
      return {
        name: s.name,
        cluster: id,
        domain: s.domain,
        namespace: s.namespace,
        apiVersion: s.apiVersion,
        ...(st ? { status: st } : {}),
      };
    }),
    findings: rev.findings.filter((f) => f.clusters.includes(id)),
  };
}

export function hostnameCalculation(
  rev: LiveRevision,
  cluster: string,
  namespace: string,
  name: string,
): HostnameCalculation | undefined {
  const service = rev.snapshot.services.find(
    (s) => s.cluster === cluster && s.namespace === namespace && s.name === name,
  );
  if (!service) return undefined;
  const reach = hostnamesOf(rev.snapshot, cluster, namespace, name);
  const names = reach.map((r) => ({
    hostname: r.hostname,
    viewers: r.viewers.map((viewer) => ({
      viewer,
      contributors:
        r.kind === 'local'
          ? [cluster]
          : (rev.snapshot.views.find((v) => v.viewer === viewer && v.hostname === r.hostname)
              ?.contributors ?? []),
    })),
  }));
  const seen = new Set(reach.filter((r) => r.kind === 'global').flatMap((r) => r.viewers));
  const owner = rev.snapshot.clusters.find((c) => c.context === cluster);
  const notVisible = rev.snapshot.clusters
    .filter((c) => c.context !== cluster && !seen.has(c.context))
    .map((c) => ({
      cluster: c.context,
      reason: whyNot(rev, c, owner, service.exported, service.scope),
    }));
  return {
    revision: rev.revision,
    service: service.ref,
    scope: service.scope,
    exported: service.exported,
    names,
    notVisible,
  };
}

function whyNot(
  rev: LiveRevision,
  viewer: ClusterModel,
  owner: ClusterModel | undefined,
  exported: boolean,
  scope: string,
): string {
  if (!viewer.reachable) return `${viewer.context} could not be read`;
  if (!exported) return `not exported: its scope is ${scope}, so it stays in its own cluster`;
  if (!owner) return 'its cluster is not in the fleet view';
  const edge = rev.snapshot.edges.find((e) => e.from === viewer.context && e.to === owner.context);
  if (!edge) return `${viewer.context} does not peer with ${owner.context}`;
  if (!edge.segmentAccepted || edge.rejection)
    return `${viewer.context} rejects discovery from ${owner.context} (${edge.rejection ?? 'segment problem'})`;
  if (!owner.peeringEnabled) return `peering is disabled in ${owner.context}`;
  if (scope === 'segment' && viewer.segment !== owner.segment)
    return `scope segment: ${viewer.context} is in segment ${viewer.segment}, not ${owner.segment}`;
  return 'not visible';
}

/** Global service views per viewer, in snapshot order. */
function viewsByViewer(snapshot: FleetSnapshot): Map<string, GlobalServiceView[]> {
  const out = new Map<string, GlobalServiceView[]>();
  for (const v of snapshot.views) {
    const list = out.get(v.viewer);
    if (list) list.push(v);
    else out.set(v.viewer, [v]);
  }
  return out;
}

const sameView = (a: GlobalServiceView, b: GlobalServiceView) =>
  a === b || JSON.stringify(a) === JSON.stringify(b);

/** What changed from `prev` to `next`, as one SSE `revision` event. */
export function fleetEvent(
  prev: LiveRevision | undefined,
  next: LiveRevision,
  at: string,
): FleetEvent {
  const before = new Map(prev?.clusters.map((c) => [c.context, c.health]));
  const health = next.clusters
    .filter((c) => before.get(c.context) !== c.health)
    .map((c) => ({ context: c.context, health: c.health }));
  const oldKeys = new Map(prev?.findings.map((f) => [findingKey(f), f]));
  const newKeys = new Map(next.findings.map((f) => [findingKey(f), f]));
  const added = next.findings.filter((f) => !oldKeys.has(findingKey(f)));
  const removed = (prev?.findings ?? []).filter((f) => !newKeys.has(findingKey(f)));
  const viewsChanged: string[] = [];
  if (prev?.snapshot !== next.snapshot) {
    const a = prev ? viewsByViewer(prev.snapshot) : new Map<string, GlobalServiceView[]>();
    const b = viewsByViewer(next.snapshot);
    for (const viewer of new Set([...a.keys(), ...b.keys()])) {
      const x = a.get(viewer) ?? [];
      const y = b.get(viewer) ?? [];
      if (x.length !== y.length || x.some((v, i) => !sameView(v, y[i]!))) viewsChanged.push(viewer);
    }
  }
  return {
    revision: next.revision,
    at,
    health,
    findings: { added, removed },
    viewsChanged: viewsChanged.sort(),
    counts: countFindings(next.findings),
  };
}
