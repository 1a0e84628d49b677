// /api/session – GET: who is signed in (+ CSRF token); POST {token}: sign in; DELETE: sign out.
import { sessionInfo, signIn, signOut } from '@/server/auth/session-api';
import { withErrors } from '@/server/http/with-errors';

export const dynamic = 'force-dynamic';

export const GET = withErrors(async (req: Request) => sessionInfo(req));
export const POST = withErrors(signIn);
export const DELETE = withErrors(async (req: Request) => signOut(req));
