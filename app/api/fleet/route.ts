// GET /api/fleet – the live fleet: revision, clusters with health, segments, peering edges, counts.
import { withErrors } from '@/server/http/with-errors';
import { getFleet, jsonResponse } from '@/server/live/api';

export const dynamic = 'force-dynamic';

export const GET = withErrors(async () => jsonResponse(getFleet()));
