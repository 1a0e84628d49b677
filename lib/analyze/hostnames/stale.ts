import type { ObjectRef } from '../../model/objects';
import { type ClusterModel, DEFAULT_DOMAIN, type FleetSnapshot } from '../../model/snapshot';
import type { Detector, FindingDraft } from '../finding';
import { agreedDomain, hasDivergentDomains, indexFleet } from '../segments/common';
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
 * Why the host is missing when the reference is right: the cluster does not discover the peer
 * that runs the Service under that domain, because it lacks that peer's Segment (SEG201) or holds
 * it with another domain (SEG202). Then the route is not what to change.
 */
interface Cause {
  code: 'SEG201' | 'SEG202';
  viewer: string;
  segment: string;
  exporter: ClusterModel;
}

function causeOf(
  snapshot: FleetSnapshot,
  viewer: ClusterModel,
  parsed: { name: string; namespace: string; domain: string },
): Cause | undefined {
  const index = indexFleet(snapshot);
  const services = serviceIndex(snapshot);
  for (const edge of snapshot.edges) {
    if (edge.from !== viewer.context || !edge.managed) continue;
    const exporter = index.cluster(edge.to);
    if (!exporter?.reachable || exporter.segmentDomain !== parsed.domain) continue;
    if (!services.service(exporter.context, parsed.namespace, parsed.name)) continue;
    const segment = exporter.segment;
    // SEG201 stays silent for a viewer without the Segment API (SEG209 reports it).
    if (edge.rejection === 'segment-missing' && viewer.segmentApis.length > 0)
      return { code: 'SEG201', viewer: viewer.context, segment, exporter };
    if (edge.rejection === 'domain-mismatch' && hasDivergentDomains(index.summary(segment)))
      return { code: 'SEG202', viewer: viewer.context, segment, exporter };
  }
  return undefined;
}

function causeFix(snapshot: FleetSnapshot, cause: Cause): string {
  const { segment, viewer, exporter } = cause;
  if (cause.code === 'SEG201')
    return `apply Segment "${segment}" (domain ${exporter.segmentDomain}) to ${viewer} (SEG201)`;
  const domain = agreedDomain(indexFleet(snapshot), segment);
  return domain
    ? `set spec.domain of Segment "${segment}" to "${domain}" in ${viewer} (SEG202)`
    : `give Segment "${segment}" one domain in every cluster that holds it (SEG202)`;
}

interface StaleReference {
  draft: FindingDraft;
  cause?: Cause;
}

const cache = new WeakMap<FleetSnapshot, StaleReference[]>();

/** A stale reference in the viewer (any viewer when undefined) is caused by the segment's code. */
export function staleBecauseOf(
  snapshot: FleetSnapshot,
  code: Cause['code'],
  viewer: string | undefined,
  segment: string,
): boolean {
  return staleReferences(snapshot).some(
    ({ cause }) =>
      cause?.code === code &&
      cause.segment === segment &&
      (viewer === undefined || cause.viewer === viewer),
  );
}

/**
 * HOST505 (stale hostname reference, reference.md §3.4, §5.2): an HTTPRoute backend
 * (`kind: Hostname`) or hostname, or a user-written ServiceEntry host, names
 * `<svc>.<ns>.<mesh domain>` that is not among the cluster's current global hostnames, typically
 * `mesh.internal` or an old segment domain after a move. Skipped for a cluster that peers with a
 * cluster Segscope cannot read (the hostname might come from there).
 */
export const staleHostnameReferences: Detector = (snapshot) =>
  staleReferences(snapshot).map((r) => r.draft);

function staleReferences(snapshot: FleetSnapshot): StaleReference[] {
  const hit = cache.get(snapshot);
  if (hit) return hit;
  const out = findStale(snapshot);
  cache.set(snapshot, out);
  return out;
}

function findStale(snapshot: FleetSnapshot): StaleReference[] {
  const index = serviceIndex(snapshot);
  let domains: string[] | undefined;
  const out: StaleReference[] = [];
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
      const cause = causeOf(snapshot, cluster, parsed);
      const because = cause
        ? ` Service ${service} runs in ${cause.exporter.context} with that hostname, but ` +
          `${cluster.context} does not discover ${cause.exporter.context} (${cause.code}).`
        : '';
      const draft: FindingDraft = {
        code: 'HOST505',
        message: `${object} in ${cluster.context} names ${host} ${how}, but no global service has that hostname in ${cluster.context}${current.length ? `; Service ${service} is now ${joinList(current)} there` : `, and Service ${service} is not a global service there`}.${because}`,
        clusters: [cluster.context, ...(cause ? [cause.exporter.context] : [])],
        objects: [ref],
        fix: cause
          ? `Keep ${host} in ${object}: it resolves once ${cluster.context} discovers ${cause.exporter.context}; ${causeFix(snapshot, cause)}.`
          : current.length
            ? `Replace ${host} with ${current.length === 1 ? current[0] : `the hostname of the intended segment (${joinList(current)})`} in ${object} in ${cluster.context}.`
            : `Point ${object} in ${cluster.context} at a current global hostname, or export Service ${service} to ${cluster.context} (label it solo.io/service-scope=global where it runs, in ${cluster.context} or a peer).`,
        ...(cause ? { related: [cause.code] } : {}),
      };
      out.push(cause ? { draft, cause } : { draft });
    }
  }
  return out;
}
