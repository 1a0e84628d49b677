import { describe, expect, it } from 'vitest';

import type { ClusterInput } from '../model/input';
import type { K8sObject } from '../model/objects';
import { aCluster, globalLabel, objectRef, service, snapshotOf } from '../testing/builders';
import { hostnamesDetectors } from './hostnames';
import { analyze, type Finding } from './index';
import { servicesDetectors } from './services';
import {
  differentEnvironments,
  onboardedCluster,
  transitivePeering,
} from './services/scenarios.fixture';

const SCOPE = 'solo.io/service-scope';
const TAKEOVER = 'solo.io/service-takeover';

const findings = (...clusters: ClusterInput[]): Finding[] =>
  analyze(snapshotOf(...clusters), servicesDetectors);
const codes = (...clusters: ClusterInput[]) => findings(...clusters).map((f) => f.code);
const only = (code: string, ...clusters: ClusterInput[]) =>
  findings(...clusters).filter((f) => f.code === code);

const checkout = (options: Parameters<typeof service>[2] = {}) =>
  service('payments', 'checkout', options);

/** cluster-1 ↔ cluster-2, each running the given Services. */
const peered = (one: K8sObject[], two: K8sObject[]): ClusterInput[] => [
  aCluster('cluster-1', { peers: ['cluster-2'], services: one }),
  aCluster('cluster-2', { peers: ['cluster-1'], services: two }),
];

/** cluster-a ↔ cluster-hub ↔ cluster-c (plus extra peers of cluster-a), each running stock. */
const hub = (aPeers: string[] = ['cluster-hub']): ClusterInput[] => {
  const stock = service('inventory', 'stock', { labels: globalLabel });
  return [
    aCluster('cluster-a', { peers: aPeers, services: [stock] }),
    aCluster('cluster-hub', { peers: ['cluster-a', 'cluster-c'] }),
    aCluster('cluster-c', { peers: ['cluster-hub'], services: [stock] }),
  ];
};

const one = (options: Parameters<typeof aCluster>[1]) => [aCluster('cluster-1', options)];

describe('service detectors fire, and stay quiet on the near miss', () => {
  it.each<[string, ClusterInput[], string[]]>([
    [
      'SVC401 on a Service with an unknown scope',
      one({ services: [checkout({ labels: { [SCOPE]: 'Global' } })] }),
      ['SVC401'],
    ],
    [
      'SVC401 once for a Namespace with an unknown scope, not per Service',
      one({
        namespaceLabels: { payments: { [SCOPE]: 'segmnet' } },
        services: [checkout(), service('payments', 'ledger')],
      }),
      ['SVC401'],
    ],
    ['no SVC401 for a known scope', one({ services: [checkout({ labels: globalLabel })] }), []],
    [
      'SVC402 on global-only',
      one({
        namespaceLabels: { payments: { [SCOPE]: 'global-only' } },
        services: [checkout()],
      }),
      ['SVC402'],
    ],
    [
      'no SVC402 on global plus takeover',
      one({ services: [checkout({ labels: { ...globalLabel, [TAKEOVER]: 'true' } })] }),
      [],
    ],
    [
      'SVC403 on local',
      one({ services: [checkout({ labels: { [SCOPE]: 'local' } })] }),
      ['SVC403'],
    ],
    ['no SVC403 on cluster', one({ services: [checkout({ labels: { [SCOPE]: 'cluster' } })] }), []],
    [
      'SVC404 on takeover without a scope',
      one({ services: [checkout({ labels: { [TAKEOVER]: 'true' } })] }),
      ['SVC404'],
    ],
    [
      'SVC404 once for a takeover Namespace without a scope',
      one({
        namespaceLabels: { payments: { [TAKEOVER]: 'true' } },
        services: [checkout(), service('payments', 'ledger')],
      }),
      ['SVC404'],
    ],
    [
      'no SVC404 for a Service opting out of a global takeover Namespace',
      one({
        namespaceLabels: { payments: { ...globalLabel, [TAKEOVER]: 'true' } },
        services: [checkout(), service('payments', 'ledger', { labels: { [SCOPE]: 'cluster' } })],
      }),
      [],
    ],
    [
      'SVC406 when a peer of the same segment keeps the Service local',
      peered([checkout({ labels: globalLabel })], [checkout()]),
      ['SVC406'],
    ],
    [
      'no SVC406 when the clusters are not peered',
      [
        aCluster('cluster-1', { services: [checkout({ labels: globalLabel })] }),
        aCluster('cluster-2', { services: [checkout()] }),
      ],
      [],
    ],
    [
      'no SVC406 across segments',
      [
        aCluster('cluster-1', {
          peers: ['cluster-2'],
          segmentLabel: 'a',
          segments: [
            ['a', 'a.mesh'],
            ['b', 'b.mesh'],
          ],
          services: [checkout({ labels: globalLabel })],
        }),
        aCluster('cluster-2', {
          peers: ['cluster-1'],
          segmentLabel: 'b',
          segments: [
            ['a', 'a.mesh'],
            ['b', 'b.mesh'],
          ],
          services: [checkout()],
        }),
      ],
      [],
    ],
    [
      'SVC407 when the copies name a port differently',
      peered(
        [checkout({ labels: globalLabel, ports: [{ port: 8080, name: 'http' }] })],
        [checkout({ labels: globalLabel, ports: [{ port: 8080, name: 'http-web' }] })],
      ),
      ['SVC407'],
    ],
    [
      'no SVC407 when the copies agree (port order aside)',
      peered(
        [
          checkout({
            labels: globalLabel,
            ports: [
              { port: 8080, name: 'http' },
              { port: 9090, name: 'grpc' },
            ],
          }),
        ],
        [
          checkout({
            labels: globalLabel,
            ports: [
              { port: 9090, name: 'grpc' },
              { port: 8080, name: 'http' },
            ],
          }),
        ],
      ),
      [],
    ],
    [
      'SVC408 when the copies select different pods',
      peered(
        [checkout({ labels: globalLabel, selector: { app: 'checkout' } })],
        [checkout({ labels: globalLabel, selector: { app: 'checkout-v2' } })],
      ),
      ['SVC408'],
    ],
    [
      'no SVC408 when only one copy carries an owner label',
      peered(
        [checkout({ labels: { ...globalLabel, team: 'payments' } })],
        [checkout({ labels: globalLabel })],
      ),
      [],
    ],
    [
      'SVC409 on a global Namespace without Services',
      one({ namespaceLabels: { payments: globalLabel } }),
      ['SVC409'],
    ],
    [
      'SVC409 on a global Namespace whose only Service opts out',
      one({
        namespaceLabels: { payments: globalLabel },
        services: [checkout({ labels: { [SCOPE]: 'cluster' } })],
      }),
      ['SVC409'],
    ],
    [
      'SVC409 (and SVC410) on a global Namespace with only UDP ports',
      one({
        namespaceLabels: { dns: globalLabel },
        services: [service('dns', 'coredns', { ports: [{ port: 53, protocol: 'UDP' }] })],
      }),
      ['SVC410', 'SVC409'],
    ],
    [
      'no SVC409 on a global Namespace with a TCP Service',
      one({ namespaceLabels: { payments: globalLabel }, services: [checkout()] }),
      [],
    ],
    [
      'SVC410 on an exported Service with a UDP port',
      one({
        services: [
          service('dns', 'coredns', {
            labels: globalLabel,
            ports: [
              { port: 53, name: 'dns', protocol: 'UDP' },
              { port: 53, name: 'dns-tcp' },
            ],
          }),
        ],
      }),
      ['SVC410'],
    ],
    [
      'no SVC410 on a local UDP Service',
      one({ services: [service('dns', 'coredns', { ports: [{ port: 53, protocol: 'UDP' }] })] }),
      [],
    ],
    ['SVC413 at the middle of A–hub–C', hub(), ['SVC413']],
    [
      'no SVC413 when A also peers with C (one direction is enough)',
      hub(['cluster-hub', 'cluster-c']),
      [],
    ],
  ])('%s', (_, fleet, expected) => {
    expect(codes(...fleet)).toStrictEqual(expected);
  });

  it('ignores unreachable clusters: no finding from missing data', () => {
    expect(
      codes(
        aCluster('cluster-1', {
          peers: ['cluster-2'],
          services: [checkout({ labels: globalLabel })],
        }),
        aCluster('cluster-2', { peers: ['cluster-1'], reachable: false }),
      ),
    ).toStrictEqual([]);
  });
});

const ref = objectRef;
const checkoutIn = (cluster: string) => ref(cluster, 'Service', 'checkout', 'payments');

describe('service findings in full', () => {
  it('SVC401 names the Namespace, what it governs and the likely value', () => {
    const [finding] = only(
      'SVC401',
      aCluster('cluster-1', {
        namespaceLabels: { payments: { [SCOPE]: 'segmnet' } },
        services: [checkout(), service('payments', 'ledger')],
      }),
    );
    expect(finding).toStrictEqual({
      code: 'SVC401',
      severity: 'warning',
      title: 'Unknown scope value',
      message:
        'Namespace payments in cluster-1 has solo.io/service-scope="segmnet", which istiod does not recognise: 2 Services without their own label (checkout and ledger) stay cluster-local (not exported to peers); did you mean "segment"?',
      clusters: ['cluster-1'],
      objects: [ref('cluster-1', 'Namespace', 'payments')],
      fix: 'Set solo.io/service-scope=segment on Namespace payments in cluster-1: kubectl --context cluster-1 label namespace payments solo.io/service-scope=segment --overwrite',
    });
  });

  it('SVC402', () => {
    expect(
      only(
        'SVC402',
        aCluster('cluster-1', { services: [checkout({ labels: { [SCOPE]: 'global-only' } })] }),
      ),
    ).toStrictEqual([
      {
        code: 'SVC402',
        severity: 'info',
        title: 'Deprecated global-only',
        message:
          'Service payments/checkout in cluster-1 uses the deprecated solo.io/service-scope=global-only (global scope plus takeover) for the Service.',
        clusters: ['cluster-1'],
        objects: [checkoutIn('cluster-1')],
        fix: 'Replace it on Service payments/checkout in cluster-1 with solo.io/service-scope=global and solo.io/service-takeover=true: kubectl --context cluster-1 -n payments label service checkout solo.io/service-scope=global solo.io/service-takeover=true --overwrite',
      },
    ]);
  });

  it('SVC403', () => {
    expect(
      only(
        'SVC403',
        aCluster('cluster-1', { services: [checkout({ labels: { [SCOPE]: 'local' } })] }),
      ),
    ).toStrictEqual([
      {
        code: 'SVC403',
        severity: 'info',
        title: 'Deprecated local',
        message:
          'Service payments/checkout in cluster-1 uses the deprecated solo.io/service-scope=local (a synonym of cluster) for the Service.',
        clusters: ['cluster-1'],
        objects: [checkoutIn('cluster-1')],
        fix: 'Set solo.io/service-scope=cluster on Service payments/checkout in cluster-1: kubectl --context cluster-1 -n payments label service checkout solo.io/service-scope=cluster --overwrite',
      },
    ]);
  });

  it('SVC404', () => {
    expect(
      only(
        'SVC404',
        aCluster('cluster-1', { services: [checkout({ labels: { [TAKEOVER]: 'true' } })] }),
      ),
    ).toStrictEqual([
      {
        code: 'SVC404',
        severity: 'warning',
        title: 'Takeover without peered scope',
        message:
          'Service payments/checkout in cluster-1 has solo.io/service-takeover=true but it has no solo.io/service-scope (cluster scope): takeover applies only to exported Services, so it has no effect.',
        clusters: ['cluster-1'],
        objects: [checkoutIn('cluster-1')],
        fix: 'Export Service payments/checkout in cluster-1 (kubectl --context cluster-1 -n payments label service checkout solo.io/service-scope=global --overwrite, or segment), or remove the takeover label: kubectl --context cluster-1 -n payments label service checkout solo.io/service-takeover-',
      },
    ]);
  });

  it('SVC406 names the exporting and the local copies once', () => {
    const fleet = [
      aCluster('cluster-1', {
        peers: ['cluster-2', 'cluster-3'],
        namespaceLabels: { payments: globalLabel },
        services: [checkout()],
      }),
      aCluster('cluster-2', {
        peers: ['cluster-1', 'cluster-3'],
        services: [checkout({ labels: globalLabel })],
      }),
      aCluster('cluster-3', { peers: ['cluster-1', 'cluster-2'], services: [checkout()] }),
    ];
    expect(only('SVC406', ...fleet)).toStrictEqual([
      {
        code: 'SVC406',
        severity: 'warning',
        title: 'Inconsistent scope within a segment',
        message:
          'Service payments/checkout in segment "default" is exported in cluster-1 (solo.io/service-scope=global on Namespace payments) and cluster-2 (solo.io/service-scope=global on the Service) but cluster-local in cluster-3 (no solo.io/service-scope), which peers with them: one logical service, exported from some clusters only.',
        clusters: ['cluster-1', 'cluster-2', 'cluster-3'],
        objects: [checkoutIn('cluster-1'), checkoutIn('cluster-2'), checkoutIn('cluster-3')],
        fix: 'Label Service payments/checkout in cluster-3 solo.io/service-scope=global like in cluster-1 and cluster-2 (kubectl --context cluster-3 -n payments label service checkout solo.io/service-scope=global --overwrite), or set solo.io/service-scope=cluster on it in cluster-1 and cluster-2 if it must stay local.',
      },
    ]);
  });

  it('SVC407 is a warning without a protocol conflict', () => {
    expect(
      only(
        'SVC407',
        ...peered(
          [checkout({ labels: globalLabel, type: 'NodePort' })],
          [checkout({ labels: globalLabel, clusterIP: 'None', ports: [{ port: 8080 }] })],
        ),
      ),
    ).toStrictEqual([
      {
        code: 'SVC407',
        severity: 'warning',
        title: 'Inconsistent service definition in an aggregate',
        message:
          'Aggregated service checkout.payments.mesh.internal has conflicting types (NodePort in cluster-1, ClusterIP in cluster-2); conflicting addressing (a cluster IP in cluster-1, headless in cluster-2); conflicting port 8080 names (http in cluster-1, (unnamed) in cluster-2). It merges Service payments/checkout from cluster-1 and cluster-2, as seen in cluster-1 and cluster-2.',
        clusters: ['cluster-1', 'cluster-2'],
        objects: [checkoutIn('cluster-1'), checkoutIn('cluster-2')],
        fix: 'Align the copies of Service payments/checkout in cluster-1 and cluster-2 (type, ports, port names and protocols), or, if they are different apps, put cluster-1 and cluster-2 into separate segments (apply every Segment to every cluster first, then label each istio-system admin.solo.io/segment=<segment>) so each copy gets a hostname of its own.',
      },
    ]);
  });

  it('SVC408 names the differing selectors and owner labels', () => {
    expect(
      only(
        'SVC408',
        ...peered(
          [checkout({ labels: { ...globalLabel, team: 'payments' } })],
          [checkout({ labels: { ...globalLabel, team: 'risk' }, selector: { app: 'fraud' } })],
        ),
      ),
    ).toStrictEqual([
      {
        code: 'SVC408',
        severity: 'warning',
        title: 'Likely unrelated apps aggregated',
        message:
          'Aggregated service checkout.payments.mesh.internal merges Services that look like different apps: selectors differ (app=checkout in cluster-1, app=fraud in cluster-2); label team differs (payments in cluster-1, risk in cluster-2). It merges Service payments/checkout from cluster-1 and cluster-2, as seen in cluster-1 and cluster-2.',
        clusters: ['cluster-1', 'cluster-2'],
        objects: [checkoutIn('cluster-1'), checkoutIn('cluster-2')],
        fix: 'If the copies of Service payments/checkout in cluster-1 and cluster-2 are different apps, put cluster-1 and cluster-2 into separate segments (apply every Segment to every cluster first, then label each istio-system admin.solo.io/segment=<segment>) so each copy gets a hostname of its own; if they are the same app, align their selectors and owner labels.',
      },
    ]);
  });

  it('SVC409', () => {
    expect(
      only(
        'SVC409',
        aCluster('cluster-1', {
          namespaceLabels: { payments: globalLabel },
          services: [checkout({ labels: { [SCOPE]: 'cluster' } })],
        }),
      ),
    ).toStrictEqual([
      {
        code: 'SVC409',
        severity: 'info',
        title: 'Scope label with nothing to export',
        message:
          'Namespace payments in cluster-1 is labelled solo.io/service-scope=global but exports nothing: checkout opts out with its own solo.io/service-scope.',
        clusters: ['cluster-1'],
        objects: [ref('cluster-1', 'Namespace', 'payments'), checkoutIn('cluster-1')],
        fix: 'Remove the label if nothing should be exported (kubectl --context cluster-1 label namespace payments solo.io/service-scope-), or deploy the TCP Services it should export in payments.',
      },
    ]);
  });

  it('SVC410', () => {
    expect(
      only(
        'SVC410',
        aCluster('cluster-1', {
          services: [
            service('dns', 'coredns', {
              labels: { [SCOPE]: 'segment' },
              ports: [
                { port: 53, name: 'dns', protocol: 'UDP' },
                { port: 53, name: 'dns-tcp' },
                { port: 5353, protocol: 'SCTP' },
              ],
            }),
          ],
        }),
      ),
    ).toStrictEqual([
      {
        code: 'SVC410',
        severity: 'warning',
        title: 'Non-TCP ports on a global service',
        message:
          'Service dns/coredns in cluster-1 is exported (segment) but its ports 53/UDP and 5353/SCTP are not: the generated ServiceEntry keeps TCP ports only, so peers cannot reach them.',
        clusters: ['cluster-1'],
        objects: [ref('cluster-1', 'Service', 'coredns', 'dns')],
        fix: 'Serve 53/UDP and 5353/SCTP of Service dns/coredns in cluster-1 over TCP for peers, or stop exporting the Service (kubectl --context cluster-1 -n dns label service coredns solo.io/service-scope=cluster --overwrite).',
      },
    ]);
  });

  it('SVC413 is a warning when the copies agree, naming the middle cluster and its gateways', () => {
    expect(only('SVC413', ...hub())).toStrictEqual([
      {
        code: 'SVC413',
        severity: 'warning',
        title: 'Transitive conflict at a middle cluster',
        message:
          'In cluster-hub, stock.inventory.mesh.internal merges copies of Service inventory/stock from cluster-a and cluster-c, but cluster-a and cluster-c are not peered with each other in either direction, so cluster-a and cluster-c never see this merge.',
        clusters: ['cluster-a', 'cluster-c', 'cluster-hub'],
        objects: [
          ref('cluster-hub', 'Gateway', 'istio-remote-peer-cluster-a', 'istio-gateways'),
          ref('cluster-a', 'Service', 'stock', 'inventory'),
          ref('cluster-c', 'Service', 'stock', 'inventory'),
          ref('cluster-hub', 'Gateway', 'istio-remote-peer-cluster-c', 'istio-gateways'),
        ],
        fix: 'Put cluster-a and cluster-c into separate segments (apply every Segment to every cluster, cluster-hub included, then label each istio-system admin.solo.io/segment=<segment>) so cluster-hub sees one hostname per segment, or peer them in both directions if they run the same app.',
      },
    ]);
  });

  it('SVC413 names every unpeered pair when several meet at the middle', () => {
    const stock = service('inventory', 'stock', { labels: globalLabel });
    const [finding] = only(
      'SVC413',
      aCluster('cluster-a', { peers: ['cluster-b', 'cluster-hub'], services: [stock] }),
      aCluster('cluster-b', { peers: ['cluster-a', 'cluster-hub'], services: [stock] }),
      aCluster('cluster-c', { peers: ['cluster-hub'], services: [stock] }),
      aCluster('cluster-hub', {
        peers: ['cluster-a', 'cluster-b', 'cluster-c'],
        services: [stock],
      }),
    );
    expect(finding?.message).toBe(
      'In cluster-hub, stock.inventory.mesh.internal merges copies of Service inventory/stock from cluster-hub, cluster-a, cluster-b and cluster-c, but cluster-a/cluster-c and cluster-b/cluster-c are not peered with each other in either direction, so cluster-a, cluster-b and cluster-c never see this merge.',
    );
    expect(finding?.clusters).toStrictEqual(['cluster-a', 'cluster-b', 'cluster-c', 'cluster-hub']);
  });

  it('reports an aggregate several viewers share once, listing them', () => {
    const fleet = peered(
      [checkout({ labels: globalLabel })],
      [checkout({ labels: globalLabel, ports: [{ port: 8080, name: 'grpc' }] })],
    );
    const found = only('SVC407', ...fleet);
    expect(found).toHaveLength(1);
    expect(found[0]?.severity).toBe('warning');
    expect(found[0]?.message).toContain('as seen in cluster-1 and cluster-2');
  });

  describe('SVC407 is an error only when a protocol conflict forces TCP on an L7-policied service', () => {
    const l7Policy = (methods: string[]) => ({
      apiVersion: 'security.istio.io/v1',
      kind: 'AuthorizationPolicy',
      metadata: { name: 'checkout-read', namespace: 'payments' },
      spec: {
        selector: { matchLabels: { app: 'checkout' } },
        action: 'ALLOW',
        rules: [{ to: [{ operation: { methods } }] }],
      },
    });
    const fleet = (policy: ReturnType<typeof l7Policy> | undefined, hubCopy: boolean) => [
      aCluster('cluster-a', {
        peers: ['cluster-hub'],
        services: [checkout({ labels: globalLabel, ports: [{ port: 8080, name: 'http' }] })],
        ...(policy ? { objects: [policy] } : {}),
      }),
      aCluster('cluster-c', {
        peers: ['cluster-hub'],
        services: [checkout({ labels: globalLabel, ports: [{ port: 8080, name: 'grpc' }] })],
      }),
      aCluster('cluster-hub', {
        peers: ['cluster-a', 'cluster-c'],
        ...(hubCopy
          ? { services: [checkout({ labels: globalLabel, ports: [{ port: 8080, name: 'http' }] })] }
          : {}),
      }),
    ];
    it.each([
      ['forced to TCP in the hub, L7 rules on the service', l7Policy(['GET']), false, 'error'],
      ['no L7 policy', undefined, false, 'warning'],
      ['a policy without HTTP rules', l7Policy([]), false, 'warning'],
      [
        'every viewer has its own copy, so nothing is forced to TCP',
        l7Policy(['GET']),
        true,
        'warning',
      ],
    ] as const)('%s', (_, policy, hubCopy, severity) => {
      const found = only('SVC407', ...fleet(policy, hubCopy));
      expect(found.length).toBeGreaterThan(0);
      expect([...new Set(found.map((f) => f.severity))]).toStrictEqual([severity]);
    });
  });
});

/** `[code, severity, clusters, hostname named in the message]` for each finding. */
const summary = (found: Finding[]) =>
  found.map((f) => [
    f.code,
    f.severity,
    f.clusters,
    /[\w-]+\.[\w-]+\.mesh\.\w+/.exec(f.message)?.[0],
  ]);

describe('the product brief’s three situations (reference.md §4)', () => {
  it('4.1 onboarded cluster: cluster-3’s different checkout merges with ACME’s', () => {
    const found = findings(...onboardedCluster());
    expect(summary(found)).toStrictEqual([
      [
        'SVC407',
        'warning',
        ['cluster-1', 'cluster-2', 'cluster-3'],
        'checkout.payments.mesh.internal',
      ],
      [
        'SVC408',
        'warning',
        ['cluster-1', 'cluster-2', 'cluster-3'],
        'checkout.payments.mesh.internal',
      ],
    ]);
    expect(found[0]?.message).toContain(
      'conflicting port 8080 names (http in cluster-1 and cluster-2, grpc in cluster-3)',
    );
    expect(found[0]?.message).toContain(
      'conflicting port 8080 protocols (HTTP in cluster-1 and cluster-2, GRPC in cluster-3), so the generated ServiceEntry falls back to TCP',
    );
    expect(found[0]?.fix).toContain('move cluster-3 into its own segment');
  });

  it('4.2 different environments: dev’s orders/api merges into prod', () => {
    expect(summary(findings(...differentEnvironments()))).toStrictEqual([
      ['SVC408', 'warning', ['dev-east', 'prod-east'], 'api.orders.mesh.internal'],
    ]);
  });

  it('4.3 transitive peering: only cluster-hub merges A’s and C’s stock', () => {
    const found = findings(...transitivePeering());
    expect(summary(found)).toStrictEqual([
      [
        'SVC413',
        'error',
        ['cluster-a', 'cluster-c', 'cluster-hub'],
        'stock.inventory.mesh.internal',
      ],
      [
        'SVC407',
        'warning',
        ['cluster-a', 'cluster-c', 'cluster-hub'],
        'stock.inventory.mesh.internal',
      ],
      [
        'SVC408',
        'warning',
        ['cluster-a', 'cluster-c', 'cluster-hub'],
        'stock.inventory.mesh.internal',
      ],
    ]);
    expect(found[0]?.related).toStrictEqual(['SVC407', 'SVC408']);
    expect(found[0]?.message).toContain('The copies differ: port 9090 only in cluster-c.');
  });

  it.each([
    ['4.1', onboardedCluster],
    ['4.2', differentEnvironments],
    ['4.3', transitivePeering],
  ])('%s segmented fix yields no service or hostname finding', (_, scenario) => {
    const fixed = snapshotOf(...scenario(true));
    expect(analyze(fixed, [...servicesDetectors, ...hostnamesDetectors])).toStrictEqual([]);
  });
});
