// GET /api/clusters/<id> – one cluster in detail: health, identity, objects read, peers, findings.
import { type NextRequest } from 'next/server';

import { withErrors } from '@/server/http/with-errors';
import { getCluster, jsonResponse } from '@/server/live/api';

export const dynamic = 'force-dynamic';

export const GET = withErrors(async (req: NextRequest, ctx: { params: Promise<{ id: string }> }) =>
  jsonResponse(req, getCluster(await ctx.params)),
);
