import { queryOptions } from '@tanstack/react-query';

import { FleetResponseSchema } from '@/lib/api/contract';

import { getJson } from './get-json';
import { fleetKeys } from './keys';

export const fleetSummaryOptions = () =>
  queryOptions({
    queryKey: fleetKeys.summary(),
    queryFn: () => getJson('/api/fleet', FleetResponseSchema),
    refetchInterval: 5_000,
  });
