import { describe, expect, it } from 'vitest';

import type { ClusterInput } from '../model/input';
import { aCluster, removeObject, snapshotOf } from '../testing/builders';
import { controlPlaneDetectors } from './control-plane';
import { analyze } from './index';

const findings = (...clusters: ClusterInput[]) =>
  analyze(snapshotOf(...clusters), controlPlaneDetectors);
const codes = (...clusters: ClusterInput[]) => findings(...clusters).map((f) => f.code);

const istiodRef = { cluster: 'a', kind: 'Deployment', namespace: 'istio-system', name: 'istiod' };

describe('control-plane detectors: where each code fires and where it must not', () => {
  it.each<[string, ClusterInput[], string[]]>([
    // CP701
    [
      'ENABLE_PEERING_DISCOVERY=false',
      [aCluster('a', { istiodEnv: { ENABLE_PEERING_DISCOVERY: 'false' } })],
      ['CP701'],
    ],
    [
      'ENABLE_PEERING_DISCOVERY unset',
      [aCluster('a', { istiodEnv: { ENABLE_PEERING_DISCOVERY: '' } })],
      ['CP701'],
    ],
    ['near miss: ENABLE_PEERING_DISCOVERY=true', [aCluster('a')], []],
    [
      'near miss: no istiod Deployment read',
      [removeObject(aCluster('a'), 'Deployment', 'istiod', 'istio-system')],
      [],
    ],
    ['near miss: unreachable cluster', [aCluster('a', { reachable: false })], []],
    // CP703
    ['istio-system without network label', [aCluster('a', { network: null })], ['CP703']],
    [
      'near miss: no istio-system namespace',
      [removeObject(aCluster('a', { network: null }), 'Namespace', 'istio-system')],
      [],
    ],
  ])('%s', (_name, clusters, expected) => {
    expect(codes(...clusters)).toEqual(expected);
  });
});

describe('control-plane findings in full', () => {
  it('CP701 says what the env var is and how to turn peering on', () => {
    expect(
      findings(aCluster('a', { peers: ['b'], istiodEnv: { ENABLE_PEERING_DISCOVERY: 'false' } })),
    ).toStrictEqual([
      {
        code: 'CP701',
        severity: 'error',
        title: 'Peering disabled in istiod',
        message:
          'istiod (Deployment istio-system/istiod) in a has ENABLE_PEERING_DISCOVERY="false" ' +
          '(must be "true"): a ignores its 1 peer gateway and discovers no peers.',
        clusters: ['a'],
        objects: [istiodRef],
        fix:
          'Set platforms.peering.enabled: true in the istiod Helm values of a (renders ' +
          'ENABLE_PEERING_DISCOVERY=true on Deployment istio-system/istiod) and roll out istiod.',
      },
    ]);
  });

  it('CP703 suggests the network the east-west gateway already uses', () => {
    expect(findings(aCluster('a', { network: null }))).toStrictEqual([
      {
        code: 'CP703',
        severity: 'error',
        title: 'Network label missing on istio-system',
        message:
          "Namespace istio-system in a has no topology.istio.io/network label: istiod's " +
          'peering controller waits for it, so peering of a does not start.',
        clusters: ['a'],
        objects: [{ cluster: 'a', kind: 'Namespace', name: 'istio-system' }],
        fix:
          'Label it: kubectl --context a label namespace istio-system ' +
          'topology.istio.io/network=a (the same value as global.network in the istiod and ' +
          'ztunnel values of a).',
      },
    ]);
  });
});
