// POST /api/plans/<id>/apply – applies a plan in order, rolling back on failure; the status of
// every step and of every rollback (200). 409 with a fresh preview when its objects changed.
import { requireAdmin } from '@/server/auth/guard';
import { withErrors } from '@/server/http/with-errors';
import { applyPlan } from '@/server/plans/api';

export const dynamic = 'force-dynamic';

export const POST = withErrors(async (req: Request, ctx: { params: Promise<{ id: string }> }) => {
  const principal = await requireAdmin(req);
  return applyPlan(req, (await ctx.params).id, principal);
});
