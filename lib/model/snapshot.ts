import type { SegmentApiVersion } from './input';
import type { ObjectRef } from './objects';

export const DEFAULT_SEGMENT = 'default';
export const DEFAULT_DOMAIN = 'mesh.internal';
export const SYSTEM_NAMESPACE = 'istio-system';
export const SEGMENT_LABEL = 'admin.solo.io/segment';
export const NETWORK_LABEL = 'topology.istio.io/network';
export const CLUSTER_LABEL = 'topology.istio.io/cluster';
export const SCOPE_LABEL = 'solo.io/service-scope';
export const TAKEOVER_LABEL = 'solo.io/service-takeover';

/** A Segment resource as one cluster holds it. */
export interface SegmentDef {
  ref: ObjectRef;
  name: string;
  namespace: string;
  domain: string;
  apiVersion: string;
  status?: SegmentStatus;
}

export interface SegmentStatus {
  local?: boolean;
  peers: { clusterName: string; hostname?: string; status?: string; reason?: string }[];
  connectedPeers?: number;
  rejectedPeers?: number;
}

export interface Condition {
  status: string;
  reason?: string;
  message?: string;
}

export interface Listener {
  name: string;
  port: number;
  protocol: string;
  tlsMode?: string;
}

/** An `istio-remote` Gateway: this cluster's link to one peer (reference.md §2.3.2). */
export interface PeerGateway {
  ref: ObjectRef;
  /** The peer's cluster ID as this gateway names it: cluster label, else network label. */
  peerId?: string;
  network?: string;
  clusterLabel?: string;
  addresses: string[];
  statusAddresses: string[];
  trustDomain?: string;
  serviceAccount?: string;
  nodePort: boolean;
  listeners: Listener[];
  conditions: Record<string, Condition>;
  /** The fleet cluster (context) the gateway points at; absent for an unmanaged peer. */
  target?: string;
}

/** This cluster's `istio-eastwest` Gateway (reference.md §2.3.1). */
export interface EastWestGateway {
  ref: ObjectRef;
  network?: string;
  clusterLabel?: string;
  listeners: Listener[];
  addresses: string[];
  programmed?: Condition;
}

export type Scope = 'cluster' | 'global' | 'segment' | 'global-only' | 'invalid';

export interface ServicePort {
  name?: string;
  port: number;
  protocol: string;
  appProtocol?: string;
  targetPort?: number | string;
}

export interface ServiceModel {
  ref: ObjectRef;
  cluster: string;
  namespace: string;
  name: string;
  /** The raw `solo.io/service-scope` value that decided the scope, if any. */
  scopeValue?: string;
  scopeSource: 'service' | 'namespace' | 'none';
  scope: Scope;
  /** Exported to peers: `global`, `segment` or `global-only` (reference.md §2.4.1). */
  exported: boolean;
  takeover: boolean;
  type: string;
  headless: boolean;
  ports: ServicePort[];
  selector: Record<string, string>;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface ClusterModel {
  context: string;
  reachable: boolean;
  error?: string;
  /** Mesh cluster ID: istiod CLUSTER_ID, else the network label, else the context name. */
  id: string;
  idSource: 'CLUSTER_ID' | 'network' | 'context';
  istioSystem?: ObjectRef;
  istiod?: ObjectRef;
  /** Literal env values of istiod's discovery container; absent without an istiod Deployment. */
  istiodEnv?: Record<string, string>;
  network?: string;
  trustDomain?: string;
  trustDomainSkipValidation: boolean;
  trustDomainAliases: string[];
  rootCert?: { ref: ObjectRef; fingerprint: string };
  peeringEnabled: boolean;
  /** Domain of the implicit default segment: PEERING_DISCOVERY_SUFFIX or mesh.internal. */
  defaultDomain: string;
  segmentApis: SegmentApiVersion[];
  /** The `admin.solo.io/segment` label on istio-system, as written. */
  segmentLabel?: string;
  /** The segment the cluster is really in (README §2). */
  segment: string;
  segmentDomain: string;
  /** The label names a Segment this cluster does not hold: silent fallback to default (SEG203). */
  segmentFallback: boolean;
  segments: SegmentDef[];
  eastWest: EastWestGateway[];
  peers: PeerGateway[];
  /** Namespace labels, for scope resolution and SVC409. */
  namespaces: {
    ref: ObjectRef;
    name: string;
    labels: Record<string, string>;
    annotations: Record<string, string>;
  }[];
  services: ServiceModel[];
  /** ServiceEntries (networking.istio.io), user-written and generated (HOST501, HOST505). */
  serviceEntries: ServiceEntryModel[];
  /** Gateway API HTTPRoutes and the hostnames they name (HOST505). */
  httpRoutes: HttpRouteModel[];
  /** AuthorizationPolicies, for telling L7-policied services (SVC407 severity). */
  authorizationPolicies: AuthorizationPolicyModel[];
}

/** An AuthorizationPolicy: what it selects, and whether it has L7 (HTTP operation) rules. */
export interface AuthorizationPolicyModel {
  ref: ObjectRef;
  namespace: string;
  /** `spec.selector.matchLabels`; absent means every workload of the namespace. */
  selector?: Record<string, string>;
  /** Names of Services in `spec.targetRef(s)`. */
  targetServices: string[];
  /** A rule matches on methods, paths, hosts or ports of HTTP operations. */
  l7: boolean;
}

/** A ServiceEntry: `generated` for istiod's `autogen.*` in istio-system (reference.md §2.5.1). */
export interface ServiceEntryModel {
  ref: ObjectRef;
  hosts: string[];
  generated: boolean;
}

/** An HTTPRoute: its `spec.hostnames` and the `kind: Hostname` backends it routes to. */
export interface HttpRouteModel {
  ref: ObjectRef;
  hostnames: string[];
  /** `spec.rules[].backendRefs[]` with `group: networking.istio.io`, `kind: Hostname`. */
  backendHosts: string[];
}

/** A directed peering: `from` holds a peer gateway to `to` and discovers `to`'s services. */
export interface PeeringEdge {
  from: string;
  /** A fleet cluster (context), or the peer ID of a cluster Segscope cannot see. */
  to: string;
  managed: boolean;
  gateway: ObjectRef;
  health: 'connected' | 'pending' | 'failed' | 'unknown';
  /** `from` holds `to`'s segment with the same domain, so discovery is enabled. */
  segmentAccepted: boolean;
  /** Why discovery of `to` is disabled in `from`, when it is. */
  rejection?: 'segment-missing' | 'domain-mismatch' | 'peering-disabled';
}

/** One global service as one viewing cluster sees it (README §2 aggregation). */
export interface GlobalServiceView {
  viewer: string;
  namespace: string;
  name: string;
  hostname: string;
  /** Segment of the clusters whose copies form this service. */
  segment: string;
  domain: string;
  /** Clusters whose endpoints back this hostname in the viewer (the viewer first when local). */
  contributors: string[];
  /** The Service objects behind it. */
  copies: ObjectRef[];
}

export interface SegmentSummary {
  name: string;
  /** Domain per cluster that holds a Segment of this name. */
  domains: { cluster: string; domain: string; ref: ObjectRef }[];
  members: string[];
}

export interface FleetSnapshot {
  clusters: ClusterModel[];
  segments: SegmentSummary[];
  edges: PeeringEdge[];
  services: ServiceModel[];
  views: GlobalServiceView[];
  /** `segscope.io/suppress` codes per object (refKey), from the objects' annotations. */
  suppressions: Record<string, string[]>;
}

export const SUPPRESS_ANNOTATION = 'segscope.io/suppress';
