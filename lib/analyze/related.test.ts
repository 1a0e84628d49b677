// One story per root cause (findings.md, last paragraph): where one situation raises two codes,
// both findings are reported, each lists the other in `related`, and their fixes agree; where only
// one says something the user needs, the other stays silent. One test per pair of codes, on the
// whole analysis (every detector), plus a property on random fleets that links go both ways.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { buildSnapshot } from '../model/build-snapshot';
import type { ClusterInput } from '../model/input';
import {
  aCluster,
  CONNECTED,
  eastWestAddress,
  globalLabel,
  httpRoute,
  peerGateway,
  segment,
  service,
  snapshotOf,
  VALIDATING_TRUST,
} from '../testing/builders';
import { fleetArb } from '../testing/random-fleet';
import { analyze, type Finding, type FindingCode } from '.';

const analysed = (...clusters: ClusterInput[]) => analyze(snapshotOf(...clusters));

/** The one finding of this code (fails when there is none or several). */
function one(findings: Finding[], code: FindingCode): Finding {
  const found = findings.filter((f) => f.code === code);
  expect(
    found.map((f) => f.message),
    `exactly one ${code}`,
  ).toHaveLength(1);
  return found[0]!;
}

/** Both findings are reported and each names the other's code in `related`. */
function expectLinked(findings: Finding[], a: FindingCode, b: FindingCode): [Finding, Finding] {
  const fa = one(findings, a);
  const fb = one(findings, b);
  expect(fa.related ?? [], `${a} links ${b}`).toContain(b);
  expect(fb.related ?? [], `${b} links ${a}`).toContain(a);
  return [fa, fb];
}

const NOT_CONNECTED = {
  ...CONNECTED,
  'gloo.solo.io/PeerConnected': {
    status: 'False',
    reason: 'ConnectionFailed',
    message: 'not connected to peer',
  },
};

/** a holds a gateway for b that is not connected; b peers back normally unless told otherwise. */
const disconnected = (
  b: Parameters<typeof aCluster>[1] = {},
  gateway: Parameters<typeof peerGateway>[1] = {},
) => [
  aCluster('a', { objects: [peerGateway('b', { conditions: NOT_CONNECTED, ...gateway })] }),
  aCluster('b', { peers: ['a'], ...b }),
];

const FIREWALL = /firewall/;
const DEV: [string, string] = ['dev', 'dev.mesh'];

describe('PEER302 names the cause of the broken connection and takes its fix', () => {
  it('CP701 on the peer: the fix is the peer istiod, not firewalls', () => {
    const found = analysed(...disconnected({ istiodEnv: { ENABLE_PEERING_DISCOVERY: 'false' } }));
    const [notConnected, disabled] = expectLinked(found, 'PEER302', 'CP701');
    expect(notConnected.message).toContain('istiod in b has peering discovery disabled (CP701)');
    expect(notConnected.fix).toBe(disabled.fix);
    expect(notConnected.fix).toContain(
      'platforms.peering.enabled: true in the istiod Helm values of b',
    );
    expect(notConnected.fix).not.toMatch(FIREWALL);
  });

  it('CP701 on the holder of the gateway', () => {
    const found = analysed(
      aCluster('a', {
        istiodEnv: { ENABLE_PEERING_DISCOVERY: 'false' },
        objects: [peerGateway('b', { conditions: NOT_CONNECTED })],
      }),
      aCluster('b', { peers: ['a'] }),
    );
    const [notConnected, disabled] = expectLinked(found, 'PEER302', 'CP701');
    expect(disabled.clusters).toEqual(['a']);
    expect(notConnected.fix).toBe(disabled.fix);
  });

  it('CP703 on the peer: the fix labels its istio-system', () => {
    const found = analysed(...disconnected({ network: null }));
    const [notConnected, unlabelled] = expectLinked(found, 'PEER302', 'CP703');
    expect(notConnected.fix).toBe(unlabelled.fix);
    expect(notConnected.fix).toContain('label namespace istio-system topology.istio.io/network=b');
  });

  it('PEER306: a gateway with the wrong address is regenerated, as PEER306 says', () => {
    const found = analysed(...disconnected({}, { address: '10.9.9.9' }));
    const [notConnected, disagrees] = expectLinked(found, 'PEER302', 'PEER306');
    expect(notConnected.fix).toBe(disagrees.fix);
    expect(notConnected.fix).toContain('istioctl multicluster link --from a --to b');
  });

  it('PEER310: the peer has no east-west gateway', () => {
    const found = analysed(...disconnected({ eastWest: null }, { address: '10.9.9.9' }));
    const notConnected = one(found, 'PEER302');
    const eastWest = found.find((f) => f.code === 'PEER310' && f.clusters[0] === 'a');
    expect(eastWest?.related).toContain('PEER302');
    expect(notConnected.related).toContain('PEER310');
    expect(notConnected.fix).toContain(`In b: ${eastWest?.fix ?? ''}`);
  });

  it('TRUST601: the clusters trust different root CAs', () => {
    const other = '-----BEGIN CERTIFICATE-----\nMIIBotherROOT\n-----END CERTIFICATE-----\n';
    const found = analysed(...disconnected({ rootPem: other }));
    const [notConnected, roots] = expectLinked(found, 'PEER302', 'TRUST601');
    expect(notConnected.fix).toBe(roots.fix);
    expect(notConnected.fix).not.toMatch(FIREWALL);
  });

  it('TRUST603: distinct trust domains nobody accepts', () => {
    const found = analysed(
      aCluster('a', {
        istiodEnv: VALIDATING_TRUST,
        objects: [peerGateway('b', { conditions: NOT_CONNECTED })],
      }),
      aCluster('b', { peers: ['a'], istiodEnv: VALIDATING_TRUST }),
    );
    const [notConnected, domains] = expectLinked(found, 'PEER302', 'TRUST603');
    expect(notConnected.fix).toBe(domains.fix);
  });

  it('TRUST602: the gateway names the wrong trust domain', () => {
    const found = analysed(...disconnected({}, { trustDomain: 'elsewhere.local' }));
    const [notConnected, annotation] = expectLinked(found, 'PEER302', 'TRUST602');
    expect(notConnected.fix).toBe(annotation.fix);
  });

  it('without a known cause, the fix stays the checklist', () => {
    const found = analysed(...disconnected());
    expect(one(found, 'PEER302').related).toBeUndefined();
    expect(one(found, 'PEER302').fix).toMatch(FIREWALL);
  });
});

describe('one invalid peer gateway, one story', () => {
  it('PEER301 alone, not PEER302: an invalid gateway cannot connect', () => {
    const found = analysed(...disconnected({}, { network: null }));
    one(found, 'PEER301');
    expect(found.map((f) => f.code)).not.toContain('PEER302');
  });

  it('PEER301 and PEER305 agree: no peering starts, and the reverse link is missing', () => {
    const found = analysed(
      aCluster('a', { objects: [peerGateway('b', { network: null })] }),
      aCluster('b'),
    );
    const [invalid, asymmetric] = expectLinked(found, 'PEER301', 'PEER305');
    expect(invalid.message).toContain('a starts no peering with b');
    expect(asymmetric.message).not.toContain('peers with');
    expect(asymmetric.message).toContain('invalid: PEER301, so no peering starts');
    const bothWays = 'istioctl multicluster link --contexts=a,b';
    expect(invalid.fix).toContain(bothWays);
    expect(asymmetric.fix).toContain(bothWays);
  });

  it('a valid gateway still peers one way: PEER305 unchanged, no PEER301', () => {
    const found = analysed(aCluster('a', { peers: ['b'] }), aCluster('b'));
    expect(one(found, 'PEER305').message).toContain('a peers with b');
    expect(one(found, 'PEER305').related).toBeUndefined();
  });

  it('PEER301, PEER304 and PEER307: the problems of one hand-written gateway are linked', () => {
    const found = analysed(
      aCluster('a', {
        objects: [
          peerGateway('b', {
            address: null,
            clusterLabel: null,
            listeners: [{ name: 'xds-tls', port: 15012, protocol: 'TLS' }],
          }),
        ],
      }),
      aCluster('b', { peers: ['a'] }),
    );
    expectLinked(found, 'PEER301', 'PEER304');
    expectLinked(found, 'PEER301', 'PEER307');
  });

  it('PEER302 and PEER304: a data plane that waits for the connection points at it', () => {
    const found = analysed(
      ...disconnected(
        {},
        {
          conditions: {
            ...NOT_CONNECTED,
            'gloo.solo.io/PeerDataPlaneProgrammed': {
              status: 'False',
              reason: 'NotProgrammed',
              message: 'peer not connected',
            },
          },
        },
      ),
    );
    const [, dataPlane] = expectLinked(found, 'PEER302', 'PEER304');
    expect(dataPlane.fix).toContain('Fix the connection first (PEER302)');
  });
});

describe('cluster IDs', () => {
  /** a and b both have CLUSTER_ID "shared". */
  const sharing = (aObjects: ClusterInput['objects'], c?: ClusterInput) => [
    aCluster('a', { clusterId: 'shared', objects: aObjects }),
    aCluster('b', { clusterId: 'shared' }),
    ...(c ? [c] : []),
  ];

  it('PEER309 and PEER312: a self peer caused by a shared ID', () => {
    const found = analysed(
      ...sharing([
        peerGateway('shared', { name: 'istio-remote-peer-b', address: eastWestAddress('b') }),
      ]),
    );
    const [self, ids] = expectLinked(found, 'PEER309', 'PEER312');
    expect(self.fix).toContain('unique cluster IDs (PEER312)');
    expect(ids.fix).toContain('unique CLUSTER_ID');
  });

  it('PEER308 and PEER312: two gateways for one ID are not a duplicate to delete', () => {
    const found = analysed(
      ...sharing(
        [],
        aCluster('c', {
          objects: [
            peerGateway('shared', { name: 'to-a', address: eastWestAddress('a') }),
            peerGateway('shared', { name: 'to-b', address: eastWestAddress('b') }),
          ],
        }),
      ),
    );
    const [duplicate] = expectLinked(found, 'PEER308', 'PEER312');
    expect(duplicate.fix).toContain('unique cluster IDs (PEER312)');
    expect(duplicate.fix).not.toMatch(/^Keep /);
  });

  it('PEER308 without a shared ID still says which gateway to keep', () => {
    const found = analysed(
      aCluster('a', {
        objects: [peerGateway('b'), peerGateway('b', { name: 'old-b', address: '10.1.1.1' })],
      }),
      aCluster('b', { peers: ['a'] }),
    );
    expect(one(found, 'PEER308').fix).toMatch(/^Keep Gateway istio-gateways\/istio-remote-peer-b/);
    expect(one(found, 'PEER308').related).toBeUndefined();
  });
});

describe('segments', () => {
  it('SEG201 and SEG104: the Segment is there, in the wrong namespace; both say move it', () => {
    const found = analysed(
      aCluster('c1', { segmentLabel: 'dev', segments: [DEV], peers: ['c2'] }),
      aCluster('c2', {
        peers: ['c1'],
        segments: [segment('dev', 'dev.mesh', { namespace: 'apps' })],
      }),
    );
    const [missing, misplaced] = expectLinked(found, 'SEG201', 'SEG104');
    expect(missing.message).toContain('Segment apps/dev in c2 is ignored');
    expect(missing.fix).toBe(
      'Move Segment apps/dev to istio-system in c2: apply Segment "dev" (domain dev.mesh) to ' +
        'namespace istio-system, then delete Segment apps/dev.',
    );
    expect(misplaced.fix).toBe(missing.fix);
    expect(missing.objects).toContainEqual({
      cluster: 'c2',
      kind: 'Segment',
      namespace: 'apps',
      name: 'dev',
    });
  });

  it('SEG204 agrees with SEG201 and SEG104: the ignored copy is moved', () => {
    const status = {
      local: true,
      peers: [{ clusterName: 'c1', status: 'Rejected', reason: 'SegmentNotFound' }],
      rejectedPeers: 1,
    };
    const found = analysed(
      aCluster('c1', { segmentLabel: 'dev', segments: [DEV, ['qa', 'qa.mesh']], peers: ['c2'] }),
      aCluster('c2', {
        segmentLabel: 'qa',
        peers: ['c1'],
        segments: [
          segment('qa', 'qa.mesh', { status }),
          segment('dev', 'dev.mesh', { namespace: 'apps' }),
        ],
      }),
    );
    const [, rejected] = expectLinked(found, 'SEG201', 'SEG204');
    expectLinked(found, 'SEG201', 'SEG104');
    expect(rejected.fix).toContain(
      'move Segment apps/dev to istio-system in c2 with domain dev.mesh (SEG104)',
    );
  });

  it('SEG201 and SEG203: the viewer lacks the Segment it is labelled with; one fix', () => {
    const found = analysed(
      aCluster('c1', { segmentLabel: 'dev', segments: [DEV], peers: ['c2'] }),
      aCluster('c2', { segmentLabel: 'dev', peers: ['c1'] }),
    );
    const [missing, assigned] = expectLinked(found, 'SEG201', 'SEG203');
    expect(missing.message).toContain('c2 is itself labelled admin.solo.io/segment=dev');
    expect(missing.fix).toBe('Apply Segment "dev" (domain dev.mesh) to c2.');
    expect(assigned.fix).toMatch(/^Apply Segment "dev" \(domain dev\.mesh\) to c2; /);
    expect(assigned.fix).not.toContain('or correct the');
  });

  it('SEG104 and SEG203 stay linked both ways', () => {
    const found = analysed(
      aCluster('c1', {
        segmentLabel: 'dev',
        segments: [segment('dev', 'dev.mesh', { namespace: 'apps' })],
      }),
    );
    const [misplaced, assigned] = expectLinked(found, 'SEG104', 'SEG203');
    expect(assigned.fix.startsWith(misplaced.fix.slice(0, -1))).toBe(true);
  });

  it('SEG201 and SEG202: the missing Segment is applied with the domain SEG202 keeps', () => {
    const found = analysed(
      aCluster('c1', { segmentLabel: 'dev', segments: [DEV], peers: ['c2'] }),
      aCluster('c2', { peers: ['c1'] }),
      aCluster('c3', { segments: [['dev', 'dev.other']] }),
    );
    const [missing, domains] = expectLinked(found, 'SEG201', 'SEG202');
    expect(missing.fix).toBe('Apply Segment "dev" (domain dev.mesh) to c2.');
    expect(domains.fix).toContain('to "dev.mesh" in c3');
  });

  it('SEG201 and SEG204: the status of the rejection is linked to its cause', () => {
    const status = {
      local: true,
      peers: [{ clusterName: 'c1', status: 'Rejected', reason: 'SegmentNotFound' }],
      rejectedPeers: 1,
    };
    const found = analysed(
      aCluster('c1', { segmentLabel: 'dev', segments: [DEV, ['qa', 'qa.mesh']], peers: ['c2'] }),
      aCluster('c2', {
        segmentLabel: 'qa',
        segments: [segment('qa', 'qa.mesh', { status })],
        peers: ['c1'],
      }),
    );
    const [missing, rejected] = expectLinked(found, 'SEG201', 'SEG204');
    expect(rejected.fix).toContain('apply Segment "dev" (domain dev.mesh) to c2');
    expect(missing.fix).toBe('Apply Segment "dev" (domain dev.mesh) to c2.');
  });

  it("SEG202 and SEG204: both set the members' domain in the rejecting cluster", () => {
    const status = {
      local: false,
      peers: [{ clusterName: 'c1', status: 'Rejected', reason: 'HostnameMismatch' }],
      rejectedPeers: 1,
    };
    const found = analysed(
      aCluster('c1', { segmentLabel: 'dev', segments: [DEV], peers: ['c2'] }),
      aCluster('c2', {
        segments: [segment('dev', 'dev.other', { status })],
        peers: ['c1'],
      }),
    );
    const [domains, rejected] = expectLinked(found, 'SEG202', 'SEG204');
    expect(domains.fix).toContain('to "dev.mesh" in c2');
    expect(rejected.fix).toContain('set spec.domain of Segment "dev" to "dev.mesh" in c2');
  });

  it('SEG206 is silent about a Segment SEG201 already asks for', () => {
    const found = analysed(
      aCluster('c1', { segmentLabel: 'dev', segments: [DEV], peers: ['c2'] }),
      aCluster('c2', { peers: ['c1'] }),
    );
    one(found, 'SEG201');
    expect(found.map((f) => f.code)).not.toContain('SEG206');
  });

  it('SEG206 and SEG202: the one-sided Segment waits for the domain SEG202 settles', () => {
    const found = analysed(
      aCluster('c1', { segments: [['qa', 'qa.mesh']], peers: ['c2'] }),
      aCluster('c2', { peers: ['c1'] }),
      aCluster('c3', { segments: [['qa', 'qa.other']] }),
    );
    expectLinked(found, 'SEG206', 'SEG202');
  });

  it('SEG205 and SEG206: an unused one-sided Segment is applied everywhere or deleted', () => {
    const found = analysed(
      aCluster('c1', { segments: [['qa', 'qa.mesh']], peers: ['c2'] }),
      aCluster('c2', { peers: ['c1'] }),
    );
    const [unused, divergent] = expectLinked(found, 'SEG205', 'SEG206');
    expect(unused.fix).toContain('delete Segment istio-system/qa from c1');
    expect(unused.fix).toContain('apply it to every cluster peered with c1 (SEG206)');
    expect(divergent.fix).toContain('apply Segment "qa" (domain qa.mesh) to c2');
    expect(divergent.fix).toContain('or delete Segment "qa" from every cluster');
  });

  it('SEG208 and PEER305: the missing direction, with one command', () => {
    const found = analysed(
      aCluster('c1', { segmentLabel: 'dev', segments: [DEV], peers: ['c2'] }),
      aCluster('c2', { segmentLabel: 'dev', segments: [DEV] }),
    );
    const [meshed, asymmetric] = expectLinked(found, 'SEG208', 'PEER305');
    const command = 'istioctl multicluster link --from c2 --to c1';
    expect(meshed.fix).toContain(command);
    expect(asymmetric.fix).toContain(command);
  });
});

describe('hostnames', () => {
  const checkout = () => service('payments', 'checkout', { labels: globalLabel });

  it('HOST501 and SEG105: the segment to change is the one SEG105 does not keep', () => {
    const shared: [string, string][] = [
      ['alpha', 'shared.mesh'],
      ['zeta', 'shared.mesh'],
    ];
    const found = analysed(
      aCluster('c1', { segmentLabel: 'zeta', segments: shared, services: [checkout()] }),
      aCluster('c2', { segmentLabel: 'zeta', segments: shared }),
      aCluster('c3', { segmentLabel: 'alpha', segments: shared, services: [checkout()] }),
      aCluster('c4', { segments: shared, peers: ['c1', 'c3'] }),
    );
    const [collision, domain] = expectLinked(found, 'HOST501', 'SEG105');
    expect(domain.fix).toContain('Keep "shared.mesh" for segment "zeta"');
    expect(collision.fix).toMatch(/^Give segment "alpha" a domain/);
  });

  it('HOST504 and SEG101: a Segment domain the CRD rejects makes hostnames too long', () => {
    const long: [string, string] = ['dev', `${'x'.repeat(64)}.mesh`];
    const found = analysed(
      aCluster('c1', { segmentLabel: 'dev', segments: [long], services: [checkout()] }),
      aCluster('c2', { segmentLabel: 'dev', segments: [long], peers: ['c1'] }),
    );
    const [tooLong, invalid] = expectLinked(found, 'HOST504', 'SEG101');
    expect(tooLong.fix).toContain('change spec.domain of Segment dev');
    expect(invalid.fix).toContain('Set spec.domain of Segment istio-system/dev');
  });

  it('HOST505 and SEG201: a right reference waits for the missing Segment', () => {
    const found = analysed(
      aCluster('c1', {
        segmentLabel: 'dev',
        segments: [DEV],
        peers: ['c2'],
        services: [checkout()],
      }),
      aCluster('c2', {
        peers: ['c1'],
        objects: [
          httpRoute('shop', 'to-checkout', { backendHosts: ['checkout.payments.dev.mesh'] }),
        ],
      }),
    );
    const [stale, missing] = expectLinked(found, 'HOST505', 'SEG201');
    expect(stale.fix).toContain('Keep checkout.payments.dev.mesh');
    expect(stale.fix).toContain('apply Segment "dev" (domain dev.mesh) to c2 (SEG201)');
    expect(missing.fix).toBe('Apply Segment "dev" (domain dev.mesh) to c2.');
  });

  it("HOST505 and SEG202: the reference names the members' domain", () => {
    const found = analysed(
      aCluster('c1', {
        segmentLabel: 'dev',
        segments: [DEV],
        peers: ['c2'],
        services: [checkout()],
      }),
      aCluster('c2', {
        peers: ['c1'],
        segments: [['dev', 'dev.other']],
        objects: [
          httpRoute('shop', 'to-checkout', { backendHosts: ['checkout.payments.dev.mesh'] }),
        ],
      }),
    );
    const [stale, domains] = expectLinked(found, 'HOST505', 'SEG202');
    expect(stale.fix).toContain('set spec.domain of Segment "dev" to "dev.mesh" in c2 (SEG202)');
    expect(domains.fix).toContain('to "dev.mesh" in c2');
  });
});

describe('links go both ways (random fleets)', () => {
  it('every related code names a finding that links back', () => {
    fc.assert(
      fc.property(fleetArb, (input) => {
        const found = analyze(buildSnapshot(input));
        for (const f of found)
          for (const code of f.related ?? []) {
            const back = found.some((g) => g.code === code && (g.related ?? []).includes(f.code));
            expect(back, `${f.code} links ${code}, which does not link back: ${f.message}`).toBe(
              true,
            );
          }
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 150) },
    );
  });
});
