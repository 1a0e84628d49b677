// GET /api/readyz – 200 once every cluster has finished its first sync or failed, else 503.
import { NextResponse } from 'next/server';

import { withErrors } from '@/server/http/with-errors';
import { readiness } from '@/server/live/api';

export const dynamic = 'force-dynamic';

export const GET = withErrors(async () => {
  const r = readiness();
  return NextResponse.json(r, { status: r.ready ? 200 : 503 });
});
