import { z } from 'zod';

/**
 * Every DTO that crosses from server/ to the browser. Nothing here may carry a credential: no
 * tokens, no client certificates, no raw kubeconfig, no managedFields.
 */
export const ClusterStateSchema = z.enum([
  'ready',
  'unreachable',
  'timeout',
  'unauthorized',
  'forbidden',
  'error',
]);
export type ClusterState = z.infer<typeof ClusterStateSchema>;

export const SegmentApiSchema = z.enum(['admin.istio.io/v1', 'admin.solo.io/v1alpha1']);
export type SegmentApi = z.infer<typeof SegmentApiSchema>;

export const ClusterSummarySchema = z.object({
  /** The kubeconfig context name. */
  context: z.string(),
  /** The API server URL (no credentials). */
  server: z.string(),
  state: ClusterStateSchema,
  /** Why the cluster is not `ready`, in words for a person. */
  message: z.string().optional(),
  kubernetesVersion: z.string().optional(),
  /** `topology.istio.io/network` of `istio-system`. */
  network: z.string().optional(),
  /** `admin.solo.io/segment` of `istio-system` (the label, not yet resolved). */
  segmentLabel: z.string().optional(),
  /** Segment API versions this cluster serves, preferred first. */
  segmentApis: z.array(SegmentApiSchema),
  /** Whether istio-system exists (false: Istio is not installed). */
  istioInstalled: z.boolean().optional(),
  latencyMs: z.number().optional(),
});
export type ClusterSummary = z.infer<typeof ClusterSummarySchema>;

export const FleetResponseSchema = z.object({
  generatedAt: z.string(),
  kubeconfig: z.object({ source: z.string(), contexts: z.number() }),
  clusters: z.array(ClusterSummarySchema),
});
export type FleetResponse = z.infer<typeof FleetResponseSchema>;

export const ErrorResponseSchema = z.object({
  error: z.object({ code: z.string(), message: z.string() }),
});

export const ObjectRefSchema = z.object({
  cluster: z.string(),
  kind: z.string(),
  namespace: z.string().optional(),
  name: z.string(),
});

export const SeveritySchema = z.enum(['error', 'warning', 'info']);

/** A finding as README §3 of the domain contract shapes it. */
export const FindingSchema = z.object({
  code: z.string(),
  severity: SeveritySchema,
  title: z.string(),
  message: z.string(),
  clusters: z.array(z.string()),
  objects: z.array(ObjectRefSchema),
  fix: z.string(),
  suppressed: z.boolean().optional(),
  related: z.array(z.string()).optional(),
  /**
   * Live server only: clusters this finding relies on whose data is not synced right now (stale,
   * unreachable, …); the finding was computed from their last known objects.
   */
  unsynced: z.array(z.string()).optional(),
});
export type FindingDto = z.infer<typeof FindingSchema>;

export const FindingsResponseSchema = z.object({
  generatedAt: z.string(),
  clusters: z.array(
    z.object({ context: z.string(), reachable: z.boolean(), error: z.string().optional() }),
  ),
  findings: z.array(FindingSchema),
});
export type FindingsResponse = z.infer<typeof FindingsResponseSchema>;

// ─── The live fleet (issue 11): one analysed snapshot per server, numbered by `revision` ───

/**
 * A cluster's connection as the live server sees it. `synced`: listed and watching;
 * `stale`: the watch broke and is reconnecting, its last known objects are still analysed;
 * the failure states keep the last known objects too, if there were any.
 */
export const ClusterHealthSchema = z.enum([
  'connecting',
  'synced',
  'stale',
  'unreachable',
  'unauthorized',
  'forbidden',
  'timeout',
  'error',
]);
export type ClusterHealth = z.infer<typeof ClusterHealthSchema>;

export const SeverityCountsSchema = z.object({
  error: z.number(),
  warning: z.number(),
  info: z.number(),
  /** Suppressed findings, not counted in the severities above. */
  suppressed: z.number(),
});
export type SeverityCounts = z.infer<typeof SeverityCountsSchema>;

/** A cluster in `GET /api/fleet`: the summary fields of before, plus health and its model. */
export const ClusterDtoSchema = ClusterSummarySchema.extend({
  /** Stable id in URLs (`/clusters/<id>`): the kubeconfig context name. */
  id: z.string(),
  /** Name to show (SEGSCOPE_CONFIG `displayName`, else the context). */
  displayName: z.string(),
  health: ClusterHealthSchema,
  /** Last complete sync (ISO time); with `stale`, since when the data may be old. */
  lastSyncedAt: z.string().optional(),
  /** With `forbidden`: the kinds it may not list or watch, e.g. `gateways.gateway.networking.k8s.io`. */
  forbiddenKinds: z.array(z.string()).optional(),
  /** Mesh cluster ID (istiod CLUSTER_ID, else network, else context) and where it came from. */
  meshId: z.string().optional(),
  trustDomain: z.string().optional(),
  /** The segment the cluster is really in, and its domain (README §2 of the domain contract). */
  segment: z.string().optional(),
  segmentDomain: z.string().optional(),
  /** The label names a Segment this cluster does not hold (SEG203): it sits in `default`. */
  segmentFallback: z.boolean().optional(),
  peeringEnabled: z.boolean().optional(),
  /** Unsuppressed findings that involve this cluster, by severity. */
  findings: SeverityCountsSchema,
});
export type ClusterDto = z.infer<typeof ClusterDtoSchema>;

/** Where a Segment of one name is held, with which domain and status (Local/Connected/Rejected). */
export const SegmentHolderSchema = z.object({
  cluster: z.string(),
  domain: z.string(),
  namespace: z.string(),
  apiVersion: z.string(),
  /** `status` of the Segment resource as istiod wrote it, when present. */
  status: z.enum(['Local', 'Connected', 'Rejected', 'Unknown']).optional(),
});

export const SegmentDtoSchema = z.object({
  name: z.string(),
  /** The domain most holders agree on (members' first); `mesh.internal` or the suffix for default. */
  domain: z.string(),
  /** Every distinct domain seen for this name: more than one is SEG202. */
  domains: z.array(z.string()),
  /** The implicit `default` segment has no resource. */
  implicit: z.boolean(),
  members: z.array(z.string()),
  holders: z.array(SegmentHolderSchema),
  findings: SeverityCountsSchema,
});
export type SegmentDto = z.infer<typeof SegmentDtoSchema>;

/**
 * A directed peering: `from` holds a peer gateway to `to` and discovers its services.
 * `state`: `connected`; `not-connected` (gateway status failed or pending); `rejected` (discovery
 * disabled by a segment problem or peering disabled, see `rejection`); `invalid` (the gateway
 * itself is invalid, PEER301); `unknown` (no status yet).
 */
export const PeeringEdgeDtoSchema = z.object({
  id: z.string(),
  from: z.string(),
  to: z.string(),
  /** False when `to` is a peer Segscope cannot reach (an unmanaged peer ID). */
  managed: z.boolean(),
  state: z.enum(['connected', 'not-connected', 'rejected', 'invalid', 'unknown']),
  rejection: z.enum(['segment-missing', 'domain-mismatch', 'peering-disabled']).optional(),
  gateway: ObjectRefSchema,
  findings: SeverityCountsSchema,
});
export type PeeringEdgeDto = z.infer<typeof PeeringEdgeDtoSchema>;

export const LiveFleetResponseSchema = FleetResponseSchema.extend({
  revision: z.number(),
  clusters: z.array(ClusterDtoSchema),
  segments: z.array(SegmentDtoSchema),
  edges: z.array(PeeringEdgeDtoSchema),
  counts: SeverityCountsSchema,
  /** Every cluster has finished its first sync or failed (`/api/readyz`). */
  ready: z.boolean(),
});
export type LiveFleetResponse = z.infer<typeof LiveFleetResponseSchema>;

export const LiveFindingsResponseSchema = FindingsResponseSchema.extend({
  revision: z.number(),
  /** Clusters not analysed, or analysed from stale data, and why. */
  leftOut: z.array(
    z.object({ context: z.string(), health: ClusterHealthSchema, message: z.string() }),
  ),
});
export type LiveFindingsResponse = z.infer<typeof LiveFindingsResponseSchema>;

export const ServicePortDtoSchema = z.object({
  name: z.string().optional(),
  port: z.number(),
  protocol: z.string(),
  appProtocol: z.string().optional(),
});

/** One global service as one viewing cluster sees it (the records of `analyze --output json`). */
export const ServiceRecordSchema = z.object({
  viewer: z.string(),
  hostname: z.string(),
  namespace: z.string(),
  name: z.string(),
  segment: z.string(),
  domain: z.string(),
  contributors: z.array(z.string()),
  ports: z.array(ServicePortDtoSchema),
});
export type ServiceRecord = z.infer<typeof ServiceRecordSchema>;

export const ServicesResponseSchema = z.object({
  revision: z.number(),
  services: z.array(ServiceRecordSchema),
});
export type ServicesResponse = z.infer<typeof ServicesResponseSchema>;

/** `GET /api/services/<cluster>/<ns>/<name>`: every name one Service answers to, and where. */
export const HostnameCalculationSchema = z.object({
  revision: z.number(),
  service: ObjectRefSchema,
  scope: z.string(),
  exported: z.boolean(),
  names: z.array(
    z.object({
      hostname: z.string(),
      /** Viewing clusters that resolve it, with the contributors they see. */
      viewers: z.array(z.object({ viewer: z.string(), contributors: z.array(z.string()) })),
    }),
  ),
  /** Clusters where it is not visible, and why (not peered, scope, segment missing, …). */
  notVisible: z.array(z.object({ cluster: z.string(), reason: z.string() })),
});
export type HostnameCalculation = z.infer<typeof HostnameCalculationSchema>;

export const ClusterDetailResponseSchema = z.object({
  revision: z.number(),
  cluster: ClusterDtoSchema,
  /** Counts of the objects Segscope read, per kind. */
  objects: z.array(z.object({ kind: z.string(), count: z.number() })),
  peersOut: z.array(PeeringEdgeDtoSchema),
  peersIn: z.array(PeeringEdgeDtoSchema),
  segmentsHeld: z.array(SegmentHolderSchema.extend({ name: z.string() })),
  findings: z.array(FindingSchema),
});
export type ClusterDetailResponse = z.infer<typeof ClusterDetailResponseSchema>;

/** One SSE `revision` event of `GET /api/events` (its `id:` is the revision). */
export const FleetEventSchema = z.object({
  revision: z.number(),
  at: z.string(),
  /** Clusters whose health changed, with the new health. */
  health: z.array(z.object({ context: z.string(), health: ClusterHealthSchema })),
  findings: z.object({ added: z.array(FindingSchema), removed: z.array(FindingSchema) }),
  /** Viewing clusters whose global services changed. */
  viewsChanged: z.array(z.string()),
  counts: SeverityCountsSchema,
});
export type FleetEvent = z.infer<typeof FleetEventSchema>;
