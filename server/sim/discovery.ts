import { createHash } from 'node:crypto';

import type { Registry } from './registry';
import type { ResourceType } from './types';
import { groupVersion } from './types';

type Obj = Record<string, unknown>;

export type AggregatedVersion = 'v2' | 'v2beta1';

const AGGREGATED =
  /application\/json;g=apidiscovery\.k8s\.io;v=(v2beta1|v2);as=APIGroupDiscoveryList/;

/**
 * The aggregated discovery version the client asked for first, if any. kubectl 1.27–1.29 only
 * understand v2beta1, so the first acceptable one wins (wire-notes §2.1).
 */
export function negotiateAggregated(accept: string | undefined): AggregatedVersion | undefined {
  for (const part of (accept ?? '').split(',')) {
    const match = AGGREGATED.exec(part.replace(/\s+/g, ''));
    if (match) return match[1] as AggregatedVersion;
  }
  return undefined;
}

export const aggregatedContentType = (v: AggregatedVersion) =>
  `application/json;g=apidiscovery.k8s.io;v=${v};as=APIGroupDiscoveryList`;

const storageVersionHash = (t: ResourceType) =>
  createHash('sha256')
    .update(`${groupVersion(t)}/${t.resource}`)
    .digest('base64')
    .slice(0, 11);

function legacyResource(t: ResourceType): Obj[] {
  const main: Obj = {
    name: t.resource,
    singularName: t.singular,
    namespaced: t.namespaced,
    kind: t.kind,
    verbs: t.verbs,
    ...(t.shortNames.length ? { shortNames: t.shortNames } : {}),
    ...(t.categories.length ? { categories: t.categories } : {}),
    storageVersionHash: storageVersionHash(t),
  };
  const status: Obj = {
    name: `${t.resource}/status`,
    singularName: '',
    namespaced: t.namespaced,
    kind: t.kind,
    verbs: ['get', 'patch', 'update'],
  };
  return t.hasStatus ? [main, status] : [main];
}

export function apiVersions(): Obj {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1' }],
  };
}

export function apiResourceList(registry: Registry, gv: string): Obj | undefined {
  const types = registry.inGroupVersion(gv);
  if (types.length === 0) return undefined;
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: gv,
    resources: types.flatMap(legacyResource),
  };
}

function apiGroup(name: string, versions: string[]): Obj {
  const list = versions.map((version) => ({ groupVersion: `${name}/${version}`, version }));
  return { name, versions: list, preferredVersion: list[0] };
}

export function apiGroupList(registry: Registry): Obj {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: registry
      .groups()
      .filter((g) => g.name !== '')
      .map((g) => apiGroup(g.name, g.versions)),
  };
}

export function apiGroupDoc(registry: Registry, group: string): Obj | undefined {
  const found = registry.groups().find((g) => g.name === group && group !== '');
  return found
    ? { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(found.name, found.versions) }
    : undefined;
}

function aggregatedResource(t: ResourceType): Obj {
  const responseKind = { group: t.group, version: t.version, kind: t.kind };
  return {
    resource: t.resource,
    responseKind,
    scope: t.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: t.singular,
    verbs: t.verbs,
    ...(t.shortNames.length ? { shortNames: t.shortNames } : {}),
    ...(t.categories.length ? { categories: t.categories } : {}),
    ...(t.hasStatus
      ? {
          subresources: [
            { subresource: 'status', responseKind, verbs: ['get', 'patch', 'update'] },
          ],
        }
      : {}),
  };
}

/** `/api` (core only) or `/apis` (every other group) as an aggregated discovery document. */
export function aggregatedDiscovery(
  registry: Registry,
  core: boolean,
  version: AggregatedVersion,
): Obj {
  const groups = registry.groups().filter((g) => (g.name === '') === core);
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: `apidiscovery.k8s.io/${version}`,
    metadata: {},
    items: groups.map((g) => ({
      metadata: { name: g.name, ...(g.name === '' ? {} : {}) },
      versions: g.versions.map((v) => ({
        version: v,
        freshness: 'Current',
        resources: registry.inGroupVersion(g.name ? `${g.name}/${v}` : v).map(aggregatedResource),
      })),
    })),
  };
}
