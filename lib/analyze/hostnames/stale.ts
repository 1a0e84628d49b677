import type { ObjectRef } from '../../model/objects';
import { DEFAULT_DOMAIN, type FleetSnapshot } from '../../model/snapshot';
import type { Detector, FindingDraft } from '../finding';
import { joinList, serviceIndex, sorted } from '../services/common';

/** Domains that mean "a global hostname": mesh.internal, default suffixes, Segment domains. */
function meshDomains(snapshot: FleetSnapshot): string[] {
  const domains = new Set([DEFAULT_DOMAIN]);
  for (const c of snapshot.clusters) if (c.reachable) domains.add(c.defaultDomain);
  for (const s of snapshot.segments) for (const d of s.domains) if (d.domain) domains.add(d.domain);
  return [...domains].sort((a, b) => b.length - a.length || a.localeCompare(b));
}

/** `<svc>.<ns>.<domain>` for a known mesh domain, the longest matching domain first. */
function parseGlobal(host: string, domains: string[]) {
  const lower = host.toLowerCase();
  if (lower.includes('*')) return undefined;
  for (const domain of domains) {
    if (!lower.endsWith(`.${domain}`)) continue;
    const labels = lower.slice(0, -domain.length - 1).split('.');
    if (labels.length === 2 && labels[0] && labels[1])
      return { name: labels[0], namespace: labels[1], domain };
  }
  return undefined;
}

interface Reference {
  ref: ObjectRef;
  host: string;
  /** Where the object names the host: `in spec.hostnames`, `as a host`. */
  how: string;
}

/**
 * HOST505 (stale hostname reference, reference.md §3.4, §5.2): an HTTPRoute backend
 * (`kind: Hostname`) or hostname, or a user-written ServiceEntry host, names
 * `<svc>.<ns>.<mesh domain>` that is not among the cluster's current global hostnames, typically
 * `mesh.internal` or an old segment domain after a move. Skipped for a cluster that peers with a
 * cluster Segscope cannot read (the hostname might come from there).
 */
export const staleHostnameReferences: Detector = (snapshot) => {
  const index = serviceIndex(snapshot);
  let domains: string[] | undefined;
  const out: FindingDraft[] = [];
  for (const cluster of snapshot.clusters) {
    if (!cluster.reachable || index.hasUnknownPeer(cluster.context)) continue;
    const references: Reference[] = [];
    for (const route of cluster.httpRoutes) {
      const backends = new Set(route.backendHosts);
      for (const host of new Set([...route.backendHosts, ...route.hostnames])) {
        const listed = route.hostnames.includes(host);
        references.push({
          ref: route.ref,
          host,
          how: [
            ...(listed ? ['in spec.hostnames'] : []),
            ...(backends.has(host) ? ['as a backendRef of kind Hostname'] : []),
          ].join(' and '),
        });
      }
    }
    for (const se of cluster.serviceEntries) {
      if (se.generated) continue;
      for (const host of new Set(se.hosts))
        references.push({ ref: se.ref, host, how: 'as a host' });
    }
    if (references.length === 0) continue;
    domains ??= meshDomains(snapshot);
    const views = index.viewsIn(cluster.context);
    for (const { ref, host, how } of references) {
      const parsed = parseGlobal(host, domains);
      if (!parsed || views.has(host.toLowerCase())) continue;
      const current = sorted(
        [...views.values()]
          .flat()
          .filter((v) => v.name === parsed.name && v.namespace === parsed.namespace)
          .map((v) => v.hostname),
      );
      const object = `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
      const service = `${parsed.namespace}/${parsed.name}`;
      out.push({
        code: 'HOST505',
        message: `${object} in ${cluster.context} names ${host} ${how}, but no global service has that hostname in ${cluster.context}${current.length ? `; Service ${service} is now ${joinList(current)} there` : `, and Service ${service} is not a global service there`}.`,
        clusters: [cluster.context],
        objects: [ref],
        fix: current.length
          ? `Replace ${host} with ${current.length === 1 ? current[0] : `the hostname of the intended segment (${joinList(current)})`} in ${object} in ${cluster.context}.`
          : `Point ${object} in ${cluster.context} at a current global hostname, or export Service ${service} to ${cluster.context} (label it solo.io/service-scope=global where it runs, in ${cluster.context} or a peer).`,
      });
    }
  }
  return out;
};
