// Any other /api path: a JSON 404, never the HTML of the not-found page.
import { type NextRequest, NextResponse } from 'next/server';

export const dynamic = 'force-dynamic';

function notFound(req: NextRequest) {
  return NextResponse.json(
    {
      error: {
        code: 'not_found',
        message: `no API route ${req.method} ${new URL(req.url).pathname}`,
      },
    },
    { status: 404 },
  );
}

export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
