// GET /api/metrics – Prometheus text format (prom-client).
import { withErrors } from '@/server/http/with-errors';
import { metricsText } from '@/server/live/api';

export const dynamic = 'force-dynamic';

export const GET = withErrors(async () => {
  const { body, contentType } = await metricsText();
  return new Response(body, { headers: { 'Content-Type': contentType } });
});
