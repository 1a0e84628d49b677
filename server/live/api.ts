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
  type LiveRevision,
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

// Every browser polls the same revision: map it once, serialise it once.
const fleetCache = new WeakMap<LiveRevision, LiveFleetResponse>();
const jsonCache = new WeakMap<object, string>();

/** A JSON response whose body is serialised once per object (responses of one revision). */
export function jsonResponse(value: object, status = 200): Response {
  let body = jsonCache.get(value);
  if (body === undefined) {
    body = JSON.stringify(value);
    jsonCache.set(value, body);
  }
  return new Response(body, { status, headers: { 'Content-Type': 'application/json' } });
}

export function getFleet(): LiveFleetResponse {
  const rev = fleetStore().revision;
  let dto = fleetCache.get(rev);
  if (!dto) {
    dto = fleetResponse(rev);
    fleetCache.set(rev, dto);
  }
  return dto;
}

const unfiltered = new WeakMap<
  LiveRevision,
  { findings?: LiveFindingsResponse; services?: ServicesResponse }
>();
const isEmpty = (q: object) => Object.values(q).every((v) => v === undefined);

export function getFindings(url: string): LiveFindingsResponse {
  const q = parseQuery(url, {
    severity: listParam(severity),
    code: listParam(findingCode),
    cluster: listParam(contextName),
    segment: listParam(dnsName),
  });
  const rev = fleetStore().revision;
  if (!isEmpty(q)) return findingsResponse(rev, q);
  const cached = unfiltered.get(rev) ?? {};
  cached.findings ??= findingsResponse(rev);
  unfiltered.set(rev, cached);
  return cached.findings;
}

export function getServices(url: string): ServicesResponse {
  const q = parseQuery(url, { viewer: listParam(contextName), hostname: listParam(dnsName) });
  const rev = fleetStore().revision;
  if (!isEmpty(q)) return servicesResponse(rev, q);
  const cached = unfiltered.get(rev) ?? {};
  cached.services ??= servicesResponse(rev);
  unfiltered.set(rev, cached);
  return cached.services;
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
