import { describe, expect, it } from 'vitest';

import type { ObjectRef } from '../model/objects';
import type { FleetSnapshot } from '../model/snapshot';
import { aCluster, segment, snapshotOf } from '../testing/builders';
import { analyze, type Finding, type FindingCode } from './index';
import { segmentDefinitionsDetectors } from './segment-definitions';

const findingsOf = (snapshot: FleetSnapshot) => analyze(snapshot, segmentDefinitionsDetectors);
const codesOf = (findings: Finding[]) => findings.map((f) => f.code);

const segmentRef = (cluster: string, name: string, namespace = 'istio-system'): ObjectRef => ({
  cluster,
  kind: 'Segment',
  namespace,
  name,
});

const holding = (domain: string, name = 'dev') =>
  snapshotOf(aCluster('c1', { segmentLabel: name, segments: [[name, domain]] }));

const fleets = {
  invalidInTwoClusters: snapshotOf(
    aCluster('c1', { segments: [['dev', 'Dev.Mesh']] }),
    aCluster('c2', { segments: [['dev', 'Dev.Mesh']] }),
  ),
  defaultSuffix: snapshotOf(
    aCluster('c1', { segmentLabel: 'dev', segments: [['dev', 'corp.internal']] }),
    aCluster('c2', { istiodEnv: { PEERING_DISCOVERY_SUFFIX: 'corp.internal' } }),
  ),
  namedDefault: snapshotOf(
    aCluster('c1', { segments: [['default', 'legacy.mesh']] }),
    aCluster('c2', { segments: [['default', 'legacy.mesh']] }),
  ),
  misplaced: snapshotOf(
    aCluster('c1', {
      segmentLabel: 'dev',
      segments: [segment('dev', 'dev.mesh', { namespace: 'apps' })],
    }),
  ),
  misplacedCopy: snapshotOf(
    aCluster('c1', {
      segmentLabel: 'dev',
      segments: [['dev', 'dev.mesh'], segment('dev', 'dev.mesh', { namespace: 'apps' })],
    }),
  ),
  sharedDomain: snapshotOf(
    aCluster('c1', {
      segmentLabel: 'dev',
      segments: [
        ['dev', 'dev.mesh'],
        ['qa', 'dev.mesh'],
      ],
    }),
    aCluster('c2', {
      segmentLabel: 'dev',
      segments: [
        ['dev', 'dev.mesh'],
        ['qa', 'dev.mesh'],
      ],
    }),
    aCluster('c3', { segmentLabel: 'qa', segments: [['qa', 'dev.mesh']] }),
  ),
};

describe('segment definitions: which codes fire', () => {
  it.each<[string, FleetSnapshot, FindingCode[]]>([
    [
      'SEG101: domain with upper-case letters, in two clusters',
      fleets.invalidInTwoClusters,
      ['SEG101'],
    ],
    ['SEG101: domain ending with a dot', holding('dev.mesh.'), ['SEG101']],
    ['SEG101: domain longer than 63 characters', holding(`${'a'.repeat(60)}.mesh`), ['SEG101']],
    ['SEG101 near miss: a lower-case DNS name', holding('dev.mesh'), []],
    ['SEG102: mesh.internal', holding('mesh.internal'), ['SEG102']],
    ['SEG102: cluster.local', holding('cluster.local'), ['SEG102']],
    ['SEG102: under svc.cluster.local', holding('dev.svc.cluster.local'), ['SEG102']],
    ['SEG102: another cluster’s PEERING_DISCOVERY_SUFFIX', fleets.defaultSuffix, ['SEG102']],
    ['SEG102 near miss: a subdomain of the default domain', holding('dev.mesh.internal'), []],
    ['SEG102 near miss: "local" in the middle', holding('cluster.local.mesh'), []],
    ['SEG103: a Segment named default', fleets.namedDefault, ['SEG103']],
    [
      'SEG102 and SEG103: default segment spelled out',
      holding('mesh.internal', 'default'),
      ['SEG102', 'SEG103'],
    ],
    [
      'SEG103 near miss: label default without a Segment',
      snapshotOf(aCluster('c1', { segmentLabel: 'default' })),
      [],
    ],
    ['SEG104: Segment in an app namespace', fleets.misplaced, ['SEG104']],
    ['SEG104: redundant copy outside istio-system', fleets.misplacedCopy, ['SEG104']],
    ['SEG104 near miss: Segment in istio-system', holding('dev.mesh'), []],
    ['SEG105: two segments, one domain', fleets.sharedDomain, ['SEG105']],
    [
      'SEG105 near miss: one segment held by two clusters',
      snapshotOf(
        aCluster('c1', { segments: [['dev', 'dev.mesh']] }),
        aCluster('c2', { segments: [['dev', 'dev.mesh']] }),
      ),
      [],
    ],
    [
      'SEG105 near miss: the second copy is outside istio-system (SEG104 only)',
      snapshotOf(
        aCluster('c1', {
          segments: [['dev', 'dev.mesh'], segment('qa', 'dev.mesh', { namespace: 'apps' })],
        }),
      ),
      ['SEG104'],
    ],
    [
      'nothing in a fleet without Segments',
      snapshotOf(aCluster('c1'), aCluster('c2', { reachable: false })),
      [],
    ],
  ])('%s', (_, snapshot, codes) => {
    expect(codesOf(findingsOf(snapshot))).toEqual(codes);
  });
});

describe('segment definitions: the whole finding', () => {
  it.each<[string, FleetSnapshot, Finding[]]>([
    [
      'SEG101',
      fleets.invalidInTwoClusters,
      [
        {
          code: 'SEG101',
          severity: 'error',
          title: 'Invalid segment domain',
          message:
            'Segment istio-system/dev in c1 and c2 has domain "Dev.Mesh", which contains upper-case letters; ' +
            "istiod's webhook rejects it and no valid hostname <svc>.<ns>.<domain> can be built from it.",
          clusters: ['c1', 'c2'],
          objects: [segmentRef('c1', 'dev'), segmentRef('c2', 'dev')],
          fix:
            'Set spec.domain of Segment istio-system/dev in c1 and c2 to a lower-case DNS name of at most ' +
            '63 characters (for example dev.mesh).',
        },
      ],
    ],
    [
      'SEG102',
      fleets.defaultSuffix,
      [
        {
          code: 'SEG102',
          severity: 'error',
          title: 'Reserved or dangerous domain',
          message:
            'Segment istio-system/dev in c1 has domain "corp.internal": it is the default-segment domain ' +
            "(PEERING_DISCOVERY_SUFFIX) of c2, so its hostnames collide with that default segment's.",
          clusters: ['c1', 'c2'],
          objects: [
            segmentRef('c1', 'dev'),
            { cluster: 'c2', kind: 'Deployment', namespace: 'istio-system', name: 'istiod' },
          ],
          fix:
            'Change spec.domain of Segment istio-system/dev in c1 to a domain of its own (for example ' +
            'dev.mesh): not mesh.internal, cluster.local or a default-segment suffix.',
        },
      ],
    ],
    [
      'SEG103',
      fleets.namedDefault,
      [
        {
          code: 'SEG103',
          severity: 'error',
          title: 'Reserved segment name',
          message:
            'Segment istio-system/default in c1 and c2 uses the reserved name "default"; istiod\'s webhook ' +
            'rejects it, and the default segment is implicit (its domain is PEERING_DISCOVERY_SUFFIX, ' +
            'mesh.internal when unset).',
          clusters: ['c1', 'c2'],
          objects: [segmentRef('c1', 'default'), segmentRef('c2', 'default')],
          fix:
            'Delete Segment istio-system/default from c1 and c2; leave clusters meant for the default ' +
            'segment unlabelled and give any other segment a Segment with another name.',
        },
      ],
    ],
    [
      'SEG104',
      fleets.misplaced,
      [
        {
          code: 'SEG104',
          severity: 'warning',
          title: 'Segment outside the system namespace',
          message:
            'Segment apps/dev (domain dev.mesh) in c1 is outside istio-system; istiod only reads ' +
            'Segments in istio-system, so it is ignored.',
          clusters: ['c1'],
          objects: [segmentRef('c1', 'dev', 'apps')],
          fix: 'Move Segment apps/dev to istio-system in c1: apply Segment "dev" (domain dev.mesh) to namespace istio-system, then delete Segment apps/dev.',
          // c1 is labelled dev: the ignored Segment is why it falls back (SEG203).
          related: ['SEG203'],
        },
      ],
    ],
    [
      'SEG104 (redundant copy)',
      fleets.misplacedCopy,
      [
        {
          code: 'SEG104',
          severity: 'warning',
          title: 'Segment outside the system namespace',
          message:
            'Segment apps/dev (domain dev.mesh) in c1 is outside istio-system; istiod only reads ' +
            'Segments in istio-system, so it is ignored.',
          clusters: ['c1'],
          objects: [segmentRef('c1', 'dev', 'apps')],
          fix: 'Delete Segment apps/dev from c1; istio-system already holds Segment "dev" with the same domain.',
        },
      ],
    ],
    [
      'SEG105',
      fleets.sharedDomain,
      [
        {
          code: 'SEG105',
          severity: 'error',
          title: 'Two segments share one domain',
          message:
            'Segments "dev" (c1 and c2) and "qa" (c1, c2 and c3) share domain "dev.mesh"; their ' +
            'services get the same hostnames <svc>.<ns>.dev.mesh from separate ServiceEntries.',
          clusters: ['c1', 'c2', 'c3'],
          objects: [
            segmentRef('c1', 'dev'),
            segmentRef('c1', 'qa'),
            segmentRef('c2', 'dev'),
            segmentRef('c2', 'qa'),
            segmentRef('c3', 'qa'),
          ],
          fix:
            'Keep "dev.mesh" for segment "dev" and give "qa" a domain of its own: change spec.domain ' +
            'of Segment "qa" in c1, c2 and c3 (for example qa.mesh).',
        },
      ],
    ],
  ])('%s', (_, snapshot, expected) => {
    expect(findingsOf(snapshot)).toStrictEqual(expected);
  });
});
