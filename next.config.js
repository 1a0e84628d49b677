/** Headers on every response (pages, API, static files); pages' CSP is per request (proxy.ts). */
const SECURITY_HEADERS = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'no-referrer' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
  { key: 'Cross-Origin-Resource-Policy', value: 'same-origin' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), usb=()' },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  // The cluster client must stay a Node module on the server; bundling it breaks its dynamic requires.
  serverExternalPackages: ['@kubernetes/client-node'],
  poweredByHeader: false,
  // `npm run typecheck` checks the whole project (tests and the simulator included) before the
  // build in `npm test`; checking again inside `next build` only doubles the time on two cores.
  typescript: { ignoreBuildErrors: true },
  async headers() {
    return [
      { source: '/:path*', headers: SECURITY_HEADERS },
      // Same as API_CSP in server/http/security-headers.ts.
      {
        source: '/api/:path*',
        headers: [
          { key: 'Content-Security-Policy', value: "default-src 'none'; frame-ancestors 'none'" },
        ],
      },
    ];
  },
};

export default nextConfig;
