import type { ObjectRef } from '../../model/objects';
import type { ClusterModel, FleetSnapshot } from '../../model/snapshot';
import type { FindingCode } from '../catalogue';
import type { FindingDraft } from '../finding';
import { listText, peerLinks } from './links';
import { DEFAULT_CLUSTER_ID, duplicatedPeerIds, isSelfPeer } from './predicates';

/**
 * The PEER309 self peers and PEER308 duplicate gateways the shared ID causes: both point back
 * here, since unique IDs are their fix too.
 */
function consequences(snapshot: FleetSnapshot, id: string, group: ClusterModel[]) {
  const contexts = new Set(group.map((c) => c.context));
  const related: FindingCode[] = [
    // A lone cluster at the default ID has no other cluster its self peer could be meant for.
    ...(group.length > 1 &&
    peerLinks(snapshot).some((l) => contexts.has(l.cluster.context) && isSelfPeer(l))
      ? (['PEER309'] as const)
      : []),
    ...(snapshot.clusters.some((c) => c.reachable && duplicatedPeerIds(c).has(id))
      ? (['PEER308'] as const)
      : []),
  ];
  return related.length ? { related } : {};
}

const idObject = (c: ClusterModel): ObjectRef[] => {
  const ref = c.idSource === 'CLUSTER_ID' ? c.istiod : c.istioSystem;
  return ref ? [ref] : [];
};

const sourceText = (c: ClusterModel) =>
  c.idSource === 'CLUSTER_ID' ? 'istiod CLUSTER_ID' : 'istio-system network label';

const relink = (contexts: string[]) =>
  `istioctl multicluster link --contexts=${contexts.join(',')}`;

function defaultId(snapshot: FleetSnapshot, group: ClusterModel[]): FindingDraft {
  const contexts = group.map((c) => c.context);
  return {
    code: 'PEER312',
    message:
      `${listText(contexts)} ${group.length > 1 ? 'use' : 'uses'} the default cluster ID ` +
      `"${DEFAULT_CLUSTER_ID}" (istiod CLUSTER_ID): istioctl multicluster expose asks for a ` +
      `unique name and labels the east-west gateway with the network name instead, and ` +
      `clusters left at the default cannot be told apart.`,
    clusters: contexts,
    objects: group.flatMap(idObject),
    fix:
      `Set global.multiCluster.clusterName to a unique name (e.g. the context name) in the ` +
      `istiod Helm values of ${listText(contexts)}, roll out istiod, then relink: ` +
      `${relink(contexts)}.`,
    ...consequences(snapshot, DEFAULT_CLUSTER_ID, group),
  };
}

function duplicateId(snapshot: FleetSnapshot, id: string, group: ClusterModel[]): FindingDraft {
  const contexts = group.map((c) => c.context);
  const sources = group.map((c) => `${c.context} (${sourceText(c)})`);
  return {
    code: 'PEER312',
    message:
      `${listText(sources)} share the cluster ID "${id}": peer gateways for "${id}" cannot ` +
      `tell them apart and istiod keys remote clusters by ID, so only one of them is peered.`,
    clusters: contexts,
    objects: group.flatMap(idObject),
    fix:
      `Give each of ${listText(contexts)} a unique CLUSTER_ID (global.multiCluster.clusterName ` +
      `in the istiod Helm values), roll out istiod, then relink: ${relink(contexts)}.`,
    ...consequences(snapshot, id, group),
  };
}

/**
 * PEER312: reachable clusters sharing one mesh cluster ID, or left at `CLUSTER_ID=Kubernetes`
 * (reference.md §2.3.5, §5.2). A context-name fallback is Segscope's, not istiod's: not compared.
 */
export function clusterIdFindings(snapshot: FleetSnapshot): FindingDraft[] {
  const byId = new Map<string, ClusterModel[]>();
  for (const c of snapshot.clusters) {
    if (!c.reachable || c.idSource === 'context') continue;
    byId.set(c.id, [...(byId.get(c.id) ?? []), c]);
  }
  return [...byId.entries()].flatMap(([id, group]) => {
    const defaults = group.filter((c) => c.idSource === 'CLUSTER_ID' && id === DEFAULT_CLUSTER_ID);
    if (defaults.length > 0) return [defaultId(snapshot, group)];
    return group.length > 1 ? [duplicateId(snapshot, id, group)] : [];
  });
}
