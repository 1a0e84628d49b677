import { compareRefs, refKey } from '../model/objects';
import type { FleetSnapshot } from '../model/snapshot';
import { CATALOGUE, SEVERITY_RANK } from './catalogue';
import { controlPlaneDetectors } from './control-plane';
import type { Detector, Finding, FindingDraft } from './finding';
import { hostnamesDetectors } from './hostnames';
import { peeringDetectors } from './peering';
import { segmentDefinitionsDetectors } from './segment-definitions';
import { segmentMembershipDetectors } from './segment-membership';
import { servicesDetectors } from './services';
import { trustDetectors } from './trust';

export const DETECTORS: readonly Detector[] = [
  ...segmentDefinitionsDetectors,
  ...segmentMembershipDetectors,
  ...peeringDetectors,
  ...servicesDetectors,
  ...hostnamesDetectors,
  ...trustDetectors,
  ...controlPlaneDetectors,
];

function complete(draft: FindingDraft): Finding {
  // The first object is the detector's primary one (text output names it); the rest are sorted.
  const [primary, ...rest] = draft.objects;
  const objects = primary
    ? [primary, ...rest.filter((o) => refKey(o) !== refKey(primary)).sort(compareRefs)]
    : [];
  return {
    code: draft.code,
    severity: draft.severity ?? CATALOGUE[draft.code].severity,
    title: CATALOGUE[draft.code].title,
    message: draft.message,
    clusters: [...new Set(draft.clusters)].sort(),
    objects: objects.filter((o, i) => i === 0 || refKey(o) !== refKey(objects[i - 1]!)),
    fix: draft.fix,
    ...(draft.related?.length ? { related: [...new Set(draft.related)].sort() } : {}),
  };
}

/** A finding that involves several clusters is reported once (findings.md). */
const identity = (f: Finding) => `${f.code}|${f.objects.map(refKey).join(';')}|${f.message}`;

function isSuppressed(f: Finding, suppressions: FleetSnapshot['suppressions']): boolean {
  return f.objects.some((o) => {
    const codes = suppressions[refKey(o)];
    return codes !== undefined && (codes.includes('*') || codes.includes(f.code));
  });
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    a.code.localeCompare(b.code) ||
    (a.clusters[0] ?? '').localeCompare(b.clusters[0] ?? '') ||
    compareRefs(a.objects[0]!, b.objects[0]!) ||
    a.message.localeCompare(b.message)
  );
}

/**
 * Every finding of the catalogue's families for a fleet, deduplicated, marked suppressed where an
 * involved object carries `segscope.io/suppress`, and in a stable order (severity, code, place).
 */
export function analyze(
  snapshot: FleetSnapshot,
  detectors: readonly Detector[] = DETECTORS,
): Finding[] {
  const seen = new Map<string, Finding>();
  for (const detect of detectors) {
    for (const draft of detect(snapshot)) {
      const finding = complete(draft);
      if (finding.objects.length === 0) continue;
      const key = identity(finding);
      if (!seen.has(key)) seen.set(key, finding);
    }
  }
  return [...seen.values()]
    .map((f) => (isSuppressed(f, snapshot.suppressions) ? { ...f, suppressed: true } : f))
    .sort(compareFindings);
}

export type { Detector, Finding, FindingDraft } from './finding';
export {
  CATALOGUE,
  FINDING_CODES,
  type FindingCode,
  type Severity,
  WAVE1_CODES,
} from './catalogue';
