import { afterEach, describe, expect, it } from 'vitest';

import { globalLabel, service } from '../../../lib/testing/builders';
import type { K8sObject } from '../../../lib/model/objects';
import type { ClusterSpec } from '../fleet';
import { Fleet } from '../fleet';
import type { KubeObject } from '../types';
import { waitFor } from '../testing/kubectl';
import { MESSAGES } from './desired';
import {
  conditionOf,
  createObject,
  generatedNames,
  KEY,
  labelIstioSystem,
  mergePatch,
  peerGatewayOf,
  revisions,
  segmentOf,
  serviceEntry,
  simCluster,
  typeOf,
} from './testing';

let fleet: Fleet | undefined;
afterEach(async () => {
  await fleet?.stop();
  fleet = undefined;
});

async function start(...clusters: ClusterSpec[]): Promise<Fleet> {
  fleet = await Fleet.start({ clusters });
  return fleet;
}

const checkout = (labels: Record<string, string> = globalLabel, port = 8080) =>
  service('payments', 'checkout', {
    labels: { app: 'checkout', ...labels },
    ports: [{ port, name: 'http' }],
  });

const statusOf = (o: KubeObject | undefined) => (o?.status ?? {}) as Record<string, unknown>;

describe('generated ServiceEntries', () => {
  it('gives both clusters of a mutual peering autogen.payments.checkout on the default domain', async () => {
    const f = await start(
      simCluster('c1', { peers: ['c2'], services: [checkout()] }),
      simCluster('c2', { peers: ['c1'], services: [checkout()] }),
    );
    for (const c of f.clusters) {
      const se = serviceEntry(c, 'autogen.payments.checkout');
      expect(se, c.name).toBeDefined();
      expect(se?.metadata.labels).toMatchObject({
        app: 'checkout',
        'solo.io/parent-service': 'checkout',
        'solo.io/parent-service-namespace': 'payments',
        'solo.io/service-scope': 'global',
        'admin.solo.io/segment': 'default',
      });
      expect(se?.metadata.annotations).toEqual({
        'networking.istio.io/traffic-distribution': 'PreferNetwork',
      });
      expect(se?.spec).toEqual({
        hosts: ['checkout.payments.mesh.internal'],
        ports: [{ number: 8080, name: 'http', protocol: 'HTTP' }],
        location: 'MESH_INTERNAL',
        resolution: 'STATIC',
        workloadSelector: { labels: { app: 'checkout' } },
      });
      expect(se?.metadata.resourceVersion).toBeTruthy();
    }
  });

  it('generates a remote-only service with port-<n> names and the parent-service selector', async () => {
    const f = await start(
      simCluster('c1', { peers: ['c2'] }),
      simCluster('c2', { peers: ['c1'], services: [checkout(globalLabel, 9090)] }),
    );
    const se = serviceEntry(f.cluster('c1'), 'autogen.payments.checkout');
    expect(se?.metadata.labels).toEqual({
      'solo.io/parent-service': 'checkout',
      'solo.io/parent-service-namespace': 'payments',
      'solo.io/service-scope': 'cluster',
      'admin.solo.io/segment': 'default',
    });
    expect(se?.spec).toMatchObject({
      ports: [{ number: 9090, name: 'port-9090', protocol: 'HTTP' }],
      workloadSelector: {
        labels: {
          'solo.io/parent-service': 'checkout',
          'solo.io/parent-service-namespace': 'payments',
          'admin.solo.io/segment': 'default',
        },
      },
    });
  });

  it('follows segments: renamed autogen.<segment>.…, segment domain, Segment status', async () => {
    const f = await start(
      simCluster('c1', { peers: ['c2'], services: [checkout()] }),
      simCluster('c2', { peers: ['c1'], services: [checkout()] }),
    );
    for (const c of f.clusters) {
      createObject(c, {
        apiVersion: 'admin.istio.io/v1',
        kind: 'Segment',
        metadata: { name: 'dev', namespace: 'istio-system' },
        spec: { domain: 'dev.mesh' },
      });
    }
    for (const c of f.clusters) labelIstioSystem(c, 'dev');
    for (const c of f.clusters) {
      await waitFor(() => serviceEntry(c, 'autogen.dev.payments.checkout'), 2000, c.name);
      expect(generatedNames(c)).toEqual(['autogen.dev.payments.checkout']);
      const se = serviceEntry(c, 'autogen.dev.payments.checkout');
      expect(se?.spec).toMatchObject({ hosts: ['checkout.payments.dev.mesh'] });
      expect(se?.metadata.labels?.['admin.solo.io/segment']).toBe('dev');
    }
    const status = statusOf(segmentOf(f.cluster('c1'), 'dev'));
    expect(status.conditions).toEqual([
      expect.objectContaining({
        type: 'Local',
        status: 'True',
        reason: 'LocalCluster',
        message: 'This segment is used by the local cluster',
      }),
    ]);
    expect(status.peers).toEqual([
      expect.objectContaining({ clusterName: 'c2', hostname: 'dev.mesh', status: 'Connected' }),
    ]);
    expect(status.connectedPeers).toBe(1);
    expect(status.rejectedPeers).toBeUndefined();
  });

  it('never touches user objects, and restores a deleted generated entry', async () => {
    const userSe = {
      apiVersion: 'networking.istio.io/v1',
      kind: 'ServiceEntry',
      metadata: { name: 'autogen.payments.checkout', namespace: 'istio-system' },
      spec: { hosts: ['mine.example.com'], resolution: 'STATIC' },
    };
    const other = {
      ...userSe,
      metadata: { name: 'external-api', namespace: 'istio-system' },
    };
    const f = await start(
      simCluster('c1', { peers: ['c2'], objects: [userSe, other] as K8sObject[] }),
      simCluster('c2', {
        peers: ['c1'],
        services: [checkout(), service('shop', 'cart', { labels: globalLabel })],
      }),
    );
    const c1 = f.cluster('c1');
    expect(serviceEntry(c1, 'autogen.payments.checkout')?.spec).toEqual(userSe.spec);
    expect(serviceEntry(c1, 'external-api')).toBeDefined();
    expect(serviceEntry(c1, 'autogen.shop.cart')).toBeDefined();

    const type = typeOf(c1, 'networking.istio.io', 'serviceentries');
    c1.api.delete(type, 'istio-system', 'autogen.shop.cart', { dryRun: false });
    await waitFor(() => serviceEntry(c1, 'autogen.shop.cart'), 1000, 'restored entry');
  });
});

describe('segment rejections', () => {
  it('flags a peer whose segment is missing locally, on its gateway and the local Segment', async () => {
    const f = await start(
      simCluster('c1', {
        peers: ['c2'],
        segmentLabel: 'dev',
        segments: [['dev', 'dev.mesh']],
        services: [checkout()],
      }),
      simCluster('c2', { peers: ['c1'], segmentLabel: 'prod', segments: [['prod', 'prod.mesh']] }),
    );
    const c2 = f.cluster('c2');
    expect(conditionOf(peerGatewayOf(c2, 'c1'), 'gloo.solo.io/PeerSegmentAccepted')).toMatchObject({
      status: 'False',
      reason: 'SegmentMissing',
      message: "peer cluster c1 declared segment dev which we don't have locally",
    });
    const prod = statusOf(segmentOf(c2, 'prod'));
    expect(prod.peers).toEqual([
      expect.objectContaining({
        clusterName: 'c1',
        hostname: 'dev.mesh',
        status: 'Rejected',
        reason: 'HostnameMismatch',
      }),
    ]);
    expect(prod.rejectedPeers).toBe(1);
    expect(prod.connectedPeers).toBeUndefined();
    // Discovery of c1 is disabled in c2: its global service is not generated there.
    expect(generatedNames(c2)).toEqual([]);
    // c1 accepts c2 (it holds no prod Segment either, so it rejects it too).
    expect(
      conditionOf(peerGatewayOf(f.cluster('c1'), 'c2'), 'gloo.solo.io/PeerSegmentAccepted'),
    ).toMatchObject({ status: 'False', reason: 'SegmentMissing' });
  });

  it('reports a domain mismatch with both domains', async () => {
    const f = await start(
      simCluster('c1', { peers: ['c2'], segmentLabel: 'dev', segments: [['dev', 'dev.mesh']] }),
      simCluster('c2', { peers: ['c1'], segments: [['dev', 'dev.example']] }),
    );
    const c2 = f.cluster('c2');
    expect(conditionOf(peerGatewayOf(c2, 'c1'), 'gloo.solo.io/PeerSegmentAccepted')).toMatchObject({
      status: 'False',
      reason: 'HostnameMismatch',
      message:
        'peer cluster c1 declared segment dev with domain dev.mesh, but our local segment has domain dev.example',
    });
    // c2 is in the default segment: the rejection is recorded on no Segment (reference.md §2.1.3).
    expect(statusOf(segmentOf(c2, 'dev')).peers).toBeUndefined();
    expect(statusOf(segmentOf(c2, 'dev')).conditions).toEqual([
      expect.objectContaining({ type: 'Local', status: 'False', reason: 'NotLocal' }),
    ]);
    expect(
      conditionOf(peerGatewayOf(f.cluster('c1'), 'c2'), 'gloo.solo.io/PeerSegmentAccepted'),
    ).toMatchObject({ status: 'True', reason: 'Accepted' });
  });

  it('writes status through the admin.solo.io/v1alpha1 API where that is served', async () => {
    const f = await start(
      simCluster('c1', {
        peers: ['c2'],
        segmentLabel: 'dev',
        segments: [['dev', 'dev.mesh']],
        segmentApi: 'admin.solo.io/v1alpha1',
      }),
      simCluster('c2', { peers: ['c1'], segmentLabel: 'dev', segments: [['dev', 'dev.mesh']] }),
    );
    const status = statusOf(segmentOf(f.cluster('c1'), 'dev', KEY.soloSegments));
    expect(status).toMatchObject({
      conditions: [expect.objectContaining({ type: 'Local', status: 'True' })],
      peers: [expect.objectContaining({ clusterName: 'c2', status: 'Connected' })],
      connectedPeers: 1,
    });
  });
});

describe('peer gateway conditions', () => {
  it('marks a valid gateway to a reachable peer programmed, keeping other conditions', async () => {
    const f = await start(simCluster('c1', { peers: ['c2'] }), simCluster('c2', { peers: ['c1'] }));
    const c1 = f.cluster('c1');
    const gw = peerGatewayOf(c1, 'c2');
    expect(conditionOf(gw, 'Accepted')).toMatchObject({ status: 'True', reason: 'Accepted' });
    expect(conditionOf(gw, 'Programmed')).toMatchObject({
      status: 'True',
      message: 'This Gateway is remote; Istio will not program it',
    });
    for (const type of ['gloo.solo.io/PeerConnected', 'gloo.solo.io/PeeringSucceeded']) {
      expect(conditionOf(gw, type)).toMatchObject({ status: 'True', reason: 'Programmed' });
    }
    expect(conditionOf(gw, 'gloo.solo.io/PeerDataPlaneProgrammed')).toMatchObject({
      status: 'True',
      message:
        'peering data plane programmed for cross-network traffic with LoadBalancer service type',
    });
    expect(conditionOf(gw, 'gloo.solo.io/PeerSegmentAccepted')).toMatchObject({ status: 'True' });

    // A condition of another controller survives, and a rewrite keeps transition times.
    const type = typeOf(c1, 'gateway.networking.k8s.io', 'gateways');
    const before = conditionOf(gw, 'gloo.solo.io/PeerConnected')?.lastTransitionTime;
    const conditions = [
      ...((statusOf(gw).conditions as unknown[]) ?? []),
      { type: 'example.com/Audited', status: 'True', reason: 'Audited', message: 'ok' },
    ];
    c1.api.update(
      type,
      'istio-gateways',
      'istio-remote-peer-c2',
      { ...(gw as NonNullable<typeof gw>), status: { ...statusOf(gw), conditions } },
      { dryRun: false, fieldManager: 'auditor', fieldValidation: 'Strict' },
      'status',
    );
    await f.istiod?.reconcileNow();
    const after = peerGatewayOf(c1, 'c2');
    expect(conditionOf(after, 'example.com/Audited')).toMatchObject({ message: 'ok' });
    expect(conditionOf(after, 'gloo.solo.io/PeerConnected')?.lastTransitionTime).toBe(before);
  });

  it('reports validation errors with the exact messages', async () => {
    const gateway = (peer: string, change: (g: Record<string, unknown>) => void): K8sObject => {
      const g = structuredClone(simCluster('x', { peers: [peer] }).manifests?.at(-1)?.object);
      change(g as unknown as Record<string, unknown>);
      return g as unknown as K8sObject;
    };
    const noNetwork = gateway('p1', (g) => {
      const meta = g.metadata as { labels: Record<string, string> };
      delete meta.labels['topology.istio.io/network'];
    });
    const statusOnly = gateway('p2', (g) => {
      const spec = g.spec as Record<string, unknown>;
      g.status = { addresses: spec.addresses };
      delete spec.addresses;
    });
    const noAddress = gateway('p3', (g) => {
      delete (g.spec as Record<string, unknown>).addresses;
      g.status = {};
    });
    const noHbone = gateway('c2', (g) => {
      const spec = g.spec as { listeners: { protocol: string }[] };
      spec.listeners = spec.listeners.filter((l) => l.protocol !== 'HBONE');
    });
    const f = await start(
      simCluster('c1', { objects: [noNetwork, statusOnly, noAddress, noHbone] }),
      simCluster('c2'),
    );
    const c1 = f.cluster('c1');
    const expectInvalid = (peer: string, err: string) => {
      const gw = peerGatewayOf(c1, peer);
      expect(conditionOf(gw, 'gloo.solo.io/PeerConnected')).toMatchObject({
        status: 'False',
        reason: 'Invalid',
        message: `no network started, encountered error validating gateway: ${err}`,
      });
      expect(conditionOf(gw, 'gloo.solo.io/PeeringSucceeded')).toMatchObject({
        status: 'False',
        reason: 'Invalid',
      });
      expect(conditionOf(gw, 'gloo.solo.io/PeerDataPlaneProgrammed')).toMatchObject({
        status: 'False',
        reason: 'Invalid',
        message: `peering data plane not programmed for cross-network traffic, encountered error validating gateway: ${err}`,
      });
    };
    expectInvalid('p1', 'no network label found in gateway');
    expectInvalid('p2', 'no spec.addresses found in gateway (but found status.addresses)');
    expectInvalid('p3', 'no addresses found in gateway');
    const hbone = peerGatewayOf(c1, 'c2');
    expect(conditionOf(hbone, 'gloo.solo.io/PeerConnected')).toMatchObject({ status: 'True' });
    expect(conditionOf(hbone, 'gloo.solo.io/PeerDataPlaneProgrammed')).toMatchObject({
      status: 'False',
      reason: 'Invalid',
      message:
        'peering data plane not programmed for cross-network traffic, missing HBONE listener',
    });
  });

  it('is Pending for an unknown peer, and follows the down fault of a simulated one', async () => {
    const f = await start(
      simCluster('c1', { peers: ['c2', 'elsewhere'] }),
      simCluster('c2', { peers: ['c1'], services: [checkout()] }),
    );
    const c1 = f.cluster('c1');
    expect(conditionOf(peerGatewayOf(c1, 'elsewhere'), 'gloo.solo.io/PeerConnected')).toMatchObject(
      { status: 'False', reason: 'Pending', message: MESSAGES.notConnected },
    );
    expect(
      conditionOf(peerGatewayOf(c1, 'elsewhere'), 'gloo.solo.io/PeeringSucceeded'),
    ).toMatchObject({ status: 'Unknown', reason: 'Pending', message: MESSAGES.notSynced });
    expect(conditionOf(peerGatewayOf(c1, 'c2'), 'gloo.solo.io/PeerConnected')?.status).toBe('True');
    expect(serviceEntry(c1, 'autogen.payments.checkout')).toBeDefined();

    await f.cluster('c2').setFaults({ down: true });
    await waitFor(
      () => conditionOf(peerGatewayOf(c1, 'c2'), 'gloo.solo.io/PeerConnected')?.status === 'False',
      2000,
      'PeerConnected False',
    );
    expect(conditionOf(peerGatewayOf(c1, 'c2'), 'gloo.solo.io/PeerConnected')).toMatchObject({
      reason: 'Pending',
      message: 'not connected to peer',
    });
    expect(serviceEntry(c1, 'autogen.payments.checkout')).toBeUndefined();

    await f.cluster('c2').setFaults({ down: false });
    await waitFor(
      () => conditionOf(peerGatewayOf(c1, 'c2'), 'gloo.solo.io/PeerConnected')?.status === 'True',
      2000,
      'PeerConnected True again',
    );
    await waitFor(() => serviceEntry(c1, 'autogen.payments.checkout'), 1000, 'entry back');
  });

  it('writes nothing where istiod runs without ENABLE_PEERING_DISCOVERY', async () => {
    const off = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'istiod', namespace: 'istio-system' },
      spec: {
        selector: { matchLabels: { app: 'istiod' } },
        template: {
          metadata: { labels: { app: 'istiod' } },
          spec: {
            containers: [
              {
                name: 'discovery',
                image: 'pilot',
                env: [
                  { name: 'CLUSTER_ID', value: 'c1' },
                  { name: 'ENABLE_PEERING_DISCOVERY', value: 'false' },
                ],
              },
            ],
          },
        },
      },
    } as K8sObject;
    const f = await start(
      simCluster('c1', { peers: ['c2'], services: [checkout()], objects: [off] }),
      simCluster('c2', { peers: ['c1'], services: [checkout()] }),
    );
    const c1 = f.cluster('c1');
    expect(generatedNames(c1)).toEqual([]);
    expect(statusOf(peerGatewayOf(c1, 'c2')).conditions).toEqual([]);
    // c2 still connects to c1's istiod? No: c1 serves no peering, so c2 sees it pending.
    expect(
      conditionOf(peerGatewayOf(f.cluster('c2'), 'c1'), 'gloo.solo.io/PeerConnected')?.reason,
    ).toBe('Pending');
  });
});

describe('triggering', () => {
  it('reflects a change made through the API within a second', async () => {
    const f = await start(
      simCluster('c1', { peers: ['c2'] }),
      simCluster('c2', { peers: ['c1'], services: [checkout({})] }),
    );
    const c1 = f.cluster('c1');
    expect(serviceEntry(c1, 'autogen.payments.checkout')).toBeUndefined();
    const c2 = f.cluster('c2');
    const started = Date.now();
    mergePatch(c2, typeOf(c2, '', 'services'), 'payments', 'checkout', {
      metadata: { labels: globalLabel },
    });
    await waitFor(() => serviceEntry(c1, 'autogen.payments.checkout'), 1000, 'generated entry');
    expect(Date.now() - started).toBeLessThan(1000);

    // And back: the scope removed, the entry goes in both clusters.
    mergePatch(c2, typeOf(c2, '', 'services'), 'payments', 'checkout', {
      metadata: { labels: { 'solo.io/service-scope': null } },
    });
    await waitFor(() => generatedNames(c1).length === 0, 1000, 'entry deleted in c1');
    await waitFor(() => generatedNames(c2).length === 0, 1000, 'entry deleted in c2');
  });

  it('reconciles the changed cluster and those peering with it, not the rest', async () => {
    const dev: [string, string] = ['dev', 'dev.mesh'];
    const f = await start(
      simCluster('c1', { peers: ['c2'], segmentLabel: 'dev', segments: [dev] }),
      simCluster('c2', { segmentLabel: 'dev', segments: [dev] }),
      simCluster('c3', { segments: [dev] }),
    );
    const c1 = f.cluster('c1');
    const c2 = f.cluster('c2');
    const accepted = () =>
      conditionOf(peerGatewayOf(c1, 'c2'), 'gloo.solo.io/PeerSegmentAccepted')?.reason;
    expect(accepted()).toBe('Accepted');
    const before = f.istiod?.passes ?? 0;
    // The peer's Segment changes domain: c1, which peers with c2, now rejects it.
    mergePatch(c2, typeOf(c2, 'admin.istio.io', 'segments'), 'istio-system', 'dev', {
      spec: { domain: 'dev2.mesh' },
    });
    await waitFor(() => accepted() === 'HostnameMismatch', 1000, 'HostnameMismatch in c1');
    await waitFor(() => (f.istiod?.passes ?? 0) > before, 1000, 'a pass');
    expect(f.istiod?.last?.reconciled).toEqual(['c1', 'c2']);
    expect(conditionOf(peerGatewayOf(c1, 'c2'), 'gloo.solo.io/PeerSegmentAccepted')?.message).toBe(
      'peer cluster c2 declared segment dev with domain dev2.mesh, but our local segment has domain dev.mesh',
    );
    expect(statusOf(segmentOf(c1, 'dev')).peers).toEqual([
      expect.objectContaining({ clusterName: 'c2', hostname: 'dev2.mesh', status: 'Rejected' }),
    ]);
  });

  it('converges: a second reconcile writes nothing', async () => {
    const f = await start(
      simCluster('c1', {
        peers: ['c2', 'c3'],
        segmentLabel: 'dev',
        segments: [
          ['dev', 'dev.mesh'],
          ['prod', 'prod.mesh'],
        ],
        services: [checkout()],
      }),
      simCluster('c2', { peers: ['c1'], segmentLabel: 'prod', segments: [['prod', 'prod.mesh']] }),
      simCluster('c3', { peers: ['c1'], services: [checkout()] }),
    );
    const istiod = f.istiod;
    if (!istiod) throw new Error('istiod controllers not started');
    expect(istiod.last?.totalWrites).toBeGreaterThan(0);
    const before = revisions(f.clusters);
    const se = serviceEntry(f.cluster('c1'), 'autogen.dev.payments.checkout');
    const again = await istiod.reconcileNow();
    expect(again.totalWrites).toBe(0);
    expect(again.errors).toEqual([]);
    expect(revisions(f.clusters)).toEqual(before);
    expect(
      serviceEntry(f.cluster('c1'), 'autogen.dev.payments.checkout')?.metadata.resourceVersion,
    ).toBe(se?.metadata.resourceVersion);
  });

  it('does not start when asked not to', async () => {
    const f = (fleet = await Fleet.start({
      clusters: [simCluster('c1', { peers: ['c2'], services: [checkout()] }), simCluster('c2')],
      istiod: false,
    }));
    expect(f.istiod).toBeUndefined();
    expect(generatedNames(f.cluster('c1'))).toEqual([]);
  });
});
