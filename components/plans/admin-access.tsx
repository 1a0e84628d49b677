'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';

import { type SessionInfoDto, SessionInfoSchema } from '@/lib/api/session';

import { button, control, muted, panel } from '../ui/styles';

/**
 * Who may apply a plan, as the browser knows it: `GET /api/session` (the sign-in of
 * `server/auth/`). The session cookie travels by itself; its CSRF token is echoed in
 * `x-csrf-token` on every write. Signing in posts the admin token once to `POST /api/session`;
 * the token is never kept in the page. Everyone else sees every plan read-only.
 */

let csrfToken: string | undefined;

/** Headers every write sends: the session's CSRF token. */
export function writeHeaders(): Record<string, string> {
  return csrfToken ? { 'x-csrf-token': csrfToken } : {};
}

export interface AdminAccess {
  /** `checking` until the session is known. */
  status: 'admin' | 'read-only' | 'checking';
  name?: string;
  /** An admin is configured at all (else the console is read-only for everyone). */
  writesEnabled?: boolean;
  /** The server runs `npm run demo` with its demo admin. */
  demo?: boolean;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const READ_ONLY: SessionInfoDto = { signedIn: false, writesEnabled: false, demo: false };

function sessionOf(body: unknown): SessionInfoDto {
  const parsed = SessionInfoSchema.safeParse(body);
  const info = parsed.success ? parsed.data : READ_ONLY;
  csrfToken = info.csrfToken;
  return info;
}

const SESSION_KEY = ['session'] as const;

/** Reads the session; a server without the route is a read-only console. */
async function fetchSession(): Promise<SessionInfoDto> {
  const response = await fetch('/api/session', {
    headers: { Accept: 'application/json' },
    credentials: 'same-origin',
  });
  if (!response.ok) return sessionOf(undefined);
  return sessionOf(await response.json().catch(() => undefined));
}

async function signIn(token: string): Promise<SessionInfoDto> {
  const response = await fetch('/api/session', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ token }),
  });
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const error = isObject(body) && isObject(body.error) ? body.error : {};
    throw new Error(
      typeof error.message === 'string' ? error.message : `sign-in answered ${response.status}`,
    );
  }
  return sessionOf(body);
}

async function signOut(): Promise<SessionInfoDto> {
  const response = await fetch('/api/session', {
    method: 'DELETE',
    credentials: 'same-origin',
    headers: { Accept: 'application/json', ...writeHeaders() },
  });
  return sessionOf(await response.json().catch(() => undefined));
}

export function useAdminAccess(): AdminAccess {
  const session = useQuery({ queryKey: SESSION_KEY, queryFn: fetchSession, staleTime: 30_000 });
  if (session.isPending) return { status: 'checking' };
  const info = session.data;
  const demo = info?.demo ? { demo: true } : {};
  if (info?.signedIn && info.user?.role === 'admin')
    return { status: 'admin', name: info.user.name, ...demo };
  return { status: 'read-only', writesEnabled: info?.writesEnabled ?? false, ...demo };
}

/** The read-only notice with a sign-in form; a short line once signed in. */
export function AdminNote({ access }: { access: AdminAccess }) {
  const [draft, setDraft] = useState('');
  const id = useId();
  const queryClient = useQueryClient();
  const update = (info: SessionInfoDto) => queryClient.setQueryData(SESSION_KEY, info);
  const enter = useMutation({ mutationFn: signIn, onSuccess: update });
  const leave = useMutation({ mutationFn: signOut, onSuccess: update });
  if (access.status === 'checking') return null;
  if (access.status === 'admin')
    return (
      <p className={`text-sm ${muted}`} aria-label="Signed in">
        Signed in as {access.name ?? 'admin'}
        {access.demo && ' (the demo admin of npm run demo)'} ·{' '}
        <button type="button" className="underline" onClick={() => leave.mutate()}>
          sign out
        </button>
      </p>
    );
  return (
    <section
      aria-label="Read-only"
      className={`${panel} border-amber-300 bg-amber-50 p-4 text-sm dark:border-amber-800 dark:bg-amber-950`}
    >
      <p className="font-semibold">Read-only: sign in as admin to apply</p>
      {!access.writesEnabled ? (
        <p className="mt-1">
          You can go through every step of a change, but its review and applying it need an admin,
          and this console has no admin configured (set{' '}
          <span className="font-mono">SEGSCOPE_ADMIN_TOKEN</span> and restart it), so nobody can
          apply from here.
        </p>
      ) : (
        <>
          <p className="mt-1">
            You can go through every step of a change; its review (made by the server, with a dry
            run on every cluster) and applying it need an admin.
            {access.demo && ' The demo admin token is printed in the terminal of npm run demo.'}
          </p>
          <form
            className="mt-2 flex flex-wrap items-center gap-2"
            onSubmit={(e) => {
              e.preventDefault();
              enter.mutate(draft, { onSuccess: () => setDraft('') });
            }}
          >
            <label htmlFor={id} className="font-medium">
              Admin token
            </label>
            <input
              id={id}
              type="password"
              autoComplete="current-password"
              className={control}
              value={draft}
              onChange={(e) => setDraft(e.target.value)}
            />
            <button type="submit" className={button} disabled={!draft.trim() || enter.isPending}>
              Sign in
            </button>
            {enter.error && (
              <span role="alert" className="text-sev-error">
                {enter.error.message}
              </span>
            )}
          </form>
        </>
      )}
    </section>
  );
}
