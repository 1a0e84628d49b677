import yaml from 'js-yaml';

import { fingerprint } from '../hostnames';
import type { ClusterInput } from './input';
import { annotationsOf, type K8sObject, labelsOf, refOf } from './objects';
import { sortByText } from './text-order';
import {
  CLUSTER_LABEL,
  type ClusterModel,
  type Condition,
  DEFAULT_DOMAIN,
  DEFAULT_SEGMENT,
  type EastWestGateway,
  type Listener,
  NETWORK_LABEL,
  type PeerGateway,
  SCOPE_LABEL,
  type Scope,
  SEGMENT_LABEL,
  type SegmentDef,
  type AuthorizationPolicyModel,
  type HttpRouteModel,
  type ServiceEntryModel,
  type ServiceModel,
  type ServicePort,
  SYSTEM_NAMESPACE,
  TAKEOVER_LABEL,
} from './snapshot';

type Obj = Record<string, unknown>;

const isKind = (o: K8sObject, kind: string, group: string) =>
  o.kind === kind &&
  (group === '' ? !o.apiVersion.includes('/') : o.apiVersion.startsWith(`${group}/`));

const SEGMENT_GROUPS = ['admin.istio.io', 'admin.solo.io'];

function conditionsOf(status: unknown): Record<string, Condition> {
  const list = ((status as Obj | undefined)?.conditions ?? []) as Obj[];
  const out: Record<string, Condition> = {};
  for (const c of Array.isArray(list) ? list : []) {
    if (typeof c.type !== 'string') continue;
    out[c.type] = {
      status: String(c.status ?? 'Unknown'),
      ...(typeof c.reason === 'string' ? { reason: c.reason } : {}),
      ...(typeof c.message === 'string' ? { message: c.message } : {}),
    };
  }
  return out;
}

function listenersOf(spec: Obj | undefined): Listener[] {
  const list = (spec?.listeners ?? []) as Obj[];
  return (Array.isArray(list) ? list : []).map((l) => ({
    name: String(l.name ?? ''),
    port: Number(l.port ?? 0),
    protocol: String(l.protocol ?? ''),
    ...((l.tls as Obj | undefined)?.mode ? { tlsMode: String((l.tls as Obj).mode) } : {}),
  }));
}

const addressesOf = (holder: Obj | undefined): string[] =>
  ((holder?.addresses ?? []) as Obj[])
    .filter((a) => typeof a?.value === 'string')
    .map((a) => String(a.value));

function scopeOf(value: string): Scope {
  switch (value) {
    case '':
    case 'cluster':
    case 'local':
      return 'cluster';
    case 'global':
    case 'segment':
    case 'global-only':
      return value;
    default:
      return 'invalid';
  }
}

// Hot paths (every Service of a fleet): optional fields are assigned, not spread, which keeps
// V8 on its fast object paths.
function servicePorts(spec: Obj): ServicePort[] {
  const list = spec.ports;
  if (!Array.isArray(list)) return [];
  return (list as Obj[]).map((p) => {
    const port: ServicePort =
      typeof p.name === 'string'
        ? { name: p.name, port: Number(p.port), protocol: String(p.protocol ?? 'TCP') }
        : { port: Number(p.port), protocol: String(p.protocol ?? 'TCP') };
    if (typeof p.appProtocol === 'string') port.appProtocol = p.appProtocol;
    if (p.targetPort !== undefined) port.targetPort = p.targetPort as number | string;
    return port;
  });
}

/** Service label (even empty) wins over the namespace label, else `cluster` (reference.md §2.4.2). */
// The model of a Service object, kept while the object lives: a live fleet rebuilds a cluster on
// every watch event, and most of its Services are the very objects of the last build. Sharing the
// model also tells an incremental build which Services changed (build-snapshot.ts).
const serviceModels = new WeakMap<
  K8sObject,
  { context: string; scope?: string; takeover?: string; model: ServiceModel }
>();

function buildService(
  context: string,
  o: K8sObject,
  nsLabels: Record<string, string> | undefined,
): ServiceModel {
  const scope = nsLabels?.[SCOPE_LABEL];
  const takeover = nsLabels?.[TAKEOVER_LABEL];
  const hit = serviceModels.get(o);
  if (hit && hit.context === context && hit.scope === scope && hit.takeover === takeover)
    return hit.model;
  const model = serviceModelOf(context, o, nsLabels);
  serviceModels.set(o, { context, scope, takeover, model });
  return model;
}

function serviceModelOf(
  context: string,
  o: K8sObject,
  nsLabels: Record<string, string> | undefined,
): ServiceModel {
  const labels = labelsOf(o);
  const spec = (o.spec ?? {}) as Obj;
  const fromService = SCOPE_LABEL in labels;
  const fromNamespace = !fromService && nsLabels !== undefined && SCOPE_LABEL in nsLabels;
  const scopeValue = fromService
    ? labels[SCOPE_LABEL]
    : fromNamespace
      ? nsLabels?.[SCOPE_LABEL]
      : undefined;
  const scope = scopeValue === undefined ? 'cluster' : scopeOf(scopeValue);
  const exported = scope === 'global' || scope === 'segment' || scope === 'global-only';
  const takeoverLabel =
    TAKEOVER_LABEL in labels ? labels[TAKEOVER_LABEL] : nsLabels?.[TAKEOVER_LABEL];
  const model: ServiceModel = {
    ref: refOf(context, o),
    cluster: context,
    namespace: o.metadata.namespace ?? 'default',
    name: o.metadata.name,
    scopeSource: fromService ? 'service' : fromNamespace ? 'namespace' : 'none',
    scope,
    exported,
    takeover: takeoverLabel !== undefined ? takeoverLabel === 'true' : scope === 'global-only',
    type: String(spec.type ?? 'ClusterIP'),
    headless: spec.clusterIP === 'None',
    ports: servicePorts(spec),
    selector: (spec.selector ?? {}) as Record<string, string>,
    labels,
    annotations: annotationsOf(o),
  };
  if (scopeValue !== undefined) model.scopeValue = scopeValue;
  return model;
}

function istiodEnv(o: K8sObject | undefined): Record<string, string> {
  const containers = (
    ((o?.spec as Obj | undefined)?.template as Obj | undefined)?.spec as Obj | undefined
  )?.containers as Obj[] | undefined;
  const container = containers?.find((c) => c.name === 'discovery') ?? containers?.[0];
  const env: Record<string, string> = {};
  for (const e of (container?.env ?? []) as Obj[]) {
    if (typeof e.name === 'string' && typeof e.value === 'string') env[e.name] = e.value;
  }
  return env;
}

interface MeshConfig {
  trustDomain?: string;
  trustDomainAliases?: string[];
  caCertificates?: { trustDomains?: string[] }[];
}

function meshConfig(o: K8sObject | undefined): MeshConfig {
  try {
    const parsed = yaml.load(o?.data?.mesh ?? '');
    return parsed && typeof parsed === 'object' ? (parsed as MeshConfig) : {};
  } catch {
    return {};
  }
}

function segmentDef(context: string, o: K8sObject): SegmentDef {
  const status = o.status as Obj | undefined;
  const local = conditionsOf(status).Local;
  return {
    ref: refOf(context, o),
    name: o.metadata.name,
    namespace: o.metadata.namespace ?? '',
    domain: String((o.spec as Obj | undefined)?.domain ?? ''),
    apiVersion: o.apiVersion,
    ...(status
      ? {
          status: {
            ...(local ? { local: local.status === 'True' } : {}),
            peers: ((status.peers ?? []) as Obj[]).map((p) => ({
              clusterName: String(p.clusterName ?? ''),
              ...(typeof p.hostname === 'string' ? { hostname: p.hostname } : {}),
              ...(typeof p.status === 'string' ? { status: p.status } : {}),
              ...(typeof p.reason === 'string' ? { reason: p.reason } : {}),
            })),
            ...(typeof status.connectedPeers === 'number'
              ? { connectedPeers: status.connectedPeers }
              : {}),
            ...(typeof status.rejectedPeers === 'number'
              ? { rejectedPeers: status.rejectedPeers }
              : {}),
          },
        }
      : {}),
  };
}

function peerGateway(context: string, o: K8sObject): PeerGateway {
  const labels = labelsOf(o);
  const annotations = annotationsOf(o);
  const network = labels[NETWORK_LABEL];
  const clusterLabel = labels[CLUSTER_LABEL];
  const peerId = clusterLabel ?? network;
  return {
    ref: refOf(context, o),
    ...(peerId ? { peerId } : {}),
    ...(network ? { network } : {}),
    ...(clusterLabel ? { clusterLabel } : {}),
    addresses: addressesOf(o.spec as Obj | undefined),
    statusAddresses: addressesOf(o.status as Obj | undefined),
    ...(annotations['gateway.istio.io/trust-domain']
      ? { trustDomain: annotations['gateway.istio.io/trust-domain'] }
      : {}),
    ...(annotations['gateway.istio.io/service-account']
      ? { serviceAccount: annotations['gateway.istio.io/service-account'] }
      : {}),
    nodePort:
      (annotations['peering.solo.io/preferred-data-plane-service-type'] ?? '').toLowerCase() ===
      'nodeport',
    listeners: listenersOf(o.spec as Obj | undefined),
    conditions: conditionsOf(o.status),
  };
}

function eastWestGateway(context: string, o: K8sObject): EastWestGateway {
  const labels = labelsOf(o);
  const programmed = conditionsOf(o.status).Programmed;
  return {
    ref: refOf(context, o),
    ...(labels[NETWORK_LABEL] ? { network: labels[NETWORK_LABEL] } : {}),
    ...(labels[CLUSTER_LABEL] ? { clusterLabel: labels[CLUSTER_LABEL] } : {}),
    listeners: listenersOf(o.spec as Obj | undefined),
    addresses: addressesOf(o.status as Obj | undefined),
    ...(programmed ? { programmed } : {}),
  };
}

const stringsOf = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

/** Generated ServiceEntries are istiod's `autogen.*` objects in istio-system (reference.md §2.5.1). */
function serviceEntry(context: string, o: K8sObject): ServiceEntryModel {
  return {
    ref: refOf(context, o),
    hosts: stringsOf((o.spec as Obj | undefined)?.hosts),
    generated: o.metadata.namespace === SYSTEM_NAMESPACE && o.metadata.name.startsWith('autogen.'),
  };
}

/** An HTTPRoute's hostnames and its `networking.istio.io` `Hostname` backends (HOST505). */
function httpRoute(context: string, o: K8sObject): HttpRouteModel {
  const spec = (o.spec ?? {}) as Obj;
  const rules = Array.isArray(spec.rules) ? (spec.rules as Obj[]) : [];
  const backendHosts = rules.flatMap((rule) =>
    (Array.isArray(rule?.backendRefs) ? (rule.backendRefs as Obj[]) : [])
      .filter((b) => b?.kind === 'Hostname' && b.group === 'networking.istio.io')
      .map((b) => b.name)
      .filter((n): n is string => typeof n === 'string'),
  );
  return {
    ref: refOf(context, o),
    hostnames: stringsOf(spec.hostnames),
    backendHosts: [...new Set(backendHosts)],
  };
}

const L7_FIELDS = ['methods', 'notMethods', 'paths', 'notPaths', 'hosts', 'notHosts'];

/** An AuthorizationPolicy's scope and whether its rules need L7 (HTTP) parsing of the traffic. */
function authorizationPolicy(context: string, o: K8sObject): AuthorizationPolicyModel {
  const spec = (o.spec ?? {}) as Obj;
  const matchLabels = ((spec.selector as Obj | undefined)?.matchLabels ?? undefined) as
    Record<string, string> | undefined;
  const targets = [
    ...(Array.isArray(spec.targetRefs) ? (spec.targetRefs as Obj[]) : []),
    ...(spec.targetRef ? [spec.targetRef as Obj] : []),
  ];
  const rules = Array.isArray(spec.rules) ? (spec.rules as Obj[]) : [];
  const l7 = rules.some((rule) =>
    (Array.isArray(rule?.to) ? (rule.to as Obj[]) : []).some((to) => {
      const operation = (to?.operation ?? {}) as Obj;
      return L7_FIELDS.some(
        (f) => Array.isArray(operation[f]) && (operation[f] as unknown[]).length > 0,
      );
    }),
  );
  return {
    ref: refOf(context, o),
    namespace: o.metadata.namespace ?? 'default',
    ...(matchLabels ? { selector: matchLabels } : {}),
    targetServices: targets
      .filter((t) => t?.kind === 'Service' && typeof t.name === 'string')
      .map((t) => String(t.name)),
    l7,
  };
}

/** Sorted by namespace, then name (text-order.ts: fast on Kubernetes names). */
/** Sorted by namespace, then name (text-order.ts: fast on Kubernetes names). */
const byRef = <T extends { ref: { namespace?: string; name: string } }>(items: T[]): T[] =>
  sortByText(items, [(i) => i.ref.namespace ?? '', (i) => i.ref.name]);

/**
 * One cluster's view of itself: identity, segment, gateways and services, from its raw objects
 * (README §1–2; reference.md §2.1.5 for the default segment and its silent fallback).
 */
export function buildCluster(input: ClusterInput): ClusterModel {
  const { context } = input;
  const objects = input.objects;
  const namespaces = objects.filter((o) => isKind(o, 'Namespace', ''));
  const istioSystem = namespaces.find((n) => n.metadata.name === SYSTEM_NAMESPACE);
  const systemLabels = istioSystem ? labelsOf(istioSystem) : {};
  const istiod = objects.find(
    (o) =>
      isKind(o, 'Deployment', 'apps') &&
      o.metadata.namespace === SYSTEM_NAMESPACE &&
      o.metadata.name === 'istiod',
  );
  const env = istiodEnv(istiod);
  const mesh = meshConfig(
    objects.find(
      (o) =>
        isKind(o, 'ConfigMap', '') &&
        o.metadata.namespace === SYSTEM_NAMESPACE &&
        o.metadata.name === 'istio',
    ),
  );
  const rootCertMap = objects.find(
    (o) =>
      isKind(o, 'ConfigMap', '') &&
      o.metadata.namespace === SYSTEM_NAMESPACE &&
      o.metadata.name === 'istio-ca-root-cert',
  );
  const rootPem = rootCertMap?.data?.['root-cert.pem'];

  // A cluster serving both Segment APIs may hold a Segment of one name under each: the one of
  // the preferred (first served) API comes first, so that it is the one that counts.
  const preferredApi = input.segmentApis[0];
  const segments = sortByText(
    objects
      .filter(
        (o) => o.kind === 'Segment' && SEGMENT_GROUPS.some((g) => o.apiVersion.startsWith(`${g}/`)),
      )
      .map((o) => segmentDef(context, o)),
    [
      (s) => s.ref.namespace ?? '',
      (s) => s.ref.name,
      (s) => (s.apiVersion === preferredApi ? '' : s.apiVersion),
      (s) => s.domain,
    ],
  );
  const gateways = objects.filter((o) => isKind(o, 'Gateway', 'gateway.networking.k8s.io'));
  const className = (o: K8sObject) => String((o.spec as Obj | undefined)?.gatewayClassName ?? '');

  const network = systemLabels[NETWORK_LABEL] || undefined;
  const clusterId = env.CLUSTER_ID;
  const id = clusterId ?? network ?? context;
  const defaultDomain = env.PEERING_DISCOVERY_SUFFIX || DEFAULT_DOMAIN;
  const segmentLabel = SEGMENT_LABEL in systemLabels ? systemLabels[SEGMENT_LABEL] : undefined;
  const assigned = segmentLabel && segmentLabel !== DEFAULT_SEGMENT ? segmentLabel : undefined;
  const held = assigned
    ? segments.find((s) => s.namespace === SYSTEM_NAMESPACE && s.name === assigned)
    : undefined;
  const nsLabels = new Map(namespaces.map((n) => [n.metadata.name, labelsOf(n)]));

  return {
    context,
    reachable: input.reachable,
    ...(input.error ? { error: input.error } : {}),
    id,
    idSource: clusterId ? 'CLUSTER_ID' : network ? 'network' : 'context',
    ...(istioSystem ? { istioSystem: refOf(context, istioSystem) } : {}),
    ...(istiod ? { istiod: refOf(context, istiod), istiodEnv: env } : {}),
    ...(network ? { network } : {}),
    ...(mesh.trustDomain ? { trustDomain: mesh.trustDomain } : {}),
    trustDomainSkipValidation: env.PILOT_SKIP_VALIDATE_TRUST_DOMAIN === 'true',
    trustDomainAliases: [
      ...(mesh.trustDomainAliases ?? []),
      ...(mesh.caCertificates ?? []).flatMap((c) => c.trustDomains ?? []),
    ],
    ...(rootCertMap && rootPem
      ? {
          rootCert: {
            ref: refOf(context, rootCertMap),
            fingerprint: fingerprint(rootPem.replace(/\s+/g, '')),
          },
        }
      : {}),
    peeringEnabled: istiod ? env.ENABLE_PEERING_DISCOVERY === 'true' : true,
    defaultDomain,
    segmentApis: input.segmentApis,
    ...(segmentLabel !== undefined ? { segmentLabel } : {}),
    segment: held ? held.name : DEFAULT_SEGMENT,
    segmentDomain: held ? held.domain : defaultDomain,
    segmentFallback: assigned !== undefined && !held,
    segments,
    eastWest: byRef(
      gateways
        .filter((g) => className(g) === 'istio-eastwest')
        .map((g) => eastWestGateway(context, g)),
    ),
    peers: byRef(
      gateways.filter((g) => className(g) === 'istio-remote').map((g) => peerGateway(context, g)),
    ),
    namespaces: namespaces
      .map((n) => ({
        ref: refOf(context, n),
        name: n.metadata.name,
        labels: labelsOf(n),
        annotations: annotationsOf(n),
      }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    services: byRef(
      objects
        .filter((o) => isKind(o, 'Service', ''))
        .map((o) => buildService(context, o, nsLabels.get(o.metadata.namespace ?? 'default'))),
    ),
    serviceEntries: byRef(
      objects
        .filter((o) => isKind(o, 'ServiceEntry', 'networking.istio.io'))
        .map((o) => serviceEntry(context, o)),
    ),
    httpRoutes: byRef(
      objects
        .filter((o) => isKind(o, 'HTTPRoute', 'gateway.networking.k8s.io'))
        .map((o) => httpRoute(context, o)),
    ),
    authorizationPolicies: byRef(
      objects
        .filter((o) => isKind(o, 'AuthorizationPolicy', 'security.istio.io'))
        .map((o) => authorizationPolicy(context, o)),
    ),
  };
}
