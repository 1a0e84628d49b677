import type { K8sObject } from './objects';

/** The Segment API versions found in the wild (README §1). */
export type SegmentApiVersion = 'admin.istio.io/v1' | 'admin.solo.io/v1alpha1';

/**
 * What Segscope read from one cluster: every object of the kinds in README §1 (namespaces,
 * Segments, Gateways, Services, ServiceEntries, WorkloadEntries, AuthorizationPolicies,
 * HTTPRoutes, the istiod Deployment, the `istio` and `istio-ca-root-cert` ConfigMaps).
 */
export interface ClusterInput {
  /** kubeconfig context: Segscope's name for the cluster. */
  context: string;
  reachable: boolean;
  /** Why it could not be read, when not reachable. */
  error?: string;
  /** Segment API versions the cluster serves, preferred first; empty when none (SEG209). */
  segmentApis: SegmentApiVersion[];
  objects: K8sObject[];
}

export interface FleetInput {
  clusters: ClusterInput[];
}
