import type { ClusterModel, FleetSnapshot } from '../model/snapshot';
import { enablePeeringFix, networkLabelFix } from './control-plane-fixes';
import type { Detector, FindingDraft } from './finding';
import { objectText, type PeerLink, peerLinks } from './peering/links';
import { networkUnlabelled, notConnected, peeringOff } from './peering/predicates';

/** Peer gateways held by or pointing at the cluster are not connected: PEER302, which it causes. */
function disconnects(links: PeerLink[], c: ClusterModel) {
  const involved = links.filter(
    (l) => l.cluster.context === c.context || l.peer?.context === c.context,
  );
  return involved.some((l) => notConnected(l) !== undefined)
    ? { related: ['PEER302' as const] }
    : {};
}

function peeringDisabled(links: PeerLink[], c: ClusterModel): FindingDraft[] {
  if (!peeringOff(c) || !c.istiod) return [];
  const value = c.istiodEnv?.ENABLE_PEERING_DISCOVERY;
  const found =
    value === undefined
      ? 'does not set ENABLE_PEERING_DISCOVERY'
      : `has ENABLE_PEERING_DISCOVERY="${value}"`;
  const gateways = c.peers.length;
  return [
    {
      code: 'CP701',
      message:
        `istiod (${objectText(c.istiod)}) in ${c.context} ${found} (must be "true"): ` +
        `${c.context} ` +
        (gateways
          ? `ignores its ${gateways} peer gateway${gateways > 1 ? 's' : ''} and discovers no peers.`
          : 'takes no part in peering.'),
      clusters: [c.context],
      objects: [c.istiod],
      fix: enablePeeringFix(c),
      ...disconnects(links, c),
    },
  ];
}

/** CP701: istiod has peering discovery disabled (reference.md §2.6, §2.3.5 `check`). */
const peeringDiscovery: Detector = (s: FleetSnapshot) =>
  s.clusters.flatMap((c) => peeringDisabled(peerLinks(s), c));

function networkLabelMissing(links: PeerLink[], c: ClusterModel): FindingDraft[] {
  if (!networkUnlabelled(c) || !c.istioSystem) return [];
  return [
    {
      code: 'CP703',
      message:
        `Namespace istio-system in ${c.context} has no topology.istio.io/network label: ` +
        `istiod's peering controller waits for it, so peering of ${c.context} does not start.`,
      clusters: [c.context],
      objects: [c.istioSystem],
      fix: networkLabelFix(links, c),
      ...disconnects(links, c),
    },
  ];
}

/** CP703: istio-system lacks the network label (reference.md §2.6, §5.2). */
const networkLabel: Detector = (s: FleetSnapshot) =>
  s.clusters.flatMap((c) => networkLabelMissing(peerLinks(s), c));

/** The control-plane family, CP701 and CP703 of wave 1 (reference.md §5.2). */
export const controlPlaneDetectors: Detector[] = [peeringDiscovery, networkLabel];
