'use client';

import { type ReactNode, Suspense } from 'react';

import { useHydrated } from './use-hydrated';

function AfterHydration({ fallback, children }: { fallback: ReactNode; children: ReactNode }) {
  return useHydrated() ? children : fallback;
}

/**
 * A page whose content is a client view reading the URL (so inside a Suspense boundary) and the
 * live queries. Its boundary hydrates after the layout, when the layout's queries may have
 * answered already: rendering their data in that hydration pass would not match the server's
 * skeleton (React error 418, a race a loaded machine wins more often). So the content renders
 * only after hydration; until then, and on the server, `fallback`.
 */
export function ClientPage({ fallback, children }: { fallback: ReactNode; children: ReactNode }) {
  return (
    <Suspense fallback={fallback}>
      <AfterHydration fallback={fallback}>{children}</AfterHydration>
    </Suspense>
  );
}
