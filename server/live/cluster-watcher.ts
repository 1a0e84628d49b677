import {
  ADD,
  DELETE,
  ERROR,
  type Informer,
  type KubeConfig,
  type KubernetesListObject,
  type KubernetesObject,
  ListWatch,
  type ObjectCache,
  UPDATE,
  Watch,
} from '@kubernetes/client-node';
import type { Logger } from 'pino';

import type { ClusterStatus } from '@/lib/api/fleet-view';
import type { ClusterInput, SegmentApiVersion } from '@/lib/model/input';
import type { K8sObject } from '@/lib/model/objects';

import { ClusterTransport, FIRST_SYNC_CONNECTIONS } from '../clusters/cluster-transport';
import { kubeGetCurrent, type KubeGetResult, UNREACHABLE_CODES } from '../clusters/kube-get';
import {
  type Collection,
  COLLECTIONS,
  isSingle,
  itemsOf,
  kept,
  type ListBody,
  segmentApisServed,
  servedGroupVersions,
  SINGLE_COLLECTIONS,
} from '../clusters/kinds';
import { scrub } from './log';
import type { Metrics } from './metrics';

type Failure = Extract<KubeGetResult, { ok: false }>['failure'];

/** A failure of one list or watch, classified the way the console shows it. */
class WatchFailure extends Error {
  constructor(
    readonly failure: Failure,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/** Errors from client-node's watch (node-fetch) or from our list function, as a WatchFailure. */
export function classify(err: unknown): WatchFailure {
  if (err instanceof WatchFailure) return err;
  const e = err as { statusCode?: number; code?: string | number; message?: string };
  const status = typeof e.statusCode === 'number' ? e.statusCode : undefined;
  const message = scrub(String(e.message ?? err));
  if (status === 401)
    return new WatchFailure('unauthorized', 'the cluster rejected the credentials (401)', 401);
  if (status === 403) return new WatchFailure('forbidden', `watch forbidden (403)`, 403);
  if (status !== undefined) return new WatchFailure('error', `watch answered ${status}`, status);
  if (typeof e.code === 'string' && UNREACHABLE_CODES.has(e.code))
    return new WatchFailure('unreachable', `connection failed (${e.code})`);
  const errno = (err as { errno?: string }).errno;
  if (typeof errno === 'string' && UNREACHABLE_CODES.has(errno))
    return new WatchFailure('unreachable', `connection failed (${errno})`);
  return new WatchFailure('error', message);
}

/**
 * client-node's Watch, told when the informer asks for a watch and able to hold it back.
 * ListWatch stores a completed list in its cache and, in the same turn, asks for the watch: that
 * moment is client-go's "has synced", so the kind is synced without a second round trip on a CPU
 * busy with other clusters' lists. `ready` holds the watch request itself back while the fleet's
 * first picture is being made: it resumes from the list's resourceVersion, so nothing that
 * changes in between is missed (a 410 relists, as ever).
 */
class ListedWatch extends Watch {
  constructor(
    config: KubeConfig,
    private readonly hooks: {
      listed: () => void;
      ready: Promise<void>;
      stopped: () => boolean;
      /** A watch stream opened (+1) or ended (-1). */
      open: (delta: 1 | -1) => void;
    },
  ) {
    super(config);
  }

  override async watch(
    ...[path, params, callback, done]: Parameters<Watch['watch']>
  ): ReturnType<Watch['watch']> {
    this.hooks.listed();
    await this.hooks.ready;
    // Stopped while held: the informer had no request to abort yet, so none may start now.
    if (this.hooks.stopped()) {
      const controller = new AbortController();
      controller.abort();
      return controller;
    }
    let open = false;
    const keep: typeof callback = (phase, object, event) => callback(phase, kept(object), event);
    const controller = await super.watch(path, params, keep, (err) => {
      if (open) this.hooks.open(-1);
      open = false;
      done(err);
    });
    // Stopped while it connected: the informer's stop found no request to abort yet.
    if (this.hooks.stopped()) controller.abort();
    // An answer other than 200 has already called done and aborted the controller.
    if (!controller.signal.aborted) {
      open = true;
      this.hooks.open(1);
    }
    return controller;
  }
}

interface KindState {
  collection: Collection;
  informer: Informer<KubernetesObject> & ObjectCache<KubernetesObject>;
  /** Listed at least once (the informer's cache is complete for some resource version). */
  synced: boolean;
  /** Listed and the cluster says it does not have this optional resource. */
  absent: boolean;
  failure?: WatchFailure;
  errors: number;
  attempts: number;
  /** A start (list, then watch) is under way: another would abort its request. */
  starting: boolean;
  timer?: ReturnType<typeof setTimeout>;
}

export interface WatcherOptions {
  kc: KubeConfig;
  context: string;
  server: string;
  displayName: string;
  /** Deadline of a probe. */
  timeoutMs: number;
  /** Deadline of a list. */
  listTimeoutMs: number;
  probeIntervalMs: number;
  maxBackoffMs: number;
  /** Called when the cluster's objects or its health change. */
  onChange: (context: string, objectsChanged: boolean) => void;
  /** Watches start once this resolves (the fleet's first picture); lists do not wait for it. */
  watchesFrom?: Promise<void>;
  log: Logger;
  metrics: Metrics;
  now?: () => Date;
}

/** What the watcher reports of its cluster: the status the fleet DTOs are made from. */
export type WatcherStatus = ClusterStatus;

/** Order of the failure states when several hold: the cluster-wide ones first. */
const CLUSTER_FAILURES: Failure[] = ['unreachable', 'timeout', 'unauthorized', 'forbidden'];

/**
 * One cluster, live: discovers which kinds it serves, lists and watches each with client-node's
 * informers, probes its reachability and rights, and knows its health. Failures of a watch are
 * retried with capped, jittered backoff; a 410 relists inside the informer by itself.
 */
export class ClusterWatcher {
  readonly context: string;
  /** Bumped whenever the objects (or whether they can be analysed) change. */
  inputVersion = 0;
  /** Watch streams open now (one per kind once the first picture is made and all is well). */
  openWatches = 0;
  private readonly kc: ClusterTransport;
  /** The fleet's first picture, with the first-sync bound on connections lifted. */
  private readonly watchesFrom: Promise<void>;
  private kinds = new Map<string, KindState>();
  private servedKey = '';
  private segmentApis: SegmentApiVersion[] = [];
  private probeFailure?: WatchFailure;
  private probeTimer?: ReturnType<typeof setTimeout>;
  private probing = false;
  private everSynced = false;
  private lastSyncedAt?: string;
  private kubernetesVersion?: string;
  private latencyMs?: number;
  private stopped = false;
  private cachedInput?: { version: number; input: ClusterInput };
  private lastHealth?: string;
  private readonly now: () => Date;

  constructor(private readonly options: WatcherOptions) {
    this.context = options.context;
    this.kc = new ClusterTransport(options.kc, options.context, {
      maxSockets: FIRST_SYNC_CONNECTIONS,
    });
    // Watches wait on this very promise, so the bound is gone by the time any of them starts.
    this.watchesFrom = (options.watchesFrom ?? Promise.resolve()).then(() =>
      this.kc.setMaxSockets(undefined),
    );
    this.now = options.now ?? (() => new Date());
  }

  start(): void {
    void this.probe();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.probeTimer);
    for (const k of this.kinds.values()) {
      clearTimeout(k.timer);
      void k.informer.stop();
    }
    this.kinds.clear();
    this.kc.close();
  }

  /** Discovery doubles as the probe: it needs the credentials, answers fast and shows new CRDs. */
  private async probe(): Promise<void> {
    if (this.stopped || this.probing) return;
    this.probing = true;
    clearTimeout(this.probeTimer);
    const started = performance.now();
    try {
      const apis = await kubeGetCurrent(this.kc, '/apis', this.options.timeoutMs);
      if (this.stopped) return;
      if (!apis.ok) {
        this.probeFailure = new WatchFailure(apis.failure, scrub(apis.message), apis.status);
        this.changed(false);
        return;
      }
      this.latencyMs = Math.round(performance.now() - started);
      const recovered = this.probeFailure !== undefined;
      this.probeFailure = undefined;
      if (!this.kubernetesVersion) void this.readVersion();
      this.ensureInformers(apis.body);
      // Back: retry failed watches now rather than at the end of their backoff.
      for (const k of this.kinds.values())
        if (k.failure && (recovered || CLUSTER_FAILURES.includes(k.failure.failure)))
          this.restartKind(k, 0);
      this.changed(false);
    } finally {
      this.probing = false;
      // Until the first sync, a failed discovery is retried soon rather than at the next probe.
      const delay =
        this.everSynced || !this.probeFailure
          ? this.options.probeIntervalMs
          : Math.min(this.options.probeIntervalMs, 1000);
      if (!this.stopped) this.probeTimer = setTimeout(() => void this.probe(), delay);
    }
  }

  /** Shown on the cluster's card; read beside the lists, never before them. */
  private async readVersion(): Promise<void> {
    const version = await kubeGetCurrent(this.kc, '/version', this.options.timeoutMs);
    if (!version.ok || this.stopped) return;
    this.kubernetesVersion = (version.body as { gitVersion?: string }).gitVersion;
    this.changed(false);
  }

  private ensureInformers(apis: unknown): void {
    const served = servedGroupVersions(apis);
    const wanted = [...COLLECTIONS, ...SINGLE_COLLECTIONS].filter((c) =>
      served.has(c.groupVersion),
    );
    const key = wanted.map((c) => c.path).join(',');
    this.segmentApis = segmentApisServed(apis);
    if (key === this.servedKey) return;
    this.servedKey = key;
    for (const [path, k] of this.kinds) {
      if (wanted.some((c) => c.path === path)) continue;
      clearTimeout(k.timer);
      void k.informer.stop();
      this.kinds.delete(path);
      this.inputVersion++;
    }
    for (const c of wanted) if (!this.kinds.has(c.path)) this.startKind(c);
  }

  private startKind(collection: Collection): void {
    const listFn = async () => {
      const started = performance.now();
      const result = await kubeGetCurrent(this.kc, collection.path, this.options.listTimeoutMs);
      this.options.metrics.listDuration.observe(
        { cluster: this.context, resource: collection.resource },
        (performance.now() - started) / 1000,
      );
      if (!result.ok) throw new WatchFailure(result.failure, scrub(result.message), result.status);
      const body = result.body as ListBody;
      // Raw JSON, as watch events are: client-node's typed lists would turn timestamps into Dates.
      return {
        items: itemsOf(body),
        metadata: { resourceVersion: body.metadata?.resourceVersion },
      } as unknown as KubernetesListObject<KubernetesObject>;
    };
    // What makeInformer builds, with a watch that reports the list stored and can be held back.
    const watch = new ListedWatch(this.kc, {
      listed: () => {
        if (!state.synced && !this.stopped) this.afterSync(state);
      },
      ready: this.watchesFrom,
      stopped: () => this.stopped || this.kinds.get(collection.path) !== state,
      open: (delta) => {
        this.openWatches += delta;
        this.options.metrics.watchesOpen.inc({ cluster: this.context }, delta);
      },
    });
    const informer = new ListWatch<KubernetesObject>(collection.path, watch, listFn, false);
    const state: KindState = {
      collection,
      informer,
      synced: false,
      absent: false,
      errors: 0,
      attempts: 0,
      starting: false,
    };
    const objectChanged = () => {
      if (!state.synced) return; // the first list is taken whole once it completes
      this.inputVersion++;
      this.changed(true);
    };
    informer.on(ADD, objectChanged);
    informer.on(UPDATE, objectChanged);
    informer.on(DELETE, objectChanged);
    informer.on(ERROR, (err: unknown) => {
      if (this.stopped) return; // stop() aborts the watches
      state.errors++;
      const failure = classify(err);
      if (collection.optional && failure.status === 404) {
        state.absent = true;
        state.failure = undefined;
        this.afterSync(state);
        return;
      }
      state.failure = failure;
      // The first failure of a run is a warning; its retries, until it works again, are detail.
      this.options.log[state.attempts === 0 ? 'warn' : 'debug'](
        { cluster: this.context, resource: collection.resource, failure: failure.failure },
        `watch of ${collection.resource} failed: ${failure.message}`,
      );
      this.options.metrics.watchRestarts.inc({
        cluster: this.context,
        resource: collection.resource,
      });
      if (CLUSTER_FAILURES.includes(failure.failure)) void this.probe();
      this.restartKind(state);
      this.changed(false);
    });
    this.kinds.set(collection.path, state);
    this.runKind(state);
  }

  private runKind(state: KindState): void {
    if (state.starting) return;
    state.starting = true;
    const errorsBefore = state.errors;
    state.informer.start().then(
      () => {
        state.starting = false;
        if (this.stopped) return;
        // It failed on the way (its ERROR found this start under way): try again, later.
        if (state.errors !== errorsBefore) return this.restartKind(state);
        state.failure = undefined;
        state.attempts = 0;
        this.afterSync(state);
      },
      (err: unknown) => {
        state.starting = false;
        this.options.log.error(
          { cluster: this.context, resource: state.collection.resource },
          `informer start failed: ${scrub(String(err))}`,
        );
      },
    );
  }

  private afterSync(state: KindState): void {
    const first = !state.synced;
    state.synced = true;
    if (first || state.absent) this.inputVersion++;
    this.changed(true);
  }

  private restartKind(state: KindState, delayMs?: number): void {
    // One start at a time: a second would abort the first's list or watch, and under load the
    // two could keep aborting each other.
    if (this.stopped || state.starting) return;
    clearTimeout(state.timer);
    state.attempts++;
    const cap = Math.min(this.options.maxBackoffMs, 250 * 2 ** Math.min(state.attempts, 10));
    const delay = delayMs ?? cap / 2 + Math.random() * (cap / 2);
    state.timer = setTimeout(() => {
      state.timer = undefined;
      if (!this.stopped && this.kinds.get(state.collection.path) === state) this.runKind(state);
    }, delay);
  }

  private allSynced(): boolean {
    return this.kinds.size > 0 && [...this.kinds.values()].every((k) => k.synced || k.absent);
  }

  private changed(objects: boolean): void {
    if (!this.everSynced && this.allSynced()) {
      this.everSynced = true;
      this.inputVersion++;
      objects = true;
    }
    const status = this.status();
    const key = `${status.health}|${status.message ?? ''}`;
    if (status.health === 'synced' && this.lastHealth?.split('|')[0] !== 'synced')
      this.lastSyncedAt = this.now().toISOString();
    const healthChanged = key !== this.lastHealth;
    if (status.health !== this.lastHealth?.split('|')[0]) {
      this.options.log.info(
        { cluster: this.context, health: status.health },
        `cluster ${this.context} is ${status.health}${status.message ? `: ${status.message}` : ''}`,
      );
    }
    this.lastHealth = key;
    if (objects || healthChanged) this.options.onChange(this.context, objects);
  }

  /**
   * Whether status() says `connecting` (never synced, nothing failed), without building the
   * status: the store asks every watcher this on every change of the first sync.
   */
  get connecting(): boolean {
    if (this.everSynced || this.probeFailure || this.allSynced()) return false;
    for (const k of this.kinds.values()) if (k.failure) return false;
    return true;
  }

  status(): WatcherStatus {
    const base = {
      context: this.context,
      server: this.options.server,
      displayName: this.options.displayName,
      ...(this.kubernetesVersion ? { kubernetesVersion: this.kubernetesVersion } : {}),
      ...(this.latencyMs !== undefined ? { latencyMs: this.latencyMs } : {}),
    };
    const since = this.lastSyncedAt ? { lastSyncedAt: this.lastSyncedAt } : {};
    const failures = [...this.kinds.values()].filter((k) => k.failure);
    const forbiddenKinds = failures
      .filter((k) => k.failure?.failure === 'forbidden')
      .map((k) => k.collection.resource);
    const stale = this.everSynced ? ' (showing the objects of the last sync)' : '';
    if (this.probeFailure) {
      return {
        ...base,
        ...since,
        health: this.probeFailure.failure,
        message: `${this.probeFailure.message}${stale}`,
        ...(this.probeFailure.failure === 'forbidden' && forbiddenKinds.length
          ? { forbiddenKinds }
          : {}),
      };
    }
    for (const kind of CLUSTER_FAILURES) {
      const hit = failures.filter((k) => k.failure?.failure === kind);
      if (hit.length === 0) continue;
      return {
        ...base,
        ...since,
        health: kind,
        message: `${hit.map((k) => `${k.collection.resource}: ${k.failure?.message}`).join('; ')}${stale}`,
        ...(kind === 'forbidden' ? { forbiddenKinds } : {}),
      };
    }
    if (this.allSynced() && failures.length === 0) return { ...base, ...since, health: 'synced' };
    if (failures.length > 0) {
      const message = failures
        .map((k) => `${k.collection.resource}: ${k.failure?.message}`)
        .join('; ');
      return this.everSynced
        ? { ...base, ...since, health: 'stale', message: `watch broken, reconnecting (${message})` }
        : { ...base, health: 'error', message };
    }
    if (this.everSynced) return { ...base, ...since, health: 'stale', message: 'reconnecting' };
    return { ...base, health: 'connecting', message: 'listing the cluster for the first time' };
  }

  /** What the engine reads of this cluster: the last complete objects, or why there are none. */
  input(): ClusterInput {
    if (this.cachedInput?.version === this.inputVersion) return this.cachedInput.input;
    let input: ClusterInput;
    if (!this.everSynced) {
      const s = this.status();
      input = {
        context: this.context,
        reachable: false,
        error: `${s.health}: ${s.message ?? 'not read yet'}`,
        segmentApis: [],
        objects: [],
      };
    } else {
      const objects: K8sObject[] = [];
      for (const k of this.kinds.values()) {
        if (k.absent) continue;
        const single = SINGLE_COLLECTIONS.some((c) => c.path === k.collection.path);
        for (const o of k.informer.list() as unknown as K8sObject[]) {
          if (single && !isSingle(k.collection.path, o.metadata.name)) continue;
          objects.push(o);
        }
      }
      input = { context: this.context, reachable: true, segmentApis: this.segmentApis, objects };
    }
    this.cachedInput = { version: this.inputVersion, input };
    return input;
  }
}
