// GET /api/fleet – the live fleet: revision, clusters with health, segments, peering edges, counts.
// `npm start` answers this path before Next (server/cli/start.ts); this handler serves `next dev`
// and the same bytes.
import { type NextRequest } from 'next/server';

import { withErrors } from '@/server/http/with-errors';
import { encodedResponse, routeJson } from '@/server/live/api';

export const dynamic = 'force-dynamic';

export const GET = withErrors(async (req: NextRequest) =>
  encodedResponse(req, routeJson('/api/fleet', req.url)),
);
