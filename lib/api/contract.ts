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
