import { Writable } from 'node:stream';

import fc from 'fast-check';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { AppError } from '../http/app-error';
import { setAppLog } from '../live/log';
import { Auth, CSRF_HEADER, SESSION_COOKIE, setAuth } from './auth';
import { requireAdmin } from './guard';
import { AdminTokenProvider } from './principal';
import { RateLimiter } from './rate-limit';
import { sessionInfo, signIn, signOut } from './session-api';
import { SessionStore } from './sessions';

const TOKEN = 'test-admin-token-0123456789abcdef';
const ORIGIN = 'http://127.0.0.1:3000';
const env: Record<string, string | undefined> = {};
let clock = 1_000_000;
const logLines: string[] = [];

function install(options: { ttlMs?: number; perKey?: number } = {}) {
  setAuth(
    new Auth(
      new AdminTokenProvider(env),
      new SessionStore(options.ttlMs ?? 60_000, () => clock),
      new RateLimiter({ perKey: options.perKey ?? 5, global: 50, windowMs: 60_000 }, () => clock),
    ),
  );
}

beforeEach(() => {
  env.SEGSCOPE_ADMIN_TOKEN = TOKEN;
  delete env.SEGSCOPE_DEMO_ADMIN;
  clock = 1_000_000;
  logLines.length = 0;
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logLines.push(chunk.toString('utf8'));
      done();
    },
  });
  setAppLog(pino({ level: 'debug' }, sink));
  install();
});

afterEach(() => {
  setAuth(undefined);
  setAppLog(undefined);
});

/** A request as a browser on the console's own origin sends it. */
function browser(
  method: string,
  path: string,
  init: { headers?: Record<string, string>; body?: string } = {},
) {
  return new Request(`${ORIGIN}${path}`, {
    method,
    body: init.body,
    headers: {
      host: '127.0.0.1:3000',
      origin: ORIGIN,
      'sec-fetch-site': 'same-origin',
      ...(init.body ? { 'content-type': 'application/json' } : {}),
      ...init.headers,
    },
  });
}

/** A script: no Origin, no Sec-Fetch-Site. */
function script(method: string, headers: Record<string, string> = {}) {
  return new Request(`${ORIGIN}/api/plans`, {
    method,
    headers: { host: '127.0.0.1:3000', ...headers },
  });
}

async function statusOf(p: Promise<unknown>): Promise<number> {
  try {
    await p;
    return 200;
  } catch (e) {
    if (e instanceof AppError) return e.status;
    throw e;
  }
}

async function signedIn() {
  const res = await signIn(
    browser('POST', '/api/session', { body: JSON.stringify({ token: TOKEN }) }),
  );
  expect(res.status).toBe(200);
  const cookie = /^([^;]+)/.exec(res.headers.get('set-cookie') ?? '')![1]!;
  const info = (await res.json()) as { csrfToken: string };
  return { cookie, csrf: info.csrfToken, res };
}

describe('requireAdmin', () => {
  it('is 401 without credentials, 403 when no admin is configured (read-only)', async () => {
    expect(await statusOf(requireAdmin(browser('POST', '/api/plans')))).toBe(401);
    expect(await statusOf(requireAdmin(script('POST')))).toBe(401);
    delete env.SEGSCOPE_ADMIN_TOKEN;
    expect(await statusOf(requireAdmin(script('POST', { authorization: `Bearer ${TOKEN}` })))).toBe(
      403,
    );
    expect(await statusOf(requireAdmin(browser('POST', '/api/plans')))).toBe(403);
  });

  it('accepts the bearer token from a script, without a CSRF token', async () => {
    const who = await requireAdmin(script('POST', { authorization: `Bearer ${TOKEN}` }));
    expect(who).toMatchObject({ name: 'admin (token)', role: 'admin' });
    expect(
      await statusOf(requireAdmin(script('POST', { authorization: `Bearer ${TOKEN}x` }))),
    ).toBe(401);
    expect(await statusOf(requireAdmin(script('POST', { authorization: `Basic ${TOKEN}` })))).toBe(
      401,
    );
  });

  it('refuses cross-site requests with 403, even with a valid token', async () => {
    const bearer = { authorization: `Bearer ${TOKEN}` };
    for (const headers of [
      { ...bearer, origin: 'https://evil.example' },
      { ...bearer, 'sec-fetch-site': 'cross-site' },
      { ...bearer, 'sec-fetch-site': 'same-site' },
      { ...bearer, origin: 'null' },
    ])
      expect(await statusOf(requireAdmin(script('POST', headers)))).toBe(403);
    const { cookie, csrf } = await signedIn();
    const req = browser('POST', '/api/plans', {
      headers: { cookie, [CSRF_HEADER]: csrf, origin: 'http://127.0.0.1:3001' },
    });
    expect(await statusOf(requireAdmin(req))).toBe(403);
  });

  it('accepts a session cookie with its CSRF token from the same origin', async () => {
    const { cookie, csrf } = await signedIn();
    const who = await requireAdmin(
      browser('POST', '/api/plans', { headers: { cookie, [CSRF_HEADER]: csrf } }),
    );
    expect(who).toMatchObject({ name: 'admin', role: 'admin' });
    // Behind a proxy: the browser's Origin is the public host the proxy forwards.
    const proxied = browser('POST', '/api/plans', {
      headers: {
        cookie,
        [CSRF_HEADER]: csrf,
        host: '10.0.0.5:3000',
        'x-forwarded-host': 'segscope.example.com',
        origin: 'https://segscope.example.com',
      },
    });
    expect(await requireAdmin(proxied)).toMatchObject({ role: 'admin' });
  });

  it('refuses a session cookie with a missing or wrong CSRF token, or without Origin (403)', async () => {
    const { cookie, csrf } = await signedIn();
    expect(
      await statusOf(requireAdmin(browser('POST', '/api/plans', { headers: { cookie } }))),
    ).toBe(403);
    const wrong = browser('POST', '/api/plans', {
      headers: { cookie, [CSRF_HEADER]: `${csrf.slice(1)}A` },
    });
    expect(await statusOf(requireAdmin(wrong))).toBe(403);
    // Another session's token is no good either.
    const other = await signedIn();
    const swapped = browser('POST', '/api/plans', {
      headers: { cookie, [CSRF_HEADER]: other.csrf },
    });
    expect(await statusOf(requireAdmin(swapped))).toBe(403);
    expect(await statusOf(requireAdmin(script('POST', { cookie, [CSRF_HEADER]: csrf })))).toBe(403);
  });

  it('is 401 once the session has expired, or with an unknown cookie', async () => {
    const { cookie, csrf } = await signedIn();
    clock += 59_000;
    await requireAdmin(browser('POST', '/api/plans', { headers: { cookie, [CSRF_HEADER]: csrf } }));
    clock += 1_000;
    const late = browser('POST', '/api/plans', { headers: { cookie, [CSRF_HEADER]: csrf } });
    await expect(requireAdmin(late)).rejects.toMatchObject({ status: 401, message: /expired/ });
    const forged = browser('POST', '/api/plans', {
      headers: { cookie: `${SESSION_COOKIE}=abc`, [CSRF_HEADER]: csrf },
    });
    expect(await statusOf(requireAdmin(forged))).toBe(401);
  });
});

describe('/api/session', () => {
  it('signs in with the token: an HttpOnly, SameSite=Strict cookie, the role, a CSRF token', async () => {
    const { res, cookie, csrf } = await signedIn();
    const setCookie = res.headers.get('set-cookie')!;
    expect(setCookie).toMatch(new RegExp(`^${SESSION_COOKIE}=[A-Za-z0-9_-]{43};`));
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    expect(setCookie).not.toContain('Secure'); // plain http here
    expect(csrf).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const info = await (
      await sessionInfo(browser('GET', '/api/session', { headers: { cookie } }))
    ).json();
    expect(info).toMatchObject({
      signedIn: true,
      user: { name: 'admin', role: 'admin' },
      csrfToken: csrf,
      writesEnabled: true,
      demo: false,
    });
    expect(JSON.stringify(info)).not.toContain(TOKEN);
  });

  it('marks the cookie Secure over HTTPS (directly or behind a TLS proxy)', async () => {
    const res = await signIn(
      browser('POST', '/api/session', {
        body: JSON.stringify({ token: TOKEN }),
        headers: { 'x-forwarded-proto': 'https' },
      }),
    );
    expect(res.headers.get('set-cookie')).toContain('; Secure');
  });

  it('answers 401 for a wrong token, 400 for a malformed body, 403 cross-site or read-only', async () => {
    const post = (body: string, headers: Record<string, string> = {}) =>
      statusOf(signIn(browser('POST', '/api/session', { body, headers })));
    expect(await post(JSON.stringify({ token: 'nope' }))).toBe(401);
    expect(await post('{"token":')).toBe(400);
    expect(await post(JSON.stringify({ token: TOKEN, extra: 1 }))).toBe(400);
    expect(await post(JSON.stringify({ token: TOKEN }), { origin: 'https://evil.example' })).toBe(
      403,
    );
    delete env.SEGSCOPE_ADMIN_TOKEN;
    expect(await post(JSON.stringify({ token: TOKEN }))).toBe(403);
    const info = await (await sessionInfo(browser('GET', '/api/session'))).json();
    expect(info).toEqual({ signedIn: false, writesEnabled: false, demo: false });
  });

  it('rate-limits failed sign-ins per client with 429 and Retry-After, then lets it through again', async () => {
    install({ perKey: 3 });
    const attempt = (client: string, token = 'wrong') =>
      signIn(
        browser('POST', '/api/session', {
          body: JSON.stringify({ token }),
          headers: { 'x-forwarded-for': client },
        }),
      ).catch((e: AppError) => new Response(null, { status: e.status }));
    for (let i = 0; i < 3; i++) expect((await attempt('10.0.0.1')).status).toBe(401);
    const limited = await attempt('10.0.0.1', TOKEN);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await attempt('10.0.0.2', TOKEN)).status).toBe(200);
    // Successes do not count: an admin is never locked out by signing in often.
    for (let i = 0; i < 5; i++) expect((await attempt('10.0.0.2', TOKEN)).status).toBe(200);
    clock += 60_000;
    expect((await attempt('10.0.0.1', TOKEN)).status).toBe(200);
  });

  it('signs out: the session is gone and the cookie cleared; CSRF token required', async () => {
    const { cookie, csrf } = await signedIn();
    expect(() => signOut(browser('DELETE', '/api/session', { headers: { cookie } }))).toThrow(
      AppError,
    );
    const res = signOut(
      browser('DELETE', '/api/session', { headers: { cookie, [CSRF_HEADER]: csrf } }),
    );
    expect(res.headers.get('set-cookie')).toMatch(/Max-Age=0/);
    const after = browser('POST', '/api/plans', { headers: { cookie, [CSRF_HEADER]: csrf } });
    expect(await statusOf(requireAdmin(after))).toBe(401);
  });

  it('caps failures from all clients together, whatever address they claim', async () => {
    setAuth(
      new Auth(
        new AdminTokenProvider(env),
        new SessionStore(60_000, () => clock),
        new RateLimiter({ perKey: 100, global: 4, windowMs: 60_000 }, () => clock),
      ),
    );
    const attempt = (i: number) =>
      signIn(
        browser('POST', '/api/session', {
          body: JSON.stringify({ token: 'wrong' }),
          headers: { 'x-forwarded-for': `10.1.0.${i}` },
        }),
      ).then(
        (res) => res.status,
        (e: AppError) => e.status,
      );
    for (let i = 0; i < 4; i++) expect(await attempt(i)).toBe(401);
    expect(await attempt(99)).toBe(429);
  });

  it('answers every random sign-in body with a 4xx, never a 5xx or a session', async () => {
    install({ perKey: 1_000_000 });
    const body = fc.oneof(
      fc.string(),
      fc.json(),
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc
        .record({ token: fc.oneof(fc.string(), fc.integer(), fc.constant(null)) })
        .map((v) => JSON.stringify(v)),
    );
    const contentType = fc.constantFrom(
      'application/json',
      'text/plain',
      'application/x-www-form-urlencoded',
    );
    await fc.assert(
      fc.asyncProperty(body, contentType, async (text, type) => {
        const req = browser('POST', '/api/session', {
          body: text,
          headers: { 'content-type': type },
        });
        const status = await signIn(req).then(
          (res) => res.status,
          (e: unknown) => (e instanceof AppError ? e.status : 500),
        );
        expect([400, 401, 413]).toContain(status);
      }),
      { numRuns: 500 },
    );
  });

  it('names a demo admin as such', async () => {
    env.SEGSCOPE_DEMO_ADMIN = 'true';
    const { cookie } = await signedIn();
    const info = await (
      await sessionInfo(browser('GET', '/api/session', { headers: { cookie } }))
    ).json();
    expect(info).toMatchObject({ demo: true, user: { name: 'demo admin' } });
  });

  it('never logs the token or the session cookie', async () => {
    const { cookie } = await signedIn();
    await signIn(
      browser('POST', '/api/session', { body: JSON.stringify({ token: `${TOKEN}-wrong` }) }),
    ).catch(() => undefined);
    expect(logLines.join('\n')).toMatch(/signed in/);
    const all = logLines.join('\n');
    expect(all).not.toContain(TOKEN.slice(0, 16));
    expect(all).not.toContain(cookie.split('=')[1]!);
  });
});
