import type { ObjectRef } from '../../model/objects';
import type { ClusterModel } from '../../model/snapshot';
import type { FindingDraft } from '../finding';
import { eastWestAddresses, gatewayIn, linkCommand, objectText, type PeerLink } from './links';
import { notConnected } from './predicates';

/** One field of a peer gateway that disagrees with the peer cluster. */
export interface Mismatch {
  found: string;
  set: string;
  objects: ObjectRef[];
}

const idSourceText: Record<ClusterModel['idSource'], string> = {
  CLUSTER_ID: 'istiod CLUSTER_ID',
  network: 'istio-system network label',
  context: 'context name',
};

const idObjects = (peer: ClusterModel): ObjectRef[] => {
  const ref = peer.idSource === 'CLUSTER_ID' ? peer.istiod : peer.istioSystem;
  return ref ? [ref] : [];
};

function networkMismatch({ gateway, peer }: PeerLink): Mismatch[] {
  if (!peer?.network || !gateway.network || gateway.network === peer.network) return [];
  return [
    {
      found: `network label "${gateway.network}" but the istio-system network of ${peer.context} is "${peer.network}"`,
      set: `label topology.istio.io/network=${peer.network}`,
      objects: peer.istioSystem ? [peer.istioSystem] : [],
    },
  ];
}

function clusterMismatch({ gateway, peer }: PeerLink): Mismatch[] {
  if (!peer || !gateway.peerId || gateway.peerId === peer.id) return [];
  const from = gateway.clusterLabel ? 'cluster label' : 'network label, as it has no cluster label';
  return [
    {
      found: `cluster ID "${gateway.peerId}" (from its ${from}) but the cluster ID of ${peer.context} is "${peer.id}" (${idSourceText[peer.idSource]})`,
      set: `label topology.istio.io/cluster=${peer.id}`,
      objects: idObjects(peer),
    },
  ];
}

function addressMismatch({ gateway, peer }: PeerLink): Mismatch[] {
  // NodePort peering addresses nodes, not the east-west load balancer.
  const expected = peer ? eastWestAddresses(peer) : [];
  const address = gateway.addresses[0];
  if (!peer || gateway.nodePort || !address || expected.length === 0) return [];
  if (expected.includes(address)) return [];
  return [
    {
      found: `address ${address} but the east-west gateway of ${peer.context} has ${expected.join(', ')}`,
      set: `spec.addresses[0].value=${expected[0]}`,
      objects: peer.eastWest.map((g) => g.ref),
    },
  ];
}

function serviceAccountMismatch({ gateway, peer }: PeerLink): Mismatch[] {
  const names = peer ? peer.eastWest.map((g) => g.ref.name) : [];
  const account = gateway.serviceAccount;
  if (!peer || !account || names.length === 0 || names.includes(account)) return [];
  return [
    {
      found: `service account "${account}" but the east-west gateway of ${peer.context} is ${peer.eastWest.map((g) => objectText(g.ref)).join(', ')}`,
      set: `annotation gateway.istio.io/service-account=${names[0]}`,
      objects: peer.eastWest.map((g) => g.ref),
    },
  ];
}

/** What PEER306 finds wrong with the gateway: nothing when it agrees with its peer. */
export function mismatchesOf(link: PeerLink): Mismatch[] {
  if (!link.peer) return [];
  return [
    ...networkMismatch(link),
    ...clusterMismatch(link),
    ...addressMismatch(link),
    ...serviceAccountMismatch(link),
  ];
}

/** PEER306's fix; PEER302 on the same gateway, which the disagreement disconnects, repeats it. */
export function agreementFix(link: PeerLink, mismatches: Mismatch[]): string {
  const peer = link.peer?.context ?? '';
  return (
    `Regenerate the link: ${linkCommand(link.cluster.context, peer)}; or on ` +
    `${gatewayIn(link)} set ${mismatches.map((m) => m.set).join(', ')}.`
  );
}

function disagreement(link: PeerLink): FindingDraft[] {
  const { peer, cluster, gateway } = link;
  const mismatches = mismatchesOf(link);
  if (!peer || mismatches.length === 0) return [];
  return [
    {
      code: 'PEER306',
      message:
        `${gatewayIn(link)} disagrees with its peer ${peer.context}: ` +
        `${mismatches.map((m) => m.found).join('; ')}.`,
      clusters: [cluster.context, peer.context],
      objects: [gateway.ref, ...mismatches.flatMap((m) => m.objects)],
      fix: agreementFix(link, mismatches),
      // A gateway that names the wrong address or identity does not connect (PEER302).
      ...(notConnected(link) ? { related: ['PEER302' as const] } : {}),
    },
  ];
}

/**
 * PEER306: a peer gateway whose network, cluster ID, address or service account differs from the
 * reachable cluster it is meant for (reference.md §2.3.1, §2.3.2, §5.2).
 */
export function agreementFindings(links: PeerLink[]): FindingDraft[] {
  return links.flatMap(disagreement);
}
