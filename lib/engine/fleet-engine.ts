/**
 * The engine as the live server, `npm run analyze` and the what-if use it: a fleet input in, its
 * snapshot and findings out; and, after some clusters' objects changed, the next result computed
 * from the previous one by rebuilding and re-analysing only what the change can affect.
 *
 * The snapshot is rebuilt incrementally by `buildSnapshot` (changed clusters, and the views of
 * viewers that are or peer with one). Findings come in two parts: the fleet detectors (cluster-
 * level state: cheap) run in full every time; the namespace detectors (SVC4xx: the expensive,
 * per-Service ones) run only on the namespaces the change can affect (`affectedNamespaces`), and
 * the previous findings of every other namespace are kept.
 */
import { detect, type Finding, finish, FLEET_DETECTORS, NAMESPACE_DETECTORS } from '../analyze';
import { groupBy } from '../analyze/services/common';
import { buildSnapshot } from '../model/build-snapshot';
import type { FleetInput } from '../model/input';
import type { FleetSnapshot } from '../model/snapshot';
import { affectedNamespaces } from './affected';
import { namespaceOf, restrictToNamespaces } from './namespace-slice';

export interface AnalysedFleet {
  input: FleetInput;
  snapshot: FleetSnapshot;
  findings: Finding[];
}

/** Findings of the namespace detectors per namespace, kept for the next update. */
type ByNamespace = ReadonlyMap<string, readonly Finding[]>;
const byNamespaceOf = new WeakMap<FleetSnapshot, ByNamespace>();

const groupByNamespace = (findings: readonly Finding[]) => groupBy(findings, namespaceOf);

function result(
  input: FleetInput,
  snapshot: FleetSnapshot,
  fleet: readonly Finding[],
  byNamespace: ByNamespace,
): AnalysedFleet {
  byNamespaceOf.set(snapshot, byNamespace);
  const all: Finding[] = [...fleet];
  for (const list of byNamespace.values()) for (const f of list) all.push(f);
  return { input, snapshot, findings: finish(all, snapshot.suppressions) };
}

/** A full build and analysis of `input`. */
export function analyseFleet(input: FleetInput): AnalysedFleet {
  const snapshot = buildSnapshot(input);
  return analyseSnapshot(input, snapshot);
}

/** The analysis of a snapshot built from `input`, in a form `updateFleet` can continue from. */
export function analyseSnapshot(input: FleetInput, snapshot: FleetSnapshot): AnalysedFleet {
  const fleet = detect(snapshot, FLEET_DETECTORS);
  return result(input, snapshot, fleet, groupByNamespace(detect(snapshot, NAMESPACE_DETECTORS)));
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
  const before = previous.snapshot;
  const old = byNamespaceOf.get(before);
  const snapshot = buildSnapshot(input, { reuse: before, changed });
  const affected = old ? affectedNamespaces(previous, { input, snapshot }, changed) : 'all';
  if (affected === 'all') return analyseSnapshot(input, snapshot);
  const fleet = detect(snapshot, FLEET_DETECTORS);
  const byNamespace = new Map(old);
  for (const ns of affected) byNamespace.delete(ns);
  if (affected.size > 0) {
    const fresh = detect(restrictToNamespaces(snapshot, affected), NAMESPACE_DETECTORS);
    for (const [ns, list] of groupByNamespace(fresh)) byNamespace.set(ns, list);
  }
  return result(input, snapshot, fleet, byNamespace);
}
