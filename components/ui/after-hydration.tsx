'use client';

import type { ReactNode } from 'react';

import { useHydrated } from './use-hydrated';

/**
 * Renders `fallback` on the server and in the hydration pass, `children` after. For page content
 * inside a Suspense boundary: it hydrates after the layout, when the layout's queries may have
 * answered already, so rendering their data in the hydration pass would not match the server's
 * skeleton (React error 418, a race a loaded machine wins more often).
 */
export function AfterHydration({
  fallback,
  children,
}: {
  fallback: ReactNode;
  children: ReactNode;
}) {
  return useHydrated() ? children : fallback;
}
