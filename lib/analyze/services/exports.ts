import { SCOPE_LABEL, type ServiceModel } from '../../model/snapshot';
import type { Detector, FindingDraft } from '../finding';
import { groupBy, joinList, kubectlLabel, serviceIndex, serviceName, sorted } from './common';

const isTcp = (protocol: string) => protocol === 'TCP' || protocol.toUpperCase() === 'TCP';
const EXPORTED_VALUES = new Set(['global', 'segment', 'global-only']);

const portText = (p: ServiceModel['ports'][number]) => `${p.port}/${p.protocol.toUpperCase()}`;

/**
 * SVC409 (scope label with nothing to export, reference.md §5.2): a Namespace labelled `global`,
 * `segment` or `global-only` where no Service is exported with a TCP port: no Services, only
 * opted-out ones, or only UDP/SCTP ports.
 */
export const nothingToExport: Detector = (snapshot) => {
  const out: FindingDraft[] = [];
  for (const cluster of snapshot.clusters) {
    if (!cluster.reachable) continue;
    const labelled = cluster.namespaces.filter((ns) =>
      EXPORTED_VALUES.has(ns.labels[SCOPE_LABEL] ?? ''),
    );
    if (labelled.length === 0) continue;
    const byNamespace = groupBy(cluster.services, (s) => s.namespace);
    for (const ns of labelled) {
      const value = ns.labels[SCOPE_LABEL]!;
      const services = byNamespace.get(ns.name) ?? [];
      if (services.some((s) => s.exported && s.ports.some((p) => isTcp(p.protocol)))) continue;
      const optedOut = services.filter((s) => !s.exported);
      const noTcp = services.filter((s) => s.exported);
      const reasons = [
        ...(optedOut.length
          ? [
              `${joinList(optedOut.map((s) => s.name))} ${optedOut.length === 1 ? 'opts' : 'opt'} out with ${optedOut.length === 1 ? 'its' : 'their'} own ${SCOPE_LABEL}`,
            ]
          : []),
        ...(noTcp.length
          ? [
              `${joinList(noTcp.map((s) => s.name))} ${noTcp.length === 1 ? 'has' : 'have'} no TCP port (only TCP ports are exported)`,
            ]
          : []),
      ];
      const why = services.length === 0 ? 'it has no Services' : reasons.join('; ');
      out.push({
        code: 'SVC409',
        message: `Namespace ${ns.name} in ${cluster.context} is labelled ${SCOPE_LABEL}=${value} but exports nothing: ${why}.`,
        clusters: [cluster.context],
        objects: [ns.ref, ...services.map((s) => s.ref)],
        fix: `Remove the label if nothing should be exported (kubectl --context ${cluster.context} label namespace ${ns.name} ${SCOPE_LABEL}-), or deploy the TCP Services it should export in ${ns.name}.`,
      });
    }
  }
  return out;
};

/** SVC410 (UDP/SCTP ports on an exported Service, reference.md §2.5.1): only TCP is exported. */
export const nonTcpPorts: Detector = (snapshot) => {
  const out: FindingDraft[] = [];
  for (const s of snapshot.services) {
    if (!s.exported) continue;
    const dropped = s.ports.filter((p) => !isTcp(p.protocol));
    if (dropped.length === 0) continue;
    const target = { kind: 'Service' as const, namespace: s.namespace, name: s.name };
    out.push({
      code: 'SVC410',
      message: `Service ${serviceName(s)} in ${s.cluster} is exported (${s.scope}) but its ${dropped.length === 1 ? 'port' : 'ports'} ${joinList(dropped.map(portText))} ${dropped.length === 1 ? 'is' : 'are'} not: the generated ServiceEntry keeps TCP ports only, so peers cannot reach ${dropped.length === 1 ? 'it' : 'them'}.`,
      clusters: [s.cluster],
      objects: [s.ref],
      fix: `Serve ${joinList(dropped.map(portText))} of Service ${serviceName(s)} in ${s.cluster} over TCP for peers, or stop exporting the Service (${kubectlLabel(s.cluster, target, `${SCOPE_LABEL}=cluster`)}).`,
    });
  }
  return out;
};

const scopeSourceText = (s: ServiceModel): string =>
  s.scopeSource === 'service'
    ? `${SCOPE_LABEL}=${s.scopeValue === '' ? '""' : s.scopeValue} on the Service`
    : s.scopeSource === 'namespace'
      ? `${SCOPE_LABEL}=${s.scopeValue === '' ? '""' : s.scopeValue} on Namespace ${s.namespace}`
      : `no ${SCOPE_LABEL}`;

/**
 * SVC406 (inconsistent scope within a segment, reference.md §2.4.2, §5.2): the same
 * `<svc>.<ns>` is cluster-local in one cluster and exported in a peer of the same segment (a
 * peer gateway in either direction). Unrecognised values are left to SVC401. Only peers of the
 * same segment are looked at, so the cost follows the peering graph, not the fleet.
 */
export const inconsistentScope: Detector = (snapshot) => {
  const index = serviceIndex(snapshot);
  // Exported copies per segment and `<ns>/<name>`, so each local Service costs one lookup.
  const exportedIn = new Map<string, Map<string, ServiceModel[]>>();
  for (const cluster of snapshot.clusters) {
    if (!cluster.reachable) continue;
    let bySegment = exportedIn.get(cluster.segment);
    if (!bySegment) exportedIn.set(cluster.segment, (bySegment = new Map()));
    for (const s of cluster.services) {
      if (!s.exported) continue;
      const key = serviceName(s);
      const list = bySegment.get(key);
      if (list) list.push(s);
      else bySegment.set(key, [s]);
    }
  }
  const groups = new Map<string, { local: ServiceModel[]; exported: Map<string, ServiceModel> }>();
  for (const cluster of snapshot.clusters) {
    if (!cluster.reachable) continue;
    const near = index.neighbours(cluster.context);
    const bySegment = exportedIn.get(cluster.segment);
    if (near.size === 0 || !bySegment) continue;
    for (const s of cluster.services) {
      if (s.exported || s.scope === 'invalid') continue;
      const exporters = (bySegment.get(serviceName(s)) ?? []).filter((e) => near.has(e.cluster));
      if (exporters.length === 0) continue;
      const key = `${cluster.segment}\u0000${s.namespace}/${s.name}`;
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { local: [], exported: new Map() }));
      group.local.push(s);
      for (const e of exporters) group.exported.set(e.cluster, e);
    }
  }
  const out: FindingDraft[] = [];
  for (const group of groups.values()) {
    const local = group.local;
    const exported = [...group.exported.values()].sort((a, b) =>
      a.cluster.localeCompare(b.cluster),
    );
    const first = local[0]!;
    const segment = index.cluster(first.cluster)!.segment;
    const scopes = groupBy(exported, (s) => (s.scope === 'global-only' ? 'global' : s.scope));
    const wanted = [...scopes].sort((a, b) => b[1].length - a[1].length)[0]![0];
    const localClusters = sorted(local.map((s) => s.cluster));
    const exportClusters = exported.map((s) => s.cluster);
    out.push({
      code: 'SVC406',
      message: `Service ${serviceName(first)} in segment "${segment}" is exported in ${joinList(exported.map((s) => `${s.cluster} (${scopeSourceText(s)})`))} but cluster-local in ${joinList(local.map((s) => `${s.cluster} (${scopeSourceText(s)})`))}, which peers with ${exported.length === 1 ? 'it' : 'them'}: one logical service, exported from some clusters only.`,
      clusters: [...exportClusters, ...localClusters],
      objects: [...exported, ...local].map((s) => s.ref),
      fix: `Label Service ${serviceName(first)} in ${joinList(localClusters)} ${SCOPE_LABEL}=${wanted} like in ${joinList(exportClusters)} (${kubectlLabel(localClusters[0]!, { kind: 'Service', namespace: first.namespace, name: first.name }, `${SCOPE_LABEL}=${wanted}`)}), or set ${SCOPE_LABEL}=cluster on it in ${joinList(exportClusters)} if it must stay local.`,
    });
  }
  return out;
};
