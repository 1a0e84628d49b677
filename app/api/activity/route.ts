// GET /api/activity – the audit trail: every applied plan (who, when, intent, steps, result).
import { activity } from '@/server/audit/activity';
import { withErrors } from '@/server/http/with-errors';

export const dynamic = 'force-dynamic';

export const GET = withErrors(async () =>
  Response.json(await activity(), { headers: { 'Cache-Control': 'no-store' } }),
);
