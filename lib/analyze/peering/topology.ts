import type { ClusterModel, FleetSnapshot, PeerGateway } from '../../model/snapshot';
import type { FindingDraft } from '../finding';
import {
  eastWestAddresses,
  gatewayIn,
  linkCommand,
  listText,
  objectText,
  type PeerLink,
} from './links';

const pairKey = (a: string, b: string) => `${a}\u0000${b}`;

function asymmetric(links: PeerLink[]): FindingDraft[] {
  const pairs = new Set(
    links.flatMap((l) => (l.peer ? [pairKey(l.cluster.context, l.peer.context)] : [])),
  );
  const reported = new Set<string>();
  const out: FindingDraft[] = [];
  for (const link of links) {
    const { cluster, peer, gateway } = link;
    if (!peer || pairs.has(pairKey(peer.context, cluster.context))) continue;
    const key = pairKey(cluster.context, peer.context);
    if (reported.has(key)) continue;
    reported.add(key);
    out.push({
      code: 'PEER305',
      message:
        `${cluster.context} peers with ${peer.context} (${objectText(gateway.ref)}) but ` +
        `${peer.context} has no peer gateway for ${cluster.context}: peering is one-way, ` +
        `${peer.context} does not discover services of ${cluster.context}.`,
      clusters: [cluster.context, peer.context],
      objects: [gateway.ref],
      fix:
        `Add the reverse link: ${linkCommand(peer.context, cluster.context)} (applies ` +
        `Gateway ${gateway.ref.namespace ?? 'istio-gateways'}/istio-remote-peer-${cluster.id} ` +
        `to ${peer.context}). Leave it if one-way peering is intended.`,
    });
  }
  return out;
}

/** The gateway to keep among duplicates: the one addressing the peer's east-west gateway. */
function keeper(
  gateways: PeerGateway[],
  target: ClusterModel | undefined,
): PeerGateway | undefined {
  const addresses = target ? eastWestAddresses(target) : [];
  const matching = gateways.filter((g) => g.addresses[0] && addresses.includes(g.addresses[0]));
  if (matching.length === 1) return matching[0];
  const named = gateways.filter((g) => g.ref.name === `istio-remote-peer-${g.peerId}`);
  return named.length === 1 ? named[0] : undefined;
}

function duplicatesIn(cluster: ClusterModel, links: PeerLink[]): FindingDraft[] {
  const byPeer = new Map<string, PeerLink[]>();
  for (const link of links) {
    const id = link.gateway.peerId;
    if (!id || id === cluster.id) continue;
    byPeer.set(id, [...(byPeer.get(id) ?? []), link]);
  }
  return [...byPeer.entries()]
    .filter(([, group]) => group.length > 1)
    .map(([id, group]) => {
      const gateways = group.map((l) => l.gateway);
      const target = group[0]?.peer ?? group[0]?.target;
      const keep = keeper(gateways, target);
      const names = gateways.map((g) => objectText(g.ref));
      const drop = gateways.filter((g) => g !== keep).map((g) => objectText(g.ref));
      return {
        code: 'PEER308' as const,
        message:
          `${cluster.context} has ${gateways.length} peer gateways for cluster "${id}": ` +
          `${listText(names)}; istiod logs "multiple gateways for cluster ${id}" and which ` +
          `one it uses is undefined.`,
        clusters: [cluster.context, ...(target ? [target.context] : [])],
        objects: gateways.map((g) => g.ref),
        fix: keep
          ? `Keep ${objectText(keep.ref)} and delete ${listText(drop)} in ${cluster.context}.`
          : `Delete all but one of ${listText(names)} in ${cluster.context}; keep the one ` +
            `whose address is the east-west gateway address of "${id}".`,
      };
    });
}

function duplicates(snapshot: FleetSnapshot, links: PeerLink[]): FindingDraft[] {
  return snapshot.clusters.flatMap((c) =>
    duplicatesIn(
      c,
      links.filter((l) => l.cluster.context === c.context),
    ),
  );
}

/** istiod generates `istio-remote-peer-<self>` itself with PEERING_AUTOMATIC_LOCAL_GATEWAY (§2.3.3). */
const isGeneratedLocal = (link: PeerLink) =>
  link.cluster.istiodEnv?.PEERING_AUTOMATIC_LOCAL_GATEWAY === 'true' &&
  link.gateway.ref.name === `istio-remote-peer-${link.cluster.id}`;

function selfPeers(snapshot: FleetSnapshot, links: PeerLink[]): FindingDraft[] {
  return links
    .filter((l) => l.target?.context === l.cluster.context && !isGeneratedLocal(l))
    .map((link) => {
      const { cluster, gateway } = link;
      const sharing = snapshot.clusters
        .filter((c) => c.reachable && c.context !== cluster.context && c.id === cluster.id)
        .map((c) => c.context);
      const ns = gateway.ref.namespace ?? 'istio-gateways';
      return {
        code: 'PEER309' as const,
        message:
          `${gatewayIn(link)} resolves to ${cluster.context} itself (cluster ID ` +
          `"${cluster.id}"); istiod ignores it.` +
          (sharing.length
            ? ` ${listText(sharing)} also ${sharing.length > 1 ? 'use' : 'uses'} the ID "${cluster.id}" (PEER312), so the gateway may be meant for ${listText(sharing)}.`
            : ''),
        clusters: [cluster.context, ...sharing],
        objects: [gateway.ref],
        fix: sharing.length
          ? `Give ${listText([cluster.context, ...sharing])} unique cluster IDs (PEER312), then relink.`
          : `Delete it: kubectl --context ${cluster.context} -n ${ns} delete gateway ${gateway.ref.name}.`,
        ...(sharing.length ? { related: ['PEER312' as const] } : {}),
      };
    });
}

/** PEER305 (asymmetric), PEER308 (duplicate peer), PEER309 (self peer); reference.md §2.3.2, §5.2. */
export function topologyFindings(snapshot: FleetSnapshot, links: PeerLink[]): FindingDraft[] {
  return [...asymmetric(links), ...duplicates(snapshot, links), ...selfPeers(snapshot, links)];
}
