import { describe, expect, it } from 'vitest';

import { aCluster, globalLabel, segmentLabel, service, snapshotOf } from '../testing/builders';
import type { FleetSnapshot } from './snapshot';

const hostnamesIn = (s: FleetSnapshot, viewer: string) =>
  s.views
    .filter((v) => v.viewer === viewer)
    .map((v) => `${v.hostname} <- ${v.contributors.join(',')}`);

describe('segment of a cluster', () => {
  it('is the labelled segment when the cluster holds it, with its domain', () => {
    const s = snapshotOf(aCluster('c1', { segmentLabel: 'dev', segments: [['dev', 'dev.mesh']] }));
    expect(s.clusters[0]).toMatchObject({
      segment: 'dev',
      segmentDomain: 'dev.mesh',
      segmentFallback: false,
    });
  });

  it('falls back to default (flagged) when the label names a missing segment', () => {
    const s = snapshotOf(aCluster('c1', { segmentLabel: 'dev' }));
    expect(s.clusters[0]).toMatchObject({
      segment: 'default',
      segmentDomain: 'mesh.internal',
      segmentFallback: true,
    });
  });

  it('uses PEERING_DISCOVERY_SUFFIX as the default domain', () => {
    const s = snapshotOf(
      aCluster('c1', { istiodEnv: { PEERING_DISCOVERY_SUFFIX: 'corp.internal' } }),
    );
    expect(s.clusters[0]).toMatchObject({
      segment: 'default',
      segmentDomain: 'corp.internal',
      segmentFallback: false,
    });
  });

  it('takes the cluster ID from CLUSTER_ID, else the network label, else the context', () => {
    const s = snapshotOf(
      aCluster('a', { clusterId: 'id-a' }),
      aCluster('b', { clusterId: null, network: 'net-b' }),
      aCluster('c', { clusterId: null, network: null }),
    );
    expect(s.clusters.map((c) => [c.id, c.idSource])).toEqual([
      ['id-a', 'CLUSTER_ID'],
      ['net-b', 'network'],
      ['c', 'context'],
    ]);
  });
});

describe('scope of a service', () => {
  it('prefers the Service label (even empty) over the namespace label', () => {
    const s = snapshotOf(
      aCluster('c1', {
        namespaceLabels: { shop: globalLabel },
        services: [
          service('shop', 'a'),
          service('shop', 'b', { labels: { 'solo.io/service-scope': '' } }),
          service('shop', 'c', { labels: { 'solo.io/service-scope': 'Global' } }),
          service('other', 'd'),
        ],
      }),
    );
    expect(s.services.map((x) => [x.name, x.scope, x.scopeSource, x.exported])).toEqual([
      ['d', 'cluster', 'none', false],
      ['a', 'global', 'namespace', true],
      ['b', 'cluster', 'service', false],
      ['c', 'invalid', 'service', false],
    ]);
  });
});

describe('peering and visibility', () => {
  const checkout = (labels = globalLabel) => service('payments', 'checkout', { labels });

  it('is directed: only the cluster holding the peer gateway discovers the other', () => {
    const s = snapshotOf(
      aCluster('a', { peers: ['b'], services: [checkout()] }),
      aCluster('b', { services: [checkout()] }),
    );
    expect(s.edges.map((e) => `${e.from}->${e.to}`)).toEqual(['a->b']);
    expect(hostnamesIn(s, 'a')).toEqual(['checkout.payments.mesh.internal <- a,b']);
    expect(hostnamesIn(s, 'b')).toEqual(['checkout.payments.mesh.internal <- b']);
  });

  it('is not transitive: the middle cluster of A-hub-C merges copies A and C never see', () => {
    const stock = service('inventory', 'stock', { labels: globalLabel });
    const s = snapshotOf(
      aCluster('a', { peers: ['hub'], services: [stock] }),
      aCluster('hub', { peers: ['a', 'c'] }),
      aCluster('c', { peers: ['hub'], services: [stock] }),
    );
    expect(hostnamesIn(s, 'hub')).toEqual(['stock.inventory.mesh.internal <- a,c']);
    expect(hostnamesIn(s, 'a')).toEqual(['stock.inventory.mesh.internal <- a']);
    expect(hostnamesIn(s, 'c')).toEqual(['stock.inventory.mesh.internal <- c']);
  });

  it('keeps segments apart under their own domains and drops segment-scoped services across segments', () => {
    const both: [string, string][] = [
      ['acme', 'mesh.acme'],
      ['acquired', 'mesh.acquired'],
    ];
    const s = snapshotOf(
      aCluster('c1', {
        segmentLabel: 'acme',
        segments: both,
        peers: ['c2', 'c3'],
        services: [checkout()],
      }),
      aCluster('c2', {
        segmentLabel: 'acme',
        segments: both,
        peers: ['c1', 'c3'],
        services: [checkout()],
      }),
      aCluster('c3', {
        segmentLabel: 'acquired',
        segments: both,
        peers: ['c1', 'c2'],
        services: [checkout(), service('payments', 'ledger', { labels: segmentLabel })],
      }),
    );
    expect(hostnamesIn(s, 'c1')).toEqual([
      'checkout.payments.mesh.acme <- c1,c2',
      'checkout.payments.mesh.acquired <- c3',
    ]);
    expect(hostnamesIn(s, 'c3')).toEqual([
      'checkout.payments.mesh.acme <- c1,c2',
      'checkout.payments.mesh.acquired <- c3',
      'ledger.payments.mesh.acquired <- c3',
    ]);
  });

  it('disables discovery of a peer whose segment the viewer lacks or defines with another domain', () => {
    const s = snapshotOf(
      aCluster('x', {
        segmentLabel: 'dev',
        segments: [['dev', 'dev.mesh']],
        services: [checkout()],
      }),
      aCluster('y', { peers: ['x'] }),
      aCluster('z', { peers: ['x'], segments: [['dev', 'dev.other']] }),
    );
    expect(s.edges.map((e) => [e.from, e.to, e.segmentAccepted, e.rejection])).toEqual([
      ['y', 'x', false, 'segment-missing'],
      ['z', 'x', false, 'domain-mismatch'],
    ]);
    expect(hostnamesIn(s, 'y')).toEqual([]);
  });

  it('shows a peer gateway to a cluster Segscope cannot see as an unmanaged edge', () => {
    const s = snapshotOf(aCluster('a', { peers: ['elsewhere'] }));
    expect(s.edges).toMatchObject([
      { from: 'a', to: 'elsewhere', managed: false, health: 'connected' },
    ]);
  });

  it('does not depend on the order of clusters or objects', () => {
    const a = aCluster('a', {
      peers: ['b'],
      services: [checkout(), service('x', 'y', { labels: globalLabel })],
    });
    const b = aCluster('b', { peers: ['a'], services: [checkout()] });
    const reversed = { ...a, objects: [...a.objects].reverse() };
    expect(snapshotOf(b, reversed)).toEqual(snapshotOf(a, b));
  });
});
