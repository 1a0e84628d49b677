import type { ObjectRef } from '../../model/objects';
import {
  type ClusterModel,
  SCOPE_LABEL,
  type ServiceModel,
  TAKEOVER_LABEL,
} from '../../model/snapshot';
import type { Detector, FindingDraft } from '../finding';
import { groupBy, joinList, kubectlLabel, plural, serviceName } from './common';

const KNOWN_VALUES = new Set(['', 'cluster', 'local', 'global', 'segment', 'global-only']);
const SUGGESTIONS = ['global', 'segment', 'cluster'];

/** An object that carries `solo.io/service-scope` itself: a Service, or a Namespace. */
interface Labelled {
  cluster: ClusterModel;
  ref: ObjectRef;
  target:
    { kind: 'Service'; namespace: string; name: string } | { kind: 'Namespace'; name: string };
  /** `Service payments/checkout` / `Namespace payments`. */
  text: string;
  value: string;
  labels: Record<string, string>;
  /** Services whose scope this label decides. */
  governs: ServiceModel[];
}

/** Values worth a finding: unknown (SVC401), `global-only` (SVC402), `local` (SVC403). */
const flagged = (value: string) =>
  value === 'global-only' || value === 'local' || !KNOWN_VALUES.has(value);

/** The objects in one cluster whose own scope label is worth a finding. */
function labelledObjects(cluster: ClusterModel): Labelled[] {
  if (!cluster.reachable) return [];
  const out: Labelled[] = [];
  for (const ns of cluster.namespaces) {
    const value = ns.labels[SCOPE_LABEL];
    if (value === undefined || !flagged(value)) continue;
    out.push({
      cluster,
      ref: ns.ref,
      target: { kind: 'Namespace', name: ns.name },
      text: `Namespace ${ns.name}`,
      value,
      labels: ns.labels,
      governs: cluster.services.filter(
        (s) => s.namespace === ns.name && s.scopeSource === 'namespace',
      ),
    });
  }
  for (const s of cluster.services) {
    if (s.scopeSource !== 'service' || s.scopeValue === undefined || !flagged(s.scopeValue))
      continue;
    out.push({
      cluster,
      ref: s.ref,
      target: { kind: 'Service', namespace: s.namespace, name: s.name },
      text: `Service ${serviceName(s)}`,
      value: s.scopeValue,
      labels: s.labels,
      governs: [s],
    });
  }
  return out;
}

function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(
        prev[j]! + 1,
        row[j - 1]! + 1,
        prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    prev = row;
  }
  return prev[b.length]!;
}

/** SVC401's suggestion: the value most likely meant (`Global` → `global`, `segmnet` → `segment`). */
export function intendedScope(value: string): string | undefined {
  const clean = value.trim().toLowerCase();
  if (KNOWN_VALUES.has(clean) && clean !== '') return clean;
  const best = SUGGESTIONS.map((s) => ({ s, d: distance(clean, s) })).sort((x, y) => x.d - y.d)[0];
  return best && best.d <= 2 ? best.s : undefined;
}

/** What the label decides, for SVC402/SVC403: `the Service`, `2 Services without their own label (a and b)`. */
const governed = (l: Labelled): string =>
  l.target.kind === 'Service'
    ? 'the Service'
    : l.governs.length === 0
      ? 'no Service yet'
      : `${plural(l.governs.length, 'Service')} without ${l.governs.length === 1 ? 'its' : 'their'} own label (${joinList(l.governs.map((s) => s.name))})`;

/** What an unrecognised value does (SVC401). */
const staysLocal = (l: Labelled): string =>
  l.target.kind === 'Service'
    ? 'the Service stays cluster-local (not exported to peers)'
    : l.governs.length === 0
      ? 'no Service inherits it yet, but any Service added without its own label stays cluster-local'
      : `${governed(l)} ${l.governs.length === 1 ? 'stays' : 'stay'} cluster-local (not exported to peers)`;

/** SVC401 (unknown scope value, reference.md §2.4.1): one finding per labelled object. */
function unknownScope(l: Labelled): FindingDraft {
  const guess = intendedScope(l.value);
  const fix = guess
    ? `Set ${SCOPE_LABEL}=${guess} on ${l.text} in ${l.cluster.context}: ${kubectlLabel(l.cluster.context, l.target, `${SCOPE_LABEL}=${guess}`)}`
    : `Set ${SCOPE_LABEL} on ${l.text} in ${l.cluster.context} to global, segment or cluster: ${kubectlLabel(l.cluster.context, l.target, `${SCOPE_LABEL}=global`)}`;
  return {
    code: 'SVC401',
    message: `${l.text} in ${l.cluster.context} has ${SCOPE_LABEL}="${l.value}", which istiod does not recognise: ${staysLocal(l)}${guess ? `; did you mean "${guess}"?` : '.'}`,
    clusters: [l.cluster.context],
    objects: [l.ref],
    fix,
  };
}

/** SVC402 (deprecated `global-only`, reference.md §2.4.1, §2.4.3). */
function deprecatedGlobalOnly(l: Labelled): FindingDraft {
  const keepsTakeover = TAKEOVER_LABEL in l.labels;
  const labels = keepsTakeover
    ? `${SCOPE_LABEL}=global`
    : `${SCOPE_LABEL}=global ${TAKEOVER_LABEL}=true`;
  const wanted = keepsTakeover
    ? `${SCOPE_LABEL}=global (its ${TAKEOVER_LABEL}=${l.labels[TAKEOVER_LABEL]} stays)`
    : `${SCOPE_LABEL}=global and ${TAKEOVER_LABEL}=true`;
  return {
    code: 'SVC402',
    message: `${l.text} in ${l.cluster.context} uses the deprecated ${SCOPE_LABEL}=global-only (global scope plus takeover) for ${governed(l)}.`,
    clusters: [l.cluster.context],
    objects: [l.ref],
    fix: `Replace it on ${l.text} in ${l.cluster.context} with ${wanted}: ${kubectlLabel(l.cluster.context, l.target, labels)}`,
  };
}

/** SVC403 (deprecated `local`, reference.md §2.4.1). */
function deprecatedLocal(l: Labelled): FindingDraft {
  return {
    code: 'SVC403',
    message: `${l.text} in ${l.cluster.context} uses the deprecated ${SCOPE_LABEL}=local (a synonym of cluster) for ${governed(l)}.`,
    clusters: [l.cluster.context],
    objects: [l.ref],
    fix: `Set ${SCOPE_LABEL}=cluster on ${l.text} in ${l.cluster.context}: ${kubectlLabel(l.cluster.context, l.target, `${SCOPE_LABEL}=cluster`)}`,
  };
}

/** SVC401, SVC402, SVC403: scope label values, one finding per labelled object (reference.md §2.4.1). */
export const scopeValues: Detector = (snapshot) =>
  snapshot.clusters.flatMap(labelledObjects).flatMap((l) => {
    if (!KNOWN_VALUES.has(l.value)) return [unknownScope(l)];
    if (l.value === 'global-only') return [deprecatedGlobalOnly(l)];
    if (l.value === 'local') return [deprecatedLocal(l)];
    return [];
  });

const scopeText = (s: ServiceModel): string =>
  s.scope === 'invalid'
    ? `its scope "${s.scopeValue}" is not recognised`
    : s.scopeSource === 'none'
      ? `it has no ${SCOPE_LABEL} (cluster scope)`
      : `its scope is ${s.scopeValue === '' ? '""' : s.scopeValue} (cluster-local)`;

/**
 * SVC404 (takeover without a peered scope, reference.md §2.4.3): istiod ignores takeover on a
 * Service that is not exported. One finding per object carrying the takeover label: the Service,
 * or the Namespace whose label the unexported Services inherit (explicit opt-outs excluded).
 */
export const takeoverWithoutScope: Detector = (snapshot) => {
  const out: FindingDraft[] = [];
  for (const cluster of snapshot.clusters) {
    if (!cluster.reachable) continue;
    const fromNamespace: ServiceModel[] = [];
    for (const s of cluster.services) {
      if (!s.takeover || s.exported) continue;
      if (TAKEOVER_LABEL in s.labels) {
        const target = { kind: 'Service' as const, namespace: s.namespace, name: s.name };
        out.push({
          code: 'SVC404',
          message: `Service ${serviceName(s)} in ${cluster.context} has ${TAKEOVER_LABEL}=true but ${scopeText(s)}: takeover applies only to exported Services, so it has no effect.`,
          clusters: [cluster.context],
          objects: [s.ref],
          fix: `Export Service ${serviceName(s)} in ${cluster.context} (${kubectlLabel(cluster.context, target, `${SCOPE_LABEL}=global`)}, or segment), or remove the takeover label: kubectl --context ${cluster.context} -n ${s.namespace} label service ${s.name} ${TAKEOVER_LABEL}-`,
        });
      } else if (s.scopeSource !== 'service') {
        fromNamespace.push(s);
      }
    }
    for (const [ns, services] of groupBy(fromNamespace, (s) => s.namespace)) {
      const namespace = cluster.namespaces.find((n) => n.name === ns);
      if (!namespace) continue;
      const value = namespace.labels[SCOPE_LABEL];
      out.push({
        code: 'SVC404',
        message: `Namespace ${ns} in ${cluster.context} has ${TAKEOVER_LABEL}=true but ${value === undefined ? `no ${SCOPE_LABEL}` : `${SCOPE_LABEL}="${value}"`}, so its ${plural(services.length, 'Service')} ${joinList(services.map((s) => s.name))} ${services.length === 1 ? 'is' : 'are'} not exported and takeover has no effect.`,
        clusters: [cluster.context],
        objects: [namespace.ref, ...services.map((s) => s.ref)],
        fix: `Export the namespace (${kubectlLabel(cluster.context, { kind: 'Namespace', name: ns }, `${SCOPE_LABEL}=global`)}, or segment), or remove the takeover label: kubectl --context ${cluster.context} label namespace ${ns} ${TAKEOVER_LABEL}-`,
      });
    }
  }
  return out;
};
