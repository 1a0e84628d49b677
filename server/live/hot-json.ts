import { fleetResponse, findingsResponse, servicesResponse } from '@/lib/api/fleet-view';

import { encodeJson, type EncodedJson } from '../http/encoded-json';
import type { FleetStore } from './fleet-store';
import { fleetStore } from './global-store';

/**
 * The unfiltered bodies of the routes every browser reads after each revision, mapped and
 * serialised once per revision. Shared by the route handlers (`api.ts`) and the start server's
 * fast path (`server/cli/start.ts`), which answers these exact paths without going through Next.
 */
export const HOT_ROUTES = {
  '/api/fleet': (store: FleetStore) => store.memo('fleet', (rev) => encodeJson(fleetResponse(rev))),
  '/api/findings': (store: FleetStore) =>
    store.memo('findings', (rev) => encodeJson(findingsResponse(rev))),
  '/api/services': (store: FleetStore) =>
    store.memo('services', (rev) => encodeJson(servicesResponse(rev))),
} satisfies Record<string, (store: FleetStore) => EncodedJson>;

export type HotPath = keyof typeof HOT_ROUTES;

export const isHotPath = (path: string): path is HotPath => Object.hasOwn(HOT_ROUTES, path);

/** The body of a hot path from the running store, or undefined if the store cannot start. */
export function hotJson(path: HotPath): EncodedJson | undefined {
  let store: FleetStore;
  try {
    store = fleetStore();
  } catch {
    return undefined; // the route handler answers with the reason
  }
  return HOT_ROUTES[path](store);
}
