'use client';

import { useQuery } from '@tanstack/react-query';

import { clusterOptions, findingsOptions, liveFleetOptions, servicesOptions } from './fleet';
import { useRefetchInterval } from './live-stream';

/** The live queries, polling only while the SSE stream is down. */
export const useLiveFleet = () => useQuery(liveFleetOptions(useRefetchInterval()));
export const useFindings = () => useQuery(findingsOptions(useRefetchInterval()));
export const useServices = (filters: { viewer?: string; hostname?: string } = {}, enabled = true) =>
  useQuery({ ...servicesOptions(filters, useRefetchInterval()), enabled });
export const useClusterDetail = (id: string) => useQuery(clusterOptions(id, useRefetchInterval()));
