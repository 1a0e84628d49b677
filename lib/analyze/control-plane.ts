import type { ClusterModel, FleetSnapshot } from '../model/snapshot';
import type { Detector, FindingDraft } from './finding';
import { objectText, peerLinks } from './peering/links';

function peeringDisabled(c: ClusterModel): FindingDraft[] {
  if (!c.reachable || !c.istiod || c.peeringEnabled) return [];
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
      fix:
        `Set platforms.peering.enabled: true in the istiod Helm values of ${c.context} ` +
        `(renders ENABLE_PEERING_DISCOVERY=true on ${objectText(c.istiod)}) and roll out istiod.`,
    },
  ];
}

/** CP701: istiod has peering discovery disabled (reference.md §2.6, §2.3.5 `check`). */
const peeringDiscovery: Detector = (s: FleetSnapshot) => s.clusters.flatMap(peeringDisabled);

/** The network to suggest: the east-west gateway's, else what peers call it, else the cluster ID. */
function suggestedNetwork(s: FleetSnapshot, c: ClusterModel): string {
  const fromEastWest = c.eastWest.find((g) => g.network)?.network;
  const fromPeers = peerLinks(s).find((l) => l.target?.context === c.context && l.gateway.network)
    ?.gateway.network;
  return fromEastWest ?? fromPeers ?? c.id;
}

function networkLabelMissing(s: FleetSnapshot, c: ClusterModel): FindingDraft[] {
  if (!c.reachable || !c.istioSystem || c.network) return [];
  const network = suggestedNetwork(s, c);
  return [
    {
      code: 'CP703',
      message:
        `Namespace istio-system in ${c.context} has no topology.istio.io/network label: ` +
        `istiod's peering controller waits for it, so peering of ${c.context} does not start.`,
      clusters: [c.context],
      objects: [c.istioSystem],
      fix:
        `Label it: kubectl --context ${c.context} label namespace istio-system ` +
        `topology.istio.io/network=${network} (the same value as global.network in the istiod ` +
        `and ztunnel values of ${c.context}).`,
    },
  ];
}

/** CP703: istio-system lacks the network label (reference.md §2.6, §5.2). */
const networkLabel: Detector = (s: FleetSnapshot) =>
  s.clusters.flatMap((c) => networkLabelMissing(s, c));

/** The control-plane family, CP701 and CP703 of wave 1 (reference.md §5.2). */
export const controlPlaneDetectors: Detector[] = [peeringDiscovery, networkLabel];
