import { hostnameProblem } from '../../hostnames';
import type { ObjectRef } from '../../model/objects';
import {
  DEFAULT_SEGMENT,
  type FleetSnapshot,
  type GlobalServiceView,
  SYSTEM_NAMESPACE,
} from '../../model/snapshot';
import { domainProblem } from '../../names';
import type { Detector, FindingDraft } from '../finding';
import { groupBy, joinList, present, serviceIndex, sorted } from '../services/common';

const MAX_NAME = 253;
const MAX_LABEL = 63;

/**
 * HOST504 (generated hostname too long, reference.md §5.2): `<svc>.<ns>.<domain>` over 253
 * characters or with a label over 63 (`hostnameProblem`). Reported once per hostname, naming the
 * viewers.
 */
export const hostnameTooLong: Detector = (snapshot) => tooLong(snapshot).map((t) => t.draft);

interface TooLong {
  draft: FindingDraft;
  /** The named segment whose invalid domain (SEG101) makes the hostname too long. */
  invalidSegment?: { name: string; domain: string };
}

const cache = new WeakMap<FleetSnapshot, TooLong[]>();

/** `<segment>\0<domain>` of the Segments whose invalid domain SEG101 reports and HOST504 links. */
export function tooLongFromInvalidDomain(snapshot: FleetSnapshot): Set<string> {
  return new Set(
    tooLong(snapshot).flatMap((t) =>
      t.invalidSegment ? [`${t.invalidSegment.name}\u0000${t.invalidSegment.domain}`] : [],
    ),
  );
}

function tooLong(snapshot: FleetSnapshot): TooLong[] {
  const hit = cache.get(snapshot);
  if (hit) return hit;
  const out = findTooLong(snapshot);
  cache.set(snapshot, out);
  return out;
}

function findTooLong(snapshot: FleetSnapshot): TooLong[] {
  const index = serviceIndex(snapshot);
  // Service and namespace names are DNS labels (≤ 63), so only a long domain, or a domain with a
  // long label, can break a limit: look at the views of those domains only.
  const suspect = new Set(
    snapshot.clusters
      .map((c) => c.segmentDomain)
      .filter((d) => d.length > MAX_NAME - 2 * (MAX_LABEL + 1) || hostnameProblem(d)),
  );
  if (suspect.size === 0) return [];
  const long = snapshot.views.filter((v) => suspect.has(v.domain) && hostnameProblem(v.hostname));
  return [...groupBy(long, (v) => v.hostname).values()].map((views): TooLong => {
    const first: GlobalServiceView = views[0]!;
    const problem = hostnameProblem(first.hostname)!;
    const owners = sorted(views.flatMap((v) => v.contributors));
    const inDomain = problem.kind === 'too-long' || first.domain.split('.').includes(problem.label);
    const what =
      problem.kind === 'too-long'
        ? `is ${problem.length} characters long, over the DNS limit of 253`
        : `has the label "${problem.label}" of ${problem.label.length} characters, over the DNS limit of 63`;
    const segmentRefs: ObjectRef[] = owners
      .map((c) => {
        const cluster = index.cluster(c);
        return first.segment === DEFAULT_SEGMENT
          ? cluster?.istiod
          : cluster?.segments.find(
              (s) => s.namespace === SYSTEM_NAMESPACE && s.name === first.segment,
            )?.ref;
      })
      .filter(present);
    const fix = !inDomain
      ? `Rename Service ${first.namespace}/${first.name} or its namespace so that every label stays within 63 characters.`
      : first.segment === DEFAULT_SEGMENT
        ? `Use a shorter PEERING_DISCOVERY_SUFFIX for istiod in ${joinList(owners)} (the default segment's domain ${first.domain}), or a shorter Service or namespace name.`
        : `Use a shorter domain for segment "${first.segment}": change spec.domain of Segment ${first.segment} in every cluster that holds it, or shorten the Service or namespace name.`;
    // A domain the Segment CRD rejects is SEG101's too: one cause, linked.
    const invalid =
      inDomain && first.segment !== DEFAULT_SEGMENT && domainProblem(first.domain) !== undefined;
    const draft: FindingDraft = {
      code: 'HOST504',
      message: `Generated hostname ${first.hostname} (Service ${first.namespace}/${first.name} from ${joinList(owners)}, segment "${first.segment}") ${what}; seen in ${joinList(sorted(views.map((v) => v.viewer)))}.`,
      clusters: [...views.map((v) => v.viewer), ...owners],
      objects: [...views.flatMap((v) => v.copies), ...segmentRefs],
      fix,
      ...(invalid ? { related: ['SEG101' as const] } : {}),
    };
    return invalid
      ? { draft, invalidSegment: { name: first.segment, domain: first.domain } }
      : { draft };
  });
}
