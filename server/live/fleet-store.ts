import type { Logger } from 'pino';

import type { FleetEvent } from '@/lib/api/contract';
import { fleetEvent, type LiveRevision } from '@/lib/api/fleet-view';
import { type AnalysedFleet, analyseFleet, updateFleet } from '@/lib/engine/fleet-engine';

import { type Env, loadKubeconfig } from '../config/kubeconfig';
import { ClusterWatcher } from './cluster-watcher';
import { loadLiveConfig, selectClusters } from './live-config';
import { createLogger } from './log';
import { createMetrics, type Metrics } from './metrics';

/** Events kept for `Last-Event-ID` resume; a client further behind refetches. */
const HISTORY = 512;

/**
 * During the first sync, clusters finish their lists one after another, and analysing the fleet
 * each time some did costs several full analyses, on the CPU the other lists are parsed with. So
 * until every cluster has synced or failed, a revision waits for a pause in the arrivals
 * (FIRST_SYNC_QUIET_MS), but never longer than FIRST_SYNC_HOLD_MS after start: a slow cluster
 * holds up the others' first picture by a pause at most, and a long trickle by the bound.
 * Watches wait for the first picture too, within the same bound: a cluster's watches are as many
 * requests again as its lists, and would take CPU from the lists the other clusters still wait
 * for. Each resumes from its list's resourceVersion, so nothing that changed meanwhile is lost.
 */
const FIRST_SYNC_QUIET_MS = 250;
const FIRST_SYNC_HOLD_MS = 3000;
/**
 * Until the first complete picture, an analysis of D ms is followed by D ms without one: at most
 * half the CPU, the rest for the lists still being parsed. Afterwards changes come one at a
 * time and a delay would only add to their latency.
 */
const THROTTLE_FACTOR = 1;

export type Listener = (event: FleetEvent) => void;

/**
 * The one analysed picture of the fleet in this process. Watchers report changes; a debounced
 * batch re-analyses only the clusters whose objects changed and publishes a new revision with
 * the event describing what changed.
 */
export class FleetStore {
  readonly log: Logger;
  readonly metrics: Metrics;
  private current: LiveRevision;
  private analysed: AnalysedFleet;
  private readonly analysedVersions = new Map<string, number>();
  private readonly watchers: ClusterWatcher[];
  private readonly history: FleetEvent[] = [];
  private readonly listeners = new Set<Listener>();
  private timer?: ReturnType<typeof setTimeout>;
  /** When the pending timer fires (performance.now() clock). */
  private due = 0;
  /** No analysis starts before this (THROTTLE_FACTOR). */
  private throttleUntil = 0;
  private holdUntil = 0;
  private readonly debounceMs: number;
  private stopped = false;
  private readonly firstSyncHoldMs: number;
  private releaseWatches!: () => void;
  private watchesTimer?: ReturnType<typeof setTimeout>;

  constructor(
    env: Env = process.env,
    options: { log?: Logger; now?: () => Date; firstSyncHoldMs?: number } = {},
  ) {
    this.log = options.log ?? createLogger();
    this.firstSyncHoldMs = options.firstSyncHoldMs ?? FIRST_SYNC_HOLD_MS;
    this.metrics = createMetrics();
    const config = loadLiveConfig(env);
    const { kc, source, contexts } = loadKubeconfig(env);
    const selected = selectClusters(config, contexts);
    this.debounceMs = config.debounceMs;
    const watchesFrom = new Promise<void>((resolve) => (this.releaseWatches = resolve));
    this.watchers = selected.map(
      (c) =>
        new ClusterWatcher({
          kc,
          context: c.context,
          server: c.server,
          displayName: c.displayName,
          timeoutMs: c.timeoutMs,
          listTimeoutMs: Math.max(config.listTimeoutMs, c.timeoutMs),
          probeIntervalMs: config.probeIntervalMs,
          maxBackoffMs: config.maxBackoffMs,
          onChange: () => this.schedule(),
          watchesFrom,
          log: this.log,
          metrics: this.metrics,
          now: options.now,
        }),
    );
    const input = { clusters: this.watchers.map((w) => w.input()) };
    this.analysed = analyseFleet(input);
    for (const w of this.watchers) this.analysedVersions.set(w.context, w.inputVersion);
    // Clock-seeded, so that a restarted server never reuses a revision a browser has seen.
    const revision = Date.now();
    this.current = {
      revision,
      generatedAt: new Date().toISOString(),
      source,
      ...this.analysed,
      clusters: this.watchers.map((w) => w.status()),
      ready: false,
    };
    this.metrics.revision.set(revision);
    this.log.info(
      { clusters: selected.length, source, revision },
      `fleet store watching ${selected.length} clusters`,
    );
  }

  start(): this {
    this.holdUntil = performance.now() + this.firstSyncHoldMs;
    this.watchesTimer = setTimeout(() => this.releaseWatches(), this.firstSyncHoldMs);
    for (const w of this.watchers) w.start();
    return this;
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    clearTimeout(this.watchesTimer);
    this.releaseWatches();
    for (const w of this.watchers) w.stop();
    this.listeners.clear();
  }

  /** Watch streams open across the fleet. */
  watchesOpen(): number {
    return this.watchers.reduce((n, w) => n + w.openWatches, 0);
  }

  get revision(): LiveRevision {
    return this.current;
  }

  private memoOf?: { rev: LiveRevision; values: Map<string, unknown> };

  /**
   * `compute(revision)` once per revision and key: the responses every client asks for. Kept on
   * the store, so that every copy of the route modules (Next loads several) shares them.
   */
  memo<T>(key: string, compute: (rev: LiveRevision) => T): T {
    const rev = this.current;
    if (this.memoOf?.rev !== rev) this.memoOf = { rev, values: new Map() };
    const values = this.memoOf.values;
    if (!values.has(key)) values.set(key, compute(rev));
    return values.get(key) as T;
  }

  private schedule(): void {
    if (this.stopped) return;
    const now = performance.now();
    const earliest = Math.max(now + this.debounceMs, this.throttleUntil);
    let due: number;
    if (!this.current.ready && !this.firstSyncPending())
      // The last cluster is in: nothing else is coming to debounce, or to leave CPU for.
      due = now;
    else if (now < this.holdUntil && !this.current.ready)
      due = Math.max(earliest, Math.min(now + FIRST_SYNC_QUIET_MS, this.holdUntil));
    else due = this.timer ? Math.min(this.due, earliest) : earliest;
    if (this.timer && due === this.due) return;
    clearTimeout(this.timer);
    this.due = due;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        try {
          this.publish();
        } catch (e) {
          this.log.error({ err: (e as Error).message }, 'analysis failed');
        }
      },
      Math.max(0, due - now),
    );
  }

  private firstSyncPending(): boolean {
    return this.watchers.some((w) => w.connecting);
  }

  /** Re-analyses what changed and, if anything did, publishes the next revision. */
  private publish(): void {
    const changed = new Set<string>();
    for (const w of this.watchers)
      if (this.analysedVersions.get(w.context) !== w.inputVersion) changed.add(w.context);
    const clusters = this.watchers.map((w) => w.status());
    const ready = clusters.every((c) => c.health !== 'connecting');
    // The probe's latency changes every time; it is shown, but alone it makes no new revision.
    const key = (c: (typeof clusters)[number] | undefined) =>
      JSON.stringify({ ...c, latencyMs: undefined });
    const healthSame =
      ready === this.current.ready &&
      clusters.every((c, i) => key(c) === key(this.current.clusters[i]));
    if (changed.size === 0 && healthSame) return;
    if (changed.size > 0) {
      const started = performance.now();
      const input = { clusters: this.watchers.map((w) => w.input()) };
      this.analysed = updateFleet(this.analysed, input, changed);
      for (const w of this.watchers) this.analysedVersions.set(w.context, w.inputVersion);
      const ended = performance.now();
      this.throttleUntil = ready ? 0 : ended + (ended - started) * THROTTLE_FACTOR;
      const seconds = (ended - started) / 1000;
      this.metrics.analysisDuration.observe(seconds);
      this.log.debug({ changed: [...changed], ms: Math.round(seconds * 1000) }, 'analysed');
    }
    const previous = this.current;
    const at = new Date().toISOString();
    this.current = {
      revision: previous.revision + 1,
      generatedAt: at,
      source: previous.source,
      ...this.analysed,
      clusters,
      ready,
    };
    // After this turn: the picture's listeners, and whatever awaits it, come before the burst
    // of watch connections (one per kind and cluster) that releasing the watches starts.
    if (ready) setImmediate(this.releaseWatches);
    const event = fleetEvent(previous, this.current, at);
    this.history.push(event);
    if (this.history.length > HISTORY) this.history.shift();
    this.updateMetrics();
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (e) {
        this.log.warn({ err: (e as Error).message }, 'event listener failed');
      }
    }
  }

  private updateMetrics(): void {
    const m = this.metrics;
    m.revision.set(this.current.revision);
    m.clusterHealth.reset();
    for (const c of this.current.clusters)
      m.clusterHealth.set({ cluster: c.context, health: c.health }, 1);
    m.findings.reset();
    const byCode = new Map<string, { code: string; severity: string; n: number }>();
    for (const f of this.current.findings) {
      if (f.suppressed) continue;
      const key = `${f.code}|${f.severity}`;
      const entry = byCode.get(key) ?? { code: f.code, severity: f.severity, n: 0 };
      entry.n++;
      byCode.set(key, entry);
    }
    for (const e of byCode.values()) m.findings.set({ code: e.code, severity: e.severity }, e.n);
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    this.metrics.sseClients.set(this.listeners.size);
    return () => {
      this.listeners.delete(listener);
      this.metrics.sseClients.set(this.listeners.size);
    };
  }

  /**
   * The events after `revision`, or undefined when they cannot be replayed (too old, or a
   * revision this process never published): the client must refetch.
   */
  eventsSince(revision: number): FleetEvent[] | undefined {
    if (revision === this.current.revision) return [];
    if (revision > this.current.revision) return undefined;
    const first = this.history[0];
    if (!first || revision < first.revision - 1) return undefined;
    return this.history.filter((e) => e.revision > revision);
  }

  /** Resolves with the first revision for which `predicate` holds (tests and benches). */
  waitFor(predicate: (rev: LiveRevision) => boolean, timeoutMs = 30_000): Promise<LiveRevision> {
    if (predicate(this.current)) return Promise.resolve(this.current);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        unsubscribe();
        reject(new Error(`no matching revision within ${timeoutMs} ms`));
      }, timeoutMs);
      const unsubscribe = this.subscribe(() => {
        if (!predicate(this.current)) return;
        clearTimeout(timer);
        unsubscribe();
        resolve(this.current);
      });
    });
  }
}
