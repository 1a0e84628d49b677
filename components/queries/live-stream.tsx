'use client';

import { useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext, useEffect, useState } from 'react';

import { FleetEventSchema } from '@/lib/api/contract';

import { fleetKeys } from './keys';

/**
 * `live`: the SSE stream is open and every revision refreshes the queries. `connecting`: opening
 * or reopening it. `polling`: the stream could not be held (a proxy that buffers, a closed
 * connection), so queries poll until it comes back.
 */
export interface LiveStatus {
  mode: 'connecting' | 'live' | 'polling';
  /** Last revision the stream announced. */
  revision?: number;
  /** When the stream was last lost (ms since epoch); undefined while live. */
  downSince?: number;
}

const POLL_MS = 5_000;
/** Errors in a row without an open stream before falling back to polling. */
const FAILURES_BEFORE_POLLING = 2;
const RETRY_STREAM_MS = 15_000;

const LiveContext = createContext<LiveStatus>({ mode: 'connecting' });

/** Opens one `EventSource` on /api/events for the whole console and invalidates per revision. */
export function LiveStream({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<LiveStatus>({ mode: 'connecting' });

  useEffect(() => {
    let source: EventSource | undefined;
    let failures = 0;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let latest = -1;

    const onRevision = (message: MessageEvent<string>) => {
      let parsed;
      try {
        parsed = FleetEventSchema.safeParse(JSON.parse(message.data));
      } catch {
        return;
      }
      if (!parsed.success || parsed.data.revision <= latest) return;
      latest = parsed.data.revision;
      // A fetch already under way finishes (and is followed by one more): cancelling it on every
      // revision would starve a large query while the fleet keeps changing.
      setStatus({ mode: 'live', revision: latest });
      void queryClient.invalidateQueries({ queryKey: fleetKeys.all }, { cancelRefetch: false });
    };

    const open = () => {
      source = new EventSource('/api/events');
      source.addEventListener('revision', onRevision);
      source.onmessage = onRevision;
      source.onopen = () => {
        failures = 0;
        setStatus((s) => ({ mode: 'live', revision: s.revision }));
        // Whatever happened while the stream was down is fetched once.
        void queryClient.invalidateQueries({ queryKey: fleetKeys.all }, { cancelRefetch: false });
      };
      source.onerror = () => {
        failures += 1;
        const closed = source?.readyState === EventSource.CLOSED;
        if (closed || failures >= FAILURES_BEFORE_POLLING) {
          source?.close();
          setStatus((s) => ({
            mode: 'polling',
            revision: s.revision,
            downSince: s.downSince ?? Date.now(),
          }));
          retry = setTimeout(open, RETRY_STREAM_MS);
        } else {
          setStatus((s) => ({
            mode: 'connecting',
            revision: s.revision,
            downSince: s.downSince ?? Date.now(),
          }));
        }
      };
    };

    // An answer older than the last announced revision (its fetch started before the change)
    // is fetched again once, so the page always ends on the latest revision.
    const unsubscribe = queryClient.getQueryCache().subscribe((event) => {
      if (event.type !== 'updated' || event.action.type !== 'success') return;
      const revision = (event.query.state.data as { revision?: unknown } | undefined)?.revision;
      if (typeof revision === 'number' && revision < latest) {
        void queryClient.invalidateQueries(
          { queryKey: event.query.queryKey, exact: true },
          { cancelRefetch: false },
        );
      }
    });

    open();
    return () => {
      unsubscribe();
      clearTimeout(retry);
      source?.close();
    };
  }, [queryClient]);

  return <LiveContext.Provider value={status}>{children}</LiveContext.Provider>;
}

export const useLiveStatus = () => useContext(LiveContext);

/** The `refetchInterval` every live query uses: none while the stream is live. */
export function useRefetchInterval(): number | false {
  return useLiveStatus().mode === 'live' ? false : POLL_MS;
}
