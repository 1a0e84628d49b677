// What each cluster's istiod would write, computed from the fleet snapshot alone (pure): Segment
// status (reference.md §2.1.3), Solo conditions on `istio-remote` Gateways (§2.3.2) and the
// generated `autogen.*` ServiceEntries (§2.5.1). Timestamps and merging with what is already
// stored are left to reconcile.ts, so that this stays deterministic.
import { refKey } from '../../../lib/model/objects';
import {
  type ClusterModel,
  DEFAULT_SEGMENT,
  type FleetSnapshot,
  type GlobalServiceView,
  type PeerGateway,
  SEGMENT_LABEL,
  type ServiceModel,
  type ServicePort,
  SYSTEM_NAMESPACE,
} from '../../../lib/model/snapshot';

export const CONDITION = {
  connected: 'gloo.solo.io/PeerConnected',
  succeeded: 'gloo.solo.io/PeeringSucceeded',
  dataPlane: 'gloo.solo.io/PeerDataPlaneProgrammed',
  segment: 'gloo.solo.io/PeerSegmentAccepted',
  accepted: 'Accepted',
  programmed: 'Programmed',
} as const;

export const PARENT_SERVICE_LABEL = 'solo.io/parent-service';
export const PARENT_NAMESPACE_LABEL = 'solo.io/parent-service-namespace';
export const SCOPE_LABEL = 'solo.io/service-scope';
export const TAKEOVER_LABEL = 'solo.io/service-takeover';
export const TRAFFIC_DISTRIBUTION = 'networking.istio.io/traffic-distribution';
export const AUTOGEN_PREFIX = 'autogen.';
const DEFAULT_TRAFFIC_DISTRIBUTION = 'PreferNetwork';

export type ConditionStatus = 'True' | 'False' | 'Unknown';

export interface DesiredCondition {
  type: string;
  status: ConditionStatus;
  reason: string;
  message: string;
}

export interface DesiredPeer {
  clusterName: string;
  hostname: string;
  status: 'Connected' | 'Rejected' | 'Connecting';
  reason?: string;
}

export interface DesiredSegmentStatus {
  local: boolean;
  peers: DesiredPeer[];
}

export interface DesiredServiceEntry {
  name: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  spec: {
    hosts: string[];
    ports: { number: number; name: string; protocol: string }[];
    location: 'MESH_INTERNAL';
    resolution: 'STATIC';
    workloadSelector: { labels: Record<string, string> };
  };
}

/** Everything one cluster's istiod owns, keyed as reconcile.ts looks objects up. */
export interface DesiredState {
  context: string;
  /** By Segment name: every Segment resource of that name in istio-system gets this status. */
  segments: Map<string, DesiredSegmentStatus>;
  /** By `<namespace>/<name>` of each `istio-remote` Gateway. */
  gateways: Map<string, DesiredCondition[]>;
  /** By ServiceEntry name (all in istio-system). */
  serviceEntries: Map<string, DesiredServiceEntry>;
}

// Messages of ValidatePeerGateway and reconcileGatewayStatus (reference.md §2.3.2), verbatim.
export const MESSAGES = {
  noNetwork: 'no network label found in gateway',
  statusAddressesOnly: 'no spec.addresses found in gateway (but found status.addresses)',
  noAddresses: 'no addresses found in gateway',
  nodePortServiceAccount:
    'nodeport peering is enabled, expected gateway.istio.io/service-account annotation not found in gateway',
  nodePortCluster:
    'nodeport peering is enabled, expected topology.istio.io/cluster label not found in gateway',
  invalid: (err: string) => `no network started, encountered error validating gateway: ${err}`,
  dataPlaneInvalid: (err: string) =>
    `peering data plane not programmed for cross-network traffic, encountered error validating gateway: ${err}`,
  missingHbone:
    'peering data plane not programmed for cross-network traffic, missing HBONE listener',
  dataPlaneProgrammed: (serviceType: 'LoadBalancer' | 'NodePort') =>
    `peering data plane programmed for cross-network traffic with ${serviceType} service type`,
  nodePortPending:
    'peering data plane not programmed for cross-network traffic, no node workload entries generated yet for NodePort peering',
  notConnected: 'not connected to peer',
  notSynced: 'network not yet synced check istiod log for more details',
  remoteGateway: 'This Gateway is remote; Istio will not program it',
  resourceAccepted: 'Resource accepted',
  segmentMissing: (peer: string, segment: string) =>
    `peer cluster ${peer} declared segment ${segment} which we don't have locally`,
  segmentMismatch: (peer: string, segment: string, theirs: string, ours: string) =>
    `peer cluster ${peer} declared segment ${segment} with domain ${theirs}, but our local segment has domain ${ours}`,
  segmentAccepted: (peer: string, segment: string, domain: string) =>
    `peer cluster ${peer} declared segment ${segment} with domain ${domain}`,
  localSegment: 'This segment is used by the local cluster',
  notLocalSegment: 'This segment is not used by the local cluster',
} as const;

/** The error ValidatePeerGateway returns for a gateway, if any (reference.md §2.3.2). */
export function validatePeerGateway(gateway: PeerGateway): string | undefined {
  if (!gateway.network) return MESSAGES.noNetwork;
  if (gateway.addresses.length === 0) {
    return gateway.statusAddresses.length > 0 ? MESSAGES.statusAddressesOnly : MESSAGES.noAddresses;
  }
  if (gateway.nodePort && !gateway.serviceAccount) return MESSAGES.nodePortServiceAccount;
  if (gateway.nodePort && !gateway.clusterLabel) return MESSAGES.nodePortCluster;
  return undefined;
}

/** A peer's istiod answers peering only while its cluster is up and runs peering discovery. */
const servesPeering = (c: ClusterModel): boolean =>
  c.reachable && c.istiod !== undefined && c.peeringEnabled;

/** Whether `viewer` holds `peer`'s segment under the same name and domain. */
type Acceptance =
  | { ok: true }
  | { ok: false; reason: 'SegmentMissing' }
  | { ok: false; reason: 'HostnameMismatch'; ours: string };

function acceptance(viewer: ClusterModel, peer: ClusterModel): Acceptance {
  if (peer.segment === DEFAULT_SEGMENT) return { ok: true };
  const held = viewer.segments.find(
    (s) => s.namespace === SYSTEM_NAMESPACE && s.name === peer.segment,
  );
  if (!held) return { ok: false, reason: 'SegmentMissing' };
  if (held.domain !== peer.segmentDomain)
    return { ok: false, reason: 'HostnameMismatch', ours: held.domain };
  return { ok: true };
}

const condition = (
  type: string,
  status: ConditionStatus,
  reason: string,
  message = '',
): DesiredCondition => ({ type, status, reason, message });

function gatewayConditions(
  viewer: ClusterModel,
  gateway: PeerGateway,
  byContext: Map<string, ClusterModel>,
): DesiredCondition[] {
  const conditions = [
    condition(CONDITION.accepted, 'True', 'Accepted', MESSAGES.resourceAccepted),
    condition(CONDITION.programmed, 'True', 'Programmed', MESSAGES.remoteGateway),
  ];
  // istiod ignores a peer gateway that points at its own cluster (no Solo status).
  if (gateway.target === viewer.context) return conditions;
  const err = validatePeerGateway(gateway);
  if (err) {
    return [
      ...conditions,
      condition(CONDITION.connected, 'False', 'Invalid', MESSAGES.invalid(err)),
      condition(CONDITION.succeeded, 'False', 'Invalid', MESSAGES.invalid(err)),
      condition(CONDITION.dataPlane, 'False', 'Invalid', MESSAGES.dataPlaneInvalid(err)),
      condition(CONDITION.segment, 'Unknown', 'Pending', MESSAGES.notConnected),
    ];
  }
  const peer = gateway.target ? byContext.get(gateway.target) : undefined;
  const connected = peer !== undefined && servesPeering(peer);
  const hbone = gateway.listeners.some((l) => l.protocol === 'HBONE');
  const dataPlane = !hbone
    ? condition(CONDITION.dataPlane, 'False', 'Invalid', MESSAGES.missingHbone)
    : !gateway.nodePort
      ? condition(
          CONDITION.dataPlane,
          'True',
          'Programmed',
          MESSAGES.dataPlaneProgrammed('LoadBalancer'),
        )
      : connected
        ? condition(
            CONDITION.dataPlane,
            'True',
            'Programmed',
            MESSAGES.dataPlaneProgrammed('NodePort'),
          )
        : condition(CONDITION.dataPlane, 'False', 'Pending', MESSAGES.nodePortPending);
  if (!peer || !connected) {
    return [
      ...conditions,
      condition(CONDITION.connected, 'False', 'Pending', MESSAGES.notConnected),
      condition(CONDITION.succeeded, 'Unknown', 'Pending', MESSAGES.notSynced),
      dataPlane,
      condition(CONDITION.segment, 'Unknown', 'Pending', MESSAGES.notConnected),
    ];
  }
  const accepted = acceptance(viewer, peer);
  const segment = accepted.ok
    ? condition(
        CONDITION.segment,
        'True',
        'Accepted',
        MESSAGES.segmentAccepted(peer.id, peer.segment, peer.segmentDomain),
      )
    : accepted.reason === 'SegmentMissing'
      ? condition(
          CONDITION.segment,
          'False',
          'SegmentMissing',
          MESSAGES.segmentMissing(peer.id, peer.segment),
        )
      : condition(
          CONDITION.segment,
          'False',
          'HostnameMismatch',
          MESSAGES.segmentMismatch(peer.id, peer.segment, peer.segmentDomain, accepted.ours),
        );
  return [
    ...conditions,
    condition(CONDITION.connected, 'True', 'Programmed'),
    condition(CONDITION.succeeded, 'True', 'Programmed'),
    dataPlane,
    segment,
  ];
}

/**
 * Segment status as reconcileSegmentStatus writes it: `Local` per Segment; each peer under the
 * segment it declared (Connected), or, when rejected, under the local cluster's segment (Rejected /
 * HostnameMismatch). A peer whose istiod does not answer stays Connecting. Nothing is recorded for
 * the implicit default segment (no resource exists for it).
 */
function segmentStatuses(
  viewer: ClusterModel,
  snapshot: FleetSnapshot,
  byContext: Map<string, ClusterModel>,
): Map<string, DesiredSegmentStatus> {
  const out = new Map<string, DesiredSegmentStatus>();
  for (const s of viewer.segments) {
    if (s.namespace !== SYSTEM_NAMESPACE || out.has(s.name)) continue;
    out.set(s.name, { local: s.name === viewer.segment, peers: [] });
  }
  const gatewayOf = new Map(viewer.peers.map((g) => [refKey(g.ref), g]));
  for (const edge of snapshot.edges) {
    if (edge.from !== viewer.context || !edge.managed) continue;
    const peer = byContext.get(edge.to);
    const gateway = gatewayOf.get(refKey(edge.gateway));
    if (!peer || !gateway || validatePeerGateway(gateway)) continue;
    const declared = peer.segment;
    if (!servesPeering(peer)) {
      if (declared !== DEFAULT_SEGMENT)
        out.get(declared)?.peers.push({
          clusterName: peer.id,
          hostname: peer.segmentDomain,
          status: 'Connecting',
        });
      continue;
    }
    if (declared === DEFAULT_SEGMENT) continue;
    if (acceptance(viewer, peer).ok) {
      out.get(declared)?.peers.push({
        clusterName: peer.id,
        hostname: peer.segmentDomain,
        status: 'Connected',
      });
    } else if (viewer.segment !== DEFAULT_SEGMENT) {
      out.get(viewer.segment)?.peers.push({
        clusterName: peer.id,
        hostname: peer.segmentDomain,
        status: 'Rejected',
        reason: 'HostnameMismatch',
      });
    }
  }
  for (const status of out.values()) {
    status.peers.sort((a, b) => a.clusterName.localeCompare(b.clusterName));
  }
  return out;
}

const APP_PROTOCOLS: Record<string, string> = {
  http: 'HTTP',
  http2: 'HTTP2',
  https: 'HTTPS',
  grpc: 'GRPC',
  'grpc-web': 'GRPC-Web',
  tcp: 'TCP',
  tls: 'TLS',
  mongo: 'Mongo',
  redis: 'Redis',
  mysql: 'MySQL',
  'kubernetes.io/h2c': 'HTTP2',
  'kubernetes.io/ws': 'HTTP',
  'kubernetes.io/wss': 'HTTPS',
};

/** Istio's protocol selection: appProtocol, else the port name's `<protocol>[-suffix]`, else TCP. */
export function portProtocol(port: ServicePort): string {
  const fromApp = port.appProtocol ? APP_PROTOCOLS[port.appProtocol.toLowerCase()] : undefined;
  if (fromApp) return fromApp;
  const name = (port.name ?? '').toLowerCase();
  const named = name.startsWith('grpc-web') ? 'grpc-web' : (name.split('-')[0] ?? '');
  return (named && APP_PROTOCOLS[named]) || 'TCP';
}

const tcpPorts = (s: ServiceModel) => s.ports.filter((p) => p.protocol.toUpperCase() === 'TCP');

/** Ports of the local Service (named as it names them), else the union of the remote ones. */
function serviceEntryPorts(
  local: ServiceModel | undefined,
  remotes: ServiceModel[],
): DesiredServiceEntry['spec']['ports'] {
  const byNumber = new Map<number, { number: number; name: string; protocol: string }>();
  if (local) {
    for (const p of tcpPorts(local)) {
      if (byNumber.has(p.port)) continue;
      const name = p.name || (p.targetPort !== undefined ? String(p.targetPort) : `port-${p.port}`);
      byNumber.set(p.port, { number: p.port, name, protocol: portProtocol(p) });
    }
  } else {
    for (const s of remotes) {
      for (const p of tcpPorts(s)) {
        const protocol = portProtocol(p);
        const seen = byNumber.get(p.port);
        // "Protocol conflict from WE annotation for port <n>, forcing TCP"
        if (seen) seen.protocol = seen.protocol === protocol ? protocol : 'TCP';
        else byNumber.set(p.port, { number: p.port, name: `port-${p.port}`, protocol });
      }
    }
  }
  return [...byNumber.values()].sort((a, b) => a.number - b.number);
}

/** `autogen.<ns>.<svc>` in the default segment, `autogen.<segment>.<ns>.<svc>` otherwise. */
export function serviceEntryName(segment: string, namespace: string, name: string): string {
  return segment === DEFAULT_SEGMENT
    ? `${AUTOGEN_PREFIX}${namespace}.${name}`
    : `${AUTOGEN_PREFIX}${segment}.${namespace}.${name}`;
}

const copiedAnnotations = (annotations: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(annotations).filter(([k]) => !k.startsWith('kubectl.kubernetes.io/')),
  );

function serviceEntry(
  view: GlobalServiceView,
  services: Map<string, ServiceModel>,
): DesiredServiceEntry {
  const copies = view.copies
    .map((ref) => services.get(refKey(ref)))
    .filter((s): s is ServiceModel => s !== undefined);
  const local = copies.find((s) => s.cluster === view.viewer);
  const remotes = copies.filter((s) => s.cluster !== view.viewer);
  const peeredLocal = local?.exported ? local : undefined;
  const parent = {
    [PARENT_SERVICE_LABEL]: view.name,
    [PARENT_NAMESPACE_LABEL]: view.namespace,
  };
  const labels: Record<string, string> = {
    ...(peeredLocal?.labels ?? {}),
    ...parent,
    [SCOPE_LABEL]: peeredLocal?.scopeValue ?? 'cluster',
    [SEGMENT_LABEL]: view.segment,
    ...(peeredLocal?.takeover ? { [TAKEOVER_LABEL]: 'true' } : {}),
  };
  const remoteDistributions = new Set(
    remotes.map((s) => s.annotations[TRAFFIC_DISTRIBUTION]).filter((v) => v !== undefined),
  );
  const distribution =
    local?.annotations[TRAFFIC_DISTRIBUTION] ??
    (!local && remoteDistributions.size === 1 ? [...remoteDistributions][0] : undefined) ??
    DEFAULT_TRAFFIC_DISTRIBUTION;
  const selector =
    local && Object.keys(local.selector).length > 0
      ? { ...local.selector }
      : { ...parent, [SEGMENT_LABEL]: view.segment };
  return {
    name: serviceEntryName(view.segment, view.namespace, view.name),
    labels,
    annotations: {
      ...copiedAnnotations(peeredLocal?.annotations ?? {}),
      [TRAFFIC_DISTRIBUTION]: distribution,
    },
    spec: {
      hosts: [view.hostname],
      ports: serviceEntryPorts(local, remotes),
      location: 'MESH_INTERNAL',
      resolution: 'STATIC',
      workloadSelector: { labels: selector },
    },
  };
}

/** Whether a cluster runs an istiod with peering discovery on (else it generates nothing). */
export const runsPeering = (c: ClusterModel): boolean => c.istiod !== undefined && c.peeringEnabled;

/**
 * The desired state of each cluster whose istiod runs peering discovery, computed on demand (a
 * large fleet's pass computes one cluster at a time, between yields to the event loop). Clusters
 * without such an istiod get undefined: they generate nothing.
 */
export function desiredStates(
  snapshot: FleetSnapshot,
): (context: string) => DesiredState | undefined {
  const byContext = new Map(snapshot.clusters.map((c) => [c.context, c]));
  let services: Map<string, ServiceModel> | undefined;
  let viewsOf: Map<string, GlobalServiceView[]> | undefined;
  return (context) => {
    const viewer = byContext.get(context);
    if (!viewer || !runsPeering(viewer)) return undefined;
    services ??= new Map(snapshot.services.map((s) => [refKey(s.ref), s]));
    if (!viewsOf) {
      viewsOf = new Map();
      for (const v of snapshot.views) {
        let list = viewsOf.get(v.viewer);
        if (!list) viewsOf.set(v.viewer, (list = []));
        list.push(v);
      }
    }
    const gateways = new Map<string, DesiredCondition[]>();
    for (const g of viewer.peers) {
      gateways.set(
        `${g.ref.namespace ?? ''}/${g.ref.name}`,
        gatewayConditions(viewer, g, byContext),
      );
    }
    const serviceEntries = new Map<string, DesiredServiceEntry>();
    for (const view of viewsOf.get(context) ?? []) {
      const se = serviceEntry(view, services);
      if (!serviceEntries.has(se.name)) serviceEntries.set(se.name, se);
    }
    return {
      context,
      segments: segmentStatuses(viewer, snapshot, byContext),
      gateways,
      serviceEntries,
    };
  };
}
