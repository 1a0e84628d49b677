// The istiod stand-in's desired state, computed from fleet snapshots built with the test builders
// (no simulator): the finer rules of reference.md §2.1.3, §2.3.2 and §2.5.1.
import { describe, expect, it } from 'vitest';

import {
  aCluster,
  globalLabel,
  peerGateway,
  service,
  snapshotOf,
} from '../../../lib/testing/builders';
import type { ClusterInput } from '../../../lib/model/input';
import { type DesiredCondition, desiredStates, MESSAGES, portProtocol } from './desired';

const desiredOf = (context: string, ...clusters: ClusterInput[]) => {
  const state = desiredStates(snapshotOf(...clusters))(context);
  if (!state) throw new Error(`no desired state for ${context}`);
  return state;
};

const byType = (conditions: DesiredCondition[] | undefined) =>
  Object.fromEntries((conditions ?? []).map((c) => [c.type, c]));

describe('generated ServiceEntries', () => {
  it('unions remote ports as port-<n>, forcing TCP where the copies disagree', () => {
    const remote = (ports: { port: number; name: string }[]) =>
      service('payments', 'checkout', { labels: globalLabel, ports });
    const state = desiredOf(
      'c1',
      aCluster('c1', { peers: ['c2', 'c3'] }),
      aCluster('c2', {
        services: [
          remote([
            { port: 8080, name: 'http' },
            { port: 9090, name: 'grpc-api' },
          ]),
        ],
      }),
      aCluster('c3', { services: [remote([{ port: 8080, name: 'grpc' }])] }),
    );
    expect(state.serviceEntries.get('autogen.payments.checkout')?.spec.ports).toEqual([
      { number: 8080, name: 'port-8080', protocol: 'TCP' },
      { number: 9090, name: 'port-9090', protocol: 'GRPC' },
    ]);
  });

  it('takes TCP ports of the local copy, named by name or target port, with its labels', () => {
    const local = service('payments', 'checkout', {
      labels: { ...globalLabel, team: 'pay', 'solo.io/service-takeover': 'true' },
      annotations: {
        'kubectl.kubernetes.io/last-applied-configuration': '{}',
        'example.com/owner': 'pay',
      },
      ports: [
        { port: 8080, name: 'http' },
        { port: 53, name: 'dns', protocol: 'UDP' },
        { port: 9000, targetPort: 'metrics' },
      ],
    });
    const se = desiredOf('c1', aCluster('c1', { services: [local] })).serviceEntries.get(
      'autogen.payments.checkout',
    );
    expect(se?.spec.ports).toEqual([
      { number: 8080, name: 'http', protocol: 'HTTP' },
      { number: 9000, name: 'metrics', protocol: 'TCP' },
    ]);
    expect(se?.labels).toMatchObject({
      team: 'pay',
      'solo.io/service-scope': 'global',
      'solo.io/service-takeover': 'true',
    });
    expect(se?.annotations).toEqual({
      'example.com/owner': 'pay',
      'networking.istio.io/traffic-distribution': 'PreferNetwork',
    });
  });

  it('keeps copies of another segment apart, under that segment name and domain', () => {
    const checkout = service('payments', 'checkout', { labels: globalLabel });
    const state = desiredOf(
      'c1',
      aCluster('c1', { peers: ['c2'], segments: [['prod', 'prod.mesh']], services: [checkout] }),
      aCluster('c2', {
        segmentLabel: 'prod',
        segments: [['prod', 'prod.mesh']],
        services: [checkout],
      }),
    );
    expect([...state.serviceEntries.keys()].sort()).toEqual([
      'autogen.payments.checkout',
      'autogen.prod.payments.checkout',
    ]);
    expect(state.serviceEntries.get('autogen.prod.payments.checkout')).toMatchObject({
      labels: { 'solo.io/service-scope': 'cluster', 'admin.solo.io/segment': 'prod' },
      spec: { hosts: ['checkout.payments.prod.mesh'] },
    });
  });

  it('is not wanted where istiod runs without peering discovery', () => {
    const snapshot = snapshotOf(
      aCluster('c1', { istiodEnv: { ENABLE_PEERING_DISCOVERY: 'false' } }),
    );
    expect(desiredStates(snapshot)('c1')).toBeUndefined();
  });
});

describe('peer gateway conditions', () => {
  it('writes no Solo condition on a gateway that points at its own cluster', () => {
    const state = desiredOf('c1', aCluster('c1', { peers: ['c1'] }));
    expect(Object.keys(byType(state.gateways.get('istio-gateways/istio-remote-peer-c1')))).toEqual([
      'Accepted',
      'Programmed',
    ]);
  });

  it('programs NodePort peering only once connected, and validates its annotations', () => {
    const nodePort = { 'peering.solo.io/preferred-data-plane-service-type': 'NodePort' };
    const state = desiredOf(
      'c1',
      aCluster('c1', {
        objects: [
          peerGateway('c2', { annotations: nodePort }),
          peerGateway('gone', { annotations: nodePort }),
          peerGateway('c3', { annotations: nodePort, clusterLabel: null }),
        ],
      }),
      aCluster('c2'),
      aCluster('c3'),
    );
    const c2 = byType(state.gateways.get('istio-gateways/istio-remote-peer-c2'));
    expect(c2['gloo.solo.io/PeerDataPlaneProgrammed']?.message).toBe(
      MESSAGES.dataPlaneProgrammed('NodePort'),
    );
    const gone = byType(state.gateways.get('istio-gateways/istio-remote-peer-gone'));
    expect(gone['gloo.solo.io/PeerDataPlaneProgrammed']).toMatchObject({
      status: 'False',
      reason: 'Pending',
      message: MESSAGES.nodePortPending,
    });
    const c3 = byType(state.gateways.get('istio-gateways/istio-remote-peer-c3'));
    expect(c3['gloo.solo.io/PeerConnected']?.message).toBe(
      'no network started, encountered error validating gateway: nodeport peering is enabled, expected topology.istio.io/cluster label not found in gateway',
    );
  });
});

describe('Segment status', () => {
  it('lists a peer that does not answer as Connecting, counted neither way', () => {
    const state = desiredOf(
      'c1',
      aCluster('c1', { peers: ['c2'], segmentLabel: 'dev', segments: [['dev', 'dev.mesh']] }),
      aCluster('c2', {
        segmentLabel: 'dev',
        segments: [['dev', 'dev.mesh']],
        istiodEnv: { ENABLE_PEERING_DISCOVERY: 'false' },
      }),
    );
    expect(state.segments.get('dev')).toEqual({
      local: true,
      peers: [{ clusterName: 'c2', hostname: 'dev.mesh', status: 'Connecting' }],
    });
  });

  it('sorts peers by cluster name and records nothing for default-segment peers', () => {
    const dev: [string, string] = ['dev', 'dev.mesh'];
    const state = desiredOf(
      'c1',
      aCluster('c1', { peers: ['c4', 'c3', 'c2'], segmentLabel: 'dev', segments: [dev] }),
      aCluster('c2', { segmentLabel: 'dev', segments: [dev] }),
      aCluster('c3', { segmentLabel: 'dev', segments: [dev] }),
      aCluster('c4'),
    );
    expect(state.segments.get('dev')?.peers.map((p) => p.clusterName)).toEqual(['c2', 'c3']);
  });
});

describe('port protocols', () => {
  it('follows appProtocol, then the port name prefix, else TCP', () => {
    const tcp = { port: 1, protocol: 'TCP' };
    expect(portProtocol({ ...tcp, name: 'tcp-x', appProtocol: 'http' })).toBe('HTTP');
    expect(portProtocol({ ...tcp, name: 'grpc-web-ui' })).toBe('GRPC-Web');
    expect(portProtocol({ ...tcp, name: 'grpc-api' })).toBe('GRPC');
    expect(portProtocol({ ...tcp, name: 'https' })).toBe('HTTPS');
    expect(portProtocol({ ...tcp, appProtocol: 'kubernetes.io/h2c' })).toBe('HTTP2');
    expect(portProtocol({ ...tcp, name: 'metrics' })).toBe('TCP');
    expect(portProtocol(tcp)).toBe('TCP');
  });
});
