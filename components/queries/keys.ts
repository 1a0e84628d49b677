/** Query keys of the console's data; every live query sits under `fleetKeys.all`. */
export const fleetKeys = {
  all: ['fleet'] as const,
  live: () => [...fleetKeys.all, 'live'] as const,
  findings: () => [...fleetKeys.all, 'findings'] as const,
  services: (filters: { viewer?: string; hostname?: string } = {}) =>
    [...fleetKeys.all, 'services', filters] as const,
  hostnames: (cluster: string, namespace: string, name: string) =>
    [...fleetKeys.all, 'hostnames', cluster, namespace, name] as const,
  cluster: (id: string) => [...fleetKeys.all, 'cluster', id] as const,
};
