import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import yaml from 'js-yaml';

import type { KubeObject } from './types';

const here = import.meta.dirname;

/** The Segment API a simulated cluster serves: the brief's, the released one, both, or none. */
export type SegmentApi = 'admin.istio.io/v1' | 'admin.solo.io/v1alpha1' | 'both' | 'none';

export const SEGMENT_CRDS: Record<Exclude<SegmentApi, 'both' | 'none'>, string> = {
  'admin.istio.io/v1': 'segments.admin.istio.io.yaml',
  'admin.solo.io/v1alpha1': 'segments.admin.solo.io.yaml',
};

export function loadCrd(file: string): KubeObject {
  return yaml.load(readFileSync(join(here, 'crds', file), 'utf8')) as KubeObject;
}

/** The Istio, Gateway API and Segment CRDs a bare Istio cluster serves. */
export function istioCrds(segmentApi: SegmentApi): KubeObject[] {
  const segmentFiles = Object.values(SEGMENT_CRDS);
  const others = readdirSync(join(here, 'crds'))
    .filter((f) => f.endsWith('.yaml') && !segmentFiles.includes(f))
    .sort();
  const segments =
    segmentApi === 'none' ? [] : segmentApi === 'both' ? segmentFiles : [SEGMENT_CRDS[segmentApi]];
  return [...others, ...segments].map(loadCrd);
}

/** One root certificate for the whole fleet: peers must share a root of trust (TRUST601). */
export const FLEET_ROOT_CERT = readFileSync(join(here, 'fixtures', 'root-cert.pem'), 'utf8');

const ns = (name: string, labels: Record<string, string> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name, ...(Object.keys(labels).length ? { labels } : {}) },
});

/**
 * A freshly installed Solo Istio ambient cluster with peering discovery on, before any peering or
 * segments: what `istioctl install` leaves behind (README "bare Istio cluster").
 */
export function bareIstioCluster(
  cluster: string,
  rootCert: string = FLEET_ROOT_CERT,
): KubeObject[] {
  return [
    ns('default'),
    ns('kube-system'),
    ns('kube-public'),
    ns('istio-system', { 'topology.istio.io/network': cluster }),
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: 'kubernetes',
        namespace: 'default',
        labels: { component: 'apiserver', provider: 'kubernetes' },
      },
      spec: { ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }] },
    },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'istio', namespace: 'istio-system', labels: { 'istio.io/rev': 'default' } },
      data: {
        mesh: `defaultConfig:\n  discoveryAddress: istiod.istio-system.svc:15012\ntrustDomain: ${cluster}.local\n`,
        meshNetworks: 'networks: {}',
      },
    },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'istio-ca-root-cert',
        namespace: 'istio-system',
        labels: { 'istio.io/config': 'true' },
      },
      data: { 'root-cert.pem': rootCert },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: 'istiod',
        namespace: 'istio-system',
        labels: { app: 'istiod', 'istio.io/rev': 'default' },
      },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'istiod', 'istio.io/rev': 'default' } },
        template: {
          metadata: { labels: { app: 'istiod', 'istio.io/rev': 'default' } },
          spec: {
            serviceAccountName: 'istiod',
            containers: [
              {
                name: 'discovery',
                image: 'us-docker.pkg.dev/soloio-img/istio/pilot:1.28.0-solo',
                ports: [
                  { containerPort: 15010, protocol: 'TCP' },
                  { containerPort: 15012, protocol: 'TCP' },
                  { containerPort: 15017, protocol: 'TCP' },
                ],
                env: [
                  { name: 'CLUSTER_ID', value: cluster },
                  { name: 'ENABLE_PEERING_DISCOVERY', value: 'true' },
                  // Distinct per-cluster trust domains need this (reference.md §2.6; TRUST603).
                  { name: 'PILOT_SKIP_VALIDATE_TRUST_DOMAIN', value: 'true' },
                  { name: 'PILOT_ENABLE_IP_AUTOALLOCATE', value: 'true' },
                ],
              },
            ],
          },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: 'istiod',
        namespace: 'istio-system',
        labels: { app: 'istiod', istio: 'pilot' },
      },
      spec: {
        selector: { app: 'istiod', istio: 'pilot' },
        ports: [
          { name: 'grpc-xds', port: 15010, protocol: 'TCP' },
          { name: 'https-dns', port: 15012, protocol: 'TCP' },
          { name: 'https-webhook', port: 443, protocol: 'TCP', targetPort: 15017 },
        ],
      },
    },
  ];
}
