/**
 * Random sequences of changes to a fleet's objects, the way watch events arrive at the live
 * server: segment labels, Segments added / removed / re-domained, Services added / removed /
 * rescoped, peer gateways added / removed, clusters joining, leaving, becoming unreadable and
 * readable again. Each step is a new FleetInput plus the contexts it changed. Pure.
 */
import fc from 'fast-check';

import type { ClusterInput, FleetInput } from '../model/input';
import type { K8sObject } from '../model/objects';
import {
  aCluster,
  CONNECTED,
  peerGateway,
  removeObject,
  segment as segmentObject,
  service,
} from './builders';
import { CONTEXTS } from './random-fleet';

export type FleetEdit =
  | { kind: 'label'; cluster: number; value: string | null }
  | { kind: 'segment'; cluster: number; name: string; domain: string | null }
  | { kind: 'service'; cluster: number; namespace: string; name: string; scope: string | null }
  | { kind: 'remove-service'; cluster: number; namespace: string; name: string }
  | { kind: 'peer'; cluster: number; peer: number; present: boolean }
  | { kind: 'peering'; cluster: number; enabled: boolean }
  | { kind: 'policy'; cluster: number; namespace: string; present: boolean }
  | { kind: 'join'; context: number }
  | { kind: 'leave'; cluster: number }
  | { kind: 'readable'; cluster: number; readable: boolean };

const SEGMENTS = ['acme', 'acquired', 'dev', 'ghost'];
const DOMAINS = ['mesh.acme', 'mesh.acquired', 'dev.mesh', 'acme.other', 'mesh.internal'];
/** The domain random-fleet.ts gives each segment most often, so that added Segments match. */
const CANONICAL: Record<string, string> = {
  acme: 'mesh.acme',
  acquired: 'mesh.acquired',
  dev: 'dev.mesh',
  ghost: 'ghost.mesh',
};
const NAMESPACES = ['payments', 'inventory', 'default'];
const NAMES = ['checkout', 'stock', 'api'];
const SCOPES = ['global', 'segment', 'cluster', 'local', 'Global'];

const index = fc.nat({ max: 63 });

export const fleetEditArb: fc.Arbitrary<FleetEdit> = fc.oneof(
  fc.record({
    kind: fc.constant('label' as const),
    cluster: index,
    value: fc.option(fc.constantFrom(...SEGMENTS, 'default'), { nil: null }),
  }),
  fc
    .record({
      cluster: index,
      name: fc.constantFrom(...SEGMENTS),
      domain: fc.option(fc.constantFrom('canonical', ...DOMAINS), { nil: null }),
    })
    .map(({ cluster, name, domain }) => ({
      kind: 'segment' as const,
      cluster,
      name,
      domain: domain === 'canonical' ? CANONICAL[name]! : domain,
    })),
  fc.record({ kind: fc.constant('peering' as const), cluster: index, enabled: fc.boolean() }),
  fc.record({
    kind: fc.constant('policy' as const),
    cluster: index,
    namespace: fc.constantFrom(...NAMESPACES),
    present: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('service' as const),
    cluster: index,
    namespace: fc.constantFrom(...NAMESPACES),
    name: fc.constantFrom(...NAMES),
    scope: fc.option(fc.constantFrom(...SCOPES), { nil: null }),
  }),
  fc.record({
    kind: fc.constant('remove-service' as const),
    cluster: index,
    namespace: fc.constantFrom(...NAMESPACES),
    name: fc.constantFrom(...NAMES),
  }),
  fc.record({
    kind: fc.constant('peer' as const),
    cluster: index,
    peer: index,
    present: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('join' as const), context: index }),
  fc.record({ kind: fc.constant('leave' as const), cluster: index }),
  fc.record({ kind: fc.constant('readable' as const), cluster: index, readable: fc.boolean() }),
);

/** Objects of an unreadable cluster, kept so that it can become readable again. */
const hidden = new WeakMap<ClusterInput, K8sObject[]>();

function withObject(cluster: ClusterInput, object: K8sObject): ClusterInput {
  const rest = removeObject(cluster, object.kind, object.metadata.name, object.metadata.namespace);
  return { ...cluster, objects: [...rest.objects, object] };
}

/** An AuthorizationPolicy with an HTTP rule on every workload of a namespace (SVC407 severity). */
const l7Policy = (namespace: string): K8sObject => ({
  apiVersion: 'security.istio.io/v1',
  kind: 'AuthorizationPolicy',
  metadata: { name: 'http-only', namespace },
  spec: { rules: [{ to: [{ operation: { methods: ['GET'] } }] }] },
});

function withPeering(cluster: ClusterInput, enabled: boolean): ClusterInput {
  return {
    ...cluster,
    objects: cluster.objects.map((o) => {
      if (o.kind !== 'Deployment' || o.metadata.name !== 'istiod') return o;
      const copy = structuredClone(o) as K8sObject & {
        spec: { template: { spec: { containers: { env?: { name: string; value: string }[] }[] } } };
      };
      for (const c of copy.spec.template.spec.containers)
        for (const e of c.env ?? [])
          if (e.name === 'ENABLE_PEERING_DISCOVERY') e.value = String(enabled);
      return copy;
    }),
  };
}

function relabel(cluster: ClusterInput, value: string | null): ClusterInput {
  return {
    ...cluster,
    objects: cluster.objects.map((o) => {
      if (o.kind !== 'Namespace' || o.metadata.name !== 'istio-system') return o;
      const labels = { ...o.metadata.labels };
      if (value === null) delete labels['admin.solo.io/segment'];
      else labels['admin.solo.io/segment'] = value;
      return { ...o, metadata: { ...o.metadata, labels } };
    }),
  };
}

/** `edit` applied to `input`: the next fleet and the contexts whose input changed. */
export function applyEdit(
  input: FleetInput,
  edit: FleetEdit,
): { input: FleetInput; changed: Set<string> } {
  const clusters = input.clusters;
  const pick = (i: number) => clusters[i % Math.max(clusters.length, 1)];
  const replace = (before: ClusterInput, after: ClusterInput) => ({
    input: { clusters: clusters.map((c) => (c === before ? after : c)) },
    changed: new Set([before.context]),
  });
  const unchanged = { input, changed: new Set<string>() };
  if (edit.kind === 'join') {
    const taken = new Set(clusters.map((c) => c.context));
    const context = [...CONTEXTS, 'golf', 'hotel'].find(
      (c, i) => i >= edit.context % 8 && !taken.has(c),
    );
    if (!context) return unchanged;
    const joining = aCluster(context, {
      segmentLabel: 'acme',
      segments: [['acme', 'mesh.acme']],
      peers: clusters.slice(0, 2).map((c) => c.context),
      services: [
        service('payments', 'checkout', { labels: { 'solo.io/service-scope': 'global' } }),
      ],
    });
    return { input: { clusters: [...clusters, joining] }, changed: new Set([context]) };
  }
  const cluster = pick(edit.cluster);
  if (!cluster) return unchanged;
  if (edit.kind === 'leave')
    return {
      input: { clusters: clusters.filter((c) => c !== cluster) },
      changed: new Set([cluster.context]),
    };
  if (edit.kind === 'readable') {
    if (edit.readable === cluster.reachable) return unchanged;
    if (!edit.readable) {
      const down = { ...cluster, reachable: false, error: 'watch broken', objects: [] };
      hidden.set(down, cluster.objects);
      return replace(cluster, down);
    }
    const { error: _error, ...rest } = cluster;
    return replace(cluster, { ...rest, reachable: true, objects: hidden.get(cluster) ?? [] });
  }
  if (!cluster.reachable) return unchanged;
  switch (edit.kind) {
    case 'label':
      return replace(cluster, relabel(cluster, edit.value));
    case 'segment':
      return replace(
        cluster,
        edit.domain === null
          ? removeObject(cluster, 'Segment', edit.name, 'istio-system')
          : withObject(
              cluster,
              segmentObject(edit.name, edit.domain, {
                apiVersion: cluster.segmentApis[0] ?? 'admin.istio.io/v1',
              }),
            ),
      );
    case 'service':
      return replace(
        cluster,
        withObject(
          cluster,
          service(edit.namespace, edit.name, {
            ...(edit.scope === null ? {} : { labels: { 'solo.io/service-scope': edit.scope } }),
          }),
        ),
      );
    case 'peering':
      return replace(cluster, withPeering(cluster, edit.enabled));
    case 'policy':
      return replace(
        cluster,
        edit.present
          ? withObject(cluster, l7Policy(edit.namespace))
          : removeObject(cluster, 'AuthorizationPolicy', 'http-only', edit.namespace),
      );
    case 'remove-service':
      return replace(cluster, removeObject(cluster, 'Service', edit.name, edit.namespace));
    case 'peer': {
      const peer = pick(edit.peer);
      if (!peer) return unchanged;
      const name = `istio-remote-peer-${peer.context}`;
      return replace(
        cluster,
        edit.present
          ? withObject(cluster, peerGateway(peer.context, { conditions: CONNECTED }))
          : removeObject(cluster, 'Gateway', name, 'istio-gateways'),
      );
    }
  }
}
