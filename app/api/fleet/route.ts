// GET /api/fleet – the live fleet: revision, clusters with health, segments, peering edges, counts.
import { NextResponse } from 'next/server';

import { withErrors } from '@/server/http/with-errors';
import { getFleet } from '@/server/live/api';

export const dynamic = 'force-dynamic';

export const GET = withErrors(async () => NextResponse.json(getFleet()));
