// The istiod stand-in: one controller per simulated cluster, all driven from one loop. Each pass
// reads clusters' objects from their stores (standing in for istiod's xDS peering), builds the
// fleet snapshot with the console's own engine, and writes what each istiod owns: Segment status,
// Solo conditions on peer gateways and the generated ServiceEntries (see desired.ts).
//
// Triggering: every cluster's store is subscribed to. A relevant event (namespaces, Services,
// Gateways, Segments, istiod's Deployment and ConfigMaps, generated ServiceEntries, CRDs) marks
// its cluster dirty and arms a debounce timer, so a burst of kubectl writes costs one pass. Faults
// (`down`) and restarts change no object, so a poll of each cluster's reachability marks a cluster
// dirty when it changes. Events caused by the controllers' own writes are ignored (each cluster's
// writes are synchronous, so a flag marks them); a pass is idempotent anyway, since its inputs
// exclude what it writes: a second pass writes nothing.
//
// Scope of a pass: a cluster's istiod state depends on its own objects and on the clusters it
// peers with, so a change in X is reconciled in X and in every cluster that peers with X; the
// snapshot is built from those clusters plus their peers only. Long passes yield to the event loop
// between clusters, so the API servers keep answering while a large fleet is reconciled.
import { buildSnapshot } from '../../../lib/model/build-snapshot';
import type { SimCluster } from '../cluster-server';
import type { StoredEvent } from '../store';
import { desiredStates } from './desired';
import {
  clusterInput,
  isReachable,
  KEYS,
  type PeeringIdentity,
  peeringIdentity,
  SYSTEM_NAMESPACE,
} from './read';
import { reconcileSteps } from './reconcile';

export interface IstiodOptions {
  /** Quiet time after an event before the pass runs. */
  debounceMs?: number;
  /** How often reachability (faults, restarts) is polled. */
  faultPollMs?: number;
  /** Where write failures are reported (once per distinct message). */
  warn?: (message: string) => void;
}

export interface FleetReconcileStats {
  /** Clusters whose state was recomputed. */
  reconciled: string[];
  /** Writes per cluster (clusters without writes are left out). */
  writes: Record<string, number>;
  totalWrites: number;
  errors: string[];
  ms: number;
}

export interface IstiodControllers {
  stop(): void;
  /**
   * Reconciles every cluster now (after a pass under way, cancelling a pending one) and resolves
   * with what that pass did.
   */
  reconcileNow(): Promise<FleetReconcileStats>;
  /**
   * Resolves true once a full pass has completed, or false after `budgetMs` (when given) if it
   * has not: it then goes on in the background.
   */
  settled(budgetMs?: number): Promise<boolean>;
  /** What the latest pass did. */
  readonly last: FleetReconcileStats | undefined;
  /** Passes completed so far. */
  readonly passes: number;
}

/**
 * How long Fleet.start waits for the first pass: to its end for fleets of demo and test size, so
 * that they come up reconciled whatever the machine's load; not at all for large synthetic fleets
 * (50x500 generates some 50,000 ServiceEntries, seconds of API writes), which are reconciled in
 * the background while the API servers already answer (`settled()` waits for the end).
 */
export function startBudgetMs(clusters: readonly SimCluster[]): number | undefined {
  const services = clusters.reduce((n, c) => n + c.store.list(KEYS.services).length, 0);
  return services <= LARGE_FLEET_SERVICES ? undefined : 0;
}

const LARGE_FLEET_SERVICES = 5000;

/** Yield to the event loop after this much work, so that API requests are answered meanwhile. */
const SLICE_MS = 25;

/** Above this share of the fleet, one snapshot of everything is cheaper than a partial one. */
const FULL_SNAPSHOT_SHARE = 0.6;

/** Clusters reconciled from one snapshot in a large pass. */
const GROUP_SIZE = 8;

/** Group snapshots are worth it unless together they build this many times the clusters needed. */
const DENSE_FACTOR = 2;

const WATCHED = new Set<string>([
  KEYS.namespaces,
  KEYS.services,
  KEYS.gateways,
  KEYS.crds,
  'segments.admin.istio.io',
  'segments.admin.solo.io',
]);

/** Whether an event can change what some istiod writes. */
export function relevant(event: StoredEvent): boolean {
  if (WATCHED.has(event.key)) return true;
  const { namespace, name } = event.object.metadata;
  if (namespace !== SYSTEM_NAMESPACE) return false;
  if (event.key === KEYS.configmaps) return name === 'istio' || name === 'istio-ca-root-cert';
  if (event.key === KEYS.deployments) return name === 'istiod';
  // Someone edited or deleted a generated entry: istiod restores it.
  return event.key === KEYS.serviceEntries && name.startsWith('autogen.');
}

/** Who peers with whom, by cluster name. */
interface PeeringGraph {
  identity: Map<string, PeeringIdentity>;
  /** Cluster names per mesh cluster ID (duplicates are possible). */
  byId: Map<string, string[]>;
}

function peeringGraph(clusters: readonly SimCluster[]): PeeringGraph {
  const identity = new Map<string, PeeringIdentity>();
  const byId = new Map<string, string[]>();
  for (const c of clusters) {
    const i = peeringIdentity(c);
    identity.set(c.name, i);
    byId.set(i.id, [...(byId.get(i.id) ?? []), c.name]);
  }
  return { identity, byId };
}

/** Clusters that `name` peers with (every cluster holding a targeted ID). */
const targetsOf = (g: PeeringGraph, name: string): string[] =>
  (g.identity.get(name)?.peerIds ?? []).flatMap((id) => g.byId.get(id) ?? []);

/** Clusters that peer with `name`. */
function peeredBy(g: PeeringGraph, name: string): string[] {
  const id = g.identity.get(name)?.id;
  if (id === undefined) return [];
  return [...g.identity].filter(([, i]) => i.peerIds.includes(id)).map(([n]) => n);
}

const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));

export function startIstiodControllers(
  fleet: { readonly clusters: readonly SimCluster[] },
  options: IstiodOptions = {},
): IstiodControllers {
  const { clusters } = fleet;
  const byName = new Map(clusters.map((c) => [c.name, c]));
  const debounceMs = options.debounceMs ?? 50;
  const warn = options.warn ?? ((m: string) => console.warn(`[sim istiod] ${m}`));
  let writing = false;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let last: FleetReconcileStats | undefined;
  let passes = 0;
  let fullPasses = 0;
  let reported = new Set<string>();
  /** Clusters whose own objects or reachability changed since the last pass took them. */
  let dirty = new Set<string>(clusters.map((c) => c.name));
  let full = true;
  let graph: PeeringGraph | undefined;
  let running: Promise<void> | undefined;

  /** The clusters needed to compute the state of `names`: themselves and their peers. */
  function neededFor(g: PeeringGraph, names: string[]): Set<string> {
    const needed = new Set(names);
    for (const name of names) for (const t of targetsOf(g, name)) needed.add(t);
    return needed;
  }

  const inputsOf = (needed: Set<string>) =>
    needed.size > clusters.length * FULL_SNAPSHOT_SHARE
      ? clusters
      : clusters.filter((c) => needed.has(c.name));

  /**
   * Clusters to reconcile, in groups that each get a snapshot of just the clusters they need, so
   * that no single snapshot of a large fleet holds the event loop for long. A densely peered
   * fleet, where groups would need nearly everything anyway, gets one snapshot.
   */
  function plan(changed: Set<string>, everything: boolean) {
    const before = graph;
    const now = peeringGraph(clusters);
    graph = now;
    const wanted = new Set<string>();
    for (const name of everything || !before ? byName.keys() : changed) {
      wanted.add(name);
      if (everything || !before) continue;
      for (const n of peeredBy(now, name)) wanted.add(n);
      for (const n of peeredBy(before, name)) wanted.add(n);
    }
    const targets = clusters.map((c) => c.name).filter((n) => wanted.has(n));
    const whole = neededFor(now, targets);
    const single = [{ targets, inputs: inputsOf(whole) }];
    if (targets.length <= GROUP_SIZE) return { targets, groups: single };
    const groups: { targets: string[]; needed: Set<string> }[] = [];
    for (let i = 0; i < targets.length; i += GROUP_SIZE) {
      const part = targets.slice(i, i + GROUP_SIZE);
      groups.push({ targets: part, needed: neededFor(now, part) });
    }
    const built = groups.reduce((n, g) => n + g.needed.size, 0);
    if (built > whole.size * DENSE_FACTOR) return { targets, groups: single };
    return {
      targets,
      groups: groups.map((g) => ({ targets: g.targets, inputs: inputsOf(g.needed) })),
    };
  }

  async function pass(): Promise<void> {
    const started = performance.now();
    const everything = full;
    const changed = dirty;
    full = false;
    dirty = new Set();
    const { targets, groups } = plan(changed, everything);
    const stats: FleetReconcileStats = {
      reconciled: [...targets].sort(),
      writes: {},
      totalWrites: 0,
      errors: [],
      ms: 0,
    };
    let slice = performance.now();
    const pause = async () => {
      if (performance.now() - slice <= SLICE_MS) return true;
      await nextTick();
      slice = performance.now();
      return !stopped;
    };
    for (const group of groups) {
      if (!(await pause())) return;
      const snapshot = buildSnapshot({ clusters: group.inputs.map(clusterInput) });
      const desiredFor = desiredStates(snapshot);
      for (const name of group.targets) {
        const cluster = byName.get(name);
        if (!cluster || !(await pause())) return;
        // A cluster whose API server is down cannot be written, even by its own istiod.
        const want = isReachable(cluster) ? desiredFor(name) : undefined;
        if (!want) continue;
        const { steps, stats: result } = reconcileSteps(cluster, want);
        for (let i = 0; i < steps.length;) {
          if (!(await pause())) return;
          if (!isReachable(cluster)) break;
          // Each batch is synchronous, so the events it causes are known to be ours.
          writing = true;
          try {
            do steps[i++]?.();
            while (i < steps.length && performance.now() - slice <= SLICE_MS);
          } finally {
            writing = false;
          }
        }
        if (result.writes > 0) stats.writes[name] = result.writes;
        stats.totalWrites += result.writes;
        stats.errors.push(...result.errors);
      }
    }
    stats.ms = Math.round(performance.now() - started);
    last = stats;
    passes++;
    if (everything) fullPasses++;
    const errors = new Set(stats.errors);
    for (const e of errors) if (!reported.has(e)) warn(e);
    reported = errors;
  }

  /** Runs passes until nothing is dirty; one at a time. */
  function drain(): Promise<void> {
    if (running) return running;
    running = (async () => {
      do {
        if (stopped) return;
        try {
          await pass();
        } catch (e) {
          // A bug here must not take the simulator down; the next change retries.
          warn(`reconcile failed: ${(e as Error).stack ?? String(e)}`);
          return;
        }
      } while (full || dirty.size > 0);
    })().finally(() => {
      running = undefined;
    });
    return running;
  }

  const schedule = () => {
    if (stopped || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      if (!stopped) void drain();
    }, debounceMs);
    timer.unref();
  };

  const unsubscribe = clusters.map((c) =>
    c.store.subscribe((event) => {
      if (writing || stopped || !relevant(event)) return;
      dirty.add(c.name);
      schedule();
    }),
  );

  const reachable = new Map(clusters.map((c) => [c.name, isReachable(c)]));
  const poll = setInterval(() => {
    for (const c of clusters) {
      const now = isReachable(c);
      if (now === reachable.get(c.name)) continue;
      reachable.set(c.name, now);
      dirty.add(c.name);
      schedule();
    }
  }, options.faultPollMs ?? 500);
  poll.unref();

  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      clearInterval(poll);
      for (const u of unsubscribe) u();
    },
    async reconcileNow() {
      if (stopped) throw new Error('the istiod controllers are stopped');
      if (timer) clearTimeout(timer);
      timer = undefined;
      if (running) await running;
      full = true;
      await drain();
      if (!last) throw new Error('the istiod controllers stopped before reconciling');
      return last;
    },
    async settled(budgetMs) {
      if (fullPasses > 0) return true;
      const done = drain().then(() => fullPasses > 0);
      if (budgetMs === undefined) return done;
      let timeout: NodeJS.Timeout | undefined;
      const late = new Promise<boolean>((resolve) => {
        timeout = setTimeout(() => resolve(false), budgetMs);
      });
      try {
        return await Promise.race([done, late]);
      } finally {
        clearTimeout(timeout);
      }
    },
    get last() {
      return last;
    },
    get passes() {
      return passes;
    },
  };
}
