import type { NextConfig } from 'next';
import { describe, expect, it } from 'vitest';

import { API_CSP, apiSecurityHeaders, STATIC_SECURITY_HEADERS } from './security-headers';

describe('security headers', () => {
  it('next.config.js sets the same static headers on everything and the API CSP on /api', async () => {
    // @ts-expect-error next.config.js is plain JavaScript without declarations
    const { default: nextConfig } = (await import('../../next.config.js')) as {
      default: NextConfig;
    };
    const rules = (await nextConfig.headers?.()) ?? [];
    const all = rules.find((r) => r.source === '/:path*');
    const api = rules.find((r) => r.source === '/api/:path*');
    expect(all?.headers).toEqual(STATIC_SECURITY_HEADERS);
    expect(api?.headers).toEqual([{ key: 'Content-Security-Policy', value: API_CSP }]);
  });

  it('gives responses outside Next (npm start fast path) the static headers and the API CSP', () => {
    const headers = apiSecurityHeaders();
    expect(headers['Content-Security-Policy']).toBe(API_CSP);
    for (const { key, value } of STATIC_SECURITY_HEADERS) expect(headers[key]).toBe(value);
  });
});
