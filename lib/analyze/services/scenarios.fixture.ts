/**
 * The product brief's three situations (reference.md §4) as fleets for the service and hostname
 * detector tests, before and after their segmented fix. Pure builders, no test-runner imports.
 */
import type { ClusterInput } from '../../model/input';
import { aCluster, fullMesh, globalLabel, segmentLabel, service } from '../../testing/builders';

type Segments = [string, string][];

/** §4.1: cluster-3 of an acquired company runs a different payments/checkout. */
export function onboardedCluster(fixed = false): ClusterInput[] {
  const peers = fullMesh(['cluster-1', 'cluster-2', 'cluster-3']);
  const segments: Segments = [
    ['acme', 'mesh.acme'],
    ['acquired', 'mesh.acquired'],
  ];
  const acme = service('payments', 'checkout', {
    labels: { app: 'checkout', team: 'payments' },
    selector: { app: 'checkout' },
    ports: [{ port: 8080, name: 'http' }],
  });
  const acquired = service('payments', 'checkout', {
    labels: { app: 'checkout', team: 'commerce' },
    selector: { 'app.kubernetes.io/name': 'checkout' },
    ports: [
      { port: 8080, name: 'grpc' },
      { port: 9090, name: 'grpc-admin' },
    ],
  });
  const cluster = (context: string, segment: string, checkout: typeof acme) =>
    aCluster(context, {
      peers: peers[context] ?? [],
      namespaceLabels: { payments: globalLabel },
      services: [checkout],
      ...(fixed ? { segments, segmentLabel: segment } : {}),
    });
  return [
    cluster('cluster-1', 'acme', acme),
    cluster('cluster-2', 'acme', acme),
    cluster('cluster-3', 'acquired', acquired),
  ];
}

/** §4.2: dev-east and prod-east peered for shared platform services; orders/api merges. */
export function differentEnvironments(fixed = false): ClusterInput[] {
  const segments: Segments = [
    ['dev', 'dev.mesh'],
    ['prod', 'prod.mesh'],
  ];
  const api = (env: string) =>
    service('orders', 'api', {
      labels: { app: 'api', env },
      ports: [{ port: 8080, name: 'http' }],
    });
  const orders = fixed ? segmentLabel : globalLabel;
  return [
    aCluster('dev-east', {
      peers: ['prod-east'],
      namespaceLabels: { orders, vault: globalLabel },
      services: [api('dev'), service('vault', 'vault', { ports: [{ port: 8200, name: 'https' }] })],
      ...(fixed ? { segments, segmentLabel: 'dev' } : {}),
    }),
    aCluster('prod-east', {
      peers: ['dev-east'],
      namespaceLabels: { orders, observability: globalLabel },
      services: [
        api('prod'),
        service('observability', 'otel-collector', { ports: [{ port: 4317, name: 'grpc' }] }),
      ],
      ...(fixed ? { segments, segmentLabel: 'prod' } : {}),
    }),
  ];
}

/** §4.3: cluster-a ↔ cluster-hub ↔ cluster-c; a and c run different inventory/stock apps. */
export function transitivePeering(fixed = false): ClusterInput[] {
  const segments: Segments = [
    ['team-a', 'a.mesh'],
    ['team-c', 'c.mesh'],
  ];
  const stockA = service('inventory', 'stock', {
    labels: { ...globalLabel, team: 'team-a' },
    ports: [{ port: 8080, name: 'http' }],
  });
  const stockC = service('inventory', 'stock', {
    labels: { ...globalLabel, team: 'team-c' },
    ports: [
      { port: 8080, name: 'http' },
      { port: 9090, name: 'http-metrics' },
    ],
  });
  return [
    aCluster('cluster-a', {
      peers: ['cluster-hub'],
      services: [stockA],
      ...(fixed ? { segments, segmentLabel: 'team-a' } : {}),
    }),
    aCluster('cluster-hub', {
      peers: ['cluster-a', 'cluster-c'],
      ...(fixed ? { segments, segmentLabel: 'team-a' } : {}),
    }),
    aCluster('cluster-c', {
      peers: ['cluster-hub'],
      services: [stockC],
      ...(fixed ? { segments, segmentLabel: 'team-c' } : {}),
    }),
  ];
}
