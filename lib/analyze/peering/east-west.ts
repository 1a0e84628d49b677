import type { ObjectRef } from '../../model/objects';
import type { ClusterModel, FleetSnapshot } from '../../model/snapshot';
import type { FindingDraft } from '../finding';
import { HBONE_PORT, listText, objectText, type PeerLink, peeredContexts, XDS_PORT } from './links';
import { eastWestProblems, notConnected } from './predicates';

function clusterObjects(cluster: ClusterModel): ObjectRef[] {
  const ref = cluster.istioSystem ?? cluster.istiod;
  return ref ? [ref] : [];
}

const expose = (cluster: ClusterModel) =>
  `istioctl multicluster expose --context ${cluster.context} -n istio-gateways --wait`;

/** PEER310's fix for the cluster; PEER302 on the gateways of its dependents repeats it. */
export function eastWestFix(cluster: ClusterModel): string {
  if (cluster.eastWest.length === 0) return `Create it: ${expose(cluster)}.`;
  return (
    `Re-apply it with ${expose(cluster)} (listeners cross-network ${HBONE_PORT}/HBONE and ` +
    `xds-tls ${XDS_PORT}/TLS, both Passthrough), and check that its Service gets a ` +
    `load-balancer address in ${cluster.context}.`
  );
}

function eastWestFinding(
  cluster: ClusterModel,
  dependents: string[],
  disconnected: boolean,
): FindingDraft[] {
  // Peer gateways for this cluster that are not connected (PEER302) fail because of it.
  const related = disconnected ? { related: ['PEER302' as const] } : {};
  const peersText = dependents.length
    ? ` Clusters that peer with it (${listText(dependents)}) cannot connect to it.`
    : '';
  if (cluster.eastWest.length === 0)
    return [
      {
        code: 'PEER310',
        message:
          `${cluster.context} has no east-west gateway (Gateway of class istio-eastwest), but ` +
          `it takes part in peering.${peersText}`,
        clusters: [cluster.context, ...dependents],
        objects: clusterObjects(cluster),
        fix: eastWestFix(cluster),
        ...related,
      },
    ];
  const broken = cluster.eastWest.map((g) => ({ g, problems: eastWestProblems(g) }));
  if (broken.some((b) => b.problems.length === 0)) return [];
  const text = broken.map((b) => `${objectText(b.g.ref)}: ${b.problems.join('; ')}`).join('. ');
  return [
    {
      code: 'PEER310',
      message: `The east-west gateway of ${cluster.context} is not usable: ${text}.${peersText}`,
      clusters: [cluster.context, ...dependents],
      objects: cluster.eastWest.map((g) => g.ref),
      fix: eastWestFix(cluster),
      ...related,
    },
  ];
}

/**
 * PEER310: a reachable cluster that peers or is peered has no usable east-west gateway
 * (reference.md §2.3.1, §2.3.5 `check`).
 */
export function eastWestFindings(snapshot: FleetSnapshot, links: PeerLink[]): FindingDraft[] {
  const peered = peeredContexts(links);
  return snapshot.clusters
    .filter((c) => c.reachable && (c.peers.length > 0 || peered.has(c.context)))
    .flatMap((c) => {
      const inbound = links.filter((l) => l.peer?.context === c.context);
      const dependents = [...new Set(inbound.map((l) => l.cluster.context))];
      return eastWestFinding(
        c,
        dependents,
        inbound.some((l) => notConnected(l) !== undefined),
      );
    });
}
