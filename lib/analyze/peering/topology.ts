import {
  type ClusterModel,
  DEFAULT_SEGMENT,
  type FleetSnapshot,
  type PeerGateway,
} from '../../model/snapshot';
import type { FindingCode } from '../catalogue';
import type { FindingDraft } from '../finding';
import {
  eastWestAddresses,
  gatewayIn,
  linkCommand,
  listText,
  objectText,
  type PeerLink,
} from './links';
import { idClashes, isInvalidGateway, isOneWay, isSelfPeer } from './predicates';

const pairKey = (a: string, b: string) => `${a}\u0000${b}`;

/** Both clusters are members of one named segment, whose SEG208 reports the missing direction. */
function sameSegment(snapshot: FleetSnapshot, a: string, b: string): boolean {
  return snapshot.segments.some(
    (s) => s.name !== DEFAULT_SEGMENT && s.members.includes(a) && s.members.includes(b),
  );
}

function asymmetric(snapshot: FleetSnapshot, links: PeerLink[]): FindingDraft[] {
  const reported = new Set<string>();
  const out: FindingDraft[] = [];
  for (const link of links) {
    const { cluster, peer } = link;
    if (!peer || !isOneWay(links, link)) continue;
    const key = pairKey(cluster.context, peer.context);
    if (reported.has(key)) continue;
    reported.add(key);
    const gateways = links.filter(
      (l) => l.cluster.context === cluster.context && l.peer?.context === peer.context,
    );
    // The story follows a gateway istiod accepts; when there is none, no peering starts yet.
    const valid = gateways.find((l) => !isInvalidGateway(l.gateway));
    const { gateway } = valid ?? link;
    const related: FindingCode[] = [
      ...(gateways.some((l) => isInvalidGateway(l.gateway)) ? (['PEER301'] as const) : []),
      ...(sameSegment(snapshot, cluster.context, peer.context) ? (['SEG208'] as const) : []),
    ];
    const reverse =
      `Gateway ${gateway.ref.namespace ?? 'istio-gateways'}/istio-remote-peer-${cluster.id} ` +
      `to ${peer.context}`;
    out.push({
      code: 'PEER305',
      message: valid
        ? `${cluster.context} peers with ${peer.context} (${objectText(gateway.ref)}) but ` +
          `${peer.context} has no peer gateway for ${cluster.context}: peering is one-way, ` +
          `${peer.context} does not discover services of ${cluster.context}.`
        : `${cluster.context} has a peer gateway for ${peer.context} (${objectText(gateway.ref)}, ` +
          `invalid: PEER301, so no peering starts) and ${peer.context} has none for ` +
          `${cluster.context}: once that gateway is fixed, peering is one-way and ` +
          `${peer.context} does not discover services of ${cluster.context}.`,
      clusters: [cluster.context, peer.context],
      objects: [gateway.ref],
      fix: valid
        ? `Add the reverse link: ${linkCommand(peer.context, cluster.context)} (applies ` +
          `${reverse}). Leave it if one-way peering is intended.`
        : `Relink both ways: istioctl multicluster link --contexts=${cluster.context},` +
          `${peer.context} (regenerates ${objectText(gateway.ref)} in ${cluster.context} and ` +
          `applies ${reverse}). If one-way peering is intended, only fix ` +
          `${objectText(gateway.ref)} as PEER301 says.`,
      ...(related.length ? { related } : {}),
    });
  }
  return out;
}

/** Pairs `[holder, peer]` that PEER305 reports as one-way (SEG208 links them). */
export function oneWayPairs(links: PeerLink[]): Set<string> {
  return new Set(
    links.flatMap((l) =>
      l.peer && isOneWay(links, l) ? [pairKey(l.cluster.context, l.peer.context)] : [],
    ),
  );
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

function duplicatesIn(
  snapshot: FleetSnapshot,
  cluster: ClusterModel,
  links: PeerLink[],
): FindingDraft[] {
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
      // Clusters sharing the ID (PEER312): the gateways may be for different clusters, so
      // deleting one would drop a peer; the IDs are what must change.
      const clash = idClashes(snapshot, id);
      return {
        code: 'PEER308' as const,
        message:
          `${cluster.context} has ${gateways.length} peer gateways for cluster "${id}": ` +
          `${listText(names)}; istiod logs "multiple gateways for cluster ${id}" and which ` +
          `one it uses is undefined.` +
          (clash
            ? ` More than one cluster has the ID "${id}" (PEER312), so they may be meant for different clusters.`
            : ''),
        clusters: [cluster.context, ...(target ? [target.context] : [])],
        objects: gateways.map((g) => g.ref),
        fix: clash
          ? `Give the clusters that share the ID "${id}" unique cluster IDs (PEER312), then ` +
            `relink ${cluster.context} with each of them; delete a gateway only if it is a real duplicate.`
          : keep
            ? `Keep ${objectText(keep.ref)} and delete ${listText(drop)} in ${cluster.context}.`
            : `Delete all but one of ${listText(names)} in ${cluster.context}; keep the one ` +
              `whose address is the east-west gateway address of "${id}".`,
        ...(clash ? { related: ['PEER312' as const] } : {}),
      };
    });
}

function duplicates(snapshot: FleetSnapshot, links: PeerLink[]): FindingDraft[] {
  return snapshot.clusters.flatMap((c) =>
    duplicatesIn(
      snapshot,
      c,
      links.filter((l) => l.cluster.context === c.context),
    ),
  );
}

function selfPeers(snapshot: FleetSnapshot, links: PeerLink[]): FindingDraft[] {
  return links.filter(isSelfPeer).map((link) => {
    const { cluster, gateway } = link;
    // Only a shared ID PEER312 reports makes the gateway possibly meant for another cluster.
    const sharing = idClashes(snapshot, cluster.id)
      ? snapshot.clusters
          .filter((c) => c.reachable && c.context !== cluster.context && c.id === cluster.id)
          .map((c) => c.context)
      : [];
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
  return [
    ...asymmetric(snapshot, links),
    ...duplicates(snapshot, links),
    ...selfPeers(snapshot, links),
  ];
}
