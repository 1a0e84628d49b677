import type { ObjectRef } from '../../model/objects';
import type { ClusterModel, EastWestGateway, FleetSnapshot } from '../../model/snapshot';
import type { FindingDraft } from '../finding';
import {
  HBONE_PORT,
  hasListener,
  listText,
  objectText,
  type PeerLink,
  peeredContexts,
  XDS_PORT,
} from './links';

/** What is wrong with one east-west gateway, as `istioctl multicluster check` would see it. */
function problemsOf(g: EastWestGateway): string[] {
  const problems: string[] = [];
  const p = g.programmed;
  if (p?.status !== 'True')
    problems.push(
      p
        ? `Programmed is ${p.status}${p.reason ? ` (${p.reason}${p.message ? `: "${p.message}"` : ''})` : ''}`
        : 'it has no Programmed condition',
    );
  if (g.addresses.length === 0) problems.push('it has no status.addresses');
  if (!hasListener(g.listeners, HBONE_PORT, 'HBONE'))
    problems.push(`it has no cross-network listener (${HBONE_PORT}/HBONE)`);
  if (!hasListener(g.listeners, XDS_PORT, 'TLS'))
    problems.push(`it has no xds-tls listener (${XDS_PORT}/TLS)`);
  return problems;
}

function clusterObjects(cluster: ClusterModel): ObjectRef[] {
  const ref = cluster.istioSystem ?? cluster.istiod;
  return ref ? [ref] : [];
}

const expose = (cluster: ClusterModel) =>
  `istioctl multicluster expose --context ${cluster.context} -n istio-gateways --wait`;

function eastWestFinding(cluster: ClusterModel, dependents: string[]): FindingDraft[] {
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
        fix: `Create it: ${expose(cluster)}.`,
      },
    ];
  const broken = cluster.eastWest.map((g) => ({ g, problems: problemsOf(g) }));
  if (broken.some((b) => b.problems.length === 0)) return [];
  const text = broken.map((b) => `${objectText(b.g.ref)}: ${b.problems.join('; ')}`).join('. ');
  return [
    {
      code: 'PEER310',
      message: `The east-west gateway of ${cluster.context} is not usable: ${text}.${peersText}`,
      clusters: [cluster.context, ...dependents],
      objects: cluster.eastWest.map((g) => g.ref),
      fix:
        `Re-apply it with ${expose(cluster)} (listeners cross-network ${HBONE_PORT}/HBONE and ` +
        `xds-tls ${XDS_PORT}/TLS, both Passthrough), and check that its Service gets a ` +
        `load-balancer address in ${cluster.context}.`,
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
      const dependents = [
        ...new Set(
          links.filter((l) => l.peer?.context === c.context).map((l) => l.cluster.context),
        ),
      ];
      return eastWestFinding(c, dependents);
    });
}
