import { useSyncExternalStore } from 'react';

const noop = () => () => {};

/**
 * False while React hydrates server HTML, true after. A component inside a Suspense boundary
 * hydrates late, when the layout's queries (the live fleet) may already have answered: rendering
 * their data in that first pass would not match the server's skeleton (React error 418).
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    noop,
    () => true,
    () => false,
  );
}
