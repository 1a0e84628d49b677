/**
 * What the change wizard shows before a plan exists, computed in the browser from the live API's
 * DTOs: the hostnames a segment will produce, fleet-aware field errors (the planner's own rules of
 * `fleet-checks.ts`; the holders come from `holders.ts`), which findings have a mechanical fix,
 * and how far an apply has got as the live fleet sees it. Pure.
 */
import type { FindingDto, LiveFleetResponse, ServiceRecord } from '../api/contract';
import { globalHostname } from '../hostnames';
import { SEGMENT_LABEL } from '../model/snapshot';
import { createSegmentProblems, segmentUsesOfDto, writableOfDto } from './fleet-checks';
import type { FieldError, PlanStep } from './intent';

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
 * Field errors the static schema cannot know, with the API's own rules and words
 * (`fleet-checks.ts`): a domain another segment uses, a Segment of this name with another domain,
 * members unknown, unreachable or without a Segment API.
 */
export function fleetFieldErrors(
  fleet: Pick<LiveFleetResponse, 'segments' | 'clusters'>,
  intent: { name: string; domain: string; clusters: readonly string[] },
): FieldError[] {
  return createSegmentProblems(
    { name: intent.name.trim(), domain: intent.domain.trim(), clusters: intent.clusters },
    segmentUsesOfDto(fleet.segments),
    writableOfDto(fleet.clusters),
  );
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
