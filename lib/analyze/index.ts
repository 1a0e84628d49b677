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

/**
 * Detectors whose every finding concerns the Services of one namespace name (across the fleet)
 * and reads nothing of other namespaces: the SVC4xx family. The incremental engine
 * (lib/engine) re-runs them only for the namespaces a change can affect.
 */
export const NAMESPACE_DETECTORS: readonly Detector[] = servicesDetectors;

/**
 * Detectors of cluster-level state: segments, peering, trust, control plane. They read cluster
 * models, edges and segments, never Services or views: a change of Services only leaves their
 * findings as they were (lib/engine).
 */
export const CLUSTER_DETECTORS: readonly Detector[] = [
  ...segmentDefinitionsDetectors,
  ...segmentMembershipDetectors,
  ...peeringDetectors,
  ...trustDetectors,
  ...controlPlaneDetectors,
];

/** The hostname family (HOST5xx): reads the views, cheap enough to run on every update. */
export const HOSTNAME_DETECTORS: readonly Detector[] = hostnamesDetectors;

export const FLEET_DETECTORS: readonly Detector[] = [...CLUSTER_DETECTORS, ...HOSTNAME_DETECTORS];

export const DETECTORS: readonly Detector[] = [...FLEET_DETECTORS, ...NAMESPACE_DETECTORS];

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

/**
 * The identity of a finding: code, objects and message. A finding that involves several clusters
 * is reported once (findings.md); two analyses agree on a finding when this is equal.
 */
export const findingKey = (f: Finding): string =>
  `${f.code}|${f.objects.map(refKey).join(';')}|${f.message}`;

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
    a.message.localeCompare(b.message) ||
    // A total order, so that findings gathered in any order (the incremental engine) sort alike.
    a.objects.length - b.objects.length ||
    compareObjectLists(a.objects, b.objects)
  );
}

function compareObjectLists(a: Finding['objects'], b: Finding['objects']): number {
  for (let i = 0; i < a.length; i++) {
    const c = compareRefs(a[i]!, b[i]!);
    if (c !== 0) return c;
  }
  return 0;
}

/** The findings of `detectors`, completed and deduplicated, in detector order (not sorted). */
export function detect(snapshot: FleetSnapshot, detectors: readonly Detector[]): Finding[] {
  const seen = new Map<string, Finding>();
  for (const run of detectors) {
    for (const draft of run(snapshot)) {
      const finding = complete(draft);
      if (finding.objects.length === 0) continue;
      const key = findingKey(finding);
      if (!seen.has(key)) seen.set(key, finding);
    }
  }
  return [...seen.values()];
}

/** Findings gathered from `detect` runs: deduplicated, marked where suppressed, ordered. */
export function finish(
  findings: Iterable<Finding>,
  suppressions: FleetSnapshot['suppressions'],
): Finding[] {
  const seen = new Map<string, Finding>();
  for (const f of findings) {
    const key = findingKey(f);
    if (!seen.has(key)) seen.set(key, f);
  }
  return [...seen.values()]
    .map((f) => (isSuppressed(f, suppressions) ? { ...f, suppressed: true } : f))
    .sort(compareFindings);
}

/**
 * Every finding of the catalogue's families for a fleet, deduplicated, marked suppressed where an
 * involved object carries `segscope.io/suppress`, and in a stable order (severity, code, place).
 */
export function analyze(
  snapshot: FleetSnapshot,
  detectors: readonly Detector[] = DETECTORS,
): Finding[] {
  return finish(detect(snapshot, detectors), snapshot.suppressions);
}

export type { Detector, Finding, FindingDraft } from './finding';
export {
  CATALOGUE,
  FINDING_CODES,
  type FindingCode,
  type Severity,
  WAVE1_CODES,
} from './catalogue';
