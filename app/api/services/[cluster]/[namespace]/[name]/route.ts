// GET /api/services/<cluster>/<namespace>/<name> – the hostname calculator for one Service.
import { type NextRequest } from 'next/server';

import { withErrors } from '@/server/http/with-errors';
import { getHostnames, jsonResponse } from '@/server/live/api';

export const dynamic = 'force-dynamic';

export const GET = withErrors(
  async (
    req: NextRequest,
    ctx: { params: Promise<{ cluster: string; namespace: string; name: string }> },
  ) => jsonResponse(req, getHostnames(await ctx.params)),
);
