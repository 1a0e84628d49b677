'use client';

import { useId, useState } from 'react';

import { useSession, useSignIn } from '../queries/session';
import { button, control, panel } from '../ui/styles';

/**
 * Who may apply a plan, as the browser knows it: the session of the header's sign-in
 * (`components/queries/session.ts`, `GET /api/session`). The cookie travels by itself; its CSRF
 * token goes with every write. Everyone else sees every plan read-only.
 */
export interface AdminAccess {
  /** `checking` until the session is known. */
  status: 'admin' | 'read-only' | 'checking';
  name?: string;
  /** The session's CSRF token, for `x-csrf-token` on every write. */
  csrfToken?: string;
  /** An admin is configured at all (else the console is read-only for everyone). */
  writesEnabled?: boolean;
  /** The server runs `npm run demo` with its demo admin. */
  demo?: boolean;
}

export function useAdminAccess(): AdminAccess {
  const session = useSession();
  if (session.isPending) return { status: 'checking' };
  const info = session.data;
  const demo = info?.demo ? { demo: true } : {};
  if (info?.signedIn && info.user?.role === 'admin')
    return {
      status: 'admin',
      name: info.user.name,
      ...(info.csrfToken ? { csrfToken: info.csrfToken } : {}),
      ...demo,
    };
  return { status: 'read-only', writesEnabled: info?.writesEnabled ?? false, ...demo };
}

/** The read-only notice with a sign-in form (the header's sign-in, inline where it is needed). */
export function AdminNote({ access }: { access: AdminAccess }) {
  const [draft, setDraft] = useState('');
  const id = useId();
  const enter = useSignIn();
  if (access.status === 'checking') return null;
  // Signed in: the header says so (and signs out); nothing to add here.
  if (access.status === 'admin') return null;
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
