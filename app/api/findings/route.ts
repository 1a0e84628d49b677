// GET /api/findings – every finding of the fleet in the JSON shape of the domain contract (README §3).
import { NextResponse } from 'next/server';

import { fleetAnalysis } from '@/server/fleet/fleet-analysis';
import { withErrors } from '@/server/http/with-errors';

export const dynamic = 'force-dynamic';

export const GET = withErrors(async () => NextResponse.json(await fleetAnalysis()));
