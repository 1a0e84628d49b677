// Security headers. Imported by proxy.ts (per-request CSP of pages) and mirrored by the static
// headers of next.config.js; no `server-only` here because proxy.ts is bundled on its own.

/**
 * The pages' Content Security Policy. Scripts need this request's nonce (Next puts it on its own
 * scripts, read from the request's CSP header); 'strict-dynamic' lets those load the chunks they
 * import. Styles allow 'unsafe-inline': React's style attributes and cytoscape's inline styles
 * cannot carry a nonce, and a style cannot run code. The layout worker is same-origin.
 */
export function pageCsp(nonce: string, options: { dev: boolean; https: boolean }): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${options.dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${options.dev ? ' ws: wss:' : ''}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(options.https ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
}

/** API responses are data, never documents: nothing may load from or frame them. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/** A fresh nonce per request: 128 random bits. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}
