import { describe, expect, it } from 'vitest';

import type { ClusterInput } from '../model/input';
import type { K8sObject } from '../model/objects';
import {
  aCluster,
  type ClusterOptions,
  CONNECTED,
  eastWestAddress,
  eastWestGateway,
  fullMesh,
  peerGateway,
  snapshotOf,
} from '../testing/builders';
import { controlPlaneDetectors } from './control-plane';
import { analyze } from './index';
import { peeringDetectors } from './peering';
import { trustDetectors } from './trust';

const codes = (...clusters: ClusterInput[]) =>
  analyze(snapshotOf(...clusters), peeringDetectors).map((f) => f.code);

const findings = (...clusters: ClusterInput[]) =>
  analyze(snapshotOf(...clusters), peeringDetectors);

/** `a` holds the given gateways (for `b` unless stated); `b` peers back with a normal gateway. */
const aWith = (gateways: K8sObject[], options: ClusterOptions = {}) =>
  aCluster('a', { objects: gateways, ...options });
const b = (options: ClusterOptions = {}) => aCluster('b', { peers: ['a'], ...options });

const NODE_PORT = { 'peering.solo.io/preferred-data-plane-service-type': 'NodePort' };
const MISSING_HBONE =
  'peering data plane not programmed for cross-network traffic, missing HBONE listener';
const XDS_ONLY = [{ name: 'xds-tls', port: 15012, protocol: 'TLS', tls: { mode: 'Passthrough' } }];
const HBONE_ONLY = [
  { name: 'cross-network', port: 15008, protocol: 'HBONE', tls: { mode: 'Passthrough' } },
];

const withStatusAddress = (g: K8sObject, address: string): K8sObject => ({
  ...g,
  status: { ...(g.status as object), addresses: [{ type: 'IPAddress', value: address }] },
});

const conditions = (type: string, status: string, reason: string, message: string) => ({
  ...CONNECTED,
  [type]: { status, reason, message },
});

describe('peering detectors: where each code fires and where it must not', () => {
  it.each<[string, ClusterInput[], string[]]>([
    // PEER301
    ['no network label', [aWith([peerGateway('b', { network: null })]), b()], ['PEER301']],
    [
      'only status.addresses',
      [aWith([withStatusAddress(peerGateway('b', { address: null }), eastWestAddress('b'))]), b()],
      ['PEER301'],
    ],
    ['no addresses at all', [aWith([peerGateway('b', { address: null })]), b()], ['PEER301']],
    [
      'NodePort without service account',
      [aWith([peerGateway('b', { annotations: NODE_PORT, serviceAccount: '' })]), b()],
      ['PEER301'],
    ],
    [
      'NodePort without cluster label',
      [aWith([peerGateway('b', { annotations: NODE_PORT, clusterLabel: null })]), b()],
      ['PEER301'],
    ],
    [
      'Invalid condition reported by istiod',
      [
        aWith([
          peerGateway('b', {
            conditions: conditions(
              'gloo.solo.io/PeerConnected',
              'False',
              'Invalid',
              'no network started, encountered error validating gateway: no addresses found in gateway',
            ),
          }),
        ]),
        b(),
      ],
      ['PEER301'],
    ],
    [
      'near miss: valid NodePort gateway',
      [aWith([peerGateway('b', { annotations: NODE_PORT })]), b()],
      [],
    ],
    // PEER302
    [
      'PeerConnected False (Pending)',
      [
        aWith([
          peerGateway('b', {
            conditions: conditions(
              'gloo.solo.io/PeerConnected',
              'False',
              'Pending',
              'not connected to peer',
            ),
          }),
        ]),
        b(),
      ],
      ['PEER302'],
    ],
    [
      'near miss: PeerConnected Unknown',
      [
        aWith([
          peerGateway('b', {
            conditions: conditions('gloo.solo.io/PeerConnected', 'Unknown', 'Pending', ''),
          }),
        ]),
        b(),
      ],
      [],
    ],
    // PEER304
    [
      'missing HBONE listener, reported and seen',
      [
        aWith([
          peerGateway('b', {
            listeners: XDS_ONLY,
            conditions: conditions(
              'gloo.solo.io/PeerDataPlaneProgrammed',
              'False',
              'Invalid',
              MISSING_HBONE,
            ),
          }),
        ]),
        b(),
      ],
      ['PEER304'],
    ],
    [
      'NodePort data plane pending',
      [
        aWith([
          peerGateway('b', {
            annotations: NODE_PORT,
            conditions: conditions(
              'gloo.solo.io/PeerDataPlaneProgrammed',
              'False',
              'Pending',
              'peering data plane not programmed for cross-network traffic, no node workload entries generated yet for NodePort peering',
            ),
          }),
        ]),
        b(),
      ],
      ['PEER304'],
    ],
    [
      'near miss: data plane condition carrying a validation error is PEER301',
      [
        aWith([
          peerGateway('b', {
            conditions: conditions(
              'gloo.solo.io/PeerDataPlaneProgrammed',
              'False',
              'Invalid',
              'peering data plane not programmed for cross-network traffic, encountered error validating gateway: no network label found in gateway',
            ),
          }),
        ]),
        b(),
      ],
      ['PEER301'],
    ],
    // PEER305
    ['one-way peering', [aCluster('a', { peers: ['b'] }), aCluster('b')], ['PEER305']],
    [
      'near miss: the other cluster is unreachable',
      [aCluster('a', { peers: ['b'] }), aCluster('b', { reachable: false })],
      [],
    ],
    ['near miss: peer outside the fleet', [aCluster('a', { peers: ['elsewhere'] })], []],
    // PEER306
    [
      'network label disagrees',
      [aWith([peerGateway('b', { network: 'net-x' })]), b()],
      ['PEER306'],
    ],
    [
      'cluster label disagrees (gateway found by address)',
      [aWith([peerGateway('b', { clusterLabel: 'b-typo' })]), b()],
      ['PEER306'],
    ],
    ['address disagrees', [aWith([peerGateway('b', { address: '10.9.9.9' })]), b()], ['PEER306']],
    [
      'service account disagrees',
      [aWith([peerGateway('b', { serviceAccount: 'ztunnel' })]), b()],
      ['PEER306'],
    ],
    [
      'near miss: the peer is unreachable',
      [aWith([peerGateway('b', { address: '10.9.9.9' })]), aCluster('b', { reachable: false })],
      [],
    ],
    [
      'near miss: cluster ID differs from the network and the gateway says so',
      [aWith([peerGateway('b', { clusterLabel: 'id-b' })]), b({ clusterId: 'id-b' })],
      [],
    ],
    // PEER307
    ['no cluster label', [aWith([peerGateway('b', { clusterLabel: null })]), b()], ['PEER307']],
    [
      'near miss: neither label (PEER301 only)',
      [aWith([peerGateway('b', { clusterLabel: null, network: null })]), b()],
      ['PEER301'],
    ],
    [
      'near miss: no cluster label and a network that is not the peer ID (PEER306 only)',
      [aWith([peerGateway('b', { clusterLabel: null })]), b({ clusterId: 'id-b' })],
      ['PEER306'],
    ],
    // PEER308
    [
      'two gateways for one peer',
      [aWith([peerGateway('b'), peerGateway('b', { name: 'b-old' })]), b()],
      ['PEER308'],
    ],
    [
      'near miss: gateways for two peers',
      [aCluster('a', { peers: ['b', 'c'] }), b(), aCluster('c', { peers: ['a'] })],
      [],
    ],
    // PEER309
    ['gateway for itself', [aWith([peerGateway('a')])], ['PEER309']],
    [
      'near miss: the local gateway istiod generates',
      [
        aWith([peerGateway('a')], {
          istiodEnv: { PEERING_AUTOMATIC_LOCAL_GATEWAY: 'true' },
        }),
      ],
      [],
    ],
    // PEER310
    [
      'peered cluster without east-west gateway',
      [aCluster('a', { peers: ['b'] }), b({ eastWest: null })],
      ['PEER310'],
    ],
    [
      'east-west gateway not programmed',
      [
        aCluster('a', { peers: ['b'] }),
        b({ eastWest: eastWestGateway('b', { programmed: false }) }),
      ],
      ['PEER310'],
    ],
    [
      'east-west gateway without address',
      [aCluster('a', { peers: ['b'] }), b({ eastWest: eastWestGateway('b', { address: null }) })],
      ['PEER310'],
    ],
    [
      'east-west gateway without xds-tls listener',
      [
        aCluster('a', { peers: ['b'] }),
        b({ eastWest: eastWestGateway('b', { listeners: HBONE_ONLY }) }),
      ],
      ['PEER310'],
    ],
    ['near miss: cluster that takes no part in peering', [aCluster('a', { eastWest: null })], []],
    // PEER312
    [
      'two clusters share a CLUSTER_ID',
      [aCluster('a', { clusterId: 'same' }), aCluster('b', { clusterId: 'same' })],
      ['PEER312'],
    ],
    ['CLUSTER_ID left at Kubernetes', [aCluster('a', { clusterId: 'Kubernetes' })], ['PEER312']],
    [
      'near miss: an unreachable cluster whose context equals an ID',
      [aCluster('a', { clusterId: 'b' }), aCluster('b', { reachable: false })],
      [],
    ],
    [
      'near miss: IDs that fall back to context names',
      [
        aCluster('a', { clusterId: null, network: null }),
        aCluster('b', { clusterId: null, network: null }),
      ],
      [],
    ],
  ])('%s', (_name, clusters, expected) => {
    expect(codes(...clusters)).toEqual(expected);
  });

  it('a healthy full mesh of three clusters has no peering, trust or control-plane findings', () => {
    const mesh = fullMesh(['c1', 'c2', 'c3']);
    const s = snapshotOf(
      ...Object.entries(mesh).map(([c, peers]) =>
        aCluster(c, { peers, istiodEnv: { PILOT_SKIP_VALIDATE_TRUST_DOMAIN: 'true' } }),
      ),
    );
    expect(analyze(s, [...peeringDetectors, ...trustDetectors, ...controlPlaneDetectors])).toEqual(
      [],
    );
  });
});

const gw = (cluster: string, name: string) => ({
  cluster,
  kind: 'Gateway',
  namespace: 'istio-gateways',
  name,
});
const ew = (cluster: string) => gw(cluster, 'istio-eastwest');
const istiodRef = (cluster: string) => ({
  cluster,
  kind: 'Deployment',
  namespace: 'istio-system',
  name: 'istiod',
});

describe('peering findings in full', () => {
  it('PEER301 quotes istiod and says what to set', () => {
    expect(
      findings(aWith([peerGateway('b', { network: null, address: null })]), b()),
    ).toStrictEqual([
      {
        code: 'PEER301',
        severity: 'error',
        title: 'Invalid remote gateway',
        message:
          'Gateway istio-gateways/istio-remote-peer-b in a is invalid: istiod rejects it with ' +
          '"no network label found in gateway", "no addresses found in gateway"; a starts no ' +
          'peering with b.',
        clusters: ['a', 'b'],
        objects: [gw('a', 'istio-remote-peer-b')],
        fix:
          'On Gateway istio-gateways/istio-remote-peer-b in a: set label ' +
          `topology.istio.io/network=b; set spec.addresses to [{type: IPAddress, value: ${eastWestAddress('b')}}]. ` +
          'Or regenerate it: istioctl multicluster link --from a --to b.',
      },
    ]);
  });

  it('PEER302 points at ports, the peer gateway and trust', () => {
    const gateway = peerGateway('b', {
      conditions: conditions(
        'gloo.solo.io/PeerConnected',
        'False',
        'Pending',
        'not connected to peer',
      ),
    });
    const address = eastWestAddress('b');
    expect(findings(aWith([gateway]), b())).toStrictEqual([
      {
        code: 'PEER302',
        severity: 'error',
        title: 'Peer not connected',
        message:
          'Gateway istio-gateways/istio-remote-peer-b in a is not connected to b: ' +
          'gloo.solo.io/PeerConnected is False (Pending: "not connected to peer"); a discovers ' +
          'nothing from b.',
        clusters: ['a', 'b'],
        objects: [gw('a', 'istio-remote-peer-b')],
        fix:
          `From a, check that ${address}:15012 (xds-tls) and ${address}:15008 (cross-network) ` +
          'are reachable (firewall, load balancer), that Gateway istio-gateways/istio-eastwest ' +
          'in b is programmed, and that both clusters share a root CA and accept each ' +
          "other's trust domain (TRUST601-TRUST603).",
      },
    ]);
  });

  it('PEER304 names the missing listener and the condition once', () => {
    const gateway = peerGateway('b', {
      listeners: XDS_ONLY,
      conditions: conditions(
        'gloo.solo.io/PeerDataPlaneProgrammed',
        'False',
        'Invalid',
        MISSING_HBONE,
      ),
    });
    expect(findings(aWith([gateway]), b())).toStrictEqual([
      {
        code: 'PEER304',
        severity: 'error',
        title: 'Data plane not programmed',
        message:
          'Gateway istio-gateways/istio-remote-peer-b in a: the cross-network data plane to b ' +
          'is not programmed: it has no HBONE listener on port 15008 (listeners: xds-tls ' +
          `15012/TLS); gloo.solo.io/PeerDataPlaneProgrammed is False (Invalid: "${MISSING_HBONE}"). ` +
          'Traffic from a cannot reach endpoints in b.',
        clusters: ['a', 'b'],
        objects: [gw('a', 'istio-remote-peer-b')],
        fix:
          'Add listener {name: cross-network, port: 15008, protocol: HBONE, tls: {mode: ' +
          'Passthrough}} to Gateway istio-gateways/istio-remote-peer-b in a. Or regenerate it: ' +
          'istioctl multicluster link --from a --to b.',
      },
    ]);
  });

  it('PEER305 is reported once per pair with the reverse link', () => {
    expect(findings(aCluster('a', { peers: ['b'] }), aCluster('b'))).toStrictEqual([
      {
        code: 'PEER305',
        severity: 'warning',
        title: 'Asymmetric peering',
        message:
          'a peers with b (Gateway istio-gateways/istio-remote-peer-b) but b has no peer ' +
          'gateway for a: peering is one-way, b does not discover services of a.',
        clusters: ['a', 'b'],
        objects: [gw('a', 'istio-remote-peer-b')],
        fix:
          'Add the reverse link: istioctl multicluster link --from b --to a (applies Gateway ' +
          'istio-gateways/istio-remote-peer-a to b). Leave it if one-way peering is intended.',
      },
    ]);
  });

  it('PEER306 lists every disagreement with found and expected values', () => {
    const gateway = peerGateway('b', {
      network: 'net-x',
      address: '10.9.9.9',
      serviceAccount: 'ztunnel',
    });
    expect(findings(aWith([gateway]), b())).toStrictEqual([
      {
        code: 'PEER306',
        severity: 'error',
        title: 'Remote gateway disagrees with the peer',
        message:
          'Gateway istio-gateways/istio-remote-peer-b in a disagrees with its peer b: network ' +
          'label "net-x" but the istio-system network of b is "b"; address 10.9.9.9 but the ' +
          `east-west gateway of b has ${eastWestAddress('b')}; service account "ztunnel" but ` +
          'the east-west gateway of b is Gateway istio-gateways/istio-eastwest.',
        clusters: ['a', 'b'],
        objects: [
          gw('a', 'istio-remote-peer-b'),
          ew('b'),
          { cluster: 'b', kind: 'Namespace', name: 'istio-system' },
        ],
        fix:
          'Regenerate the link: istioctl multicluster link --from a --to b; or on Gateway ' +
          'istio-gateways/istio-remote-peer-b in a set label topology.istio.io/network=b, ' +
          `spec.addresses[0].value=${eastWestAddress('b')}, annotation ` +
          'gateway.istio.io/service-account=istio-eastwest.',
      },
    ]);
  });

  it('PEER306 finds the peer of a mislabelled gateway by its address', () => {
    const [finding] = findings(aWith([peerGateway('b', { clusterLabel: 'b-typo' })]), b());
    expect(finding).toStrictEqual({
      code: 'PEER306',
      severity: 'error',
      title: 'Remote gateway disagrees with the peer',
      message:
        'Gateway istio-gateways/istio-remote-peer-b in a disagrees with its peer b: cluster ID ' +
        '"b-typo" (from its cluster label) but the cluster ID of b is "b" (istiod CLUSTER_ID).',
      clusters: ['a', 'b'],
      objects: [gw('a', 'istio-remote-peer-b'), istiodRef('b')],
      fix:
        'Regenerate the link: istioctl multicluster link --from a --to b; or on Gateway ' +
        'istio-gateways/istio-remote-peer-b in a set label topology.istio.io/cluster=b.',
    });
  });

  it('PEER307 explains the network fallback', () => {
    expect(findings(aWith([peerGateway('b', { clusterLabel: null })]), b())).toStrictEqual([
      {
        code: 'PEER307',
        severity: 'warning',
        title: 'Cluster label missing on a peer gateway',
        message:
          'Gateway istio-gateways/istio-remote-peer-b in a has no topology.istio.io/cluster ' +
          'label: istiod takes the peer\'s cluster ID from its network label ("b"), which only ' +
          'works while b has a cluster ID equal to its network name.',
        clusters: ['a', 'b'],
        objects: [gw('a', 'istio-remote-peer-b')],
        fix:
          'Set label topology.istio.io/cluster=b on Gateway istio-gateways/istio-remote-peer-b ' +
          'in a. Or regenerate it: istioctl multicluster link --from a --to b.',
      },
    ]);
  });

  it('PEER308 keeps the gateway that addresses the peer', () => {
    const stale = peerGateway('b', { name: 'b-old', address: '10.0.0.1' });
    const result = findings(aWith([peerGateway('b'), stale]), b()).filter(
      (f) => f.code === 'PEER308',
    );
    expect(result).toStrictEqual([
      {
        code: 'PEER308',
        severity: 'warning',
        title: 'Duplicate peer',
        message:
          'a has 2 peer gateways for cluster "b": Gateway istio-gateways/b-old and Gateway ' +
          'istio-gateways/istio-remote-peer-b; istiod logs "multiple gateways for cluster b" ' +
          'and which one it uses is undefined.',
        clusters: ['a', 'b'],
        objects: [gw('a', 'b-old'), gw('a', 'istio-remote-peer-b')],
        fix: 'Keep Gateway istio-gateways/istio-remote-peer-b and delete Gateway istio-gateways/b-old in a.',
      },
    ]);
  });

  it('PEER309 says the gateway is ignored and how to delete it', () => {
    expect(findings(aWith([peerGateway('a')]))).toStrictEqual([
      {
        code: 'PEER309',
        severity: 'info',
        title: 'Self peer',
        message:
          'Gateway istio-gateways/istio-remote-peer-a in a resolves to a itself (cluster ID ' +
          '"a"); istiod ignores it.',
        clusters: ['a'],
        objects: [gw('a', 'istio-remote-peer-a')],
        fix: 'Delete it: kubectl --context a -n istio-gateways delete gateway istio-remote-peer-a.',
      },
    ]);
  });

  it('PEER310 names what is wrong with the east-west gateway and who depends on it', () => {
    const eastWest = eastWestGateway('b', {
      programmed: false,
      address: null,
      listeners: HBONE_ONLY,
    });
    expect(findings(aCluster('a', { peers: ['b'] }), b({ eastWest }))).toStrictEqual([
      {
        code: 'PEER310',
        severity: 'error',
        title: 'East-west gateway missing or not programmed',
        message:
          'The east-west gateway of b is not usable: Gateway istio-gateways/istio-eastwest: ' +
          'Programmed is False (Programmed); it has no status.addresses; it has no xds-tls ' +
          'listener (15012/TLS). Clusters that peer with it (a) cannot connect to it.',
        clusters: ['a', 'b'],
        objects: [ew('b')],
        fix:
          'Re-apply it with istioctl multicluster expose --context b -n istio-gateways --wait ' +
          '(listeners cross-network 15008/HBONE and xds-tls 15012/TLS, both Passthrough), and ' +
          'check that its Service gets a load-balancer address in b.',
      },
    ]);
  });

  it('PEER310 for a missing east-west gateway points at istio-system', () => {
    const [finding] = findings(aCluster('a', { peers: ['b'] }), b({ eastWest: null }));
    expect(finding).toStrictEqual({
      code: 'PEER310',
      severity: 'error',
      title: 'East-west gateway missing or not programmed',
      message:
        'b has no east-west gateway (Gateway of class istio-eastwest), but it takes part in ' +
        'peering. Clusters that peer with it (a) cannot connect to it.',
      clusters: ['a', 'b'],
      objects: [{ cluster: 'b', kind: 'Namespace', name: 'istio-system' }],
      fix: 'Create it: istioctl multicluster expose --context b -n istio-gateways --wait.',
    });
  });

  it('PEER312 reports a shared ID once for all clusters', () => {
    expect(
      findings(aCluster('a', { clusterId: 'same' }), aCluster('b', { clusterId: 'same' })),
    ).toStrictEqual([
      {
        code: 'PEER312',
        severity: 'error',
        title: 'Duplicate or default cluster ID',
        message:
          'a (istiod CLUSTER_ID) and b (istiod CLUSTER_ID) share the cluster ID "same": peer ' +
          'gateways for "same" cannot tell them apart and istiod keys remote clusters by ID, so ' +
          'only one of them is peered.',
        clusters: ['a', 'b'],
        objects: [istiodRef('a'), istiodRef('b')],
        fix:
          'Give each of a and b a unique CLUSTER_ID (global.multiCluster.clusterName in the ' +
          'istiod Helm values), roll out istiod, then relink: istioctl multicluster link ' +
          '--contexts=a,b.',
      },
    ]);
  });

  it('PEER312 flags the default Kubernetes ID', () => {
    const [finding] = findings(aCluster('a', { clusterId: 'Kubernetes' }));
    expect(finding).toStrictEqual({
      code: 'PEER312',
      severity: 'error',
      title: 'Duplicate or default cluster ID',
      message:
        'a uses the default cluster ID "Kubernetes" (istiod CLUSTER_ID): istioctl multicluster ' +
        'expose asks for a unique name and labels the east-west gateway with the network name ' +
        'instead, and clusters left at the default cannot be told apart.',
      clusters: ['a'],
      objects: [istiodRef('a')],
      fix:
        'Set global.multiCluster.clusterName to a unique name (e.g. the context name) in the ' +
        'istiod Helm values of a, roll out istiod, then relink: istioctl multicluster link ' +
        '--contexts=a.',
    });
  });
});
