import 'server-only';

import type {
  ClusterDetailResponse,
  HostnameCalculation,
  LiveFindingsResponse,
  LiveFleetResponse,
  ServicesResponse,
} from '@/lib/api/contract';
import {
  clusterDetail,
  findingsResponse,
  fleetResponse,
  hostnameCalculation,
  servicesResponse,
} from '@/lib/api/fleet-view';

import { AppError } from '../http/app-error';
import {
  contextName,
  dnsName,
  findingCode,
  listParam,
  parsePath,
  parseQuery,
  severity,
} from '../http/query';
import { fleetStore } from './global-store';

/** What the routes of app/api return, each over the current revision of the fleet store. */

export function getFleet(): LiveFleetResponse {
  return fleetResponse(fleetStore().revision);
}

export function getFindings(url: string): LiveFindingsResponse {
  const q = parseQuery(url, {
    severity: listParam(severity),
    code: listParam(findingCode),
    cluster: listParam(contextName),
    segment: listParam(dnsName),
  });
  return findingsResponse(fleetStore().revision, q);
}

export function getServices(url: string): ServicesResponse {
  const q = parseQuery(url, { viewer: listParam(contextName), hostname: listParam(dnsName) });
  return servicesResponse(fleetStore().revision, q);
}

export function getHostnames(
  params: Record<string, string | string[] | undefined>,
): HostnameCalculation {
  const p = parsePath(params, { cluster: contextName, namespace: dnsName, name: dnsName });
  const rev = fleetStore().revision;
  if (!rev.clusters.some((c) => c.context === p.cluster))
    throw new AppError('not_found', `no cluster "${p.cluster}" in the fleet`);
  const result = hostnameCalculation(rev, p.cluster, p.namespace, p.name);
  if (!result)
    throw new AppError('not_found', `no Service ${p.namespace}/${p.name} in cluster ${p.cluster}`);
  return result;
}

export function getCluster(
  params: Record<string, string | string[] | undefined>,
): ClusterDetailResponse {
  const p = parsePath(params, { id: contextName });
  const result = clusterDetail(fleetStore().revision, p.id);
  if (!result) throw new AppError('not_found', `no cluster "${p.id}" in the fleet`);
  return result;
}

export function readiness(): {
  ready: boolean;
  revision: number;
  clusters: { context: string; health: string }[];
} {
  const rev = fleetStore().revision;
  return {
    ready: rev.ready,
    revision: rev.revision,
    clusters: rev.clusters.map((c) => ({ context: c.context, health: c.health })),
  };
}

export async function metricsText(): Promise<{ body: string; contentType: string }> {
  const { registry } = fleetStore().metrics;
  return { body: await registry.metrics(), contentType: registry.contentType };
}
