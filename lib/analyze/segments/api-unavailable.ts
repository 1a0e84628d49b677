import type { SegmentApiVersion } from '../../model/input';
import { type ClusterModel, type FleetSnapshot, SEGMENT_LABEL } from '../../model/snapshot';
import type { FindingDraft } from '../finding';
import {
  clusterAnchor,
  exporterOf,
  type FleetIndex,
  indexFleet,
  isSegmented,
  joinList,
  quotedList,
  sorted,
  systemSegments,
} from './common';

const SEGMENT_APIS: SegmentApiVersion[] = ['admin.solo.io/v1alpha1', 'admin.istio.io/v1'];

/** Peers in either direction: contexts, or the peer IDs of clusters Segscope cannot see. */
function peersOf(index: FleetIndex, cluster: ClusterModel): string[] {
  return sorted(
    index.snapshot.edges.flatMap((e) =>
      e.from === cluster.context ? [e.to] : e.to === cluster.context ? [e.from] : [],
    ),
  );
}

/** Segmented peers this cluster cannot discover because it can hold no Segment. */
function blockedExporters(index: FleetIndex, cluster: ClusterModel): ClusterModel[] {
  return index.snapshot.edges
    .filter((e) => e.from === cluster.context && e.rejection === 'segment-missing')
    .flatMap((e) => {
      const exporter = exporterOf(index, e);
      return exporter && isSegmented(exporter) ? [exporter] : [];
    });
}

function draft(
  index: FleetIndex,
  cluster: ClusterModel,
  peers: string[],
  users: string[],
): FindingDraft {
  const { context } = cluster;
  const blocked = blockedExporters(index, cluster);
  const setting = peers.length
    ? `, while it is peered with ${joinList(peers)}`
    : `, while ${joinList(users)} ${users.length === 1 ? 'uses' : 'use'} segments`;
  const lost = blocked.length
    ? `; services from ${joinList(blocked.map((x) => `${x.context} (segment "${x.segment}")`))} ` +
      `are not discovered in ${context}`
    : '';
  const label = cluster.segmentFallback
    ? `; its ${SEGMENT_LABEL}=${cluster.segmentLabel ?? ''} label has no effect`
    : '';
  const needed = sorted([
    ...blocked.map((x) => x.segment),
    ...(cluster.segmentFallback && cluster.segmentLabel ? [cluster.segmentLabel] : []),
  ]);
  return {
    code: 'SEG209',
    message:
      `${context} serves no Segment API (${joinList(SEGMENT_APIS)}), so it cannot hold ` +
      `Segments and stays in the default segment${setting}${lost}${label}.`,
    clusters: [context, ...peers.filter((p) => index.cluster(p))],
    objects: clusterAnchor(cluster),
    fix:
      `Upgrade Solo Istio in ${context} to a release that serves the Segment API, then apply ` +
      `the fleet's Segments to it${needed.length ? ` (at least ${quotedList(needed)})` : ''}.`,
  };
}

/**
 * SEG209: a cluster without the Segment API in a fleet that peers with it or uses segments; its
 * istiod treats everything as the default segment (reference.md §2.1.6, §5.2 "Segment assignment").
 */
export function segmentApiUnavailable(snapshot: FleetSnapshot): FindingDraft[] {
  const index = indexFleet(snapshot);
  return snapshot.clusters.flatMap((cluster) => {
    if (!cluster.reachable || cluster.segmentApis.length > 0) return [];
    const peers = peersOf(index, cluster);
    const users = snapshot.clusters
      .filter((o) => o !== cluster && o.reachable)
      .filter((o) => isSegmented(o) || systemSegments(o).length > 0)
      .map((o) => o.context);
    return peers.length || users.length ? [draft(index, cluster, peers, users)] : [];
  });
}
