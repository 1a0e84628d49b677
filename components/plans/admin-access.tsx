'use client';

import { useQuery } from '@tanstack/react-query';
import { useId, useState, useSyncExternalStore } from 'react';

import { button, control, muted, panel } from '../ui/styles';

/**
 * Who may apply a plan, as the browser knows it. Two ways in: the session of the sign-in page
 * (`GET /api/session`; the cookie travels by itself, the CSRF token goes in a header), or an admin
 * token pasted here for this tab only (kept in memory, never stored, sent as
 * `Authorization: Bearer`). Everyone else sees every plan read-only.
 */

let bearer: string | undefined;
let csrfToken: string | undefined;
const listeners = new Set<() => void>();
const notify = () => listeners.forEach((l) => l());

export function setAdminToken(token: string | undefined) {
  bearer = token?.trim() || undefined;
  notify();
}

/** Headers every write sends: the pasted token, the session's CSRF token. */
export function writeHeaders(): Record<string, string> {
  return {
    ...(bearer ? { Authorization: `Bearer ${bearer}` } : {}),
    ...(csrfToken ? { 'X-CSRF-Token': csrfToken } : {}),
  };
}

export interface AdminAccess {
  /** `checking` until the session is known. */
  status: 'admin' | 'read-only' | 'checking';
  via?: 'session' | 'token';
  name?: string;
  /** The server runs `npm run demo` with its demo admin. */
  demo?: boolean;
}

interface SessionInfo {
  admin: boolean;
  name?: string;
  demo?: boolean;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads whatever the session route says, tolerating its absence (a read-only console). */
async function fetchSession(): Promise<SessionInfo> {
  const response = await fetch('/api/session', { headers: { Accept: 'application/json' } });
  if (!response.ok) return { admin: false };
  const body: unknown = await response.json().catch(() => undefined);
  if (!isObject(body)) return { admin: false };
  const user = isObject(body.user) ? body.user : undefined;
  const token = body.csrfToken ?? body.csrf;
  csrfToken = typeof token === 'string' ? token : undefined;
  const role = user?.role ?? body.role;
  const admin = role === 'admin' || body.admin === true;
  const name = user?.name ?? body.name;
  return {
    admin,
    ...(typeof name === 'string' ? { name } : {}),
    ...(body.demo === true ? { demo: true } : {}),
  };
}

const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};

export function useAdminAccess(): AdminAccess {
  const token = useSyncExternalStore(
    subscribe,
    () => bearer,
    () => undefined,
  );
  const session = useQuery({ queryKey: ['session'], queryFn: fetchSession, staleTime: 30_000 });
  if (token) return { status: 'admin', via: 'token', name: 'admin (token)' };
  if (session.isPending) return { status: 'checking' };
  const info = session.data;
  if (info?.admin)
    return {
      status: 'admin',
      via: 'session',
      ...(info.name ? { name: info.name } : {}),
      ...(info.demo ? { demo: true } : {}),
    };
  return { status: 'read-only', ...(info?.demo ? { demo: true } : {}) };
}

/** The read-only notice, with the ways to become an admin; a short line once signed in. */
export function AdminNote({ access }: { access: AdminAccess }) {
  const [draft, setDraft] = useState('');
  const id = useId();
  if (access.status === 'checking') return null;
  if (access.status === 'admin')
    return (
      <p className={`text-sm ${muted}`} aria-label="Signed in">
        Signed in as {access.name ?? 'admin'}
        {access.demo && ' (demo admin of npm run demo)'}
        {access.via === 'token' && (
          <>
            {' · '}
            <button type="button" className="underline" onClick={() => setAdminToken(undefined)}>
              forget token
            </button>
          </>
        )}
      </p>
    );
  return (
    <section
      aria-label="Read-only"
      className={`${panel} border-amber-300 bg-amber-50 p-4 text-sm dark:border-amber-800 dark:bg-amber-950`}
    >
      <p className="font-semibold">Read-only: sign in as admin to apply</p>
      <p className="mt-1">
        You can preview every change, read its YAML and kubectl commands and download the bundle;
        applying it needs an admin.{' '}
        <a className="underline" href="/sign-in">
          Sign in
        </a>
        , or paste the admin token (<span className="font-mono">SEGSCOPE_ADMIN_TOKEN</span>) for
        this tab only:
      </p>
      <form
        className="mt-2 flex flex-wrap items-center gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          setAdminToken(draft);
          setDraft('');
        }}
      >
        <label htmlFor={id} className="sr-only">
          Admin token
        </label>
        <input
          id={id}
          type="password"
          autoComplete="off"
          className={control}
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          placeholder="admin token"
        />
        <button type="submit" className={button} disabled={!draft.trim()}>
          Use token
        </button>
      </form>
    </section>
  );
}
