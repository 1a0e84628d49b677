/**
 * Builders for fleets in tests: plain Kubernetes objects and cluster inputs with sensible,
 * valid defaults (a bare Istio cluster with peering on, a programmed east-west gateway, connected
 * peer gateways), so a test states only what it is about. Pure: no test-runner imports.
 */
import { buildSnapshot } from '../model/build-snapshot';
import type { ClusterInput, FleetInput, SegmentApiVersion } from '../model/input';
import type { K8sObject } from '../model/objects';
import type { FleetSnapshot } from '../model/snapshot';

export const SHARED_ROOT_PEM =
  '-----BEGIN CERTIFICATE-----\nMIIBsegscopeTESTROOT\n-----END CERTIFICATE-----\n';

type Labels = Record<string, string>;

export function namespace(name: string, labels: Labels = {}, annotations: Labels = {}): K8sObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name,
      ...(Object.keys(labels).length ? { labels } : {}),
      ...(Object.keys(annotations).length ? { annotations } : {}),
    },
  };
}

export function segment(
  name: string,
  domain: string,
  options: {
    namespace?: string;
    apiVersion?: SegmentApiVersion;
    status?: unknown;
    annotations?: Labels;
  } = {},
): K8sObject {
  return {
    apiVersion: options.apiVersion ?? 'admin.istio.io/v1',
    kind: 'Segment',
    metadata: {
      name,
      namespace: options.namespace ?? 'istio-system',
      ...(options.annotations ? { annotations: options.annotations } : {}),
    },
    spec: { domain },
    ...(options.status !== undefined ? { status: options.status } : {}),
  };
}

export interface PortSpec {
  port: number;
  name?: string;
  protocol?: string;
  appProtocol?: string;
  targetPort?: number | string;
}

export function service(
  ns: string,
  name: string,
  options: {
    labels?: Labels;
    annotations?: Labels;
    ports?: PortSpec[];
    selector?: Labels;
    type?: string;
    clusterIP?: string;
  } = {},
): K8sObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name,
      namespace: ns,
      ...(options.labels ? { labels: options.labels } : {}),
      ...(options.annotations ? { annotations: options.annotations } : {}),
    },
    spec: {
      type: options.type ?? 'ClusterIP',
      ...(options.clusterIP ? { clusterIP: options.clusterIP } : {}),
      selector: options.selector ?? { app: name },
      ports: (options.ports ?? [{ port: 8080, name: 'http' }]).map((p) => ({
        protocol: 'TCP',
        ...p,
      })),
    },
  };
}

/** A stable, distinct address per cluster for its east-west gateway. */
export function eastWestAddress(cluster: string): string {
  let h = 0;
  for (const c of cluster) h = (h * 31 + c.charCodeAt(0)) % 60_000;
  return `172.20.${Math.floor(h / 250) % 250}.${(h % 250) + 2}`;
}

const LISTENERS = [
  { name: 'cross-network', port: 15008, protocol: 'HBONE', tls: { mode: 'Passthrough' } },
  { name: 'xds-tls', port: 15012, protocol: 'TLS', tls: { mode: 'Passthrough' } },
];

export function eastWestGateway(
  cluster: string,
  options: {
    network?: string;
    address?: string | null;
    programmed?: boolean;
    listeners?: unknown[];
  } = {},
): K8sObject {
  const network = options.network ?? cluster;
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: {
      name: 'istio-eastwest',
      namespace: 'istio-gateways',
      labels: {
        'topology.istio.io/network': network,
        'topology.istio.io/cluster': cluster,
        'istio.io/expose-istiod': '15012',
      },
    },
    spec: { gatewayClassName: 'istio-eastwest', listeners: options.listeners ?? LISTENERS },
    status: {
      ...(options.address === null
        ? {}
        : {
            addresses: [{ type: 'IPAddress', value: options.address ?? eastWestAddress(cluster) }],
          }),
      conditions: [
        {
          type: 'Programmed',
          status: options.programmed === false ? 'False' : 'True',
          reason: 'Programmed',
        },
      ],
    },
  };
}

export const CONNECTED = {
  'gloo.solo.io/PeerConnected': { status: 'True', reason: 'Programmed' },
  'gloo.solo.io/PeeringSucceeded': { status: 'True', reason: 'Programmed' },
  'gloo.solo.io/PeerDataPlaneProgrammed': { status: 'True', reason: 'Programmed' },
};

export function peerGateway(
  peer: string,
  options: {
    name?: string;
    network?: string | null;
    clusterLabel?: string | null;
    address?: string | null;
    trustDomain?: string;
    serviceAccount?: string;
    conditions?: Record<string, { status: string; reason?: string; message?: string }>;
    listeners?: unknown[];
    annotations?: Labels;
  } = {},
): K8sObject {
  const labels: Labels = {};
  if (options.network !== null) labels['topology.istio.io/network'] = options.network ?? peer;
  if (options.clusterLabel !== null)
    labels['topology.istio.io/cluster'] = options.clusterLabel ?? peer;
  const conditions = options.conditions ?? CONNECTED;
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: {
      name: options.name ?? `istio-remote-peer-${peer}`,
      namespace: 'istio-gateways',
      labels,
      annotations: {
        'gateway.istio.io/service-account': options.serviceAccount ?? 'istio-eastwest',
        'gateway.istio.io/trust-domain': options.trustDomain ?? `${peer}.local`,
        ...options.annotations,
      },
    },
    spec: {
      gatewayClassName: 'istio-remote',
      ...(options.address === null
        ? {}
        : { addresses: [{ type: 'IPAddress', value: options.address ?? eastWestAddress(peer) }] }),
      listeners: options.listeners ?? LISTENERS,
    },
    status: { conditions: Object.entries(conditions).map(([type, c]) => ({ type, ...c })) },
  };
}

/**
 * istiod as the Solo workshop installs it: peering on, and trust-domain validation skipped, which
 * distinct per-cluster trust domains require (reference.md §2.6). An env value of '' removes it.
 */
export function istiod(clusterId: string | null, env: Labels = {}): K8sObject {
  const all: Labels = {
    ...(clusterId === null ? {} : { CLUSTER_ID: clusterId }),
    ENABLE_PEERING_DISCOVERY: 'true',
    PILOT_SKIP_VALIDATE_TRUST_DOMAIN: 'true',
    ...env,
  };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'istiod', namespace: 'istio-system' },
    spec: {
      template: {
        spec: {
          containers: [
            {
              name: 'discovery',
              env: Object.entries(all)
                .filter(([, v]) => v !== '')
                .map(([name, value]) => ({ name, value })),
            },
          ],
        },
      },
    },
  };
}

export function meshConfig(trustDomain: string, extra = ''): K8sObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'istio', namespace: 'istio-system' },
    data: { mesh: `trustDomain: ${trustDomain}\n${extra}` },
  };
}

export function rootCert(pem: string = SHARED_ROOT_PEM): K8sObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'istio-ca-root-cert', namespace: 'istio-system' },
    data: { 'root-cert.pem': pem },
  };
}

export interface ClusterOptions {
  /** Value of the `admin.solo.io/segment` label on istio-system. */
  segmentLabel?: string;
  /** Segment resources this cluster holds: `[name, domain]` pairs or full objects. */
  segments?: ([string, string] | K8sObject)[];
  /** Peer contexts this cluster has a peer gateway for. */
  peers?: string[];
  services?: K8sObject[];
  /** Labels of app namespaces (namespaces of services are created automatically). */
  namespaceLabels?: Record<string, Labels>;
  network?: string | null;
  clusterId?: string | null;
  istiodEnv?: Labels;
  trustDomain?: string;
  rootPem?: string;
  eastWest?: K8sObject | null;
  segmentApis?: SegmentApiVersion[];
  reachable?: boolean;
  /** Anything else, appended as is. */
  objects?: K8sObject[];
}

/** One cluster as Segscope would read it, valid unless the options say otherwise. */
export function aCluster(context: string, options: ClusterOptions = {}): ClusterInput {
  const network = options.network === null ? undefined : (options.network ?? context);
  const systemLabels: Labels = {
    ...(network ? { 'topology.istio.io/network': network } : {}),
    ...(options.segmentLabel !== undefined
      ? { 'admin.solo.io/segment': options.segmentLabel }
      : {}),
  };
  const segmentApis = options.segmentApis ?? ['admin.istio.io/v1'];
  const segments = (options.segments ?? []).map((s) =>
    Array.isArray(s)
      ? segment(s[0], s[1], { apiVersion: segmentApis[0] ?? 'admin.istio.io/v1' })
      : s,
  );
  const services = options.services ?? [];
  const appNamespaces = new Set([
    ...services.map((s) => s.metadata.namespace ?? 'default'),
    ...Object.keys(options.namespaceLabels ?? {}),
  ]);
  appNamespaces.delete('istio-system');
  const objects: K8sObject[] = [
    namespace('istio-system', systemLabels),
    namespace('istio-gateways'),
    ...[...appNamespaces].sort().map((n) => namespace(n, options.namespaceLabels?.[n] ?? {})),
    istiod(options.clusterId === undefined ? context : options.clusterId, options.istiodEnv),
    meshConfig(options.trustDomain ?? `${context}.local`),
    rootCert(options.rootPem),
    ...(options.eastWest === null
      ? []
      : [options.eastWest ?? eastWestGateway(context, { ...(network ? { network } : {}) })]),
    ...(options.peers ?? []).map((p) => peerGateway(p)),
    ...segments,
    ...services,
    ...(options.objects ?? []),
  ];
  const reachable = options.reachable ?? true;
  return {
    context,
    reachable,
    ...(reachable ? {} : { error: 'cannot connect (ECONNREFUSED)' }),
    segmentApis,
    objects: reachable ? objects : [],
  };
}

export const aFleet = (...clusters: ClusterInput[]): FleetInput => ({ clusters });

export const snapshotOf = (...clusters: ClusterInput[]): FleetSnapshot =>
  buildSnapshot(aFleet(...clusters));

/** Peer lists for a full mesh of the given contexts. */
export function fullMesh(contexts: string[]): Record<string, string[]> {
  return Object.fromEntries(contexts.map((c) => [c, contexts.filter((o) => o !== c)]));
}

/** istiod env that validates trust domains (no skip, no aliases): TRUST603 material. */
export const VALIDATING_TRUST = { PILOT_SKIP_VALIDATE_TRUST_DOMAIN: '' };

export const globalLabel = { 'solo.io/service-scope': 'global' };
export const segmentLabel = { 'solo.io/service-scope': 'segment' };

/** A ServiceEntry; `autogen.*` in istio-system is what istiod generates (reference.md §2.5.1). */
export function serviceEntry(ns: string, name: string, hosts: string[]): K8sObject {
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'ServiceEntry',
    metadata: { name, namespace: ns },
    spec: {
      hosts,
      resolution: 'STATIC',
      ports: [{ number: 8080, name: 'http', protocol: 'HTTP' }],
    },
  };
}

/** A Gateway API HTTPRoute with `spec.hostnames` and `networking.istio.io` Hostname backends. */
export function httpRoute(
  ns: string,
  name: string,
  options: { hostnames?: string[]; backendHosts?: string[] } = {},
): K8sObject {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name, namespace: ns },
    spec: {
      ...(options.hostnames ? { hostnames: options.hostnames } : {}),
      rules: [
        {
          backendRefs: (options.backendHosts ?? []).map((host) => ({
            group: 'networking.istio.io',
            kind: 'Hostname',
            name: host,
            port: 8080,
          })),
        },
      ],
    },
  };
}

const sameObject = (a: K8sObject, b: Pick<K8sObject, 'kind' | 'metadata'>) =>
  a.kind === b.kind &&
  a.metadata.name === b.metadata.name &&
  (a.metadata.namespace ?? '') === (b.metadata.namespace ?? '');

/** The cluster with `object` in place of the object of the same kind, namespace and name. */
export function replaceObject(cluster: ClusterInput, object: K8sObject): ClusterInput {
  return {
    ...cluster,
    objects: cluster.objects.map((o) => (sameObject(o, object) ? object : o)),
  };
}

/** The cluster without the object of that kind, namespace and name. */
export function removeObject(
  cluster: ClusterInput,
  kind: string,
  name: string,
  namespace?: string,
): ClusterInput {
  const gone = { kind, metadata: { name, ...(namespace ? { namespace } : {}) } };
  return { ...cluster, objects: cluster.objects.filter((o) => !sameObject(o, gone)) };
}

/** An ObjectRef as findings name objects: `objectRef('c1', 'Service', 'checkout', 'payments')`. */
export const objectRef = (cluster: string, kind: string, name: string, namespace?: string) => ({
  cluster,
  kind,
  ...(namespace ? { namespace } : {}),
  name,
});
