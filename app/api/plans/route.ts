// POST /api/plans – an intent (lib/plan/intent.ts) becomes a plan: steps per cluster, what-if,
// server-side dry-run on every cluster, kubectl commands (201); 400 with field errors. Admins only:
// the dry-run talks to the clusters.
import { requireAdmin } from '@/server/auth/guard';
import { withErrors } from '@/server/http/with-errors';
import { createPlan } from '@/server/plans/api';

export const dynamic = 'force-dynamic';

export const POST = withErrors(async (req: Request) => {
  await requireAdmin(req);
  return createPlan(req);
});
