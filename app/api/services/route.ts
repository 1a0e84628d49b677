// GET /api/services[?viewer=&hostname=] – global services per viewing cluster.
import { type NextRequest } from 'next/server';

import { withErrors } from '@/server/http/with-errors';
import { getServices, jsonResponse } from '@/server/live/api';

export const dynamic = 'force-dynamic';

export const GET = withErrors(async (req: NextRequest) => jsonResponse(getServices(req.url)));
