// GET /api/findings[?severity=&code=&cluster=&segment=] – findings of the live fleet (domain
// contract README §3) with the revision and the clusters left out.
import { type NextRequest } from 'next/server';

import { withErrors } from '@/server/http/with-errors';
import { getFindings, jsonResponse } from '@/server/live/api';

export const dynamic = 'force-dynamic';

export const GET = withErrors(async (req: NextRequest) => jsonResponse(getFindings(req.url)));
