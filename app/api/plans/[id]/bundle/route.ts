// GET /api/plans/<id>/bundle[?format=zip|tar.gz] – the plan as a GitOps bundle: one folder per
// cluster with its manifests, plus apply.sh with the kubectl commands.
import { withErrors } from '@/server/http/with-errors';
import { planBundle } from '@/server/plans/api';

export const dynamic = 'force-dynamic';

export const GET = withErrors(async (req: Request, ctx: { params: Promise<{ id: string }> }) =>
  planBundle((await ctx.params).id, new URL(req.url).searchParams.get('format')),
);
