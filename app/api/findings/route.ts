// GET /api/findings[?severity=&code=&cluster=&segment=] – findings of the live fleet (domain
// contract README §3) with the revision and the clusters left out. Unfiltered, `npm start` answers
// it before Next (server/cli/start.ts).
import { type NextRequest } from 'next/server';

import { withErrors } from '@/server/http/with-errors';
import { encodedResponse, routeJson } from '@/server/live/api';

export const dynamic = 'force-dynamic';

export const GET = withErrors(async (req: NextRequest) =>
  encodedResponse(req, routeJson('/api/findings', req.url)),
);
