'use client';

import { queryOptions, useQuery } from '@tanstack/react-query';

import { ActivityResponseSchema } from '@/lib/api/activity';

import { getJson } from './get-json';
import { fleetKeys } from './keys';
import { useRefetchInterval } from './live-stream';

/** Under `fleetKeys.all`: an applied plan changes the fleet, and its revision refetches this. */
export const activityKey = [...fleetKeys.all, 'activity'] as const;

export const activityOptions = (refetchInterval: number | false = false) =>
  queryOptions({
    queryKey: activityKey,
    queryFn: () => getJson('/api/activity', ActivityResponseSchema),
    refetchInterval,
  });

export const useActivity = () => useQuery(activityOptions(useRefetchInterval()));
