// Next.js calls register() once per server process at boot: the fleet store starts watching
// every cluster then, so the first page is served from memory.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { startFleetStore } = await import('./server/live/global-store');
  startFleetStore();
}
