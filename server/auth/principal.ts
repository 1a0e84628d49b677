import 'server-only';

import { timingSafeEqual } from 'node:crypto';

/** Who is making a request, as far as writes are concerned. */
export interface Principal {
  /** Shown in the audit trail and the header: never a token. */
  name: string;
  role: 'admin';
  /** Which provider vouched for it (`admin-token` today; `oidc` later). */
  provider?: string;
}

/**
 * The seam for identity. Sessions, CSRF and the audit trail only see `Principal`s; a provider
 * turns credentials into one. Today there is one provider, the shared admin token; an OIDC
 * provider would add a redirect sign-in (its callback route calls `createSession` with the
 * principal it vouches for) and validate bearer JWTs in `fromBearer`.
 */
export interface PrincipalProvider {
  readonly id: string;
  /** Whether this provider can make anyone an admin; if none can, the console is read-only. */
  configured(): boolean;
  /** A principal for `Authorization: Bearer <credential>` (scripts), or null. */
  fromBearer(credential: string): Promise<Principal | null>;
  /** A principal for what the sign-in form sent, or null. */
  fromSignIn(credentials: { token: string }): Promise<Principal | null>;
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * `SEGSCOPE_ADMIN_TOKEN`: whoever presents it is the admin. Read on every call, so a test or an
 * operator can change it without a restart. `SEGSCOPE_DEMO_ADMIN=true` (set by `npm run demo`)
 * names the principal "demo admin" so the UI can say so.
 */
export class AdminTokenProvider implements PrincipalProvider {
  readonly id = 'admin-token';

  constructor(private readonly env: Record<string, string | undefined> = process.env) {}

  configured(): boolean {
    return Boolean(this.env.SEGSCOPE_ADMIN_TOKEN);
  }

  get demo(): boolean {
    return this.env.SEGSCOPE_DEMO_ADMIN === 'true';
  }

  private check(credential: string): Principal | null {
    const token = this.env.SEGSCOPE_ADMIN_TOKEN;
    if (!token || !credential || !sameSecret(credential, token)) return null;
    return { name: this.demo ? 'demo admin' : 'admin', role: 'admin', provider: this.id };
  }

  async fromBearer(credential: string): Promise<Principal | null> {
    return this.check(credential);
  }

  async fromSignIn(credentials: { token: string }): Promise<Principal | null> {
    return this.check(credentials.token);
  }
}
