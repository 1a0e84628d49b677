// GET /api/services[?viewer=&hostname=] – global services per viewing cluster.
import { type NextRequest, NextResponse } from 'next/server';

import { withErrors } from '@/server/http/with-errors';
import { getServices } from '@/server/live/api';

export const dynamic = 'force-dynamic';

export const GET = withErrors(async (req: NextRequest) => NextResponse.json(getServices(req.url)));
