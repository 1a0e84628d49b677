import type { ServiceRecord } from '../api/contract';

/**
 * The contributors layer: for one global hostname as one viewing cluster resolves it, the
 * clusters whose endpoints back it. Undefined when that viewer does not resolve the hostname.
 */
export function contributorsOf(
  services: ServiceRecord[],
  hostname: string,
  viewer: string,
): { viewer: string; contributors: string[] } | undefined {
  const record = services.find((s) => s.hostname === hostname && s.viewer === viewer);
  return record ? { viewer, contributors: [...record.contributors].sort() } : undefined;
}
