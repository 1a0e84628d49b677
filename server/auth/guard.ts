import 'server-only';

import { timingSafeEqual } from 'node:crypto';

import { AppError } from '../http/app-error';

/** Who is making a request, as far as writes are concerned. */
export interface Principal {
  /** Shown in the audit trail: never a token. */
  name: string;
  role: 'admin';
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * The admin behind a mutating request, or a 401/403. Every route that writes to a cluster calls
 * this first. Without `SEGSCOPE_ADMIN_TOKEN` the console is read-only: every write is 403.
 * Accepts `Authorization: Bearer <token>` (scripts); session cookies and CSRF tokens for the
 * browser are checked here too, so routes have one call to make.
 */
export async function requireAdmin(req: Request): Promise<Principal> {
  const token = process.env.SEGSCOPE_ADMIN_TOKEN;
  if (!token) throw new AppError('forbidden', 'this console is read-only: no admin is configured');
  const header = req.headers.get('authorization') ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw new AppError('unauthorized', 'sign in as an admin to make changes');
  if (!sameSecret(match[1] ?? '', token))
    throw new AppError('unauthorized', 'the admin token is not valid');
  return { name: 'admin (token)', role: 'admin' };
}
