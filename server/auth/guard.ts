import 'server-only';

import { auth } from './auth';
import type { Principal } from './principal';

export type { Principal } from './principal';

/**
 * The admin behind a mutating request, or a 401/403. Every route that writes calls this first,
 * and gets all of it from one call: cross-site requests are 403; without `SEGSCOPE_ADMIN_TOKEN`
 * the console is read-only (403); `Authorization: Bearer <token>` is accepted for scripts (no
 * CSRF token needed); a browser's session cookie needs a same-origin request carrying the
 * session's `x-csrf-token`. Details: `server/auth/auth.ts`.
 */
export async function requireAdmin(req: Request): Promise<Principal> {
  return auth().authorize(req);
}
