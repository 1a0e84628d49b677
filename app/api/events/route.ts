// GET /api/events – Server-Sent Events: one `revision` event per revision, heartbeats, resume
// with Last-Event-ID (server/live/sse.ts describes the events).
import { type NextRequest } from 'next/server';

import { withErrors } from '@/server/http/with-errors';
import { eventStream, SSE_HEADERS } from '@/server/live/sse';

export const dynamic = 'force-dynamic';

export const GET = withErrors(
  async (req: NextRequest) =>
    new Response(
      eventStream(
        req.headers.get('last-event-id') ?? new URL(req.url).searchParams.get('lastEventId'),
        req.signal,
      ),
      { headers: SSE_HEADERS },
    ),
);
