import type { KubeObject } from './types';

export type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoredEvent {
  type: EventType;
  /** storageKey of the resource (`segments.admin.istio.io`). */
  key: string;
  object: KubeObject;
  /** The object before this change, so that selector-filtered watches can see it leave. */
  previous?: KubeObject;
  rv: number;
}

const HISTORY_LIMIT = 5000;
const COMMA = Buffer.from(',');

const objectKey = (namespace: string | undefined, name: string) => `${namespace ?? ''}/${name}`;

const byKey = (a: KubeObject, b: KubeObject): number => {
  const x = objectKey(a.metadata.namespace, a.metadata.name);
  const y = objectKey(b.metadata.namespace, b.metadata.name);
  return x < y ? -1 : x > y ? 1 : 0;
};

/**
 * The objects of one namespace (or all) in etcd's key order (`<namespace>/<name>`, byte-wise), the
 * order lists are served in and `continue` tokens count by.
 */
function inListOrder(objects: KubeObject[], namespace: string | undefined): KubeObject[] {
  const inScope =
    namespace === undefined ? objects : objects.filter((o) => o.metadata.namespace === namespace);
  return inScope.sort(byKey);
}

/**
 * One cluster's objects, with an etcd-like global revision and a bounded event history (the watch
 * cache). Revisions start from the clock so that they keep increasing across simulator restarts:
 * an informer that remembers an old revision gets a 410 and relists instead of keeping a stale
 * cache (wire-notes §3.4).
 */
export class ObjectStore {
  private rv: number;
  /** Revisions at or below this are gone from history: watching from them answers 410. */
  private compactedRv: number;
  private readonly objects = new Map<string, Map<string, KubeObject>>();
  private history: StoredEvent[] = [];
  private readonly listeners = new Set<(event: StoredEvent) => void>();
  /** Per resource, its objects in list order; dropped when one of them changes. */
  private readonly sorted = new Map<string, KubeObject[]>();
  /**
   * Each stored revision's JSON, made once, as the real watch cache keeps an object's
   * serialisation per revision: lists and watches are then concatenations, not stringify calls.
   */
  private readonly encoded = new WeakMap<KubeObject, Buffer>();
  /** Per resource and namespace ('' for all), the comma-joined JSON of its list's items. */
  private readonly encodedLists = new Map<string, Map<string, Buffer>>();

  constructor(startRv: number = Date.now() * 1000) {
    this.rv = startRv;
    this.compactedRv = startRv;
  }

  currentRv(): number {
    return this.rv;
  }

  get(key: string, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.objects.get(key)?.get(objectKey(namespace, name));
  }

  /** Objects of one resource, ordered by namespace then name, as the API server lists them. */
  list(key: string, namespace?: string): KubeObject[] {
    let all = this.sorted.get(key);
    if (!all) {
      all = inListOrder([...(this.objects.get(key)?.values() ?? [])], undefined);
      this.sorted.set(key, all);
    }
    return namespace === undefined
      ? [...all]
      : all.filter((o) => o.metadata.namespace === namespace);
  }

  /**
   * The items of an unfiltered list, already joined (`{…},{…}`), kept until one of them changes:
   * a full read then writes one buffer per list instead of one per object.
   */
  encodeList(key: string, namespace: string | undefined): Buffer {
    let lists = this.encodedLists.get(key);
    if (!lists) {
      lists = new Map();
      this.encodedLists.set(key, lists);
    }
    const scope = namespace ?? '';
    let body = lists.get(scope);
    if (!body) {
      const parts: Buffer[] = [];
      for (const object of this.list(key, namespace)) {
        if (parts.length > 0) parts.push(COMMA);
        parts.push(this.encode(object));
      }
      body = Buffer.concat(parts);
      lists.set(scope, body);
    }
    return body;
  }

  /** The JSON of an object as stored (cached per revision), or of any other object. */
  encode(object: KubeObject): Buffer {
    const cached = this.encoded.get(object);
    if (cached) return cached;
    return Buffer.from(JSON.stringify(object));
  }

  /**
   * Objects of one resource as they were at revision `rv`, rebuilt by undoing the history after
   * it: list pages after the first are served from the first page's revision, as etcd does.
   * 'expired' when that revision is no longer in the history.
   */
  listAt(key: string, namespace: string | undefined, rv: number): KubeObject[] | 'expired' {
    if (rv === this.rv) return this.list(key, namespace);
    if (this.isExpired(rv)) return 'expired';
    const byId = new Map((this.objects.get(key) ?? new Map()).entries());
    for (let i = this.history.length - 1; i >= 0; i--) {
      const event = this.history[i] as StoredEvent;
      if (event.rv <= rv) break;
      if (event.key !== key) continue;
      const id = objectKey(event.object.metadata.namespace, event.object.metadata.name);
      if (event.type === 'ADDED') byId.delete(id);
      else byId.set(id, event.previous ?? event.object);
    }
    const all = [...byId.values()];
    return inListOrder(all, namespace);
  }

  /** Every namespaced object in a namespace, across resources (for namespace deletion). */
  inNamespace(namespace: string): { key: string; object: KubeObject }[] {
    const found: { key: string; object: KubeObject }[] = [];
    for (const [key, objects] of this.objects) {
      for (const object of objects.values()) {
        if (object.metadata.namespace === namespace) found.push({ key, object });
      }
    }
    return found;
  }

  /** Takes the next revision. Callers stamp it on the object before committing. */
  nextRv(): number {
    return this.rv + 1;
  }

  /** Stores (or removes, for DELETED) an object stamped with `nextRv()`, and tells watchers. */
  commit(type: EventType, key: string, object: KubeObject, previous?: KubeObject): StoredEvent {
    this.rv = Number(object.metadata.resourceVersion);
    let objects = this.objects.get(key);
    if (!objects) {
      objects = new Map();
      this.objects.set(key, objects);
    }
    const id = objectKey(object.metadata.namespace, object.metadata.name);
    if (type === 'DELETED') objects.delete(id);
    else objects.set(id, object);
    this.sorted.delete(key);
    this.encodedLists.delete(key);
    if (type !== 'DELETED') this.encoded.set(object, Buffer.from(JSON.stringify(object)));

    const event: StoredEvent = {
      type,
      key,
      object,
      rv: this.rv,
      ...(previous ? { previous } : {}),
    };
    this.history.push(event);
    if (this.history.length > HISTORY_LIMIT) {
      const dropped = this.history.splice(0, this.history.length - HISTORY_LIMIT);
      this.compactedRv = dropped[dropped.length - 1]?.rv ?? this.compactedRv;
    }
    for (const listener of this.listeners) listener(event);
    return event;
  }

  /**
   * Events of one resource after `rv`, or 'expired' when that revision is older than the history
   * or newer than anything this store has issued (a client that saw an earlier incarnation).
   */
  eventsSince(key: string, rv: number): StoredEvent[] | 'expired' {
    if (rv < this.compactedRv || rv > this.rv) return 'expired';
    return this.history.filter((e) => e.rv > rv && e.key === key);
  }

  /** Forgets all history, so that every watch from an earlier revision answers 410. */
  compact(): void {
    this.history = [];
    this.compactedRv = this.rv;
  }

  isExpired(rv: number): boolean {
    return rv < this.compactedRv || rv > this.rv;
  }

  subscribe(listener: (event: StoredEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
