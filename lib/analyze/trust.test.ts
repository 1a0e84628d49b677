import { describe, expect, it } from 'vitest';

import type { ClusterInput } from '../model/input';
import {
  aCluster,
  type ClusterOptions,
  meshConfig,
  peerGateway,
  replaceObject,
  snapshotOf,
  VALIDATING_TRUST,
} from '../testing/builders';
import { analyze } from './index';
import { trustDetectors } from './trust';

const SKIP = { PILOT_SKIP_VALIDATE_TRUST_DOMAIN: 'true' };
const OTHER_ROOT = '-----BEGIN CERTIFICATE-----\nMIIBotherROOT\n-----END CERTIFICATE-----\n';

const findings = (...clusters: ClusterInput[]) => analyze(snapshotOf(...clusters), trustDetectors);
const codes = (...clusters: ClusterInput[]) => findings(...clusters).map((f) => f.code);

/** a ↔ b, skipping trust-domain validation unless the options say otherwise. */
const a = (options: ClusterOptions = {}) =>
  aCluster('a', { peers: ['b'], istiodEnv: SKIP, ...options });
const b = (options: ClusterOptions = {}) =>
  aCluster('b', { peers: ['a'], istiodEnv: SKIP, ...options });

const withAliases = (cluster: ClusterInput, trustDomain: string, yaml: string) =>
  replaceObject(cluster, meshConfig(trustDomain, yaml));

const rootRef = (cluster: string) => ({
  cluster,
  kind: 'ConfigMap',
  namespace: 'istio-system',
  name: 'istio-ca-root-cert',
});

describe('trust detectors: where each code fires and where it must not', () => {
  it.each<[string, ClusterInput[], string[]]>([
    // TRUST601
    ['peers with different roots', [a(), b({ rootPem: OTHER_ROOT })], ['TRUST601']],
    [
      'near miss: different roots, not peered',
      [a({ peers: [] }), b({ peers: [], rootPem: OTHER_ROOT })],
      [],
    ],
    ['near miss: the peer is unreachable', [a(), aCluster('b', { reachable: false })], []],
    // TRUST602
    [
      'trust-domain annotation names another domain',
      [a({ peers: [], objects: [peerGateway('b', { trustDomain: 'cluster.local' })] }), b()],
      ['TRUST602'],
    ],
    [
      'near miss: annotation equals the peer trust domain',
      [
        a({ peers: [], objects: [peerGateway('b', { trustDomain: 'corp.example' })] }),
        b({ trustDomain: 'corp.example' }),
      ],
      [],
    ],
    [
      'near miss: gateway to a peer outside the fleet',
      [a({ peers: [], objects: [peerGateway('elsewhere', { trustDomain: 'x.local' })] })],
      [],
    ],
    // TRUST603
    [
      'distinct domains, no validation config',
      [a({ istiodEnv: VALIDATING_TRUST }), b({ istiodEnv: VALIDATING_TRUST })],
      ['TRUST603'],
    ],
    ['one side lacks validation config', [a(), b({ istiodEnv: VALIDATING_TRUST })], ['TRUST603']],
    [
      'near miss: one shared trust domain',
      [
        a({
          istiodEnv: VALIDATING_TRUST,
          trustDomain: 'cluster.local',
          peers: [],
          objects: [peerGateway('b', { trustDomain: 'cluster.local' })],
        }),
        b({
          istiodEnv: VALIDATING_TRUST,
          trustDomain: 'cluster.local',
          peers: [],
          objects: [peerGateway('a', { trustDomain: 'cluster.local' })],
        }),
      ],
      [],
    ],
    [
      'near miss: aliases and caCertificates cover the peer domains',
      [
        withAliases(a({ istiodEnv: VALIDATING_TRUST }), 'a.local', 'trustDomainAliases: [b.local]'),
        withAliases(
          b({ istiodEnv: VALIDATING_TRUST }),
          'b.local',
          'caCertificates:\n- trustDomains: [a.local]',
        ),
      ],
      [],
    ],
    [
      'near miss: distinct domains, not peered',
      [
        a({ istiodEnv: VALIDATING_TRUST, peers: [] }),
        b({ istiodEnv: VALIDATING_TRUST, peers: [] }),
      ],
      [],
    ],
  ])('%s', (_name, clusters, expected) => {
    expect(codes(...clusters)).toEqual(expected);
  });
});

describe('trust findings in full', () => {
  it('TRUST601 shows both fingerprints once per pair', () => {
    const s = snapshotOf(a(), b({ rootPem: OTHER_ROOT }));
    const [fa, fb] = s.clusters.map((c) => c.rootCert?.fingerprint);
    expect(analyze(s, trustDetectors)).toStrictEqual([
      {
        code: 'TRUST601',
        severity: 'error',
        title: 'Root CA mismatch between peers',
        message:
          'a and b are peered but trust different root CAs: ConfigMap ' +
          `istio-system/istio-ca-root-cert has fingerprint ${fa} in a and ${fb} in b; mTLS ` +
          'between them fails.',
        clusters: ['a', 'b'],
        objects: [rootRef('a'), rootRef('b')],
        fix:
          'Give a and b a common root of trust: plug in Secret istio-system/cacerts in both ' +
          'with intermediates signed by the same root CA, then restart istiod (and ztunnel) in ' +
          'both.',
      },
    ]);
  });

  it('TRUST602 names the annotation value and the peer domain', () => {
    const gateway = peerGateway('b', { trustDomain: 'cluster.local' });
    expect(findings(a({ peers: [], objects: [gateway] }), b())).toStrictEqual([
      {
        code: 'TRUST602',
        severity: 'error',
        title: 'Trust-domain annotation wrong on a peer gateway',
        message:
          'Gateway istio-gateways/istio-remote-peer-b in a has gateway.istio.io/trust-domain ' +
          '"cluster.local" but the mesh trust domain of b is "b.local": a expects the identity ' +
          'of the gateway of b in the wrong trust domain.',
        clusters: ['a', 'b'],
        objects: [
          {
            cluster: 'a',
            kind: 'Gateway',
            namespace: 'istio-gateways',
            name: 'istio-remote-peer-b',
          },
        ],
        fix:
          'Set annotation gateway.istio.io/trust-domain=b.local on Gateway ' +
          'istio-gateways/istio-remote-peer-b in a (peering Helm chart: trustDomain: b.local on ' +
          'its remote item), or regenerate it: istioctl multicluster link --from a --to b.',
      },
    ]);
  });

  it('TRUST603 names the side that lacks validation config', () => {
    expect(findings(a(), b({ istiodEnv: VALIDATING_TRUST }))).toStrictEqual([
      {
        code: 'TRUST603',
        severity: 'error',
        title: 'Distinct trust domains without validation config',
        message:
          'a (trust domain "a.local") and b ("b.local") are peered with different trust ' +
          'domains, but b neither skips trust-domain validation nor lists "a.local" in ' +
          'trustDomainAliases or caCertificates: peering fails with "no cert pool found for ' +
          'trust domain".',
        clusters: ['a', 'b'],
        objects: [{ cluster: 'b', kind: 'Deployment', namespace: 'istio-system', name: 'istiod' }],
        fix:
          'In b set PILOT_SKIP_VALIDATE_TRUST_DOMAIN=true on istiod and ' +
          'SKIP_VALIDATE_TRUST_DOMAIN=true on ztunnel, or add "a.local" to ' +
          'meshConfig.trustDomainAliases.',
      },
    ]);
  });
});
