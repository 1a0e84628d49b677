// GET /api/services/<cluster>/<namespace>/<name> – the hostname calculator for one Service.
import { type NextRequest, NextResponse } from 'next/server';

import { withErrors } from '@/server/http/with-errors';
import { getHostnames } from '@/server/live/api';

export const dynamic = 'force-dynamic';

export const GET = withErrors(
  async (
    _req: NextRequest,
    ctx: { params: Promise<{ cluster: string; namespace: string; name: string }> },
  ) => NextResponse.json(getHostnames(await ctx.params)),
);
