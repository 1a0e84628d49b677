import type { Detector } from './finding';
import { agreementFindings } from './peering/agreement';
import { clusterIdFindings } from './peering/cluster-id';
import { eastWestFindings } from './peering/east-west';
import { gatewayStatusFindings } from './peering/gateway-status';
import { gatewayValidityFindings } from './peering/gateway-validity';
import { peerLinks } from './peering/links';
import { topologyFindings } from './peering/topology';

/** PEER301, PEER307: invalid remote gateway, missing cluster label (reference.md §2.3.2). */
const gatewayValidity: Detector = (s) => gatewayValidityFindings(peerLinks(s));
/** PEER302, PEER304: peer not connected, data plane not programmed (reference.md §2.3.2). */
const gatewayStatus: Detector = (s) => gatewayStatusFindings(peerLinks(s));
/** PEER305, PEER308, PEER309: asymmetric, duplicate and self peers (reference.md §2.3.2, §5.2). */
const topology: Detector = (s) => topologyFindings(s, peerLinks(s));
/** PEER306: remote gateway disagrees with the peer (reference.md §2.3.1–2.3.2). */
const agreement: Detector = (s) => agreementFindings(peerLinks(s));
/** PEER310: east-west gateway missing or not programmed (reference.md §2.3.1). */
const eastWest: Detector = (s) => eastWestFindings(s, peerLinks(s));
/** PEER312: duplicate or default cluster ID (reference.md §2.3.5). */
const clusterIds: Detector = clusterIdFindings;

/** The peering family, PEER301–PEER312 of wave 1 (reference.md §2.3, §5.2 "Peering and gateways"). */
export const peeringDetectors: Detector[] = [
  gatewayValidity,
  gatewayStatus,
  topology,
  agreement,
  eastWest,
  clusterIds,
];
