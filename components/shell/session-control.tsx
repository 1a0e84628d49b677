'use client';

import { type FormEvent, useRef, useState } from 'react';

import { cn } from '@/lib/ui/cn';

import { useSession, useSignIn, useSignOut } from '../queries/session';
import { button, control, muted } from '../ui/styles';

const badge =
  'inline-flex items-center rounded-full border px-2.5 py-0.5 text-xs font-medium whitespace-nowrap';

/**
 * Who may write, in the header: "Read-only" with a sign-in button, or the signed-in admin with
 * a sign-out button. Under `npm run demo` it says the admin is a demo admin.
 */
export function SessionControl() {
  const { data: session } = useSession();
  const signOut = useSignOut();
  const dialog = useRef<HTMLDialogElement>(null);
  if (!session) return <span aria-hidden className="inline-block h-7 w-24" />;

  if (session.signedIn && session.user) {
    return (
      <div role="group" aria-label="Signed in" className="flex items-center gap-2 text-sm">
        <span className="font-medium" data-testid="signed-in-user">
          {session.user.name}
        </span>
        <span className={cn(badge, 'border-indigo-300 text-indigo-700 dark:text-indigo-200')}>
          {session.user.role}
        </span>
        {/* The demo admin's name already says so. */}
        {session.demo && session.user.name !== 'demo admin' && <DemoBadge />}
        <button
          type="button"
          className={button}
          disabled={signOut.isPending}
          onClick={() => signOut.mutate(session.csrfToken)}
        >
          Sign out
        </button>
      </div>
    );
  }

  return (
    <div role="group" aria-label="Access" className="flex items-center gap-2 text-sm">
      <span
        className={cn(badge, 'border-slate-300 text-slate-600 dark:text-slate-300')}
        title={
          session.writesEnabled
            ? 'Sign in as an admin to make changes'
            : 'No admin is configured (SEGSCOPE_ADMIN_TOKEN): nobody can make changes'
        }
      >
        Read-only
      </span>
      {session.demo && <DemoBadge />}
      {session.writesEnabled && (
        <>
          <button type="button" className={button} onClick={() => dialog.current?.showModal()}>
            Sign in
          </button>
          <SignInDialog ref={dialog} demo={session.demo} />
        </>
      )}
    </div>
  );
}

function DemoBadge() {
  return (
    <span
      className={cn(
        badge,
        'border-amber-300 bg-amber-50 text-amber-900 dark:bg-amber-950 dark:text-amber-100',
      )}
      title="npm run demo made this admin: its token was printed in that terminal"
    >
      demo admin
    </span>
  );
}

function SignInDialog({
  ref,
  demo,
}: {
  ref: React.RefObject<HTMLDialogElement | null>;
  demo: boolean;
}) {
  const signIn = useSignIn();
  const [token, setToken] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    signIn.mutate(token, {
      onSuccess: () => {
        setToken('');
        ref.current?.close();
      },
    });
  };
  return (
    <dialog
      ref={ref}
      aria-labelledby="sign-in-title"
      className="m-auto w-full max-w-md rounded-lg border border-slate-200 bg-white p-0 text-slate-900 shadow-xl backdrop:bg-slate-900/40 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
      onClose={() => signIn.reset()}
    >
      <form onSubmit={submit} className="flex flex-col gap-3 p-5">
        <h2 id="sign-in-title" className="text-lg font-semibold">
          Sign in as admin
        </h2>
        {demo ? (
          <p
            role="note"
            className="rounded-md bg-amber-50 p-2 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-100"
          >
            This is a <strong>demo admin</strong>: <code>npm run demo</code> printed its token in
            the terminal it runs in (the line <code>demo admin token</code>).
          </p>
        ) : (
          <p className={cn('text-sm', muted)}>
            The admin token is the value of <code>SEGSCOPE_ADMIN_TOKEN</code> on the server.
          </p>
        )}
        <label className="flex flex-col gap-1 text-sm font-medium">
          Admin token
          <input
            type="password"
            autoComplete="current-password"
            required
            value={token}
            onChange={(e) => setToken(e.target.value)}
            className={control}
          />
        </label>
        {signIn.error && (
          <p role="alert" className="text-sm text-red-700 dark:text-red-300">
            {signIn.error.message}
          </p>
        )}
        <div className="flex justify-end gap-2">
          <button type="button" className={button} onClick={() => ref.current?.close()}>
            Cancel
          </button>
          <button
            type="submit"
            disabled={signIn.isPending || !token}
            className={cn(button, 'border-indigo-600 bg-indigo-600 text-white hover:bg-indigo-700')}
          >
            {signIn.isPending ? 'Signing in…' : 'Sign in'}
          </button>
        </div>
      </form>
    </dialog>
  );
}
