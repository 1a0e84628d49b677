import 'server-only';

import type { FleetEvent } from '@/lib/api/contract';

import { fleetStore } from './global-store';

/**
 * `GET /api/events`: one Server-Sent Events stream per browser.
 *
 *   event: hello      id: <revision>  data: {"revision":n,"at":…}     on connect without Last-Event-ID
 *   event: revision   id: <revision>  data: FleetEvent (contract.ts)  one per revision
 *   event: reset      id: <revision>  data: {"revision":n,"at":…}     Last-Event-ID cannot be resumed: refetch
 *   event: heartbeat                  data: {"revision":n,"at":…}     every SEGSCOPE_SSE_HEARTBEAT_MS (15 s)
 */
export const SSE_HEADERS = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  'Cache-Control': 'no-cache, no-transform',
  'X-Accel-Buffering': 'no',
  Connection: 'keep-alive',
};

const heartbeatMs = () => {
  const n = Number(process.env.SEGSCOPE_SSE_HEARTBEAT_MS);
  return Number.isFinite(n) && n >= 100 ? n : 15_000;
};

const frame = (event: string, data: unknown, id?: number) =>
  `${id !== undefined ? `id: ${id}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

export function eventStream(
  lastEventId: string | null,
  signal: AbortSignal,
): ReadableStream<Uint8Array> {
  const store = fleetStore();
  const encoder = new TextEncoder();
  let cleanup = () => {};
  return new ReadableStream<Uint8Array>({
    start(controller) {
      let open = true;
      const send = (text: string) => {
        if (!open) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          close();
        }
      };
      const now = () => ({ revision: store.revision.revision, at: new Date().toISOString() });
      // Subscribe before replaying, so no revision falls between the two.
      const queued: FleetEvent[] = [];
      let replaying = true;
      const unsubscribe = store.subscribe((e) => {
        if (replaying) queued.push(e);
        else send(frame('revision', e, e.revision));
      });
      const heartbeat = setInterval(() => send(frame('heartbeat', now())), heartbeatMs());
      const close = () => {
        if (!open) return;
        open = false;
        clearInterval(heartbeat);
        unsubscribe();
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      };
      cleanup = close;
      signal.addEventListener('abort', close);

      send('retry: 3000\n\n');
      const last =
        lastEventId !== null && /^\d+$/.test(lastEventId) ? Number(lastEventId) : undefined;
      let sentUpTo = store.revision.revision;
      if (last === undefined) {
        send(frame('hello', now(), sentUpTo));
      } else {
        const missed = store.eventsSince(last);
        if (missed === undefined) send(frame('reset', now(), sentUpTo));
        else {
          for (const e of missed) send(frame('revision', e, e.revision));
          sentUpTo = missed.at(-1)?.revision ?? last;
        }
      }
      replaying = false;
      for (const e of queued) if (e.revision > sentUpTo) send(frame('revision', e, e.revision));
    },
    cancel() {
      cleanup();
    },
  });
}
