import type { JsonObject } from './patch';

/** Metadata as the simulator stores it; unknown fields are kept as the real server keeps them. */
export interface ObjectMeta {
  name: string;
  namespace?: string;
  generateName?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  ownerReferences?: JsonObject[];
  managedFields?: JsonObject[];
  [key: string]: unknown;
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [key: string]: unknown;
}

export interface PrinterColumn {
  name: string;
  type: string;
  jsonPath: string;
  description?: string;
  priority?: number;
  format?: string;
}

/** One served resource of one group-version, as discovery and routing see it. */
export interface ResourceType {
  group: string;
  version: string;
  /** Plural, lower case: the URL segment. */
  resource: string;
  singular: string;
  kind: string;
  listKind: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  verbs: string[];
  hasStatus: boolean;
  /** Built-ins accept strategic merge patch; custom resources answer it with 415. */
  builtin: boolean;
  /** Spec changes bump metadata.generation (custom resources and some built-ins). */
  hasGeneration: boolean;
  fieldSelectors: readonly string[];
  printerColumns: PrinterColumn[];
  /** The CRD's openAPIV3Schema for this version, or a built-in's (builtin-schemas.ts). */
  schema?: JsonObject;
}

export const groupVersion = (t: Pick<ResourceType, 'group' | 'version'>): string =>
  t.group ? `${t.group}/${t.version}` : t.version;

/** Storage identity: every served version of a resource shares one set of objects. */
export const storageKey = (t: Pick<ResourceType, 'group' | 'resource'>): string =>
  `${t.resource}.${t.group}`;

/** How Status messages name a resource: `segments.admin.istio.io`, or `namespaces` for core. */
export const qualifiedResource = (t: Pick<ResourceType, 'group' | 'resource'>): string =>
  t.group ? `${t.resource}.${t.group}` : t.resource;
