'use client';

import { useLiveStatus } from '../queries/live-stream';

const time = (ms: number) => new Date(ms).toLocaleTimeString();

/** Whether the page follows the fleet live, and since when it does not. */
export function LiveIndicator() {
  const { mode, revision, downSince } = useLiveStatus();
  const text =
    mode === 'live'
      ? 'Live'
      : mode === 'polling'
        ? `Stream down since ${downSince ? time(downSince) : '—'}, polling`
        : downSince
          ? `Reconnecting since ${time(downSince)}`
          : 'Connecting';
  const tone =
    mode === 'live'
      ? 'bg-ready'
      : mode === 'polling'
        ? 'bg-degraded'
        : 'bg-slate-400 animate-pulse';
  return (
    <p
      role="status"
      aria-label="Live updates"
      data-mode={mode}
      data-revision={revision ?? ''}
      className="inline-flex items-center gap-2 rounded-full border border-slate-200 px-3 py-1 text-xs text-slate-600 dark:border-slate-700 dark:text-slate-300"
    >
      <span aria-hidden className={`size-2 rounded-full ${tone}`} />
      {text}
      {/* The revision is for operators comparing with /api/fleet; on narrower screens the header
          needs the room for the session controls. */}
      {revision !== undefined && (
        <span className="hidden text-slate-400 2xl:inline">rev {revision}</span>
      )}
    </p>
  );
}
