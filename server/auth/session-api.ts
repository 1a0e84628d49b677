import 'server-only';

import { z } from 'zod';

import { AppError } from '../http/app-error';
import { readJsonBody } from '../http/read-json-body';
import { appLog } from '../live/log';
import { auth, clientKey, RateLimited } from './auth';

const SignInSchema = z.strictObject({
  token: z.string().min(1, 'enter the admin token').max(4096),
});

const json = (value: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(value), {
    status,
    headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...headers },
  });

/** `GET /api/session`: who is signed in, the CSRF token, whether writes are possible at all. */
export function sessionInfo(req: Request): Response {
  const a = auth();
  return json(a.info(a.sessionOf(req)));
}

/** `POST /api/session` `{ token }`: sign in; sets the session cookie. */
export async function signIn(req: Request): Promise<Response> {
  const a = auth();
  const body = await readJsonBody(req, 8 * 1024);
  const parsed = SignInSchema.safeParse(body);
  if (!parsed.success)
    throw new AppError('bad_request', parsed.error.issues[0]?.message ?? 'invalid sign-in');
  try {
    const { info, setCookie, principal } = await a.signIn(req, parsed.data.token);
    appLog().info({ user: principal.name, client: clientKey(req) }, 'signed in');
    return json(info, 200, { 'Set-Cookie': setCookie });
  } catch (e) {
    if (e instanceof RateLimited) {
      appLog().warn({ client: clientKey(req) }, 'sign-in rate limited');
      return json({ error: { code: e.code, message: e.message } }, 429, {
        'Retry-After': String(e.retryAfterSeconds),
      });
    }
    if (e instanceof AppError && e.code === 'unauthorized')
      appLog().warn({ client: clientKey(req) }, 'sign-in refused: wrong token');
    throw e;
  }
}

/** `DELETE /api/session`: sign out; clears the cookie. */
export function signOut(req: Request): Response {
  const { setCookie, principal } = auth().signOut(req);
  if (principal) appLog().info({ user: principal.name }, 'signed out');
  return json(auth().info(undefined), 200, { 'Set-Cookie': setCookie });
}
