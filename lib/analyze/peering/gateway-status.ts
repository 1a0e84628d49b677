import type { Condition } from '../../model/snapshot';
import type { FindingCode } from '../catalogue';
import { enablePeeringFix, networkLabelFix } from '../control-plane-fixes';
import type { FindingDraft } from '../finding';
import {
  annotationFix,
  annotationWrong,
  rootFix,
  rootsDiffer,
  trustDomainFix,
  trustUnvalidated,
} from '../trust-checks';
import { agreementFix, mismatchesOf } from './agreement';
import { eastWestFix } from './east-west';
import {
  gatewayIn,
  HBONE_PORT,
  linkClusters,
  listenerText,
  listText,
  objectText,
  PEER_CONNECTED,
  PEER_DATA_PLANE,
  type PeerLink,
  peerName,
  regenerate,
  XDS_PORT,
} from './links';
import {
  dataPlaneNotProgrammed,
  dataPlaneProblems,
  eastWestUnusable,
  isInvalidGateway,
  networkUnlabelled,
  notConnected,
  peeringOff,
} from './predicates';

const conditionText = (type: string, c: Condition): string =>
  `${type} is ${c.status}${c.reason ? ` (${c.reason}${c.message ? `: "${c.message}"` : ''})` : ''}`;

/** A condition of the fleet that makes the gateway fail to connect, as another code reports it. */
interface Cause {
  code: FindingCode;
  text: string;
  fix: string;
}

/** Known reasons, in the order to fix them: control planes first, then the link, then trust. */
function causesOf(links: PeerLink[], link: PeerLink): Cause[] {
  const { cluster, peer } = link;
  const causes: Cause[] = [];
  for (const c of [cluster, ...(peer ? [peer] : [])]) {
    if (peeringOff(c))
      causes.push({
        code: 'CP701',
        text: `istiod in ${c.context} has peering discovery disabled (CP701)`,
        fix: enablePeeringFix(c),
      });
    if (networkUnlabelled(c))
      causes.push({
        code: 'CP703',
        text: `istio-system in ${c.context} has no network label, so its peering does not start (CP703)`,
        fix: networkLabelFix(links, c),
      });
  }
  const mismatches = mismatchesOf(link);
  if (mismatches.length)
    causes.push({
      code: 'PEER306',
      text: `the gateway disagrees with ${peerName(link)} (PEER306)`,
      fix: agreementFix(link, mismatches),
    });
  if (peer && eastWestUnusable(peer))
    causes.push({
      code: 'PEER310',
      text: `${peer.context} has no usable east-west gateway (PEER310)`,
      fix: `In ${peer.context}: ${eastWestFix(peer)}`,
    });
  if (peer) {
    const pair = { a: cluster, b: peer };
    if (rootsDiffer(pair))
      causes.push({
        code: 'TRUST601',
        text: `${cluster.context} and ${peer.context} trust different root CAs (TRUST601)`,
        fix: rootFix(pair),
      });
    if (trustUnvalidated(pair).length)
      causes.push({
        code: 'TRUST603',
        text: `their trust domains differ and are not accepted (TRUST603)`,
        fix: trustDomainFix(pair),
      });
    if (annotationWrong(link))
      causes.push({
        code: 'TRUST602',
        text: `the gateway names the wrong trust domain for ${peer.context} (TRUST602)`,
        fix: annotationFix(link),
      });
  }
  return causes;
}

function genericFix(link: PeerLink): string {
  const { gateway, peer } = link;
  const address = gateway.addresses[0] ?? '<peer address>';
  const xdsPort = gateway.listeners.find((l) => l.name === 'xds-tls')?.port ?? XDS_PORT;
  const eastWest = peer?.eastWest[0];
  const peerSide = peer
    ? `that ${eastWest ? `${objectText(eastWest.ref)}` : 'the east-west gateway'} in ${peer.context} is programmed`
    : "that the peer's east-west gateway is up";
  return (
    `From ${link.cluster.context}, check that ${address}:${xdsPort} (xds-tls) and ` +
    `${address}:${HBONE_PORT} (cross-network) are reachable (firewall, load balancer), ` +
    `${peerSide}, and that both clusters share a root CA and accept each other's trust ` +
    `domain (TRUST601-TRUST603).`
  );
}

function notConnectedFinding(links: PeerLink[], link: PeerLink): FindingDraft[] {
  const connected = notConnected(link);
  if (!connected) return [];
  const causes = causesOf(links, link);
  // The same gateway's data plane waits for the connection (PEER304 links back).
  const related: FindingCode[] = [
    ...causes.map((c) => c.code),
    ...(dataPlaneNotProgrammed(link) ? (['PEER304'] as const) : []),
  ];
  const because = causes.length
    ? ` It cannot connect while ${listText(causes.map((c) => c.text))}.`
    : '';
  return [
    {
      code: 'PEER302',
      message:
        `${gatewayIn(link)} is not connected to ${peerName(link)}: ` +
        `${conditionText(PEER_CONNECTED, connected)}; ${link.cluster.context} discovers nothing ` +
        `from ${peerName(link)}.${because}`,
      clusters: linkClusters(link),
      objects: [link.gateway.ref],
      fix: causes.length ? causes.map((c) => c.fix).join(' ') : genericFix(link),
      ...(related.length ? { related } : {}),
    },
  ];
}

function dataPlaneFix(
  link: PeerLink,
  hboneMissing: boolean,
  condition: Condition | undefined,
  disconnected: boolean,
): string {
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
  else if (condition && !hboneMissing && disconnected)
    // A peer that is not connected sends nothing to program: the connection is the cause.
    fixes.push(
      `Fix the connection first (PEER302): ${gatewayIn(link)} is not connected, and the ` +
        `data plane is programmed once it is.`,
    );
  else if (condition && !hboneMissing)
    fixes.push(
      `Check istiod's log in ${link.cluster.context} for ${gatewayIn(link)} and fix what it names.`,
    );
  return fixes.join(' ');
}

function dataPlaneFinding(link: PeerLink): FindingDraft[] {
  const { gateway } = link;
  const { failed, hboneMissing } = dataPlaneProblems(link);
  if (!failed && !hboneMissing) return [];
  const reasons = [
    ...(hboneMissing
      ? [
          `it has no HBONE listener on port ${HBONE_PORT} (listeners: ${gateway.listeners.map(listenerText).join(', ') || 'none'})`,
        ]
      : []),
    ...(failed ? [conditionText(PEER_DATA_PLANE, failed)] : []),
  ];
  const disconnected = notConnected(link) !== undefined;
  const related: FindingCode[] = [
    ...(isInvalidGateway(gateway) ? (['PEER301'] as const) : []),
    ...(disconnected ? (['PEER302'] as const) : []),
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
      fix: dataPlaneFix(link, hboneMissing, failed, disconnected),
      ...(related.length ? { related } : {}),
    },
  ];
}

/** PEER302 (peer not connected) and PEER304 (data plane not programmed); reference.md §2.3.2. */
export function gatewayStatusFindings(links: PeerLink[]): FindingDraft[] {
  return links.flatMap((link) => [...notConnectedFinding(links, link), ...dataPlaneFinding(link)]);
}
