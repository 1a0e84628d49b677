/**
 * The fixes of the control-plane codes, shared with the peering findings they cause (PEER302 on
 * a gateway whose holder or peer has peering off), so both tell the user the same thing.
 */
import type { ClusterModel } from '../model/snapshot';
import { objectText, type PeerLink } from './peering/links';
import { suggestedNetwork } from './peering/predicates';

/** CP701's fix. */
export function enablePeeringFix(c: ClusterModel): string {
  const istiod = c.istiod
    ? ` (renders ENABLE_PEERING_DISCOVERY=true on ${objectText(c.istiod)})`
    : '';
  return (
    `Set platforms.peering.enabled: true in the istiod Helm values of ${c.context}${istiod} ` +
    `and roll out istiod.`
  );
}

/** CP703's fix. */
export function networkLabelFix(links: PeerLink[], c: ClusterModel): string {
  return (
    `Label it: kubectl --context ${c.context} label namespace istio-system ` +
    `topology.istio.io/network=${suggestedNetwork(links, c)} (the same value as global.network ` +
    `in the istiod and ztunnel values of ${c.context}).`
  );
}
