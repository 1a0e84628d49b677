import 'server-only';

/** Where a request comes from, as far as the browser tells us. */
export type RequestSite = 'same-origin' | 'cross-site' | 'unknown';

function hostOf(origin: string): string | undefined {
  try {
    return new URL(origin).host.toLowerCase();
  } catch {
    return undefined;
  }
}

/**
 * Browsers send `Sec-Fetch-Site` and `Origin` on every POST/DELETE; scripts (curl, CI) usually
 * send neither, which is `unknown`. Anything that says another site, or an `Origin` whose host is
 * not the one the request was sent to (`Host`, or `X-Forwarded-Host` behind a proxy), is
 * `cross-site`.
 */
export function requestSite(req: Request): RequestSite {
  const fetchSite = req.headers.get('sec-fetch-site')?.toLowerCase();
  const origin = req.headers.get('origin');
  if (fetchSite === 'cross-site' || fetchSite === 'same-site') return 'cross-site';
  let sameOrigin = fetchSite === 'same-origin';
  if (origin !== null) {
    const from = origin === 'null' ? undefined : hostOf(origin);
    const targets = [req.headers.get('x-forwarded-host'), req.headers.get('host')]
      .filter((h): h is string => Boolean(h))
      .map((h) => h.split(',')[0]!.trim().toLowerCase());
    if (!from || !targets.includes(from)) return 'cross-site';
    sameOrigin = true;
  }
  return sameOrigin ? 'same-origin' : 'unknown';
}
