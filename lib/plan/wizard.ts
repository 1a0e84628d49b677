/**
 * What the change wizard shows before a plan exists, computed in the browser from the live API's
 * DTOs: the hostnames a segment will produce, the clusters that must hold its Segment and why,
 * fleet-aware field errors, which findings have a mechanical fix, and how far an apply has got as
 * the live fleet sees it. Pure.
 */
import type { FindingDto, LiveFleetResponse, PeeringEdgeDto, ServiceRecord } from '../api/contract';
import { globalHostname } from '../hostnames';
import { SEGMENT_LABEL } from '../model/snapshot';
import type { FieldError, PlanStep } from './intent';

/** A cluster that must hold the Segment, and the members that make it so. */
export interface RequiredHolder {
  cluster: string;
  /** A member itself (holds it and is labelled). */
  member: boolean;
  /** Members it peers with, either way: they reject each other's discovery without it (SEG201). */
  peersOf: string[];
}

/**
 * Every cluster that must hold Segment `name` before any member is labelled (domain README §4):
 * the members, and every managed cluster that peers with a member in either direction. Members
 * first, in the order given; the others by name.
 */
export function requiredHolders(
  edges: readonly Pick<PeeringEdgeDto, 'from' | 'to' | 'managed'>[],
  members: readonly string[],
): RequiredHolder[] {
  const memberSet = new Set(members);
  const peers = new Map<string, Set<string>>();
  const note = (cluster: string, member: string) => {
    if (cluster === member) return;
    const set = peers.get(cluster) ?? new Set<string>();
    set.add(member);
    peers.set(cluster, set);
  };
  for (const e of edges) {
    if (!e.managed) continue;
    if (memberSet.has(e.from)) note(e.to, e.from);
    if (memberSet.has(e.to)) note(e.from, e.to);
  }
  const sorted = (s: Set<string> | undefined) => [...(s ?? [])].sort((a, b) => a.localeCompare(b));
  const out: RequiredHolder[] = [...new Set(members)].map((m) => ({
    cluster: m,
    member: true,
    peersOf: sorted(peers.get(m)),
  }));
  const others = [...peers.keys()]
    .filter((c) => !memberSet.has(c))
    .sort((a, b) => a.localeCompare(b));
  for (const c of others) out.push({ cluster: c, member: false, peersOf: sorted(peers.get(c)) });
  return out;
}

/** One hostname the segment will produce: the service and the members that export it. */
export interface HostnamePreview {
  hostname: string;
  namespace: string;
  name: string;
  /** Members exporting it; empty when the preview is of the whole fleet (no member picked). */
  from: string[];
}

/**
 * The hostnames `<svc>.<ns>.<domain>` that the global services of `members` get once they join
 * a segment with `domain`. A service is a member's when the member contributes to its own view of
 * it. With no member picked, every global service of the fleet, as an example.
 */
export function previewHostnames(
  services: readonly ServiceRecord[],
  members: readonly string[],
  domain: string,
): HostnamePreview[] {
  const memberSet = new Set(members);
  const byService = new Map<string, HostnamePreview>();
  for (const s of services) {
    const own = s.contributors.includes(s.viewer);
    if (memberSet.size > 0 && !(memberSet.has(s.viewer) && own)) continue;
    const key = `${s.namespace}/${s.name}`;
    const entry = byService.get(key) ?? {
      hostname: globalHostname(s.name, s.namespace, domain),
      namespace: s.namespace,
      name: s.name,
      from: [],
    };
    if (memberSet.size > 0 && !entry.from.includes(s.viewer)) entry.from.push(s.viewer);
    byService.set(key, entry);
  }
  return [...byService.values()]
    .map((e) => ({ ...e, from: e.from.sort((a, b) => a.localeCompare(b)) }))
    .sort((a, b) => a.hostname.localeCompare(b.hostname));
}

/**
 * Field errors the static schema cannot know: a domain another segment already uses anywhere in
 * the fleet, members that are unknown or not reachable. In the shape of `fieldErrorsOf`.
 */
export function fleetFieldErrors(
  fleet: Pick<LiveFleetResponse, 'segments' | 'clusters'>,
  intent: { name: string; domain: string; clusters: readonly string[] },
): FieldError[] {
  const errors: FieldError[] = [];
  const domain = intent.domain.trim();
  const owners = fleet.segments.filter(
    (s) => !s.implicit && s.name !== intent.name.trim() && s.domains.includes(domain),
  );
  if (domain && owners.length > 0)
    errors.push({
      path: 'domain',
      message: `domain "${domain}" is already the domain of segment ${owners.map((s) => `"${s.name}"`).join(', ')}`,
    });
  intent.clusters.forEach((id, i) => {
    const cluster = fleet.clusters.find((c) => c.id === id);
    if (!cluster) errors.push({ path: `clusters.${i}`, message: `unknown cluster "${id}"` });
    else if (cluster.state !== 'ready')
      errors.push({ path: `clusters.${i}`, message: `cluster "${id}" is not reachable` });
  });
  return errors;
}

/** Finding codes whose fix is one mechanical plan (`fix` intent); SEG202 needs a chosen domain. */
export const FIXABLE_CODES = ['SEG104', 'SEG201', 'SEG202', 'SEG203'] as const;

export const isFixable = (f: Pick<FindingDto, 'code' | 'suppressed'>): boolean =>
  !f.suppressed && (FIXABLE_CODES as readonly string[]).includes(f.code);

/** How a step looks in the live fleet right now. */
export type Observed = 'done' | 'not-yet' | 'unknown';

/**
 * Whether what `step` writes is visible in the live fleet: a Segment held by its cluster (with the
 * domain `expected.domain` when given), gone after a delete, or the segment label set or removed.
 * Scope labels are not in the fleet DTO: `unknown`.
 */
export function observedStep(
  fleet: Pick<LiveFleetResponse, 'segments' | 'clusters'>,
  step: Pick<PlanStep, 'cluster' | 'action' | 'object'>,
  expected: { domain?: string; label?: string | null } = {},
): Observed {
  const cluster = fleet.clusters.find((c) => c.id === step.cluster);
  if (!cluster) return 'unknown';
  const held = () =>
    fleet.segments
      .find((s) => s.name === step.object.name)
      ?.holders.find((h) => h.cluster === step.cluster);
  switch (step.action) {
    case 'apply-segment':
    case 'update-segment': {
      const h = held();
      return h && (expected.domain === undefined || h.domain === expected.domain)
        ? 'done'
        : 'not-yet';
    }
    case 'delete-segment':
      return held() ? 'not-yet' : 'done';
    case 'label-namespace':
    case 'unlabel-namespace': {
      if (step.object.kind !== 'Namespace' || expected.label === undefined) return 'unknown';
      const label = cluster.segmentLabel ?? null;
      return label === expected.label ? 'done' : 'not-yet';
    }
    default:
      return 'unknown';
  }
}

/**
 * What a step's YAML sets, for `observedStep`: a Segment's `spec.domain`, or the segment label of
 * a Namespace (`null` when the step removes it). `doc` is the step's YAML, parsed.
 */
export function expectedOf(
  action: PlanStep['action'],
  doc: unknown,
): { domain?: string; label?: string | null } {
  const o = (doc ?? {}) as {
    spec?: { domain?: unknown };
    metadata?: { labels?: Record<string, unknown> | null };
  };
  if (action === 'apply-segment' || action === 'update-segment')
    return typeof o.spec?.domain === 'string' ? { domain: o.spec.domain } : {};
  if (action === 'unlabel-namespace') return { label: null };
  if (action === 'label-namespace') {
    const labels = o.metadata?.labels;
    if (!labels || !(SEGMENT_LABEL in labels)) return {};
    const value = labels[SEGMENT_LABEL];
    return { label: typeof value === 'string' ? value : null };
  }
  return {};
}
