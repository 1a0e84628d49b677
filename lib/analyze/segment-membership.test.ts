import { describe, expect, it } from 'vitest';

import type { ObjectRef } from '../model/objects';
import type { FleetSnapshot } from '../model/snapshot';
import { aCluster, fullMesh, segment, snapshotOf } from '../testing/builders';
import { analyze, type Finding, type FindingCode } from './index';
import { segmentMembershipDetectors } from './segment-membership';

const findingsOf = (snapshot: FleetSnapshot) => analyze(snapshot, segmentMembershipDetectors);
const codesOf = (findings: Finding[]) => findings.map((f) => f.code);

const segmentRef = (cluster: string, name: string): ObjectRef => ({
  cluster,
  kind: 'Segment',
  namespace: 'istio-system',
  name,
});
const systemNs = (cluster: string): ObjectRef => ({
  cluster,
  kind: 'Namespace',
  name: 'istio-system',
});
const gatewayRef = (cluster: string, peer: string): ObjectRef => ({
  cluster,
  kind: 'Gateway',
  namespace: 'istio-gateways',
  name: `istio-remote-peer-${peer}`,
});

const DEV: [string, string] = ['dev', 'dev.mesh'];
const PROD: [string, string] = ['prod', 'prod.mesh'];
const QA: [string, string] = ['qa', 'qa.mesh'];

const prodStatus = (peer: { clusterName: string; status: string; reason?: string }) =>
  segment('prod', 'prod.mesh', {
    status: {
      conditions: [{ type: 'Local', status: 'True', reason: 'LocalCluster' }],
      peers: [{ hostname: 'dev.mesh', ...peer }],
      ...(peer.status === 'Rejected' ? { rejectedPeers: 1 } : { connectedPeers: 1 }),
    },
  });

const fleets = {
  /** y peers with x (segment dev) but holds no Segment dev. */
  peerSegmentMissing: snapshotOf(
    aCluster('x', { segmentLabel: 'dev', segments: [DEV], peers: ['y'] }),
    aCluster('y', { peers: ['x'] }),
  ),
  peerSegmentHeld: snapshotOf(
    aCluster('x', { segmentLabel: 'dev', segments: [DEV], peers: ['y'] }),
    aCluster('y', { segments: [DEV], peers: ['x'] }),
  ),
  twoPeersMissing: snapshotOf(
    aCluster('x1', { segmentLabel: 'dev', segments: [DEV], peers: ['x2', 'y'] }),
    aCluster('x2', { segmentLabel: 'dev', segments: [DEV], peers: ['x1', 'y'] }),
    aCluster('y', { peers: ['x1', 'x2'] }),
  ),
  /** cluster2 holds prod with another domain than its member cluster1. */
  domainMismatch: snapshotOf(
    aCluster('cluster1', { segmentLabel: 'prod', segments: [PROD], peers: ['cluster2'] }),
    aCluster('cluster2', { segments: [['prod', 'prod.example']], peers: ['cluster1'] }),
  ),
  domainMismatchUnpeered: snapshotOf(
    aCluster('c1', { segments: [PROD] }),
    aCluster('c2', { segments: [['prod', 'prod.example']] }),
  ),
  labelWithoutSegment: snapshotOf(aCluster('c1', { segmentLabel: 'dev' })),
  labelWithMisplacedSegment: snapshotOf(
    aCluster('c1', {
      segmentLabel: 'dev',
      segments: [segment('dev', 'dev.mesh', { namespace: 'apps' })],
    }),
    aCluster('c2', { segments: [DEV] }),
  ),
  /** c2 (prod) lacks dev, rejects c1 and its status says so. */
  rejectedInStatus: snapshotOf(
    aCluster('c1', { segmentLabel: 'dev', segments: [DEV, PROD], peers: ['c2'] }),
    aCluster('c2', {
      segmentLabel: 'prod',
      segments: [prodStatus({ clusterName: 'c1', status: 'Rejected', reason: 'HostnameMismatch' })],
      peers: ['c1'],
    }),
  ),
  connectedInStatus: snapshotOf(
    aCluster('c1', { segmentLabel: 'dev', segments: [DEV, PROD], peers: ['c2'] }),
    aCluster('c2', {
      segmentLabel: 'prod',
      segments: [DEV, prodStatus({ clusterName: 'c1', status: 'Connected' })],
      peers: ['c1'],
    }),
  ),
  unusedSegment: snapshotOf(
    aCluster('c1', { segmentLabel: 'dev', segments: [DEV, QA], peers: ['c2'] }),
    aCluster('c2', { segments: [DEV, QA], peers: ['c1'] }),
  ),
  /** c1 (qa) discovers c2 (dev); c2 lacks qa but does not peer back, so nothing is rejected yet. */
  divergentSets: snapshotOf(
    aCluster('c1', { segmentLabel: 'qa', segments: [DEV, QA], peers: ['c2'] }),
    aCluster('c2', { segmentLabel: 'dev', segments: [DEV] }),
  ),
  /** c2 holds prod with a wrong domain; its peer c3 lacks prod. */
  divergentSetAndDomain: snapshotOf(
    aCluster('c1', { segmentLabel: 'prod', segments: [PROD] }),
    aCluster('c2', { segments: [['prod', 'prod.example']], peers: ['c3'] }),
    aCluster('c3', { peers: ['c2'] }),
  ),
  /** c1 ↔ c2, c3 → c1 only: c1 has no gateway for c3, c2 and c3 are not peered. */
  notFullyMeshed: snapshotOf(
    aCluster('c1', { segmentLabel: 'dev', segments: [DEV], peers: ['c2'] }),
    aCluster('c2', { segmentLabel: 'dev', segments: [DEV], peers: ['c1'] }),
    aCluster('c3', { segmentLabel: 'dev', segments: [DEV], peers: ['c1'] }),
  ),
  /** old (no Segment API) discovers c2 of segment dev. */
  noSegmentApi: snapshotOf(
    aCluster('c2', { segmentLabel: 'dev', segments: [DEV], peers: ['old'] }),
    aCluster('old', { segmentApis: [], peers: ['c2'] }),
  ),
  noSegmentApiUnpeered: snapshotOf(
    aCluster('c2', { segmentLabel: 'dev', segments: [DEV] }),
    aCluster('old', { segmentApis: [], segmentLabel: 'dev' }),
  ),
};

const mesh = fullMesh(['c1', 'c2', 'c3']);

describe('segment membership: which codes fire', () => {
  it.each<[string, FleetSnapshot, FindingCode[]]>([
    ['SEG201: peer assigned to a segment the viewer lacks', fleets.peerSegmentMissing, ['SEG201']],
    ['SEG201: two peers of the missing segment, one finding', fleets.twoPeersMissing, ['SEG201']],
    ['SEG201 near miss: the viewer holds the segment', fleets.peerSegmentHeld, []],
    [
      'SEG201 near miss: the viewer does not peer with the member (SEG206 only)',
      snapshotOf(
        aCluster('x', { segmentLabel: 'dev', segments: [DEV], peers: ['y'] }),
        aCluster('y'),
      ),
      ['SEG206'],
    ],
    ['SEG202: same name, other domain, a peer rejected', fleets.domainMismatch, ['SEG202']],
    [
      'SEG202: same name, other domain, nobody peered yet',
      fleets.domainMismatchUnpeered,
      ['SEG202', 'SEG205'],
    ],
    [
      'SEG202 near miss: same domain everywhere',
      snapshotOf(
        aCluster('c1', { segmentLabel: 'prod', segments: [PROD], peers: ['c2'] }),
        aCluster('c2', { segments: [PROD], peers: ['c1'] }),
      ),
      [],
    ],
    ['SEG203: label names a missing Segment', fleets.labelWithoutSegment, ['SEG203']],
    [
      'SEG203: the Segment exists outside istio-system only',
      fleets.labelWithMisplacedSegment,
      ['SEG203'],
    ],
    [
      'SEG203 near miss: label default',
      snapshotOf(aCluster('c1', { segmentLabel: 'default' })),
      [],
    ],
    ['SEG203 near miss: empty label', snapshotOf(aCluster('c1', { segmentLabel: '' })), []],
    ['SEG204 with the SEG201 behind it', fleets.rejectedInStatus, ['SEG201', 'SEG204']],
    ['SEG204 near miss: status reports connected peers', fleets.connectedInStatus, []],
    ['SEG205: a Segment nobody is assigned to', fleets.unusedSegment, ['SEG205']],
    [
      'SEG205 near miss: a cluster is assigned to it',
      snapshotOf(
        aCluster('c1', { segmentLabel: 'dev', segments: [DEV, QA], peers: ['c2'] }),
        aCluster('c2', { segmentLabel: 'qa', segments: [DEV, QA], peers: ['c1'] }),
      ),
      [],
    ],
    [
      'SEG205 near miss: a cluster cannot be read (it may be the member)',
      snapshotOf(aCluster('c1', { segments: [QA] }), aCluster('c2', { reachable: false })),
      [],
    ],
    [
      'SEG205 near miss: status shows a member Segscope does not see',
      snapshotOf(
        aCluster('c1', {
          segments: [
            segment('qa', 'qa.mesh', {
              status: {
                peers: [{ clusterName: 'elsewhere', status: 'Connected' }],
                connectedPeers: 1,
              },
            }),
          ],
        }),
      ),
      [],
    ],
    ['SEG206: peered clusters with different Segment sets', fleets.divergentSets, ['SEG206']],
    [
      "SEG206 with a divergent domain: the members' domain is applied",
      fleets.divergentSetAndDomain,
      ['SEG202', 'SEG206'],
    ],
    [
      'SEG206 near miss: the peer that lacks the set is unreachable',
      snapshotOf(
        aCluster('c1', { segmentLabel: 'qa', segments: [DEV, QA], peers: ['c2'] }),
        aCluster('c2', { reachable: false }),
      ),
      [],
    ],
    [
      'SEG206 near miss: different sets but not peered',
      snapshotOf(
        aCluster('c1', { segmentLabel: 'qa', segments: [DEV, QA] }),
        aCluster('c2', { segmentLabel: 'dev', segments: [DEV] }),
      ),
      [],
    ],
    ['SEG208: members not peered both ways', fleets.notFullyMeshed, ['SEG208']],
    [
      'SEG208 near miss: full mesh of the members',
      snapshotOf(
        aCluster('c1', { segmentLabel: 'dev', segments: [DEV], peers: mesh.c1 }),
        aCluster('c2', { segmentLabel: 'dev', segments: [DEV], peers: mesh.c2 }),
        aCluster('c3', { segmentLabel: 'dev', segments: [DEV], peers: mesh.c3 }),
      ),
      [],
    ],
    [
      'SEG208 near miss: default-segment clusters need no full mesh',
      snapshotOf(aCluster('c1', { peers: ['c2'] }), aCluster('c2'), aCluster('c3')),
      [],
    ],
    ['SEG209: no Segment API while peered with a segment member', fleets.noSegmentApi, ['SEG209']],
    [
      'SEG209 (not SEG203): no Segment API, labelled, while others use segments',
      fleets.noSegmentApiUnpeered,
      ['SEG209'],
    ],
    [
      'SEG209 near miss: no Segment API, no peers, no segments in the fleet',
      snapshotOf(aCluster('old', { segmentApis: [] }), aCluster('c2')),
      [],
    ],
  ])('%s', (_, snapshot, codes) => {
    expect(codesOf(findingsOf(snapshot))).toEqual(codes);
  });
});

describe('segment membership: the whole finding', () => {
  it.each<[string, FleetSnapshot, Finding[]]>([
    [
      'SEG201',
      fleets.peerSegmentMissing,
      [
        {
          code: 'SEG201',
          severity: 'error',
          title: "Peer's segment missing locally",
          message:
            'Peer cluster "x" is assigned to segment "dev" but y has no Segment "dev"; services from x ' +
            'are not discovered in y.',
          clusters: ['x', 'y'],
          objects: [gatewayRef('y', 'x'), systemNs('x'), segmentRef('x', 'dev')],
          fix: 'Apply Segment "dev" (domain dev.mesh) to y.',
        },
      ],
    ],
    [
      'SEG201 (two peers)',
      fleets.twoPeersMissing,
      [
        {
          code: 'SEG201',
          severity: 'error',
          title: "Peer's segment missing locally",
          message:
            'Peer clusters "x1" and "x2" are assigned to segment "dev" but y has no Segment "dev"; ' +
            'services from x1 and x2 are not discovered in y.',
          clusters: ['x1', 'x2', 'y'],
          objects: [
            gatewayRef('y', 'x1'),
            systemNs('x1'),
            segmentRef('x1', 'dev'),
            systemNs('x2'),
            segmentRef('x2', 'dev'),
            gatewayRef('y', 'x2'),
          ],
          fix: 'Apply Segment "dev" (domain dev.mesh) to y.',
        },
      ],
    ],
    [
      'SEG202',
      fleets.domainMismatch,
      [
        {
          code: 'SEG202',
          severity: 'error',
          title: 'Same segment name, different domain across clusters',
          message:
            'Segment "prod" has domain "prod.mesh" in cluster1 but "prod.example" in cluster2; peers are ' +
            'rejected (HostnameMismatch): cluster2 does not discover cluster1.',
          clusters: ['cluster1', 'cluster2'],
          objects: [
            segmentRef('cluster1', 'prod'),
            gatewayRef('cluster2', 'cluster1'),
            segmentRef('cluster2', 'prod'),
          ],
          fix:
            'Set spec.domain of Segment "prod" to "prod.mesh" in cluster2 (the domain its member ' +
            'cluster1 uses), so every cluster holds the same domain.',
        },
      ],
    ],
    [
      'SEG202 (nobody peered, no member)',
      fleets.domainMismatchUnpeered,
      [
        {
          code: 'SEG202',
          severity: 'error',
          title: 'Same segment name, different domain across clusters',
          message:
            'Segment "prod" has domain "prod.mesh" in c1 but "prod.example" in c2; a member of this ' +
            'segment is rejected (HostnameMismatch) by every peer that holds another domain.',
          clusters: ['c1', 'c2'],
          objects: [segmentRef('c1', 'prod'), segmentRef('c2', 'prod')],
          fix:
            'Choose one domain for Segment "prod" and set it in every cluster that holds it (now ' +
            '"prod.mesh" in c1 and "prod.example" in c2).',
        },
        {
          code: 'SEG205',
          severity: 'info',
          title: 'Unused segment',
          message:
            'Segment "prod" (domains "prod.example" and "prod.mesh") is held by c1 and c2 but no ' +
            'cluster is assigned to it (no istio-system is labelled admin.solo.io/segment=prod).',
          clusters: ['c1', 'c2'],
          objects: [segmentRef('c1', 'prod'), segmentRef('c2', 'prod')],
          fix:
            'Label the istio-system namespace of the clusters meant for it with ' +
            'admin.solo.io/segment=prod, or delete Segment istio-system/prod from c1 and c2 if no ' +
            'cluster needs it.',
        },
      ],
    ],
    [
      'SEG203',
      fleets.labelWithoutSegment,
      [
        {
          code: 'SEG203',
          severity: 'error',
          title: 'Assigned segment does not exist',
          message:
            'c1\'s istio-system is labelled admin.solo.io/segment=dev but c1 holds no Segment "dev" in ' +
            'istio-system; c1 silently falls back to the default segment (domain mesh.internal) and its ' +
            'peers see it there too.',
          clusters: ['c1'],
          objects: [systemNs('c1')],
          fix:
            'Create Segment "dev" in istio-system in c1 with the segment\'s domain, or correct the ' +
            'admin.solo.io/segment label on istio-system in c1.',
        },
      ],
    ],
    [
      'SEG203 (misplaced Segment)',
      fleets.labelWithMisplacedSegment,
      [
        {
          code: 'SEG203',
          severity: 'error',
          title: 'Assigned segment does not exist',
          message:
            'c1\'s istio-system is labelled admin.solo.io/segment=dev but c1 holds no Segment "dev" in ' +
            'istio-system (Segment apps/dev is ignored: it is outside istio-system); c1 silently falls ' +
            'back to the default segment (domain mesh.internal) and its peers see it there too.',
          clusters: ['c1'],
          objects: [
            systemNs('c1'),
            { cluster: 'c1', kind: 'Segment', namespace: 'apps', name: 'dev' },
          ],
          fix:
            'Move Segment apps/dev to istio-system in c1: apply Segment "dev" (domain dev.mesh) to ' +
            'namespace istio-system, then delete Segment apps/dev, or correct the ' +
            'admin.solo.io/segment label on istio-system in c1.',
          related: ['SEG104'],
        },
      ],
    ],
    [
      'SEG204 (linked to SEG201)',
      fleets.rejectedInStatus,
      [
        {
          code: 'SEG201',
          severity: 'error',
          title: "Peer's segment missing locally",
          message:
            'Peer cluster "c1" is assigned to segment "dev" but c2 has no Segment "dev"; services from c1 ' +
            'are not discovered in c2.',
          clusters: ['c1', 'c2'],
          objects: [gatewayRef('c2', 'c1'), systemNs('c1'), segmentRef('c1', 'dev')],
          fix: 'Apply Segment "dev" (domain dev.mesh) to c2.',
          related: ['SEG204'],
        },
        {
          code: 'SEG204',
          severity: 'error',
          title: 'Segment status reports rejected peers',
          message:
            'Segment "prod" in c2 reports 1 rejected peer: c1 (HostnameMismatch); c2 does not discover ' +
            'services from it.',
          clusters: ['c1', 'c2'],
          objects: [segmentRef('c2', 'prod'), gatewayRef('c2', 'c1')],
          fix: 'Follow SEG201/SEG202: apply Segment "dev" (domain dev.mesh) to c2.',
          related: ['SEG201'],
        },
      ],
    ],
    [
      'SEG205',
      fleets.unusedSegment,
      [
        {
          code: 'SEG205',
          severity: 'info',
          title: 'Unused segment',
          message:
            'Segment "qa" (domain qa.mesh) is held by c1 and c2 but no cluster is assigned to it (no ' +
            'istio-system is labelled admin.solo.io/segment=qa).',
          clusters: ['c1', 'c2'],
          objects: [segmentRef('c1', 'qa'), segmentRef('c2', 'qa')],
          fix:
            'Label the istio-system namespace of the clusters meant for it with admin.solo.io/segment=qa, ' +
            'or delete Segment istio-system/qa from c1 and c2 if no cluster needs it.',
        },
      ],
    ],
    [
      'SEG206',
      fleets.divergentSets,
      [
        {
          code: 'SEG206',
          severity: 'warning',
          title: 'Divergent Segment sets between peered clusters',
          message:
            'Peered clusters c1 and c2 hold different Segments: "qa" (qa.mesh) only in c1; a cluster ' +
            'that lacks one of these Segments rejects every peer assigned to it.',
          clusters: ['c1', 'c2'],
          objects: [segmentRef('c1', 'qa'), gatewayRef('c1', 'c2')],
          fix: 'Apply the same Segments to both: apply Segment "qa" (domain qa.mesh) to c2.',
        },
      ],
    ],
    [
      'SEG206 (with SEG202)',
      fleets.divergentSetAndDomain,
      [
        {
          code: 'SEG202',
          severity: 'error',
          title: 'Same segment name, different domain across clusters',
          message:
            'Segment "prod" has domain "prod.mesh" in c1 but "prod.example" in c2; a member of this ' +
            'segment is rejected (HostnameMismatch) by every peer that holds another domain.',
          clusters: ['c1', 'c2'],
          objects: [segmentRef('c1', 'prod'), segmentRef('c2', 'prod')],
          fix:
            'Set spec.domain of Segment "prod" to "prod.mesh" in c2 (the domain its member c1 uses), ' +
            'so every cluster holds the same domain.',
          // SEG206 applies "prod" to c3 with the domain settled here: linked both ways.
          related: ['SEG206'],
        },
        {
          code: 'SEG206',
          severity: 'warning',
          title: 'Divergent Segment sets between peered clusters',
          message:
            'Peered clusters c2 and c3 hold different Segments: "prod" (prod.example) only in c2; a ' +
            'cluster that lacks one of these Segments rejects every peer assigned to it.',
          clusters: ['c2', 'c3'],
          objects: [segmentRef('c2', 'prod'), gatewayRef('c2', 'c3'), gatewayRef('c3', 'c2')],
          fix: 'Apply the same Segments to both: apply Segment "prod" (domain prod.mesh) to c3.',
          related: ['SEG202'],
        },
      ],
    ],
    [
      'SEG208',
      fleets.notFullyMeshed,
      [
        {
          code: 'SEG208',
          severity: 'warning',
          title: 'Segment not fully meshed',
          message:
            'Members of segment "dev" are not all peered both ways: c1 has no peer gateway for c3; c2 ' +
            'and c3 are not peered; services of one member do not reach every other member.',
          clusters: ['c1', 'c2', 'c3'],
          objects: [
            segmentRef('c1', 'dev'),
            segmentRef('c2', 'dev'),
            gatewayRef('c3', 'c1'),
            segmentRef('c3', 'dev'),
          ],
          fix:
            'Link them: run istioctl multicluster link --from c1 --to c3 (a peer gateway for c3 in c1) ' +
            'and istioctl multicluster link --contexts=c2,c3.',
          // c3 peers with c1 one way: PEER305 reports the same missing direction.
          related: ['PEER305'],
        },
      ],
    ],
    [
      'SEG209',
      fleets.noSegmentApi,
      [
        {
          code: 'SEG209',
          severity: 'warning',
          title: 'Segment feature unavailable',
          message:
            'old serves no Segment API (admin.solo.io/v1alpha1 and admin.istio.io/v1), so it cannot hold ' +
            'Segments and stays in the default segment, while it is peered with c2; services from c2 ' +
            '(segment "dev") are not discovered in old.',
          clusters: ['c2', 'old'],
          objects: [systemNs('old')],
          fix:
            "Upgrade Solo Istio in old to a release that serves the Segment API, then apply the fleet's " +
            'Segments to it (at least "dev").',
        },
      ],
    ],
    [
      'SEG209 (others use segments)',
      fleets.noSegmentApiUnpeered,
      [
        {
          code: 'SEG209',
          severity: 'warning',
          title: 'Segment feature unavailable',
          message:
            'old serves no Segment API (admin.solo.io/v1alpha1 and admin.istio.io/v1), so it cannot hold ' +
            'Segments and stays in the default segment, while c2 uses segments; its ' +
            'admin.solo.io/segment=dev label has no effect.',
          clusters: ['old'],
          objects: [systemNs('old')],
          fix:
            'Upgrade Solo Istio in old to a release that serves the Segment API, then apply the ' +
            'fleet\'s Segments to it (at least "dev").',
        },
      ],
    ],
  ])('%s', (_, snapshot, expected) => {
    expect(findingsOf(snapshot)).toStrictEqual(expected);
  });
});
