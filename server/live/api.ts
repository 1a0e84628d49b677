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
import { encodeJson, type EncodedJson, replyJson } from '../http/encoded-json';
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
import { HOT_ROUTES, type HotPath } from './hot-json';

/** What the routes of app/api return, each over the current revision of the fleet store. */

/**
 * The response to `request` for a JSON body, 304 if the client already has it (the ETag is a hash
 * of the body). Uncompressed: Next compresses route handler responses itself (it would compress a
 * compressed body again); `npm start` serves the hot paths compressed before Next.
 */
export function encodedResponse(request: Request, encoded: EncodedJson): Response {
  const reply = replyJson(encoded, { ifNoneMatch: request.headers.get('if-none-match') });
  return new Response(reply.body ? new Uint8Array(reply.body) : null, {
    status: reply.status,
    headers: reply.headers,
  });
}

export const jsonResponse = (request: Request, value: object): Response =>
  encodedResponse(request, encodeJson(value));

/**
 * GET `path` (a hot route) with the query of `url`: unfiltered, the body serialised once per
 * revision (`hot-json.ts`); filtered, serialised for this request.
 */
export function routeJson(path: HotPath, url: string): EncodedJson {
  if (new URL(url).search.length <= 1) return HOT_ROUTES[path](fleetStore());
  if (path === '/api/findings') return encodeJson(getFindings(url));
  if (path === '/api/services') return encodeJson(getServices(url));
  return HOT_ROUTES[path](fleetStore());
}

export function getFleet(): LiveFleetResponse {
  return fleetStore().memo('fleet.dto', fleetResponse);
}

const isEmpty = (q: object) => Object.values(q).every((v) => v === undefined);

export function getFindings(url: string): LiveFindingsResponse {
  const q = parseQuery(url, {
    severity: listParam(severity),
    code: listParam(findingCode),
    cluster: listParam(contextName),
    segment: listParam(dnsName),
  });
  const store = fleetStore();
  if (!isEmpty(q)) return findingsResponse(store.revision, q);
  return store.memo('findings.dto', (rev) => findingsResponse(rev));
}

export function getServices(url: string): ServicesResponse {
  const q = parseQuery(url, { viewer: listParam(contextName), hostname: listParam(dnsName) });
  const store = fleetStore();
  if (!isEmpty(q)) return servicesResponse(store.revision, q);
  return store.memo('services.dto', (rev) => servicesResponse(rev));
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
