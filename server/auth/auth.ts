import 'server-only';

import { timingSafeEqual } from 'node:crypto';

import { AppError } from '../http/app-error';
import { AdminTokenProvider, type Principal, type PrincipalProvider } from './principal';
import { RateLimiter } from './rate-limit';
import { requestSite } from './same-origin';
import { DEFAULT_SESSION_TTL_MS, type Session, SessionStore } from './sessions';

/** The session cookie: HttpOnly, SameSite=Strict, Path=/, Secure over HTTPS. */
export const SESSION_COOKIE = 'segscope_session';
/** The header a signed-in browser echoes its session's CSRF token in, on every mutation. */
export const CSRF_HEADER = 'x-csrf-token';

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function cookieValue(req: Request, name: string): string | undefined {
  for (const part of (req.headers.get('cookie') ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** Behind a TLS-terminating proxy the request URL is http; the proxy says https. */
export function isHttps(req: Request): boolean {
  const forwarded = req.headers.get('x-forwarded-proto')?.split(',')[0]?.trim();
  return (forwarded ?? new URL(req.url).protocol.replace(':', '')) === 'https';
}

/** The address rate limits count by (Next sets X-Forwarded-For from the socket if absent). */
export function clientKey(req: Request): string {
  return req.headers.get('x-forwarded-for')?.split(',')[0]?.trim() || 'unknown';
}

const cookieAttributes = (req: Request) =>
  `Path=/; HttpOnly; SameSite=Strict${isHttps(req) ? '; Secure' : ''}`;

/** What `GET /api/session` answers (and `POST` on success). Never carries the admin token. */
export interface SessionInfo {
  signedIn: boolean;
  user?: { name: string; role: Principal['role'] };
  /** Echo in `x-csrf-token` on every POST/PUT/PATCH/DELETE while signed in. */
  csrfToken?: string;
  expiresAt?: string;
  /** False when no admin is configured: the console is read-only for everyone. */
  writesEnabled: boolean;
  /** `npm run demo`: the admin is a demo admin whose token was printed in its terminal. */
  demo: boolean;
}

const forbidden = (message: string) => new AppError('forbidden', message);
const unauthorized = (message: string) => new AppError('unauthorized', message);

/**
 * Authentication and CSRF for the whole server: who may write, sign-in and sign-out. One
 * instance per process (`auth()`); tests make their own.
 */
export class Auth {
  constructor(
    readonly provider: PrincipalProvider & { demo?: boolean },
    readonly sessions = new SessionStore(),
    readonly signInLimiter = new RateLimiter({ perKey: 10, global: 100, windowMs: 60_000 }),
  ) {}

  /**
   * The admin behind a mutating request, or 401/403. Order: a cross-site request is refused
   * before anything else; then read-only; then a bearer token (scripts: no CSRF token needed);
   * then the session cookie, which also needs a same-origin request and its CSRF token.
   */
  async authorize(req: Request): Promise<Principal> {
    const site = requestSite(req);
    if (site === 'cross-site') throw forbidden('cross-site requests may not make changes');
    if (!this.provider.configured())
      throw forbidden('this console is read-only: no admin is configured');
    const header = req.headers.get('authorization');
    if (header !== null) {
      const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
      const principal = match ? await this.provider.fromBearer(match[1]!) : null;
      if (!principal) throw unauthorized('the admin token is not valid');
      return { ...principal, name: `${principal.name} (token)` };
    }
    const session = this.sessionOf(req);
    if (!session) {
      throw unauthorized(
        cookieValue(req, SESSION_COOKIE)
          ? 'your session has expired: sign in again'
          : 'sign in as an admin to make changes',
      );
    }
    if (site !== 'same-origin')
      throw forbidden('changes must come from the console itself (no Origin or Sec-Fetch-Site)');
    const csrf = req.headers.get(CSRF_HEADER);
    if (!csrf) throw forbidden(`missing ${CSRF_HEADER} header`);
    if (!sameSecret(csrf, session.csrfToken)) throw forbidden(`wrong ${CSRF_HEADER} header`);
    return session.principal;
  }

  sessionOf(req: Request): Session | undefined {
    return this.sessions.get(cookieValue(req, SESSION_COOKIE));
  }

  info(session: Session | undefined): SessionInfo {
    const base = { writesEnabled: this.provider.configured(), demo: Boolean(this.provider.demo) };
    if (!session) return { signedIn: false, ...base };
    return {
      signedIn: true,
      user: { name: session.principal.name, role: session.principal.role },
      csrfToken: session.csrfToken,
      expiresAt: new Date(session.expiresAt).toISOString(),
      ...base,
    };
  }

  /** Sign-in with the admin token: a new session and its Set-Cookie value, or 401/403/429. */
  async signIn(
    req: Request,
    token: string,
  ): Promise<{ info: SessionInfo; setCookie: string; principal: Principal }> {
    if (requestSite(req) === 'cross-site') throw forbidden('cross-site requests may not sign in');
    const client = clientKey(req);
    const decision = this.signInLimiter.check(client);
    if (!decision.ok) throw new RateLimited(decision.retryAfterSeconds);
    if (!this.provider.configured())
      throw forbidden('this console is read-only: no admin is configured');
    const principal = await this.provider.fromSignIn({ token });
    if (!principal) {
      this.signInLimiter.fail(client);
      throw unauthorized('the admin token is not valid');
    }
    // A fresh id at every sign-in: a cookie planted before it (fixation) is worth nothing.
    this.sessions.delete(cookieValue(req, SESSION_COOKIE));
    const { id, session } = this.sessions.create(principal);
    const maxAge = Math.floor((session.expiresAt - session.createdAt) / 1000);
    return {
      info: this.info(session),
      setCookie: `${SESSION_COOKIE}=${id}; ${cookieAttributes(req)}; Max-Age=${maxAge}`,
      principal,
    };
  }

  /** Sign-out: ends the session (its CSRF token is required, as for any mutation). */
  signOut(req: Request): { setCookie: string; principal?: Principal } {
    const site = requestSite(req);
    if (site === 'cross-site') throw forbidden('cross-site requests may not sign out');
    const session = this.sessionOf(req);
    if (session) {
      const csrf = req.headers.get(CSRF_HEADER);
      if (site !== 'same-origin' || !csrf || !sameSecret(csrf, session.csrfToken))
        throw forbidden(`missing or wrong ${CSRF_HEADER} header`);
      this.sessions.delete(cookieValue(req, SESSION_COOKIE));
    }
    return {
      setCookie: `${SESSION_COOKIE}=; ${cookieAttributes(req)}; Max-Age=0`,
      principal: session?.principal,
    };
  }
}

/** 429 with the seconds to wait (the route sets `Retry-After`). */
export class RateLimited extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super('rate_limited', `too many sign-in attempts: try again in ${retryAfterSeconds} s`);
  }
}

const KEY = Symbol.for('segscope.auth');

/** The process's Auth: one per server, however many times Next loads this module. */
export function auth(): Auth {
  const g = globalThis as unknown as Record<symbol, Auth | undefined>;
  const ttlMs = Number(process.env.SEGSCOPE_SESSION_TTL_MS) || DEFAULT_SESSION_TTL_MS;
  return (g[KEY] ??= new Auth(new AdminTokenProvider(), new SessionStore(ttlMs)));
}

/** Replaces the process's Auth (tests). */
export function setAuth(next: Auth | undefined): void {
  const g = globalThis as unknown as Record<symbol, Auth | undefined>;
  g[KEY] = next;
}
