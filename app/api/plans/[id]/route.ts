// GET /api/plans/<id> – a plan again (while it is applied: the status of each step so far);
// 404 unknown, 410 expired.
import { withErrors } from '@/server/http/with-errors';
import { getPlan } from '@/server/plans/api';

export const dynamic = 'force-dynamic';

export const GET = withErrors(async (_req: Request, ctx: { params: Promise<{ id: string }> }) =>
  Response.json(getPlan((await ctx.params).id)),
);
