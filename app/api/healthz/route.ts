// GET /api/healthz – liveness of the console process itself (not of the clusters).
import { NextResponse } from 'next/server';

export const dynamic = 'force-dynamic';

export function GET() {
  return NextResponse.json({ status: 'ok' });
}
