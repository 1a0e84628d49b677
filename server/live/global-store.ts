import { FleetStore } from './fleet-store';

/**
 * One fleet store per server process. Next.js may load this module several times (instrumentation,
 * each route bundle, dev reloads), so the store lives on globalThis under a registered symbol.
 */
const KEY = Symbol.for('segscope.fleet-store');

interface Slot {
  store?: FleetStore;
}

const slot = (): Slot => {
  const g = globalThis as unknown as Record<symbol, Slot | undefined>;
  return (g[KEY] ??= {});
};

/**
 * The running store, started on first use. A kubeconfig that cannot be loaded throws an AppError
 * with a clear message (a 500 from the routes); the next request tries again (it may be fixed).
 */
export function fleetStore(): FleetStore {
  const s = slot();
  if (s.store) return s.store;
  s.store = new FleetStore().start();
  return s.store;
}

/** Starts the store at boot (instrumentation.ts); a bad kubeconfig is logged, not fatal. */
export function startFleetStore(): void {
  try {
    fleetStore();
  } catch (e) {
    console.error(`segscope: the fleet store did not start: ${(e as Error).message}`);
  }
}

/** Stops and forgets the store (tests). */
export function stopFleetStore(): void {
  const s = slot();
  s.store?.stop();
  s.store = undefined;
}
