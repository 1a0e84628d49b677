import { queryOptions } from '@tanstack/react-query';

import {
  ClusterDetailResponseSchema,
  HostnameCalculationSchema,
  LiveFindingsResponseSchema,
  LiveFleetResponseSchema,
  ServicesResponseSchema,
} from '@/lib/api/contract';

import { getJson } from './get-json';
import { fleetKeys } from './keys';

/**
 * The live server's API as queries. They do not poll by themselves: the SSE stream
 * (`use-fleet-events.ts`) invalidates `fleetKeys.all` on every revision, and switches every query
 * to polling (`refetchInterval`) while the stream cannot be held.
 */
type Refetch = number | false;

export const liveFleetOptions = (refetchInterval: Refetch = false) =>
  queryOptions({
    queryKey: fleetKeys.live(),
    queryFn: () => getJson('/api/fleet', LiveFleetResponseSchema),
    refetchInterval,
  });

export const findingsOptions = (refetchInterval: Refetch = false) =>
  queryOptions({
    queryKey: fleetKeys.findings(),
    queryFn: () => getJson('/api/findings', LiveFindingsResponseSchema),
    refetchInterval,
  });

export const servicesOptions = (
  filters: { viewer?: string; hostname?: string } = {},
  refetchInterval: Refetch = false,
) =>
  queryOptions({
    queryKey: fleetKeys.services(filters),
    queryFn: () => {
      const params = new URLSearchParams(
        Object.entries(filters).filter((e): e is [string, string] => Boolean(e[1])),
      );
      const query = params.size ? `?${params}` : '';
      return getJson(`/api/services${query}`, ServicesResponseSchema);
    },
    refetchInterval,
  });

export const hostnamesOptions = (cluster: string, namespace: string, name: string) =>
  queryOptions({
    queryKey: fleetKeys.hostnames(cluster, namespace, name),
    queryFn: () =>
      getJson(
        `/api/services/${[cluster, namespace, name].map(encodeURIComponent).join('/')}`,
        HostnameCalculationSchema,
      ),
  });

export const clusterOptions = (id: string, refetchInterval: Refetch = false) =>
  queryOptions({
    queryKey: fleetKeys.cluster(id),
    queryFn: () => getJson(`/api/clusters/${encodeURIComponent(id)}`, ClusterDetailResponseSchema),
    refetchInterval,
  });
