import { eastWestGateway, peerGateway } from '@/lib/testing/builders';

import type { ClusterSpec } from './fleet';
import type { KubeObject } from './types';

export interface SyntheticSize {
  clusters: number;
  servicesPerCluster: number;
}

/** Parses `50x500` (clusters × services per cluster). */
export function parseSyntheticSize(text: string): SyntheticSize {
  const match = /^(\d+)x(\d+)$/.exec(text.trim());
  const clusters = Number(match?.[1]);
  const servicesPerCluster = Number(match?.[2]);
  if (
    !match ||
    clusters < 1 ||
    clusters > 1000 ||
    servicesPerCluster < 0 ||
    servicesPerCluster > 100_000
  ) {
    throw new Error(
      `--synthetic expects CLUSTERSxSERVICES, e.g. 50x500 (1–1000 clusters), got "${text}"`,
    );
  }
  return { clusters, servicesPerCluster };
}

const SCOPES = ['global', 'segment', undefined] as const;
const SEGMENT_SIZE = 10;

const clusterName = (i: number) => `cluster-${String(i).padStart(3, '0')}`;

const eastWestAddress = (i: number) => `172.18.${Math.floor(i / 250)}.${(i % 250) + 1}`;

// Peer gateway conditions and Segment status are left to the istiod stand-in, as on a real cluster.
const eastWest = (cluster: string, index: number) =>
  eastWestGateway(cluster, { address: eastWestAddress(index) }) as KubeObject;
const peerLink = (peer: string, peerIndex: number) =>
  peerGateway(peer, { address: eastWestAddress(peerIndex), conditions: {} }) as KubeObject;

/**
 * Peers of cluster i: every other member of its segment (a segment is one connectivity boundary,
 * SEG208), plus one cluster in each neighbouring segment, both ways, for cross-segment services.
 */
function peersOf(i: number, clusters: number): number[] {
  const segment = Math.floor(i / SEGMENT_SIZE);
  const peers = new Set<number>();
  for (let j = segment * SEGMENT_SIZE; j < Math.min(clusters, (segment + 1) * SEGMENT_SIZE); j++)
    peers.add(j);
  if (clusters > SEGMENT_SIZE) {
    peers.add((i + SEGMENT_SIZE) % clusters);
    peers.add((i - SEGMENT_SIZE + clusters) % clusters);
  }
  peers.delete(i);
  return [...peers].sort((a, b) => a - b);
}

/**
 * A large, valid fleet for benchmarks: segments of ten fully meshed clusters, linked to the
 * neighbouring segments, each cluster running services spread over namespaces with mixed scopes.
 * Deterministic, so that benchmark runs compare like with like.
 */
export function syntheticFleet({ clusters, servicesPerCluster }: SyntheticSize): ClusterSpec[] {
  const segmentCount = Math.max(1, Math.ceil(clusters / SEGMENT_SIZE));
  const segments: KubeObject[] = Array.from({ length: segmentCount }, (_, s) => ({
    apiVersion: 'admin.istio.io/v1',
    kind: 'Segment',
    metadata: { name: `segment-${s}`, namespace: 'istio-system' },
    spec: { domain: `segment-${s}.mesh` },
  }));
  const namespaceCount = Math.max(1, Math.ceil(servicesPerCluster / 20));
  return Array.from({ length: clusters }, (_, i) => {
    const name = clusterName(i);
    const peers = peersOf(i, clusters);
    const objects: KubeObject[] = [
      ...segments,
      {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: {
          name: 'istio-system',
          labels: {
            'topology.istio.io/network': name,
            'admin.solo.io/segment': `segment-${Math.floor(i / SEGMENT_SIZE)}`,
          },
        },
      },
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'istio-gateways' } },
      eastWest(name, i),
      ...peers.map((p) => peerLink(clusterName(p), p)),
      ...Array.from(
        { length: namespaceCount },
        (_, n) =>
          ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: `team-${n}` } }) as KubeObject,
      ),
      ...Array.from({ length: servicesPerCluster }, (_, s) => {
        const scope = SCOPES[s % SCOPES.length];
        return {
          apiVersion: 'v1',
          kind: 'Service',
          metadata: {
            name: `svc-${s}`,
            namespace: `team-${s % namespaceCount}`,
            labels: { app: `svc-${s}`, ...(scope ? { 'solo.io/service-scope': scope } : {}) },
          },
          spec: {
            selector: { app: `svc-${s}` },
            ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
          },
        } as KubeObject;
      }),
    ];
    return {
      name,
      manifests: objects.map((object) => ({
        source: `synthetic ${clusters}x${servicesPerCluster}`,
        object,
      })),
    };
  });
}
