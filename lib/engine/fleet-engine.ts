/**
 * The engine as the live server, `npm run analyze` and the what-if use it: a fleet input in, its
 * snapshot and findings out; and, after some clusters' objects changed, the next result computed
 * from the previous one by rebuilding and re-analysing only what the change can affect.
 *
 * The snapshot is rebuilt incrementally by `buildSnapshot` (changed clusters, and the views of
 * viewers that are or peer with one). Findings come in three parts: the cluster detectors
 * (segments, peering, trust, control plane) run again only when a changed cluster changed more
 * than its Services; the hostname detectors run every time (cheap, they read the views); the
 * namespace detectors (SVC4xx: the expensive, per-Service ones) run only on the namespaces the
 * change can affect (`affectedNamespaces`), and the previous findings of every other namespace
 * are kept.
 */
import {
  CLUSTER_DETECTORS,
  detect,
  type Finding,
  finish,
  HOSTNAME_DETECTORS,
  NAMESPACE_DETECTORS,
} from '../analyze';
import { groupBy } from '../analyze/services/common';
import { buildSnapshot } from '../model/build-snapshot';
import type { FleetInput } from '../model/input';
import type { ClusterModel, FleetSnapshot } from '../model/snapshot';
import { affectedNamespaces } from './affected';
import { inheritPositions, namespaceOf, restrictToNamespaces } from './namespace-slice';

export interface AnalysedFleet {
  input: FleetInput;
  snapshot: FleetSnapshot;
  findings: Finding[];
}

/** What an analysis keeps for the next update, beside the snapshot. */
interface Parts {
  /** Findings of the cluster detectors. */
  cluster: readonly Finding[];
  /** Findings of the namespace detectors, per namespace. */
  byNamespace: ReadonlyMap<string, readonly Finding[]>;
}
const partsOf = new WeakMap<FleetSnapshot, Parts>();

const groupByNamespace = (findings: readonly Finding[]) => groupBy(findings, namespaceOf);

function result(input: FleetInput, snapshot: FleetSnapshot, parts: Parts): AnalysedFleet {
  partsOf.set(snapshot, parts);
  const all: Finding[] = [...parts.cluster, ...detect(snapshot, HOSTNAME_DETECTORS)];
  for (const list of parts.byNamespace.values()) for (const f of list) all.push(f);
  return { input, snapshot, findings: finish(all, snapshot.suppressions) };
}

/** A full build and analysis of `input`. */
export function analyseFleet(input: FleetInput): AnalysedFleet {
  const snapshot = buildSnapshot(input);
  return analyseSnapshot(input, snapshot);
}

/** The analysis of a snapshot built from `input`, in a form `updateFleet` can continue from. */
export function analyseSnapshot(input: FleetInput, snapshot: FleetSnapshot): AnalysedFleet {
  return result(input, snapshot, {
    cluster: detect(snapshot, CLUSTER_DETECTORS),
    byNamespace: groupByNamespace(detect(snapshot, NAMESPACE_DETECTORS)),
  });
}

/** A cluster model without its Services: all the cluster detectors can read of it. */
function clusterLevel(c: ClusterModel | undefined): string {
  if (!c) return '';
  const { services: _services, ...rest } = c;
  return JSON.stringify(rest);
}

/** Only Services changed: the cluster detectors would find what they found before. */
function servicesOnly(before: FleetSnapshot, after: FleetSnapshot, changed: ReadonlySet<string>) {
  if (before.clusters.length !== after.clusters.length) return false;
  const old = new Map(before.clusters.map((c) => [c.context, c]));
  return after.clusters.every(
    (c) => !changed.has(c.context) || clusterLevel(old.get(c.context)) === clusterLevel(c),
  );
}

/**
 * The result for `input`, where `changed` names every context whose ClusterInput differs from
 * `previous.input` (clusters added or removed count as changed by themselves). Deep-equals
 * `analyseFleet(input)`; a property test over random fleets and changes holds it to that.
 */
export function updateFleet(
  previous: AnalysedFleet,
  input: FleetInput,
  changed: ReadonlySet<string>,
): AnalysedFleet {
  // Every cluster changed (a first sync): nothing can be reused, and working out what the
  // change affects would only visit every object and view to find that it is everything.
  if (input.clusters.every((c) => changed.has(c.context))) return analyseFleet(input);
  const before = previous.snapshot;
  const old = partsOf.get(before);
  const snapshot = buildSnapshot(input, { reuse: before, changed });
  inheritPositions(before, snapshot);
  const affected = old ? affectedNamespaces(previous, { input, snapshot }, changed) : 'all';
  if (!old || affected === 'all') return analyseSnapshot(input, snapshot);
  const byNamespace = new Map(old.byNamespace);
  for (const ns of affected) byNamespace.delete(ns);
  if (affected.size > 0) {
    const fresh = detect(restrictToNamespaces(snapshot, affected), NAMESPACE_DETECTORS);
    for (const [ns, list] of groupByNamespace(fresh)) byNamespace.set(ns, list);
  }
  const cluster = servicesOnly(before, snapshot, changed)
    ? old.cluster
    : detect(snapshot, CLUSTER_DETECTORS);
  return result(input, snapshot, { cluster, byNamespace });
}
