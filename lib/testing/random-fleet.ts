/**
 * Random small fleets for property-based tests (fast-check): 1–6 clusters with random directed
 * peering (including peers Segscope cannot see), random Segment sets and segment labels
 * (missing segments, domain mismatches, the reserved ones), random services with random scopes,
 * ports and namespaces, and some clusters that cannot be reached. Built with the test builders,
 * so every object has the shape Segscope reads. Pure: no test-runner imports.
 */
import fc from 'fast-check';

import type { ClusterInput, FleetInput, SegmentApiVersion } from '../model/input';
import type { K8sObject } from '../model/objects';
import type { ProposedChange } from '../plan/changes';
import { aCluster, CONNECTED, peerGateway, segment as segmentObject, service } from './builders';

export const CONTEXTS = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot'] as const;
const SEGMENTS: [string, string][] = [
  ['acme', 'mesh.acme'],
  ['acme', 'acme.other'],
  ['acquired', 'mesh.acquired'],
  ['dev', 'dev.mesh'],
  ['dev', 'mesh.acme'],
  ['default', 'mesh.internal'],
  ['bad', 'Bad.Domain'],
];
const LABELS = ['acme', 'acquired', 'dev', 'ghost', 'default', ''];
const NAMESPACES = ['payments', 'inventory', 'default'];
const NAMES = ['checkout', 'stock', 'api'];
const SCOPES = ['global', 'segment', 'cluster', '', 'local', 'global-only', 'Global'];
const APIS: SegmentApiVersion[][] = [
  ['admin.istio.io/v1'],
  ['admin.solo.io/v1alpha1'],
  ['admin.istio.io/v1', 'admin.solo.io/v1alpha1'],
  [],
];

type GatewayQuirk = 'none' | 'no-cluster-label' | 'self' | 'duplicate' | 'no-address';
type SegmentQuirk = 'none' | 'outside-system' | 'rejected' | 'both-versions';

const maybe = <T>(arb: fc.Arbitrary<T>, freq = 1) =>
  fc.option(arb, { nil: undefined, freq: freq + 1 });

const portArb = fc.record({
  port: fc.constantFrom(8080, 9090, 53),
  name: fc.constantFrom('http', 'grpc', 'tcp-metrics', 'dns'),
  protocol: fc.constantFrom('TCP', 'TCP', 'UDP'),
});

const serviceArb = fc.record({
  namespace: fc.constantFrom(...NAMESPACES),
  name: fc.constantFrom(...NAMES),
  scope: maybe(fc.constantFrom(...SCOPES)),
  takeover: maybe(fc.constantFrom('true', 'false'), 3),
  ports: fc.uniqueArray(portArb, { minLength: 1, maxLength: 2, selector: (p) => p.port }),
  app: fc.constantFrom('a', 'b'),
  headless: fc.boolean(),
});

const clusterShape = fc.record({
  unreachable: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
  peers: fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
  ghostPeer: fc.integer({ min: 0, max: 7 }).map((n) => n === 0),
  disconnected: fc.integer({ min: 0, max: 5 }).map((n) => n === 0),
  segments: fc.uniqueArray(fc.constantFrom(...SEGMENTS), {
    maxLength: 3,
    selector: ([name]) => name,
  }),
  segmentLabel: maybe(fc.constantFrom(...LABELS), 2),
  segmentApis: fc.constantFrom(...APIS, APIS[0]!, APIS[0]!),
  services: fc.uniqueArray(serviceArb, {
    maxLength: 4,
    selector: (s) => `${s.namespace}/${s.name}`,
  }),
  namespaceScopes: fc.dictionary(fc.constantFrom(...NAMESPACES), fc.constantFrom(...SCOPES), {
    maxKeys: 2,
  }),
  clusterId: fc.constantFrom<'context' | 'none' | 'shared'>('context', 'context', 'none', 'shared'),
  suffix: maybe(fc.constantFrom('corp.internal'), 5),
  peeringOff: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
  trustDomain: fc.constantFrom('own', 'own', 'cluster.local'),
  rootPem: fc.constantFrom('shared', 'shared', 'shared', 'other'),
  eastWest: fc.constantFrom('ok', 'ok', 'ok', 'none', 'unprogrammed'),
  gatewayQuirk: fc.constantFrom<GatewayQuirk>(
    'none',
    'none',
    'none',
    'no-cluster-label',
    'self',
    'duplicate',
    'no-address',
  ),
  segmentQuirk: fc.constantFrom<SegmentQuirk>(
    'none',
    'none',
    'none',
    'outside-system',
    'rejected',
    'both-versions',
  ),
});

type Shape = typeof clusterShape extends fc.Arbitrary<infer T> ? T : never;

const OTHER_ROOT = '-----BEGIN CERTIFICATE-----\nMIIBotherROOT\n-----END CERTIFICATE-----\n';

function clusterOf(context: string, shape: Shape, contexts: readonly string[]): ClusterInput {
  const peers = contexts.filter((c, i) => c !== context && shape.peers[i]);
  const services: K8sObject[] = shape.services.map((s) =>
    service(s.namespace, s.name, {
      labels: {
        ...(s.scope !== undefined ? { 'solo.io/service-scope': s.scope } : {}),
        ...(s.takeover !== undefined ? { 'solo.io/service-takeover': s.takeover } : {}),
      },
      ports: s.ports,
      selector: { app: `${s.name}-${s.app}` },
      ...(s.headless ? { clusterIP: 'None' } : {}),
    }),
  );
  const extra: K8sObject[] = [];
  if (shape.ghostPeer) extra.push(peerGateway('ghost'));
  const [firstPeer] = peers;
  switch (shape.gatewayQuirk) {
    case 'self':
      extra.push(peerGateway(context));
      break;
    case 'no-cluster-label':
      if (firstPeer)
        extra.push(
          peerGateway(firstPeer, { name: `peer-${firstPeer}-nolabel`, clusterLabel: null }),
        );
      break;
    case 'duplicate':
      if (firstPeer) extra.push(peerGateway(firstPeer, { name: `peer-${firstPeer}-again` }));
      break;
    case 'no-address':
      if (firstPeer)
        extra.push(peerGateway(firstPeer, { name: `peer-${firstPeer}-noaddr`, address: null }));
      break;
    case 'none':
      break;
  }
  if (shape.segmentQuirk === 'outside-system')
    extra.push(segmentObject('stray', 'stray.mesh', { namespace: 'default' }));
  // During an upgrade a cluster may serve both Segment APIs and hold a Segment under each.
  if (shape.segmentQuirk === 'both-versions')
    for (const [name, domain] of shape.segments)
      extra.push(
        segmentObject(name, `other.${domain}`, {
          apiVersion:
            shape.segmentApis[0] === 'admin.solo.io/v1alpha1'
              ? 'admin.istio.io/v1'
              : 'admin.solo.io/v1alpha1',
        }),
      );
  if (shape.segmentQuirk === 'rejected')
    extra.push(
      segmentObject('acme', 'mesh.acme', {
        status: {
          conditions: [{ type: 'Local', status: 'False' }],
          peers: [
            { clusterName: firstPeer ?? 'ghost', status: 'Rejected', reason: 'HostnameMismatch' },
          ],
          connectedPeers: 0,
          rejectedPeers: 1,
        },
        ...(shape.segmentApis[0] ? { apiVersion: shape.segmentApis[0] } : {}),
      }),
    );
  const gatewayConditions = shape.disconnected
    ? { ...CONNECTED, 'gloo.solo.io/PeerConnected': { status: 'False', reason: 'Unreachable' } }
    : undefined;
  const cluster = aCluster(context, {
    ...(shape.segmentLabel !== undefined ? { segmentLabel: shape.segmentLabel } : {}),
    segments:
      shape.segmentQuirk === 'rejected'
        ? shape.segments.filter(([name]) => name !== 'acme')
        : shape.segments,
    peers: gatewayConditions ? [] : peers,
    services,
    namespaceLabels: Object.fromEntries(
      Object.entries(shape.namespaceScopes).map(([ns, scope]) => [
        ns,
        { 'solo.io/service-scope': scope },
      ]),
    ),
    clusterId:
      shape.clusterId === 'context' ? context : shape.clusterId === 'shared' ? 'shared-id' : null,
    istiodEnv: {
      ...(shape.suffix ? { PEERING_DISCOVERY_SUFFIX: shape.suffix } : {}),
      ...(shape.peeringOff ? { ENABLE_PEERING_DISCOVERY: 'false' } : {}),
    },
    trustDomain: shape.trustDomain === 'own' ? `${context}.local` : 'cluster.local',
    rootPem: shape.rootPem === 'shared' ? undefined : OTHER_ROOT,
    ...(shape.eastWest === 'none' ? { eastWest: null } : {}),
    segmentApis: shape.segmentApis,
    reachable: !shape.unreachable,
    objects: [
      ...extra,
      ...(gatewayConditions
        ? peers.map((p) => peerGateway(p, { conditions: gatewayConditions }))
        : []),
    ],
  });
  if (shape.eastWest !== 'unprogrammed' || !cluster.reachable) return cluster;
  return {
    ...cluster,
    objects: cluster.objects.map((o) =>
      o.kind === 'Gateway' && o.metadata.name === 'istio-eastwest'
        ? {
            ...o,
            status: { conditions: [{ type: 'Programmed', status: 'False', reason: 'Pending' }] },
          }
        : o,
    ),
  };
}

/** A random fleet of 1–6 clusters (see the module comment for what varies). */
export const fleetArb: fc.Arbitrary<FleetInput> = fc
  .tuple(
    fc.subarray([...CONTEXTS], { minLength: 1 }),
    fc.array(clusterShape, { minLength: 6, maxLength: 6 }),
  )
  .map(([contexts, shapes]) => ({
    clusters: contexts.map((context, i) => clusterOf(context, shapes[i]!, contexts)),
  }));

/** A deterministic shuffle (mulberry32 driven), so a failing case replays from its seed. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** The same fleet with its clusters and each cluster's objects in another order. */
export function shuffledFleet(input: FleetInput, seed: number): FleetInput {
  return {
    clusters: shuffled(input.clusters, seed).map((c, i) => ({
      ...c,
      objects: shuffled(c.objects, seed + i + 1),
    })),
  };
}

/**
 * A cluster sharing nothing with `input`: a context, cluster ID, network, segments and domains of
 * its own, no peering to or from anyone, its own services.
 */
export function unrelatedCluster(input: FleetInput): ClusterInput {
  let context = 'zulu-unrelated';
  while (input.clusters.some((c) => c.context === context)) context += '-x';
  return aCluster(context, {
    segmentLabel: 'zulu',
    segments: [['zulu', 'zulu.unrelated']],
    services: [service('zulu-apps', 'zulu', { labels: { 'solo.io/service-scope': 'global' } })],
  });
}

/** Random changes that name clusters, namespaces and Services of `input` (mostly valid ones). */
export function changesArb(input: FleetInput): fc.Arbitrary<ProposedChange[]> {
  const contexts = input.clusters.map((c) => c.context);
  const context = fc.constantFrom(...contexts);
  const services = input.clusters.flatMap((c) =>
    c.objects
      .filter((o) => o.kind === 'Service')
      .map((o) => ({
        cluster: c.context,
        namespace: o.metadata.namespace ?? 'default',
        name: o.metadata.name,
      })),
  );
  const namespaces = input.clusters.flatMap((c) =>
    c.objects
      .filter((o) => o.kind === 'Namespace')
      .map((o) => ({ cluster: c.context, namespace: o.metadata.name })),
  );
  const segmentName = fc.constantFrom('acme', 'acquired', 'dev', 'newseg');
  const domainFor: Record<string, string> = {
    acme: 'mesh.acme',
    acquired: 'mesh.acquired',
    dev: 'dev.mesh',
    newseg: 'new.mesh',
  };
  const scope = fc.option(fc.constantFrom('global', 'segment', 'cluster'), { nil: null });
  const options: fc.Arbitrary<ProposedChange>[] = [
    fc.tuple(fc.subarray(contexts, { minLength: 1 }), segmentName).map(([clusters, name]) => ({
      kind: 'apply-segment' as const,
      clusters,
      name,
      domain: domainFor[name]!,
    })),
    fc.record({
      kind: fc.constant('set-cluster-segment' as const),
      cluster: context,
      segment: fc.option(segmentName, { nil: null }),
    }),
  ];
  if (services.length > 0)
    options.push(
      fc.tuple(fc.constantFrom(...services), scope).map(([s, value]) => ({
        kind: 'set-service-scope' as const,
        cluster: s.cluster,
        namespace: s.namespace,
        service: s.name,
        scope: value,
      })),
    );
  if (namespaces.length > 0)
    options.push(
      fc.tuple(fc.constantFrom(...namespaces), scope).map(([n, value]) => ({
        kind: 'set-namespace-scope' as const,
        cluster: n.cluster,
        namespace: n.namespace,
        scope: value,
      })),
    );
  return fc.array(fc.oneof(...options), { minLength: 1, maxLength: 4 });
}
