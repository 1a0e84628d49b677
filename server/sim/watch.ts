import type { IncomingMessage, ServerResponse } from 'node:http';

import type { ClusterApi, ListOptions } from './cluster-api';
import { selectorFilter } from './cluster-api';
import { StatusError } from './status';
import type { StoredEvent } from './store';
import type { KubeObject, ResourceType } from './types';
import { groupVersion, storageKey } from './types';

export interface WatchRequest {
  type: ResourceType;
  namespace?: string;
  options: ListOptions;
  /** Parsed (list-query.ts); undefined starts from the current state. */
  resourceVersion?: number;
  allowBookmarks: boolean;
  sendInitialEvents: boolean;
  timeoutSeconds?: number;
  /**
   * Wraps each object for the client: a one-row Table for kubectl's printer, or the object's
   * JSON (a Buffer, the store's cached serialisation).
   */
  render: (object: KubeObject) => unknown;
}

export interface WatchSettings {
  bookmarkIntervalMs: number;
  /** Close new watches after this long (fault injection); undefined keeps them open. */
  closeAfterMs?: number;
  /** How long a watch without timeoutSeconds lasts. */
  defaultTimeoutMs: () => number;
}

/** The apiserver's default: MinRequestTimeout (30 min) times a random factor in [1, 2). */
export const defaultWatchTimeoutMs = () => (30 + Math.random() * 30) * 60_000;

/** Open watch streams of one cluster, so that faults can cut them. */
export class WatchHub {
  private readonly open = new Set<{ end: (abort: boolean) => void }>();

  get size(): number {
    return this.open.size;
  }

  add(entry: { end: (abort: boolean) => void }): () => void {
    this.open.add(entry);
    return () => this.open.delete(entry);
  }

  /** Ends every stream: gracefully (clients re-watch) or by destroying the socket. */
  closeAll(abort = false): number {
    const entries = [...this.open];
    for (const entry of entries) entry.end(abort);
    return entries.length;
  }

  bookmarkAll = new Set<() => void>();
}

const EVENT_END = Buffer.from('}\n');

type Translated = { type: 'ADDED' | 'MODIFIED' | 'DELETED'; object: KubeObject } | undefined;

/** Selector-filtered watches see objects enter (ADDED) and leave (DELETED), as on a real server. */
function translate(event: StoredEvent, matches: (o: KubeObject) => boolean): Translated {
  if (event.type === 'ADDED')
    return matches(event.object) ? { type: 'ADDED', object: event.object } : undefined;
  if (event.type === 'DELETED') {
    return matches(event.previous ?? event.object)
      ? { type: 'DELETED', object: event.object }
      : undefined;
  }
  const was = event.previous ? matches(event.previous) : false;
  const is = matches(event.object);
  if (was && is) return { type: 'MODIFIED', object: event.object };
  if (is) return { type: 'ADDED', object: event.object };
  if (was) return { type: 'DELETED', object: event.object };
  return undefined;
}

export function serveWatch(
  req: IncomingMessage,
  res: ServerResponse,
  api: ClusterApi,
  hub: WatchHub,
  watch: WatchRequest,
  settings: WatchSettings,
): void {
  const { type } = watch;
  const selected = selectorFilter(type, watch.options);
  const matches = (o: KubeObject) =>
    (watch.namespace === undefined || o.metadata.namespace === watch.namespace) && selected(o);
  const asVersion = (o: KubeObject) =>
    o.apiVersion === groupVersion(type) ? o : { ...o, apiVersion: groupVersion(type) };

  res.writeHead(200, {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-cache, private',
    'Transfer-Encoding': 'chunked',
  });
  res.flushHeaders();

  const timers: NodeJS.Timeout[] = [];
  let unsubscribe = () => {};
  let removeFromHub = () => {};
  let closed = false;
  const close = (abort = false) => {
    if (closed) return;
    closed = true;
    unsubscribe();
    removeFromHub();
    hub.bookmarkAll.delete(bookmark);
    timers.forEach(clearInterval);
    if (abort) res.socket?.destroy();
    else if (!res.writableEnded) res.end();
  };
  const write = (line: object) => {
    if (closed || res.writableEnded) return;
    res.write(`${JSON.stringify(line)}\n`);
  };
  const writeEvent = (eventType: string, object: unknown) => {
    if (closed || res.writableEnded) return;
    if (!Buffer.isBuffer(object)) return write({ type: eventType, object });
    res.write(Buffer.concat([Buffer.from(`{"type":"${eventType}","object":`), object, EVENT_END]));
  };
  const bookmark = (annotations?: Record<string, string>) =>
    write({
      type: 'BOOKMARK',
      object: {
        kind: type.kind,
        apiVersion: groupVersion(type),
        metadata: {
          resourceVersion: String(api.store.currentRv()),
          ...(annotations ? { annotations } : {}),
        },
      },
    });
  const emit = (t: Translated) => t && writeEvent(t.type, watch.render(asVersion(t.object)));

  req.on('close', () => close());
  res.on('close', () => close());
  removeFromHub = hub.add({ end: close });
  if (watch.allowBookmarks) hub.bookmarkAll.add(bookmark);

  const live = (event: StoredEvent) => {
    if (event.key === storageKey(type)) emit(translate(event, matches));
  };

  const rv = watch.resourceVersion;
  const fromCurrentState = watch.sendInitialEvents || rv === undefined;
  if (fromCurrentState) {
    for (const object of api.store.list(storageKey(type), watch.namespace)) {
      if (matches(object)) emit({ type: 'ADDED', object });
    }
    if (watch.sendInitialEvents && watch.allowBookmarks)
      bookmark({ 'k8s.io/initial-events-end': 'true' });
  } else {
    try {
      for (const event of api.eventsSince(type, rv)) emit(translate(event, matches));
    } catch (e) {
      if (!(e instanceof StatusError)) throw e;
      write({ type: 'ERROR', object: e.toStatus() });
      close();
      return;
    }
  }
  unsubscribe = api.store.subscribe(live);

  if (watch.allowBookmarks) {
    timers.push(setInterval(() => bookmark(), settings.bookmarkIntervalMs));
  }
  // Without timeoutSeconds a real server still ends a watch, after a random 30–60 minutes.
  const timeoutMs =
    watch.timeoutSeconds && watch.timeoutSeconds > 0
      ? watch.timeoutSeconds * 1000
      : settings.defaultTimeoutMs();
  timers.push(setTimeout(() => close(), timeoutMs));
  if (settings.closeAfterMs !== undefined)
    timers.push(setTimeout(() => close(), settings.closeAfterMs));
}
