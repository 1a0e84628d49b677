// Next.js calls register() once per server process at boot: the fleet store starts watching
// every cluster then, so the first page is served from memory, and the audit trail reads back
// the plans earlier runs recorded as Events in the clusters.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { startFleetStore } = await import('./server/live/global-store');
  startFleetStore();
  const { auditTrail } = await import('./server/audit/audit');
  void auditTrail().restore();
}
