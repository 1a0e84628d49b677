// Brings one simulated cluster to its istiod's desired state through the cluster's API (field
// manager `istiod`), so every change is a real write with a resourceVersion and a watch event.
// Only differences are written: a reconcile of a converged cluster writes nothing.
import type { WriteOptions } from '../cluster-api';
import type { SimCluster } from '../cluster-server';
import { deepEqual, type Json } from '../patch';
import type { KubeObject, ResourceType } from '../types';
import { groupVersion, storageKey } from '../types';
import {
  AUTOGEN_PREFIX,
  type DesiredCondition,
  type DesiredPeer,
  type DesiredSegmentStatus,
  type DesiredServiceEntry,
  type DesiredState,
  MESSAGES,
  PARENT_SERVICE_LABEL,
} from './desired';
import { KEYS, segmentTypes, servedType, SYSTEM_NAMESPACE } from './read';

export const ISTIOD_WRITE: WriteOptions = {
  dryRun: false,
  fieldManager: 'istiod',
  fieldValidation: 'Strict',
};

export interface ReconcileStats {
  writes: number;
  errors: string[];
}

type Obj = Record<string, unknown>;

/** The entries of a stored list that are objects (anything else is kept out of merges). */
const objects = (list: unknown): Obj[] =>
  Array.isArray(list)
    ? list.filter((x): x is Obj => x !== null && typeof x === 'object' && !Array.isArray(x))
    : [];

const same = (a: unknown, b: unknown) => deepEqual(a as Json, b as Json);

/** metav1.Time: RFC 3339, seconds precision. */
export const timestamp = (now: Date): string => now.toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * Merges desired conditions into the stored list: conditions of other types keep their place and
 * content; a condition whose status did not change keeps its lastTransitionTime.
 */
export function mergeConditions(
  existing: unknown,
  desired: DesiredCondition[],
  now: string,
  generation: number | undefined,
): Obj[] {
  const current = objects(existing);
  const byType = new Map(desired.map((d) => [d.type, d]));
  const build = (d: DesiredCondition, previous: Obj | undefined): Obj => ({
    type: d.type,
    status: d.status,
    reason: d.reason,
    message: d.message,
    lastTransitionTime:
      previous?.status === d.status && typeof previous.lastTransitionTime === 'string'
        ? previous.lastTransitionTime
        : now,
    ...(generation !== undefined ? { observedGeneration: generation } : {}),
  });
  const out: Obj[] = [];
  const done = new Set<string>();
  for (const c of current) {
    const d = typeof c.type === 'string' ? byType.get(c.type) : undefined;
    if (!d) out.push(c);
    else if (!done.has(d.type)) {
      out.push(build(d, c));
      done.add(d.type);
    }
  }
  for (const d of desired) if (!done.has(d.type)) out.push(build(d, undefined));
  return out;
}

function mergePeers(existing: unknown, desired: DesiredPeer[], now: string): Obj[] {
  const current = new Map(objects(existing).map((p) => [p.clusterName, p]));
  return desired.map((d) => {
    const previous = current.get(d.clusterName);
    const stable =
      previous?.status === d.status &&
      previous.reason === d.reason &&
      typeof previous.lastTransitionTime === 'string';
    return {
      clusterName: d.clusterName,
      hostname: d.hostname,
      status: d.status,
      ...(d.reason ? { reason: d.reason } : {}),
      lastTransitionTime: stable ? (previous.lastTransitionTime as string) : now,
    };
  });
}

/** The Segment status istiod writes; fields it does not own are kept. */
export function segmentStatus(object: KubeObject, desired: DesiredSegmentStatus, now: string): Obj {
  const status = (object.status ?? {}) as Obj;
  const { conditions: _c, peers: _p, connectedPeers: _cp, rejectedPeers: _rp, ...others } = status;
  const local: DesiredCondition = desired.local
    ? { type: 'Local', status: 'True', reason: 'LocalCluster', message: MESSAGES.localSegment }
    : { type: 'Local', status: 'False', reason: 'NotLocal', message: MESSAGES.notLocalSegment };
  const peers = mergePeers(status.peers, desired.peers, now);
  const connected = desired.peers.filter((p) => p.status === 'Connected').length;
  const rejected = desired.peers.filter((p) => p.status === 'Rejected').length;
  // Go's omitempty: empty lists and zero counts are not written.
  return {
    ...others,
    // As in reference.md §2.1.4, without observedGeneration: a domain edit rewrites no status.
    conditions: mergeConditions(status.conditions, [local], now, undefined),
    ...(peers.length > 0 ? { peers } : {}),
    ...(connected > 0 ? { connectedPeers: connected } : {}),
    ...(rejected > 0 ? { rejectedPeers: rejected } : {}),
  };
}

class Writer {
  readonly stats: ReconcileStats = { writes: 0, errors: [] };
  constructor(private readonly cluster: SimCluster) {}

  private attempt(what: string, write: () => unknown): void {
    try {
      write();
      this.stats.writes++;
    } catch (e) {
      this.stats.errors.push(`${this.cluster.name}: ${what}: ${(e as Error).message}`);
    }
  }

  writeStatus(type: ResourceType, object: KubeObject, status: Obj): void {
    const { name, namespace } = object.metadata;
    this.attempt(`status of ${type.kind} ${namespace ?? ''}/${name}`, () =>
      this.cluster.api.update(
        type,
        namespace,
        name,
        { ...object, apiVersion: groupVersion(type), status },
        ISTIOD_WRITE,
        'status',
      ),
    );
  }

  create(type: ResourceType, namespace: string, object: KubeObject): void {
    this.attempt(`create ${type.kind} ${namespace}/${object.metadata.name}`, () =>
      this.cluster.api.create(type, namespace, object, ISTIOD_WRITE),
    );
  }

  update(type: ResourceType, namespace: string, object: KubeObject): void {
    this.attempt(`update ${type.kind} ${namespace}/${object.metadata.name}`, () =>
      this.cluster.api.update(
        type,
        namespace,
        object.metadata.name,
        object,
        ISTIOD_WRITE,
        undefined,
      ),
    );
  }

  delete(type: ResourceType, namespace: string, name: string): void {
    this.attempt(`delete ${type.kind} ${namespace}/${name}`, () =>
      this.cluster.api.delete(type, namespace, name, { dryRun: false }),
    );
  }
}

/** One object's reconcile: reads the object when it runs, writes only a difference. */
export type Step = () => void;

function segmentSteps(cluster: SimCluster, desired: DesiredState, now: string, w: Writer): Step[] {
  const steps: Step[] = [];
  for (const type of segmentTypes(cluster)) {
    if (!type.hasStatus) continue;
    const key = storageKey(type);
    for (const { metadata } of cluster.store.list(key, SYSTEM_NAMESPACE)) {
      const want = desired.segments.get(metadata.name);
      if (!want) continue;
      steps.push(() => {
        const object = cluster.store.get(key, SYSTEM_NAMESPACE, metadata.name);
        if (!object || object.metadata.deletionTimestamp) return;
        const status = segmentStatus(object, want, now);
        if (!same(object.status ?? {}, status)) w.writeStatus(type, object, status);
      });
    }
  }
  return steps;
}

function gatewaySteps(cluster: SimCluster, desired: DesiredState, now: string, w: Writer): Step[] {
  const type = servedType(cluster, 'gateway.networking.k8s.io', 'gateways');
  if (!type?.hasStatus) return [];
  const steps: Step[] = [];
  for (const { metadata } of cluster.store.list(KEYS.gateways)) {
    const want = desired.gateways.get(`${metadata.namespace ?? ''}/${metadata.name}`);
    if (!want) continue;
    steps.push(() => {
      const object = cluster.store.get(KEYS.gateways, metadata.namespace, metadata.name);
      if (!object || object.metadata.deletionTimestamp) return;
      const current = (object.status ?? {}) as Obj;
      const conditions = mergeConditions(current.conditions, want, now, object.metadata.generation);
      if (!same(current.conditions, conditions))
        w.writeStatus(type, object, { ...current, conditions });
    });
  }
  return steps;
}

const isGenerated = (o: KubeObject) =>
  o.metadata.name.startsWith(AUTOGEN_PREFIX) &&
  o.metadata.labels?.[PARENT_SERVICE_LABEL] !== undefined;

function serviceEntryObject(
  type: ResourceType,
  se: DesiredServiceEntry,
  existing?: KubeObject,
): KubeObject {
  return {
    ...(existing ?? {}),
    apiVersion: groupVersion(type),
    kind: type.kind,
    metadata: {
      ...(existing?.metadata ?? {}),
      name: se.name,
      namespace: SYSTEM_NAMESPACE,
      labels: se.labels,
      annotations: se.annotations,
    },
    spec: se.spec,
  };
}

function serviceEntrySteps(cluster: SimCluster, desired: DesiredState, w: Writer): Step[] {
  const type = servedType(cluster, 'networking.istio.io', 'serviceentries');
  if (!type) return [];
  const key = storageKey(type);
  const systemReady = () => {
    const system = cluster.store.get(KEYS.namespaces, undefined, SYSTEM_NAMESPACE);
    return system !== undefined && !system.metadata.deletionTimestamp;
  };
  const steps: Step[] = [];
  for (const se of desired.serviceEntries.values()) {
    steps.push(() => {
      const existing = cluster.store.get(key, SYSTEM_NAMESPACE, se.name);
      if (!existing) {
        if (systemReady()) w.create(type, SYSTEM_NAMESPACE, serviceEntryObject(type, se));
        return;
      }
      // Never take over an object someone else made under a generated name.
      if (!isGenerated(existing) || existing.metadata.deletionTimestamp) return;
      const unchanged =
        same(existing.metadata.labels ?? {}, se.labels) &&
        same(existing.metadata.annotations ?? {}, se.annotations) &&
        same(existing.spec, se.spec);
      if (!unchanged) w.update(type, SYSTEM_NAMESPACE, serviceEntryObject(type, se, existing));
    });
  }
  // Stale generated entries go last, as istiod deletes them last.
  for (const { metadata } of cluster.store.list(key, SYSTEM_NAMESPACE)) {
    if (desired.serviceEntries.has(metadata.name)) continue;
    steps.push(() => {
      const existing = cluster.store.get(key, SYSTEM_NAMESPACE, metadata.name);
      if (!existing || !isGenerated(existing) || existing.metadata.deletionTimestamp) return;
      w.delete(type, SYSTEM_NAMESPACE, metadata.name);
    });
  }
  return steps;
}

/**
 * One cluster's reconcile as steps, one per object, to run in order (a large cluster's steps may
 * be spread over several turns of the event loop); `stats` fills in as they run.
 */
export function reconcileSteps(
  cluster: SimCluster,
  desired: DesiredState,
  now: Date = new Date(),
): { steps: Step[]; stats: ReconcileStats } {
  const w = new Writer(cluster);
  const time = timestamp(now);
  return {
    steps: [
      ...segmentSteps(cluster, desired, time, w),
      ...gatewaySteps(cluster, desired, time, w),
      ...serviceEntrySteps(cluster, desired, w),
    ],
    stats: w.stats,
  };
}

/** One cluster's writes toward `desired`, all at once; how many it made and what failed. */
export function reconcileCluster(
  cluster: SimCluster,
  desired: DesiredState,
  now: Date = new Date(),
): ReconcileStats {
  const { steps, stats } = reconcileSteps(cluster, desired, now);
  for (const step of steps) step();
  return stats;
}
