import { queryOptions } from '@tanstack/react-query';

import { FindingsResponseSchema, FleetResponseSchema } from '@/lib/api/contract';

import { getJson } from './get-json';
import { fleetKeys } from './keys';

export const fleetSummaryOptions = () =>
  queryOptions({
    queryKey: fleetKeys.summary(),
    queryFn: () => getJson('/api/fleet', FleetResponseSchema),
    refetchInterval: 5_000,
  });

export const findingsOptions = () =>
  queryOptions({
    queryKey: fleetKeys.findings(),
    queryFn: () => getJson('/api/findings', FindingsResponseSchema),
    refetchInterval: 10_000,
  });
