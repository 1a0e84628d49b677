import type { ObjectRef } from '../../model/objects';
import {
  DEFAULT_SEGMENT,
  type FleetSnapshot,
  SYSTEM_NAMESPACE,
  type GlobalServiceView,
  type ServiceEntryModel,
} from '../../model/snapshot';
import type { Detector, FindingDraft } from '../finding';
import { keeperOf, quotedList } from '../segments/common';
import { groupBy, joinList, present, serviceIndex, sorted } from '../services/common';

/** Two or more global services of different segments under one hostname in one viewer. */
interface ViewCollision {
  hostname: string;
  domain: string;
  segments: string[];
  viewers: string[];
  views: GlobalServiceView[];
}

const cache = new WeakMap<FleetSnapshot, ViewCollision[]>();

/**
 * Hostnames that mean different global services in one viewer. Only a domain used by two
 * segments can produce them (README §2: `<svc>.<ns>.<domain>`), so only those views are grouped.
 */
function viewCollisions(snapshot: FleetSnapshot) {
  const hit = cache.get(snapshot);
  if (hit) return hit;
  const segmentsOfDomain = new Map<string, Set<string>>();
  for (const c of snapshot.clusters) {
    if (!c.reachable) continue;
    let set = segmentsOfDomain.get(c.segmentDomain);
    if (!set) segmentsOfDomain.set(c.segmentDomain, (set = new Set()));
    set.add(c.segment);
  }
  const ambiguous = new Set(
    [...segmentsOfDomain].filter(([, segments]) => segments.size > 1).map(([domain]) => domain),
  );
  const perViewer = groupBy(
    ambiguous.size ? snapshot.views.filter((v) => ambiguous.has(v.domain)) : [],
    (v) => `${v.viewer}\u0000${v.hostname}`,
  );
  const byKey = new Map<string, ViewCollision>();
  for (const views of perViewer.values()) {
    const segments = sorted(views.map((v) => v.segment));
    if (segments.length < 2) continue;
    const first = views[0]!;
    const groupKey = `${first.hostname}\u0000${segments.join(',')}`;
    let collision = byKey.get(groupKey);
    if (!collision) {
      collision = {
        hostname: first.hostname,
        domain: first.domain,
        segments,
        viewers: [],
        views: [],
      };
      byKey.set(groupKey, collision);
    }
    collision.viewers.push(first.viewer);
    collision.views.push(...views);
  }
  const result = [...byKey.values()];
  cache.set(snapshot, result);
  return result;
}

/** Names of the system Segments with this domain across the fleet (SEG105 compares them). */
function sharingDomain(snapshot: FleetSnapshot, domain: string): string[] {
  return sorted(
    snapshot.clusters.flatMap((c) =>
      c.segments
        .filter((s) => s.namespace === SYSTEM_NAMESPACE && s.domain === domain)
        .map((s) => s.name),
    ),
  );
}

/** Domains under which HOST501 finds global services of different segments, with those segments. */
export function collidingDomains(snapshot: FleetSnapshot): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const c of viewCollisions(snapshot)) {
    const set = out.get(c.domain) ?? new Set<string>();
    for (const s of c.segments) set.add(s);
    out.set(c.domain, set);
  }
  return out;
}

/**
 * HOST501, global services (README §2, reference.md §5.2): one hostname names global services
 * of two segments in a viewer, because the segments share a domain (SEG105, or SEG102 when one
 * of them is the default segment). Reported once per hostname and set of segments.
 */
export const globalHostnameCollisions: Detector = (snapshot) =>
  viewCollisions(snapshot).map((c): FindingDraft => {
    const bySegment = groupBy(c.views, (v) => v.segment);
    const parts = c.segments.map((segment) => {
      const views = bySegment.get(segment) ?? [];
      const owners = sorted(views.flatMap((v) => v.contributors));
      return `segment "${segment}" (Service ${views[0]?.namespace}/${views[0]?.name} from ${joinList(owners)})`;
    });
    const named = c.segments.filter((s) => s !== DEFAULT_SEGMENT);
    // The segments to change are those SEG105 (or SEG102) tells to change: not SEG105's keeper.
    const keeper =
      named.length === c.segments.length
        ? keeperOf(sharingDomain(snapshot, c.domain), snapshot)
        : undefined;
    const change = named.filter((s) => s !== keeper);
    const changeText =
      change.length === 1
        ? `segment "${change[0]}" a domain`
        : `segments ${quotedList(change)} each a domain`;
    const objects: ObjectRef[] = c.views.flatMap((v) => v.copies);
    return {
      code: 'HOST501',
      message: `Hostname ${c.hostname} names ${c.segments.length} different global services in ${joinList(sorted(c.viewers))}: ${joinList(parts)} ${c.segments.length === 2 ? 'both' : 'all'} use domain ${c.domain}.`,
      clusters: [...c.viewers, ...c.views.flatMap((v) => v.contributors)],
      objects,
      fix: `Give ${changeText} no other segment uses: change spec.domain of ${joinList(change.map((s) => `Segment ${s}`))} in every cluster that holds it, so ${change.length === 1 ? 'its' : 'their'} services get their own hostnames.`,
      related: named.length === c.segments.length ? ['SEG105'] : ['SEG102'],
    };
  });

const seText = (se: ServiceEntryModel) =>
  `${se.generated ? 'generated ' : ''}ServiceEntry ${se.ref.namespace}/${se.ref.name}`;

const LOCAL_SUFFIX = '.svc.cluster.local';

/**
 * HOST501, ServiceEntries (reference.md §2.5.1, §5.2): in one cluster, a user-written
 * ServiceEntry exposes a host that another ServiceEntry (user-written or generated), a global
 * service or a local Service already has; a `*.` host counts for every global hostname under it.
 * Generated ServiceEntries alone are expected; two of them sharing a host is the global-service
 * collision above. Only clusters with user-written ServiceEntries are indexed.
 */
export const serviceEntryCollisions: Detector = (snapshot) => {
  const index = serviceIndex(snapshot);
  const out: FindingDraft[] = [];
  for (const cluster of snapshot.clusters) {
    if (!cluster.reachable || cluster.serviceEntries.every((se) => se.generated)) continue;
    const context = cluster.context;
    const byHost = new Map<string, ServiceEntryModel[]>();
    const wildcards: { se: ServiceEntryModel; host: string }[] = [];
    for (const se of cluster.serviceEntries) {
      for (const host of new Set(se.hosts)) {
        if (!se.generated && host.startsWith('*.')) wildcards.push({ se, host });
        const list = byHost.get(host);
        if (list) list.push(se);
        else byHost.set(host, [se]);
      }
    }
    for (const [host, entries] of byHost) {
      const users = entries.filter((se) => !se.generated);
      if (users.length === 0) continue;
      const views = index.viewsIn(context).get(host) ?? [];
      const local = host.endsWith(LOCAL_SUFFIX)
        ? host.slice(0, -LOCAL_SUFFIX.length).split('.')
        : [];
      const service = local.length === 2 ? index.service(context, local[1]!, local[0]!) : undefined;
      const generated = entries.filter((se) => se.generated);
      if (users.length < 2 && generated.length === 0 && views.length === 0 && !service) continue;
      const exposers = [
        ...users.map(seText),
        ...generated.map(seText),
        ...(generated.length === 0
          ? views.map(
              (v) =>
                `the global service of Service ${v.namespace}/${v.name} from ${joinList(v.contributors)}`,
            )
          : []),
        ...(service ? [`Service ${service.namespace}/${service.name}`] : []),
      ];
      const userText = joinList(users.map((se) => `${se.ref.namespace}/${se.ref.name}`));
      out.push({
        code: 'HOST501',
        message: `In ${context}, host ${host} is exposed by ${joinList(exposers)}: duplicate hosts are resolved unpredictably.`,
        clusters: [context, ...views.flatMap((v) => v.contributors)],
        // Primary object: the user's ServiceEntry, the one the fix changes.
        objects: [
          ...users.map((se) => se.ref),
          ...entries.filter((se) => !users.includes(se)).map((se) => se.ref),
          ...views.flatMap((v) => v.copies),
          ...(service ? [service.ref] : []),
        ],
        fix:
          generated.length || views.length || service
            ? `Remove host ${host} from ServiceEntry ${userText} in ${context}: ${service ? 'the Service' : 'the global service'} already provides it.`
            : `Keep host ${host} in one ServiceEntry in ${context} and remove it from the others (${userText}).`,
      });
    }
    for (const { se, host } of wildcards) {
      const suffix = host.slice(1);
      const covered = [...index.viewsIn(context).values()]
        .flat()
        .filter((v) => v.hostname.endsWith(suffix));
      if (covered.length === 0) continue;
      const names = sorted(covered.map((v) => v.hostname));
      out.push({
        code: 'HOST501',
        message: `In ${context}, ${seText(se)} exposes ${host}, which overlaps ${names.length === 1 ? 'the global hostname' : `${names.length} global hostnames`} ${joinList(names.slice(0, 3))}${names.length > 3 ? ' and more' : ''}.`,
        clusters: [context, ...covered.flatMap((v) => v.contributors)],
        objects: [se.ref, ...covered.flatMap((v) => v.copies)].filter(present),
        fix: `Narrow host ${host} in ServiceEntry ${se.ref.namespace}/${se.ref.name} in ${context} so it does not cover the mesh's global hostnames, or move it to a domain no segment uses.`,
      });
    }
  }
  return out;
};
