import type { JsonObject } from './patch';
import type { Registry } from './registry';
import type { ResourceType } from './types';
import { groupVersion } from './types';

type Obj = Record<string, unknown>;

const gvPath = (gv: string) => (gv.includes('/') ? `apis/${gv}` : `api/${gv}`);

/** `io.istio.admin.v1.Segment`, the way Kubernetes names schema components for a group. */
function componentName(t: ResourceType): string {
  if (t.builtin) {
    const pkg = t.group === '' ? 'core' : t.group.split('.')[0];
    return `io.k8s.api.${pkg}.${t.version}.${t.kind}`;
  }
  return `${t.group.split('.').reverse().join('.')}.${t.version}.${t.kind}`;
}

export function openApiIndex(registry: Registry): Obj {
  const paths: Obj = {};
  for (const g of registry.groups()) {
    for (const v of g.versions) {
      const gv = g.name ? `${g.name}/${v}` : v;
      paths[gvPath(gv)] = {
        serverRelativeURL: `/openapi/v3/${gvPath(gv)}?hash=r${registry.revision}`,
      };
    }
  }
  return { paths };
}

const queryParams = ['dryRun', 'fieldManager', 'fieldValidation', 'force', 'pretty'].map(
  (name) => ({
    name,
    in: 'query',
    schema: { type: 'string', uniqueItems: true },
  }),
);

function schemaFor(t: ResourceType): JsonObject {
  const gvk = [{ group: t.group, version: t.version, kind: t.kind }];
  const base: JsonObject = t.schema
    ? structuredClone(t.schema)
    : { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
  const properties = { ...((base.properties as JsonObject | undefined) ?? {}) };
  properties.apiVersion = {
    type: 'string',
    description: 'APIVersion defines the versioned schema of this representation of an object.',
  };
  properties.kind = {
    type: 'string',
    description: 'Kind is a string value representing the REST resource this object represents.',
  };
  properties.metadata = { type: 'object', description: 'Standard object metadata.' };
  return {
    ...base,
    properties,
    'x-kubernetes-group-version-kind': gvk,
    description: (base.description as string | undefined) ?? `${t.kind} (${groupVersion(t)})`,
  };
}

/**
 * A per-group-version OpenAPI v3 document. kubectl apply refuses to run without one, and needs a
 * PATCH operation tagged with the GVK and a `fieldValidation` parameter (wire-notes §2.5, §3.13).
 * Strategic merge patch is deliberately not listed, so kubectl falls back to its compiled-in types.
 */
export function openApiDocument(registry: Registry, gv: string): Obj | undefined {
  const types = registry.inGroupVersion(gv);
  if (types.length === 0) return undefined;
  const paths: Obj = {};
  const schemas: Obj = {};
  for (const t of types) {
    const ref = { $ref: `#/components/schemas/${componentName(t)}` };
    const content = (types: string[]) =>
      Object.fromEntries(types.map((ct) => [ct, { schema: ref }]));
    const op = (action: string, body?: string[]) => ({
      'x-kubernetes-action': action,
      'x-kubernetes-group-version-kind': { group: t.group, version: t.version, kind: t.kind },
      parameters: queryParams,
      ...(body ? { requestBody: { content: content(body) } } : {}),
      responses: { '200': { description: 'OK', content: content(['application/json']) } },
    });
    const base = t.namespaced
      ? `/${gvPath(gv)}/namespaces/{namespace}/${t.resource}`
      : `/${gvPath(gv)}/${t.resource}`;
    paths[base] = { get: op('list'), post: op('post', ['application/json', 'application/yaml']) };
    paths[`${base}/{name}`] = {
      get: op('get'),
      put: op('put', ['application/json', 'application/yaml']),
      delete: op('delete'),
      patch: op('patch', [
        'application/json-patch+json',
        'application/merge-patch+json',
        'application/apply-patch+yaml',
      ]),
    };
    schemas[componentName(t)] = schemaFor(t);
  }
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'v1.32.0' },
    paths,
    components: { schemas },
  };
}

// kube-openapi accepts the `@v1.0` spelling clients send, and answers with the one Go's mime
// parser accepts.
const OPENAPI_V2_PROTOBUF = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';
const wantsV2Protobuf = (accept: string | undefined) =>
  /com\.github\.proto-openapi\.spec\.v2(@|\.)v1\.0\+protobuf/.test(accept ?? '');

/** A length-delimited protobuf string field. */
function protoString(field: number, value: string): Buffer {
  const bytes = Buffer.from(value);
  return Buffer.concat([Buffer.from([(field << 3) | 2, bytes.length]), bytes]);
}

/**
 * `/openapi/v2`, which kubectl reads when a kind is missing from the v3 documents (a custom
 * resource whose CRD is applied in the same file) and which kubectl 1.27/1.28 need for apply.
 * It holds no definitions: kubectl then validates nothing client-side and reports a kind the
 * server does not serve yet as "no matches for kind", applying the rest, as against a real server.
 * The protobuf form is gnostic's openapi_v2.Document {1 swagger, 2 info {1 title, 2 version}}.
 */
export function openApiV2(accept: string | undefined): { contentType: string; body: Buffer } {
  if (wantsV2Protobuf(accept)) {
    const info = Buffer.concat([protoString(1, 'Kubernetes'), protoString(2, 'v1.32.3')]);
    const body = Buffer.concat([
      protoString(1, '2.0'),
      Buffer.from([(2 << 3) | 2, info.length]),
      info,
    ]);
    return { contentType: OPENAPI_V2_PROTOBUF, body };
  }
  const json = {
    swagger: '2.0',
    info: { title: 'Kubernetes', version: 'v1.32.3' },
    paths: {},
    definitions: {},
  };
  return { contentType: 'application/json', body: Buffer.from(JSON.stringify(json)) };
}
