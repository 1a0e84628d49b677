import 'server-only';

import { createHash, randomBytes } from 'node:crypto';

import type { Principal } from './principal';

/** A signed-in browser: opaque id in the cookie, everything else stays on the server. */
export interface Session {
  principal: Principal;
  /** Sent back by the browser in `x-csrf-token` on every mutation. */
  csrfToken: string;
  createdAt: number;
  expiresAt: number;
}

export const DEFAULT_SESSION_TTL_MS = 8 * 60 * 60 * 1000;
/** Beyond this many live sessions the oldest is dropped: memory stays bounded under abuse. */
const MAX_SESSIONS = 10_000;

const newSecret = () => randomBytes(32).toString('base64url');
// Sessions are kept by a hash of their id: a heap dump holds no usable cookie.
const keyOf = (id: string) => createHash('sha256').update(id).digest('base64url');

/**
 * Server-side sessions in memory. A restart signs everyone out, which is the safe failure; the
 * id is 256 random bits, so there is nothing to sign or verify beyond looking it up.
 */
export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly ttlMs = DEFAULT_SESSION_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** A new session for `principal`; the id goes into the cookie and nowhere else. */
  create(principal: Principal): { id: string; session: Session } {
    this.sweep();
    const id = newSecret();
    const createdAt = this.now();
    const session = {
      principal,
      csrfToken: newSecret(),
      createdAt,
      expiresAt: createdAt + this.ttlMs,
    };
    this.sessions.set(keyOf(id), session);
    while (this.sessions.size > MAX_SESSIONS) {
      const oldest = this.sessions.keys().next().value;
      if (oldest === undefined) break;
      this.sessions.delete(oldest);
    }
    return { id, session };
  }

  /** The live session behind a cookie value, or undefined (unknown or expired). */
  get(id: string | undefined): Session | undefined {
    if (!id) return undefined;
    const key = keyOf(id);
    const session = this.sessions.get(key);
    if (!session) return undefined;
    if (session.expiresAt <= this.now()) {
      this.sessions.delete(key);
      return undefined;
    }
    return session;
  }

  delete(id: string | undefined): void {
    if (id) this.sessions.delete(keyOf(id));
  }

  private sweep(): void {
    const now = this.now();
    for (const [key, s] of this.sessions) if (s.expiresAt <= now) this.sessions.delete(key);
  }
}
