'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';

/**
 * Page state kept in the URL (`?finding=…&segment=…`), so every view is a shareable link.
 * Setting a key to undefined or '' removes it.
 */
export function useSearchState<K extends string>(
  keys: readonly K[],
): [Record<K, string | undefined>, (patch: Partial<Record<K, string | undefined>>) => void] {
  const params = useSearchParams();
  const router = useRouter();
  const path = usePathname();
  const joined = keys.join(',');
  const state = useMemo(
    () =>
      Object.fromEntries(joined.split(',').map((k) => [k, params.get(k) ?? undefined])) as Record<
        K,
        string | undefined
      >,
    [params, joined],
  );
  const set = useCallback(
    (patch: Partial<Record<K, string | undefined>>) => {
      const next = new URLSearchParams(params.toString());
      for (const [k, v] of Object.entries(patch) as [string, string | undefined][]) {
        if (v) next.set(k, v);
        else next.delete(k);
      }
      const query = next.toString();
      router.replace(query ? `${path}?${query}` : path, { scroll: false });
    },
    [params, router, path],
  );
  return [state, set];
}
