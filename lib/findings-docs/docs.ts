import { CATALOGUE, type Family, type FindingCode, type Severity } from '../analyze/catalogue';
import { REFERENCE_ROWS } from './reference-rows';

/** One page of `/findings/<CODE>`, in the way istioctl's IST pages and Kiali's KIA pages read. */
export interface FindingDoc {
  code: FindingCode;
  title: string;
  severity: Severity;
  family: Family;
  wave: 1 | 2;
  meaning: string;
  detection: string;
  why: string;
  example: string;
  fix: string;
  suppress: string;
  basis: string;
}

const FAMILY: Record<Family, { name: string; meaning: string; why: string }> = {
  segments: {
    name: 'Segments',
    meaning:
      'Segment resources (admin.istio.io/v1 or admin.solo.io/v1alpha1, in istio-system) and the admin.solo.io/segment label that assigns a cluster to one.',
    why: 'istiod validates every peer against the Segments it holds: a missing or different Segment disables discovery of that peer, and a cluster whose label names no Segment silently stays in the default segment, so global hostnames are not what the label promises.',
  },
  peering: {
    name: 'Peering and gateways',
    meaning:
      'The east-west gateway of each cluster and the istio-remote peer gateways that link clusters (one per peer, directed).',
    why: 'Peering is directed and not transitive: a cluster discovers a peer only through its own peer gateway, and only while that gateway is valid and connected. A broken link silently removes every service of the peer.',
  },
  services: {
    name: 'Service scope and aggregation',
    meaning:
      'The solo.io/service-scope label on Services and Namespaces, and how copies of one <svc>.<ns> from several clusters are aggregated into one global service.',
    why: 'All visible copies of <svc>.<ns> in one segment become one hostname with the union of their endpoints: unrelated apps with the same name receive each other’s traffic.',
  },
  hostnames: {
    name: 'Hostnames',
    meaning: 'The global hostnames <svc>.<ns>.<segment domain> each cluster resolves.',
    why: 'Two objects serving one hostname, or routes pointing at a hostname that no longer exists, send traffic to the wrong place or nowhere.',
  },
  trust: {
    name: 'Trust and identity',
    meaning: 'Trust domains, root certificates and the trust-domain annotation of peer gateways.',
    why: 'Cross-cluster mTLS fails when peers do not share a root of trust or do not accept each other’s trust domains: connections are refused although discovery works.',
  },
  'control-plane': {
    name: 'Control plane',
    meaning:
      'istiod settings (CLUSTER_ID, ENABLE_PEERING_DISCOVERY) and the istio-system labels it reads.',
    why: 'Without these settings istiod does not peer at all, or peers under the wrong identity.',
  },
};

const SEVERITY_WHY: Record<Severity, string> = {
  error: 'Reported as an error: discovery or routing is broken or demonstrably wrong now.',
  warning: 'Reported as a warning: likely unintended or fragile; it breaks on the next change.',
  info: 'Reported as info: worth knowing, usually not a fault by itself.',
};

/** Real messages from the demo fleet, for the codes it shows. */
const EXAMPLES: Partial<Record<FindingCode, string>> = {
  SEG201:
    'Error [SEG201] (Gateway istio-gateways/istio-remote-peer-hub @team-c) Peer cluster "hub" is assigned to segment "platform" but team-c has no Segment "platform"; services from hub are not discovered in team-c.',
  SEG202:
    'Error [SEG202] (Segment istio-system/platform @hub) Segment "platform" has domain "platform.mesh" in hub but "platform.internal" in team-a; peers are rejected (HostnameMismatch): team-a does not discover hub.',
  SEG203:
    'Error [SEG203] (Namespace istio-system @prod-west) prod-west\'s istio-system is labelled admin.solo.io/segment=prod but prod-west holds no Segment "prod" in istio-system; prod-west silently falls back to the default segment (domain mesh.internal).',
  SEG204:
    'Error [SEG204] (Segment istio-system/team @team-c) Segment "team" in team-c reports 1 rejected peer: hub (HostnameMismatch); team-c does not discover services from it.',
  SEG208:
    'Warning [SEG208] (Segment istio-system/team @team-a) Members of segment "team" are not all peered both ways: team-a and team-c are not peered; services of one member do not reach every other member.',
  SVC407:
    'Warning [SVC407] (Service payments/checkout @acme-east) Aggregated service checkout.payments.mesh.internal has conflicting port 8080 names (http in acme-east and acme-west, grpc in globex).',
  SVC408:
    'Warning [SVC408] (Service payments/checkout @acme-east) Aggregated service checkout.payments.mesh.internal merges Services that look like different apps: selectors differ (app=checkout in acme-east and acme-west, app=checkout-v2 in globex).',
  SVC413:
    'Error [SVC413] (Gateway istio-gateways/istio-remote-peer-team-a @hub) In hub, stock.inventory.team.mesh merges copies of Service inventory/stock from team-a and team-c, but team-a and team-c are not peered with each other in either direction.',
};

const unquote = (s: string) => s.replace(/`/g, '');

export function isFindingCode(code: string): code is FindingCode {
  return Object.hasOwn(CATALOGUE, code);
}

/** The documentation of one code, generated from the catalogue and the reference table. */
export function findingDoc(code: FindingCode): FindingDoc {
  const entry = CATALOGUE[code];
  const row = REFERENCE_ROWS[code];
  const family = FAMILY[entry.family];
  return {
    code,
    title: entry.title,
    severity: entry.severity,
    family: entry.family,
    wave: entry.wave,
    meaning: `${entry.title}. Family: ${family.name}: ${family.meaning}`,
    detection: row ? unquote(row.detection) : 'See the catalogue.',
    why: `${family.why} ${SEVERITY_WHY[entry.severity]}`,
    example:
      EXAMPLES[code] ??
      `${entry.severity[0]!.toUpperCase()}${entry.severity.slice(1)} [${code}] (<Kind> <namespace>/<name> @<cluster>) ${entry.title}: the message names the clusters and objects involved.`,
    fix: row ? unquote(row.fix) : 'Each finding carries its own fix.',
    suppress:
      `Annotate one of the finding's objects with segscope.io/suppress: ${code} ` +
      `(comma-separated codes, or * for all). The finding is still returned, marked suppressed, ` +
      `and hidden by default in the console.`,
    basis: row?.basis ?? '',
  };
}

export const familyName = (f: Family) => FAMILY[f].name;
