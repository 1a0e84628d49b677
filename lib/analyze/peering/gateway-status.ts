import type { Condition } from '../../model/snapshot';
import type { FindingDraft } from '../finding';
import { isValidationFailure } from './gateway-validity';
import {
  gatewayIn,
  HBONE_PORT,
  hasListener,
  linkClusters,
  listenerText,
  objectText,
  PEER_CONNECTED,
  PEER_DATA_PLANE,
  type PeerLink,
  peerName,
  regenerate,
  XDS_PORT,
} from './links';

const conditionText = (type: string, c: Condition): string =>
  `${type} is ${c.status}${c.reason ? ` (${c.reason}${c.message ? `: "${c.message}"` : ''})` : ''}`;

function notConnected(link: PeerLink): FindingDraft[] {
  const { gateway, peer } = link;
  const connected = gateway.conditions[PEER_CONNECTED];
  // Reason Invalid means istiod rejected the gateway itself: PEER301 reports that.
  if (connected?.status !== 'False' || connected.reason === 'Invalid') return [];
  const address = gateway.addresses[0] ?? '<peer address>';
  const xdsPort = gateway.listeners.find((l) => l.name === 'xds-tls')?.port ?? XDS_PORT;
  const eastWest = peer?.eastWest[0];
  const peerSide = peer
    ? `that ${eastWest ? `${objectText(eastWest.ref)}` : 'the east-west gateway'} in ${peer.context} is programmed`
    : "that the peer's east-west gateway is up";
  return [
    {
      code: 'PEER302',
      message:
        `${gatewayIn(link)} is not connected to ${peerName(link)}: ` +
        `${conditionText(PEER_CONNECTED, connected)}; ${link.cluster.context} discovers nothing ` +
        `from ${peerName(link)}.`,
      clusters: linkClusters(link),
      objects: [gateway.ref],
      fix:
        `From ${link.cluster.context}, check that ${address}:${xdsPort} (xds-tls) and ` +
        `${address}:${HBONE_PORT} (cross-network) are reachable (firewall, load balancer), ` +
        `${peerSide}, and that both clusters share a root CA and accept each other's trust ` +
        `domain (TRUST601-TRUST603).`,
    },
  ];
}

function dataPlaneFix(link: PeerLink, hboneMissing: boolean, condition?: Condition): string {
  const fixes: string[] = [];
  if (hboneMissing)
    fixes.push(
      `Add listener {name: cross-network, port: ${HBONE_PORT}, protocol: HBONE, tls: {mode: Passthrough}} to ${gatewayIn(link)}.${regenerate(link)}`,
    );
  if (condition && /nodeport/i.test(condition.message ?? ''))
    fixes.push(
      `Check NodePort peering: the east-west gateway of ${peerName(link)} needs annotation ` +
        `peering.solo.io/data-plane-service-type=NodePort and nodes reachable from ` +
        `${link.cluster.context}; or remove peering.solo.io/preferred-data-plane-service-type ` +
        `from ${gatewayIn(link)} to use the load balancer.`,
    );
  else if (condition && !hboneMissing)
    fixes.push(
      `Check istiod's log in ${link.cluster.context} for ${gatewayIn(link)} and fix what it names.`,
    );
  return fixes.join(' ');
}

function dataPlaneNotProgrammed(link: PeerLink): FindingDraft[] {
  const { gateway } = link;
  const programmed = gateway.conditions[PEER_DATA_PLANE];
  const failed =
    programmed?.status === 'False' && !isValidationFailure(PEER_DATA_PLANE, programmed)
      ? programmed
      : undefined;
  const hboneMissing = !hasListener(gateway.listeners, HBONE_PORT, 'HBONE');
  if (!failed && !hboneMissing) return [];
  const reasons = [
    ...(hboneMissing
      ? [
          `it has no HBONE listener on port ${HBONE_PORT} (listeners: ${gateway.listeners.map(listenerText).join(', ') || 'none'})`,
        ]
      : []),
    ...(failed ? [conditionText(PEER_DATA_PLANE, failed)] : []),
  ];
  return [
    {
      code: 'PEER304',
      message:
        `${gatewayIn(link)}: the cross-network data plane to ${peerName(link)} is not ` +
        `programmed: ${reasons.join('; ')}. Traffic from ${link.cluster.context} cannot reach ` +
        `endpoints in ${peerName(link)}.`,
      clusters: linkClusters(link),
      objects: [gateway.ref],
      fix: dataPlaneFix(link, hboneMissing, failed),
    },
  ];
}

/** PEER302 (peer not connected) and PEER304 (data plane not programmed); reference.md §2.3.2. */
export function gatewayStatusFindings(links: PeerLink[]): FindingDraft[] {
  return links.flatMap((link) => [...notConnected(link), ...dataPlaneNotProgrammed(link)]);
}
