/**
 * The findings catalogue (../shared/domain/findings.md): stable codes, titles and default
 * severities. The codes are the product's contract: tests, the API, the UI and the docs use them.
 */
export type Severity = 'error' | 'warning' | 'info';

export type Family = 'segments' | 'peering' | 'services' | 'hostnames' | 'trust' | 'control-plane';

interface Entry {
  title: string;
  severity: Severity;
  family: Family;
  wave: 1 | 2;
}

export const CATALOGUE = {
  SEG101: { title: 'Invalid segment domain', severity: 'error', family: 'segments', wave: 1 },
  SEG102: { title: 'Reserved or dangerous domain', severity: 'error', family: 'segments', wave: 1 },
  SEG103: { title: 'Reserved segment name', severity: 'error', family: 'segments', wave: 1 },
  SEG104: {
    title: 'Segment outside the system namespace',
    severity: 'warning',
    family: 'segments',
    wave: 1,
  },
  SEG105: {
    title: 'Two segments share one domain',
    severity: 'error',
    family: 'segments',
    wave: 1,
  },
  SEG106: {
    title: 'Domain shadows a real DNS zone',
    severity: 'warning',
    family: 'segments',
    wave: 2,
  },
  SEG201: {
    title: "Peer's segment missing locally",
    severity: 'error',
    family: 'segments',
    wave: 1,
  },
  SEG202: {
    title: 'Same segment name, different domain across clusters',
    severity: 'error',
    family: 'segments',
    wave: 1,
  },
  SEG203: {
    title: 'Assigned segment does not exist',
    severity: 'error',
    family: 'segments',
    wave: 1,
  },
  SEG204: {
    title: 'Segment status reports rejected peers',
    severity: 'error',
    family: 'segments',
    wave: 1,
  },
  SEG205: { title: 'Unused segment', severity: 'info', family: 'segments', wave: 1 },
  SEG206: {
    title: 'Divergent Segment sets between peered clusters',
    severity: 'warning',
    family: 'segments',
    wave: 1,
  },
  SEG207: {
    title: 'Default-suffix mismatch between peers',
    severity: 'error',
    family: 'segments',
    wave: 2,
  },
  SEG208: { title: 'Segment not fully meshed', severity: 'warning', family: 'segments', wave: 1 },
  SEG209: {
    title: 'Segment feature unavailable',
    severity: 'warning',
    family: 'segments',
    wave: 1,
  },
  SEG210: { title: 'Peer stuck connecting', severity: 'warning', family: 'segments', wave: 2 },
  PEER301: { title: 'Invalid remote gateway', severity: 'error', family: 'peering', wave: 1 },
  PEER302: { title: 'Peer not connected', severity: 'error', family: 'peering', wave: 1 },
  PEER303: { title: 'Peer not synced', severity: 'warning', family: 'peering', wave: 2 },
  PEER304: { title: 'Data plane not programmed', severity: 'error', family: 'peering', wave: 1 },
  PEER305: { title: 'Asymmetric peering', severity: 'warning', family: 'peering', wave: 1 },
  PEER306: {
    title: 'Remote gateway disagrees with the peer',
    severity: 'error',
    family: 'peering',
    wave: 1,
  },
  PEER307: {
    title: 'Cluster label missing on a peer gateway',
    severity: 'warning',
    family: 'peering',
    wave: 1,
  },
  PEER308: { title: 'Duplicate peer', severity: 'warning', family: 'peering', wave: 1 },
  PEER309: { title: 'Self peer', severity: 'info', family: 'peering', wave: 1 },
  PEER310: {
    title: 'East-west gateway missing or not programmed',
    severity: 'error',
    family: 'peering',
    wave: 1,
  },
  PEER311: { title: 'Network naming error', severity: 'error', family: 'peering', wave: 2 },
  PEER312: {
    title: 'Duplicate or default cluster ID',
    severity: 'error',
    family: 'peering',
    wave: 1,
  },
  SVC401: { title: 'Unknown scope value', severity: 'warning', family: 'services', wave: 1 },
  SVC402: { title: 'Deprecated global-only', severity: 'info', family: 'services', wave: 1 },
  SVC403: { title: 'Deprecated local', severity: 'info', family: 'services', wave: 1 },
  SVC404: {
    title: 'Takeover without peered scope',
    severity: 'warning',
    family: 'services',
    wave: 1,
  },
  SVC405: {
    title: 'Segment scope in the default segment',
    severity: 'info',
    family: 'services',
    wave: 2,
  },
  SVC406: {
    title: 'Inconsistent scope within a segment',
    severity: 'warning',
    family: 'services',
    wave: 1,
  },
  SVC407: {
    title: 'Inconsistent service definition in an aggregate',
    severity: 'warning',
    family: 'services',
    wave: 1,
  },
  SVC408: {
    title: 'Likely unrelated apps aggregated',
    severity: 'warning',
    family: 'services',
    wave: 1,
  },
  SVC409: {
    title: 'Scope label with nothing to export',
    severity: 'info',
    family: 'services',
    wave: 1,
  },
  SVC410: {
    title: 'Non-TCP ports on a global service',
    severity: 'warning',
    family: 'services',
    wave: 1,
  },
  SVC411: {
    title: 'Scope label on a non-Service',
    severity: 'warning',
    family: 'services',
    wave: 2,
  },
  SVC412: {
    title: 'Traffic distribution disagreement',
    severity: 'info',
    family: 'services',
    wave: 2,
  },
  SVC413: {
    title: 'Transitive conflict at a middle cluster',
    severity: 'warning',
    family: 'services',
    wave: 1,
  },
  SVC414: { title: 'Zero-capacity remote', severity: 'info', family: 'services', wave: 2 },
  SVC415: { title: 'Waypoint naming differs', severity: 'warning', family: 'services', wave: 2 },
  HOST501: { title: 'Hostname collision', severity: 'error', family: 'hostnames', wave: 1 },
  HOST502: { title: 'Alias collision', severity: 'error', family: 'hostnames', wave: 2 },
  HOST503: { title: 'Alias silently skipped', severity: 'info', family: 'hostnames', wave: 2 },
  HOST504: { title: 'Hostname too long', severity: 'error', family: 'hostnames', wave: 1 },
  HOST505: { title: 'Stale hostname reference', severity: 'warning', family: 'hostnames', wave: 1 },
  TRUST601: {
    title: 'Root CA mismatch between peers',
    severity: 'error',
    family: 'trust',
    wave: 1,
  },
  TRUST602: {
    title: 'Trust-domain annotation wrong on a peer gateway',
    severity: 'error',
    family: 'trust',
    wave: 1,
  },
  TRUST603: {
    title: 'Distinct trust domains without validation config',
    severity: 'error',
    family: 'trust',
    wave: 1,
  },
  TRUST604: {
    title: 'Policies ignore peer trust domains',
    severity: 'info',
    family: 'trust',
    wave: 2,
  },
  CP701: {
    title: 'Peering disabled in istiod',
    severity: 'error',
    family: 'control-plane',
    wave: 1,
  },
  CP702: {
    title: 'Workload-entry selection flag',
    severity: 'warning',
    family: 'control-plane',
    wave: 2,
  },
  CP703: {
    title: 'Network label missing on istio-system',
    severity: 'error',
    family: 'control-plane',
    wave: 1,
  },
  CP704: {
    title: 'Version skew between peers',
    severity: 'info',
    family: 'control-plane',
    wave: 2,
  },
} as const satisfies Record<string, Entry>;

export type FindingCode = keyof typeof CATALOGUE;

export const FINDING_CODES = Object.keys(CATALOGUE) as FindingCode[];

export const WAVE1_CODES = FINDING_CODES.filter((c) => CATALOGUE[c].wave === 1);

export const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
