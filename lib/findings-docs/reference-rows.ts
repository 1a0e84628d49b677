// Generated from the domain reference (reference.md §5.2, the catalogue table): how each code
// is detected, the fix, and the evidence. Regenerate when the catalogue changes; do not edit by hand.

export interface ReferenceRow {
  detection: string;
  fix: string;
  basis: string;
}

export const REFERENCE_ROWS: Record<string, ReferenceRow> = {
  SEG101: {
    detection:
      '`spec.domain` fails the CRD pattern, >63 chars, leading/trailing dot, empty label, numeric TLD',
    fix: 'Use a lowercase DNS name ≤63 chars',
    basis: '[Code] CRD + webhook',
  },
  SEG102: {
    detection:
      "domain = `mesh.internal` (rejected by webhook), = any peer's `PEERING_DISCOVERY_SUFFIX`, = `cluster.local` or ends with `svc.<clusterDomain>`",
    fix: 'Pick another domain',
    basis: '[Code]; cluster.local from CRD doc',
  },
  SEG103: {
    detection: '`metadata.name == "default"`',
    fix: 'Rename',
    basis: '[Code] webhook',
  },
  SEG104: {
    detection: "Segment in any namespace other than istiod's",
    fix: 'Move to `istio-system`',
    basis: '[Code] informer filter',
  },
  SEG105: {
    detection: 'Across the fleet, ≥2 distinct Segment names with the same `spec.domain`',
    fix: 'Give each segment a unique domain',
    basis:
      '[Inference]: both produce `<svc>.<ns>.<domain>` in separate SEs → duplicate hosts, which Istio handles badly (istio/istio#51863, #57782)',
  },
  SEG106: {
    detection: 'domain equals/under a corporate or public zone the workloads also use',
    fix: 'Use a private suffix',
    basis: '[Inference] ztunnel DNS capture answers for mesh hostnames',
  },
  SEG201: {
    detection:
      'Cluster X labelled S; cluster Y has an `istio-remote` Gateway for X; Y has no Segment S',
    fix: 'Apply Segment S (same domain) in Y',
    basis:
      '[Code] `validatePeerSegment`; Y deletes all WEs from X; [Doc per product brief] Gateway error status',
  },
  SEG202: {
    detection: 'Segment S has domain d1 in one cluster and d2 in another',
    fix: 'Make domains identical everywhere',
    basis: '[Code] → `Rejected`/`HostnameMismatch`',
  },
  SEG203: {
    detection: '`istio-system` label names S but no Segment S in that cluster',
    fix: 'Create S there or fix the label',
    basis: '[Code] silent fallback to `default`; peers also see `default`',
  },
  SEG204: {
    detection: '`status.rejectedPeers > 0` or a `peers[].status == Rejected`',
    fix: 'Follow SEG201/202',
    basis: '[Code]',
  },
  SEG205: {
    detection: 'Segment present but no cluster labelled with it (and `Local=False`, no peers)',
    fix: 'Delete or assign',
    basis: '[Code] status',
  },
  SEG206: {
    detection:
      'The set of Segment CRs (name→domain) differs between peered clusters even where not yet used',
    fix: 'Apply the same set everywhere (GitOps)',
    basis:
      '[Field] S-WS applies every Segment to every cluster; third-party automation code (citing docs.solo.io/istio/1.30.x/ambient/multicluster/segments/create/) says "the same set of Segment CRs is normally applied to every peered cluster"; [Inference]',
  },
  SEG207: {
    detection: 'Peered clusters in the default segment have different `PEERING_DISCOVERY_SUFFIX`',
    fix: 'Align the env var',
    basis: '[Inference from code]: default-segment validation compares domains',
  },
  SEG208: {
    detection: 'Two member clusters of segment S are not directly peered in both directions',
    fix: 'Link them',
    basis: '[Field] S-MTM "single connectivity boundary"; [Code] non-transitive export',
  },
  SEG209: {
    detection: 'CRD `segments.admin.solo.io` absent in a cluster (older release)',
    fix: 'Upgrade',
    basis: '[Code] test "no segment from remote": such a peer is treated as `default`',
  },
  SEG210: {
    detection: '`peers[].status == Connecting` for long',
    fix: 'Check peering (PEER3xx)',
    basis: '[Code]',
  },
  PEER301: {
    detection:
      '`istio-remote` Gateway without `topology.istio.io/network`, without `spec.addresses` (incl. only `status.addresses`), or NodePort annotation without `gateway.istio.io/service-account`/cluster label; conditions False/`Invalid`',
    fix: 'Add the missing field',
    basis: '[Code] messages in 2.3.2',
  },
  PEER302: {
    detection: '`gloo.solo.io/PeerConnected` False (`not connected to peer`)',
    fix: 'Check address/ports 15012/15008, firewall, peer east-west gateway, trust (TRUST6xx)',
    basis: '[Code]',
  },
  PEER303: {
    detection: '`gloo.solo.io/PeeringSucceeded` Unknown (`network not yet synced ...`)',
    fix: 'Check istiod logs',
    basis: '[Code]',
  },
  PEER304: {
    detection:
      '`gloo.solo.io/PeerDataPlaneProgrammed` False (`missing HBONE listener` / NodePort SE or node WEs missing)',
    fix: 'Add the `cross-network` HBONE listener / fix NodePort setup',
    basis: '[Code]',
  },
  PEER305: {
    detection: 'X has a Gateway for Y but Y has none for X',
    fix: 'Add the reverse link',
    basis: '[Code] `link` one-way mode; [Inference] one-way discovery',
  },
  PEER306: {
    detection:
      "In X, the Gateway for Y has network/cluster labels ≠ Y's `istio-system` network label / `CLUSTER_ID`, address ≠ Y's east-west LB address, or `gateway.istio.io/service-account` ≠ Y's east-west gateway name",
    fix: 'Regenerate with `istioctl multicluster link`',
    basis:
      '[Code]; [Field] S-RUNBOOK (wrong service account `ztunnel` instead of `istio-eastwest`, missing Passthrough)',
  },
  PEER307: {
    detection: '`istio-remote` Gateway without `topology.istio.io/cluster`',
    fix: 'Add it',
    basis: '[Code] cluster := network',
  },
  PEER308: {
    detection: 'Two `istio-remote` Gateways resolve to the same cluster ID',
    fix: 'Delete one',
    basis: '[Code] log `multiple gateways for cluster`',
  },
  PEER309: {
    detection: 'Remote gateway resolves to the local cluster',
    fix: 'Delete it',
    basis: '[Code] ignored',
  },
  PEER310: {
    detection:
      'No `istio-eastwest` Gateway, `Programmed != True`, no `status.addresses`, missing `cross-network`/`xds-tls` listeners',
    fix: '`istioctl multicluster expose`',
    basis: '[Code] `check`, `TranslateEastWestGateway` errors',
  },
  PEER311: {
    detection:
      "East-west gateway network ≠ `istio-system` network; two clusters share a network name unintentionally (→ flat mode); a local object carries the peer's network",
    fix: 'Fix `global.network` / labels',
    basis: '[Code]; [Field] S-RUNBOOK, S-WS',
  },
  PEER312: {
    detection: 'Two clusters with the same `CLUSTER_ID`/cluster label, or `CLUSTER_ID=Kubernetes`',
    fix: 'Unique IDs',
    basis:
      '[Code] istioctl rejects `Kubernetes` and falls back to the network name; duplicates collide in `remoteClusters` (keyed by cluster ID)',
  },
  SVC401: {
    detection:
      '`solo.io/service-scope` not in `{"", cluster, local, global, segment, global-only}` (e.g. `Global`, `segmnet`)',
    fix: 'Correct the value',
    basis: '[Code] treated as not peered',
  },
  SVC402: {
    detection: 'value `global-only`',
    fix: '`global` (or `segment`) + `solo.io/service-takeover=true`',
    basis: '[Code] release note 3604',
  },
  SVC403: {
    detection: 'value `local`',
    fix: '`cluster`',
    basis: '[Code]',
  },
  SVC404: {
    detection: '`solo.io/service-takeover=true` on a Service whose effective scope is `cluster`',
    fix: 'Add a peered scope or remove',
    basis: '[Code] "can\'t takeover if it\'s not peered"',
  },
  SVC405: {
    detection: 'effective scope `segment` while the cluster is in `default`',
    fix: 'Expected if intended',
    basis: '[Code]',
  },
  SVC406: {
    detection: 'Same `<svc>.<ns>` in ≥2 clusters of one segment; peered in some, local in others',
    fix: 'Label consistently',
    basis: '[Inference]; upstream note that scope is not read across clusters',
  },
  SVC407: {
    detection:
      'Same `<svc>.<ns>`, same segment, peered: differing type, headless vs ClusterIP, port numbers, port names, protocols/appProtocol',
    fix: 'Align, or split into segments',
    basis: '[Code] IST0170 logic; union of ports and "forcing TCP"; Istio glossary on port names',
  },
  SVC408: {
    detection:
      'Same `<svc>.<ns>` peered in the same (default) segment but different owners: different selectors, team/owner labels, images',
    fix: 'Introduce segments (§4)',
    basis: '[Inference]',
  },
  SVC409: {
    detection:
      'Namespace labelled `global`/`segment` but no Services, only opted-out (`cluster`) Services, or only non-TCP ports',
    fix: 'Remove or fix label',
    basis: '[Inference]',
  },
  SVC410: {
    detection: 'UDP/SCTP ports on a peered Service',
    fix: 'Not exported in the generated SE',
    basis: '[Code] `convertPorts` keeps TCP only',
  },
  SVC411: {
    detection: '`solo.io/service-scope` on a ServiceEntry or other object',
    fix: 'Only Kubernetes Services are exported',
    basis: '[Code] `federatedservices.go`',
  },
  SVC412: {
    detection: 'Remote copies disagree on `networking.istio.io/traffic-distribution`',
    fix: 'Align',
    basis: '[Code] falls back to default with warning',
  },
  SVC413: {
    detection:
      'In cluster M, the same `<svc>.<ns>` (same segment) is imported from ≥2 peers that are not peered with each other',
    fix: 'Segments (§4.3) or full mesh',
    basis: '[Inference] from non-transitive export',
  },
  SVC414: {
    detection: 'WE with `solo.io/endpoint-status: unheathy` (no pods) in gateway mode',
    fix: 'Expected during drains',
    basis: '[Code]',
  },
  SVC415: {
    detection: 'Global service uses waypoints with different names per cluster',
    fix: 'Upstream assumes "universal waypoint deployments ... identically named"',
    basis: '[Doc] S-ISTIO-MC; [Code] Solo waypoint precedence',
  },
  HOST501: {
    detection:
      'Two SEs (generated or user) or an SE and a Service expose the same host in one cluster; e.g. from SEG105, a user SE for `*.mesh.internal`, or takeover overlaps',
    fix: 'Remove the duplicate',
    basis: '[Doc/Code] istio/istio#51863, #57782',
  },
  HOST502: {
    detection:
      'Two services in one segment render the same alias (e.g. `{service}.acme` for `details` in two namespaces)',
    fix: 'Make the pattern include the namespace or a label',
    basis: '[Inference] from alias semantics [Field]',
  },
  HOST503: {
    detection: 'Pattern references a label/annotation absent on a matching Service',
    fix: 'Add the label or change pattern',
    basis: '[Field] "silently skipped"',
  },
  HOST504: {
    detection: '`<svc>.<ns>.<domain>` > 253 chars or label > 63',
    fix: 'Shorter domain',
    basis: '[Inference] DNS limits',
  },
  HOST505: {
    detection:
      'HTTPRoute `backendRefs` (`kind: Hostname`, `group: networking.istio.io`), DestinationRule `host`, etc. reference `<svc>.<ns>.mesh.internal` or an old segment domain that no generated SE provides any more',
    fix: 'Update to the current segment hostname',
    basis: '[Field] S-WS `007`/`014` warn that segments replace `mesh.internal`; cf. IST0174',
  },
  TRUST601: {
    detection:
      'SHA-256 of `istio-ca-root-cert` (or `cacerts` `root-cert.pem`) differs between peered clusters',
    fix: 'Common root',
    basis: '[Field] S-RUNBOOK, S-WS',
  },
  TRUST602: {
    detection: "Gateway for Y has `gateway.istio.io/trust-domain` ≠ Y's `meshConfig.trustDomain`",
    fix: 'Regenerate link / fix Helm `trustDomain`',
    basis: '[Field] S-RUNBOOK; [Code]',
  },
  TRUST603: {
    detection:
      'Peered clusters have different trust domains and neither skip-validation env vars nor `caCertificates[].trustDomains` / `trustDomainAliases`',
    fix: 'Configure one option',
    basis: '[Field] S-RUNBOOK, S-WS',
  },
  TRUST604: {
    detection:
      'AuthorizationPolicy principals only in the local trust domain while callers come from peers with another domain',
    fix: 'Add peer principals',
    basis: '[Inference]',
  },
  CP701: {
    detection: 'istiod env `ENABLE_PEERING_DISCOVERY` not `true`',
    fix: '`platforms.peering.enabled: true`',
    basis: '[Code; Doc S-TROUBLE]',
  },
  CP702: {
    detection: '`K8S_SELECT_WORKLOAD_ENTRIES` set to a non-`true` value',
    fix: 'See 2.6 (conflicting guidance)',
    basis: '[Code] `check`',
  },
  CP703: {
    detection: '`istio-system` lacks `topology.istio.io/network`',
    fix: 'Label it',
    basis: '[Code] controller waits',
  },
  CP704: {
    detection: 'Different Solo Istio versions across peers',
    fix: 'Segment status/aliases may differ',
    basis: '[Inference]',
  },
};
