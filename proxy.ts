// Next.js Proxy (Next 16's name for middleware): a Content-Security-Policy with a fresh nonce on
// every page. The other security headers are static (next.config.js); API routes get theirs there.
import { type NextRequest, NextResponse } from 'next/server';

import { newNonce, pageCsp } from './server/http/security-headers';

export function proxy(request: NextRequest) {
  const nonce = newNonce();
  const https =
    (request.headers.get('x-forwarded-proto') ?? request.nextUrl.protocol.replace(':', '')) ===
    'https';
  const csp = pageCsp(nonce, { dev: process.env.NODE_ENV === 'development', https });
  // Next reads the nonce for its own scripts from the request's CSP header.
  const headers = new Headers(request.headers);
  headers.set('x-nonce', nonce);
  headers.set('Content-Security-Policy', csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('Content-Security-Policy', csp);
  return response;
}

export const config = {
  matcher: [
    {
      source: '/((?!api/|_next/static|_next/image|favicon.ico|icon.svg).*)',
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
};
