import { describe, expect, it } from 'vitest';

import type { ClusterInput } from '../model/input';
import {
  aCluster,
  globalLabel,
  httpRoute,
  service,
  serviceEntry,
  snapshotOf,
  objectRef,
} from '../testing/builders';
import { hostnamesDetectors } from './hostnames';
import { analyze, type Finding } from './index';
import { onboardedCluster } from './services/scenarios.fixture';

const findings = (...clusters: ClusterInput[]): Finding[] =>
  analyze(snapshotOf(...clusters), hostnamesDetectors);
const codes = (...clusters: ClusterInput[]) => findings(...clusters).map((f) => f.code);

const checkout = () => service('payments', 'checkout', { labels: globalLabel });
const HOST = 'checkout.payments.mesh.internal';
const generated = serviceEntry('istio-system', 'autogen.payments.checkout', [HOST]);

/** cluster-1 (peering with cluster-2, both running a global checkout) holding `objects`. */
const withObjects = (...objects: ClusterInput['objects']): ClusterInput[] => [
  aCluster('cluster-1', { peers: ['cluster-2'], services: [checkout()], objects }),
  aCluster('cluster-2', { services: [checkout()] }),
];

const both: [string, string][] = [
  ['acme', 'shared.mesh'],
  ['beta', 'shared.mesh'],
];
/** Segments acme and beta share a domain; cluster-3 and cluster-4 see both checkouts. */
const sharedDomain = (domains = both, viewerObjects: ClusterInput['objects'] = []) => [
  aCluster('cluster-1', { segmentLabel: 'acme', segments: domains, services: [checkout()] }),
  aCluster('cluster-2', { segmentLabel: 'beta', segments: domains, services: [checkout()] }),
  aCluster('cluster-3', {
    segments: domains,
    peers: ['cluster-1', 'cluster-2'],
    objects: viewerObjects,
  }),
  aCluster('cluster-4', { segments: domains, peers: ['cluster-1', 'cluster-2'] }),
];

const longSuffix = (suffix: string) => [
  aCluster('cluster-1', {
    istiodEnv: { PEERING_DISCOVERY_SUFFIX: suffix },
    services: [checkout()],
  }),
];

const acme: [string, string][] = [['acme', 'mesh.acme']];
/** cluster-1 and cluster-2 in segment acme: checkout is checkout.payments.mesh.acme. */
const segmented = (objects: ClusterInput['objects'], cluster1: { peers?: string[] } = {}) => [
  aCluster('cluster-1', {
    segmentLabel: 'acme',
    segments: acme,
    peers: ['cluster-2', ...(cluster1.peers ?? [])],
    objects,
  }),
  aCluster('cluster-2', { segmentLabel: 'acme', segments: acme, services: [checkout()] }),
];

describe('hostname detectors fire, and stay quiet on the near miss', () => {
  it.each<[string, ClusterInput[], string[]]>([
    [
      'HOST501: a user ServiceEntry for a global hostname',
      withObjects(serviceEntry('shop', 'legacy', [HOST])),
      ['HOST501'],
    ],
    [
      'HOST501: a user ServiceEntry next to the generated one',
      withObjects(generated, serviceEntry('shop', 'legacy', [HOST])),
      ['HOST501'],
    ],
    [
      'HOST501: two user ServiceEntries for one host',
      withObjects(
        serviceEntry('shop', 'a', ['api.example.com']),
        serviceEntry('shop', 'b', ['api.example.com']),
      ),
      ['HOST501'],
    ],
    [
      'HOST501: a wildcard ServiceEntry over the mesh domain',
      withObjects(serviceEntry('shop', 'catch-all', ['*.mesh.internal'])),
      ['HOST501'],
    ],
    [
      'HOST501: a ServiceEntry for a local Service name',
      withObjects(serviceEntry('shop', 'shadow', ['checkout.payments.svc.cluster.local'])),
      ['HOST501'],
    ],
    ['no HOST501 for the generated ServiceEntry alone', withObjects(generated), []],
    [
      'no HOST501 for a user ServiceEntry of an external host',
      withObjects(generated, serviceEntry('shop', 'stripe', ['api.stripe.com'])),
      [],
    ],
    ['HOST501: two segments with one domain seen together', sharedDomain(), ['HOST501']],
    [
      'HOST501 once, even with both generated ServiceEntries in the viewer',
      sharedDomain(both, [
        serviceEntry('istio-system', 'autogen.acme.payments.checkout', [
          'checkout.payments.shared.mesh',
        ]),
        serviceEntry('istio-system', 'autogen.beta.payments.checkout', [
          'checkout.payments.shared.mesh',
        ]),
      ]),
      ['HOST501'],
    ],
    [
      'no HOST501 for segments with distinct domains',
      sharedDomain([
        ['acme', 'mesh.acme'],
        ['beta', 'mesh.beta'],
      ]),
      [],
    ],
    ['HOST504: a label over 63 characters', longSuffix(`${'x'.repeat(64)}.internal`), ['HOST504']],
    [
      'HOST504: a hostname over 253 characters',
      longSuffix(`${Array.from({ length: 4 }, () => 'y'.repeat(60)).join('.')}.internal`),
      ['HOST504'],
    ],
    ['no HOST504 at the limits', longSuffix(`${'x'.repeat(63)}.internal`), []],
    [
      'HOST505: a route to the old mesh.internal hostname',
      segmented([httpRoute('shop', 'frontend', { backendHosts: [HOST] })]),
      ['HOST505'],
    ],
    [
      'HOST505: a user ServiceEntry for an old hostname',
      segmented([serviceEntry('shop', 'legacy', [HOST])]),
      ['HOST505'],
    ],
    [
      'no HOST505 for a route to the current hostname or an external one',
      segmented([
        httpRoute('shop', 'frontend', {
          hostnames: ['shop.example.com', 'frontend.mesh.internal'],
          backendHosts: ['checkout.payments.mesh.acme'],
        }),
      ]),
      [],
    ],
    [
      'no HOST505 when a peer Segscope cannot read might provide it',
      segmented([httpRoute('shop', 'frontend', { backendHosts: [HOST] })], {
        peers: ['elsewhere'],
      }),
      [],
    ],
  ])('%s', (_, fleet, expected) => {
    expect(codes(...fleet)).toStrictEqual(expected);
  });
});

const ref = objectRef;
const checkoutIn = (cluster: string) => ref(cluster, 'Service', 'checkout', 'payments');

describe('hostname findings in full', () => {
  it('HOST501 for a user ServiceEntry next to a global service', () => {
    expect(
      findings(...withObjects(generated, serviceEntry('shop', 'legacy', [HOST]))),
    ).toStrictEqual([
      {
        code: 'HOST501',
        severity: 'error',
        title: 'Hostname collision',
        message:
          'In cluster-1, host checkout.payments.mesh.internal is exposed by ServiceEntry shop/legacy and generated ServiceEntry istio-system/autogen.payments.checkout: duplicate hosts are resolved unpredictably.',
        clusters: ['cluster-1', 'cluster-2'],
        objects: [
          ref('cluster-1', 'ServiceEntry', 'legacy', 'shop'),
          checkoutIn('cluster-1'),
          ref('cluster-1', 'ServiceEntry', 'autogen.payments.checkout', 'istio-system'),
          checkoutIn('cluster-2'),
        ],
        fix: 'Remove host checkout.payments.mesh.internal from ServiceEntry shop/legacy in cluster-1: the global service already provides it.',
      },
    ]);
  });

  it('HOST501 for two segments sharing a domain, once for both viewers', () => {
    expect(findings(...sharedDomain())).toStrictEqual([
      {
        code: 'HOST501',
        severity: 'error',
        title: 'Hostname collision',
        message:
          'Hostname checkout.payments.shared.mesh names 2 different global services in cluster-3 and cluster-4: segment "acme" (Service payments/checkout from cluster-1) and segment "beta" (Service payments/checkout from cluster-2) both use domain shared.mesh.',
        clusters: ['cluster-1', 'cluster-2', 'cluster-3', 'cluster-4'],
        objects: [checkoutIn('cluster-1'), checkoutIn('cluster-2')],
        fix: 'Give segment "beta" a domain no other segment uses: change spec.domain of Segment beta in every cluster that holds it, so its services get their own hostnames.',
        related: ['SEG105'],
      },
    ]);
  });

  it('HOST504', () => {
    const label = 'x'.repeat(64);
    expect(findings(...longSuffix(`${label}.internal`))).toStrictEqual([
      {
        code: 'HOST504',
        severity: 'error',
        title: 'Hostname too long',
        message: `Generated hostname checkout.payments.${label}.internal (Service payments/checkout from cluster-1, segment "default") has the label "${label}" of 64 characters, over the DNS limit of 63; seen in cluster-1.`,
        clusters: ['cluster-1'],
        objects: [
          checkoutIn('cluster-1'),
          ref('cluster-1', 'Deployment', 'istiod', 'istio-system'),
        ],
        fix: `Use a shorter PEERING_DISCOVERY_SUFFIX for istiod in cluster-1 (the default segment's domain ${label}.internal), or a shorter Service or namespace name.`,
      },
    ]);
  });

  it('HOST505 points at the current hostname', () => {
    expect(
      findings(
        ...segmented([
          httpRoute('shop', 'frontend', {
            hostnames: [HOST],
            backendHosts: [HOST, 'ledger.payments.mesh.acme'],
          }),
        ]),
      ),
    ).toStrictEqual([
      {
        code: 'HOST505',
        severity: 'warning',
        title: 'Stale hostname reference',
        message:
          'HTTPRoute shop/frontend in cluster-1 names checkout.payments.mesh.internal in spec.hostnames and as a backendRef of kind Hostname, but no global service has that hostname in cluster-1; Service payments/checkout is now checkout.payments.mesh.acme there.',
        clusters: ['cluster-1'],
        objects: [ref('cluster-1', 'HTTPRoute', 'frontend', 'shop')],
        fix: 'Replace checkout.payments.mesh.internal with checkout.payments.mesh.acme in HTTPRoute shop/frontend in cluster-1.',
      },
      {
        code: 'HOST505',
        severity: 'warning',
        title: 'Stale hostname reference',
        message:
          'HTTPRoute shop/frontend in cluster-1 names ledger.payments.mesh.acme as a backendRef of kind Hostname, but no global service has that hostname in cluster-1, and Service payments/ledger is not a global service there.',
        clusters: ['cluster-1'],
        objects: [ref('cluster-1', 'HTTPRoute', 'frontend', 'shop')],
        fix: 'Point HTTPRoute shop/frontend in cluster-1 at a current global hostname, or export Service payments/ledger to cluster-1 (label it solo.io/service-scope=global where it runs, in cluster-1 or a peer).',
      },
    ]);
  });

  it('HOST505 after the segmented fix of 4.1, for a route still on mesh.internal', () => {
    const [one, ...rest] = onboardedCluster(true);
    const route = httpRoute('shop', 'frontend', { backendHosts: [HOST] });
    const found = findings({ ...one!, objects: [...one!.objects, route] }, ...rest);
    expect(found.map((f) => [f.code, f.clusters, f.fix])).toStrictEqual([
      [
        'HOST505',
        ['cluster-1'],
        'Replace checkout.payments.mesh.internal with the hostname of the intended segment (checkout.payments.mesh.acme and checkout.payments.mesh.acquired) in HTTPRoute shop/frontend in cluster-1.',
      ],
    ]);
  });
});

describe('ServiceEntries and HTTPRoutes in the model', () => {
  it('reads hosts, marks istiod’s autogen ServiceEntries and keeps Hostname backends only', () => {
    const route = httpRoute('shop', 'frontend', {
      hostnames: ['shop.example.com'],
      backendHosts: [HOST, HOST],
    });
    (route.spec as { rules: { backendRefs: unknown[] }[] }).rules[0]!.backendRefs.push({
      kind: 'Service',
      name: 'frontend',
      port: 80,
    });
    const [cluster] = snapshotOf(
      aCluster('cluster-1', {
        objects: [generated, serviceEntry('shop', 'autogen.not-really', ['a.example.com']), route],
      }),
    ).clusters;
    expect([cluster?.serviceEntries, cluster?.httpRoutes]).toStrictEqual([
      [
        {
          ref: ref('cluster-1', 'ServiceEntry', 'autogen.payments.checkout', 'istio-system'),
          hosts: [HOST],
          generated: true,
        },
        {
          ref: ref('cluster-1', 'ServiceEntry', 'autogen.not-really', 'shop'),
          hosts: ['a.example.com'],
          generated: false,
        },
      ],
      [
        {
          ref: ref('cluster-1', 'HTTPRoute', 'frontend', 'shop'),
          hostnames: ['shop.example.com'],
          backendHosts: [HOST],
        },
      ],
    ]);
  });
});
