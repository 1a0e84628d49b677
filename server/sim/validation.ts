import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';

import type { Json, JsonObject } from './patch';
import type { StatusCause } from './status';
import type { KubeObject, ResourceType } from './types';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

const LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

/** Resources whose names must be DNS-1123 labels rather than subdomains. */
const LABEL_NAMED = new Set(['namespaces', 'services']);

function invalidValue(field: string, value: unknown, detail: string): StatusCause {
  return {
    reason: 'FieldValueInvalid',
    message: `Invalid value: ${JSON.stringify(value)}: ${detail}`,
    field,
  };
}

function qualifiedKeyErrors(field: string, key: string): StatusCause[] {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  const errors: StatusCause[] = [];
  if (prefix !== undefined && (prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix))) {
    errors.push(invalidValue(field, key, `prefix part ${SUBDOMAIN_MSG}`));
  }
  if (name.length === 0 || name.length > 63 || !QUALIFIED_NAME.test(name)) {
    errors.push(
      invalidValue(
        field,
        key,
        "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') and be no more than 63 characters",
      ),
    );
  }
  return errors;
}

/** Object metadata checks every API server applies before storage. */
export function validateMetadata(type: ResourceType, object: KubeObject): StatusCause[] {
  const causes: StatusCause[] = [];
  const { name, labels, annotations } = object.metadata;
  if (!name) {
    causes.push({
      reason: 'FieldValueRequired',
      message: 'Required value: name or generateName is required',
      field: 'metadata.name',
    });
  } else if (LABEL_NAMED.has(type.resource) && type.group === '') {
    if (name.length > 63 || !DNS1123_LABEL.test(name)) {
      causes.push(invalidValue('metadata.name', name, LABEL_MSG));
    }
  } else if (name.length > 253 || !DNS1123_SUBDOMAIN.test(name)) {
    causes.push(invalidValue('metadata.name', name, SUBDOMAIN_MSG));
  }
  for (const [key, value] of Object.entries(labels ?? {})) {
    causes.push(...qualifiedKeyErrors('metadata.labels', key));
    if (typeof value !== 'string' || value.length > 63 || !LABEL_VALUE.test(value)) {
      causes.push(
        invalidValue(
          'metadata.labels',
          value,
          "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
        ),
      );
    }
  }
  for (const key of Object.keys(annotations ?? {})) {
    causes.push(...qualifiedKeyErrors('metadata.annotations', key));
  }
  return causes;
}

// Kubernetes schemas carry x-kubernetes-* extensions and OpenAPI formats (int32, byte) that plain
// JSON Schema does not know; the API server tolerates them, so Ajv must too.
const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
const compiled = new WeakMap<JsonObject, ValidateFunction>();

function validatorFor(schema: JsonObject): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

const pointerToField = (pointer: string): string =>
  pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce(
      (path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part),
      '',
    );

function valueAt(root: unknown, pointer: string): unknown {
  let current = root;
  for (const part of pointer.split('/').slice(1)) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return current;
}

function causeOf(error: ErrorObject, object: unknown): StatusCause {
  const field = pointerToField(error.instancePath);
  const value = valueAt(object, error.instancePath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required': {
      const missing = String(params.missingProperty);
      return {
        reason: 'FieldValueRequired',
        message: 'Required value',
        field: field ? `${field}.${missing}` : missing,
      };
    }
    case 'type':
      return {
        reason: 'FieldValueTypeInvalid',
        message: `Invalid value: "${typeof value}": ${field} in body must be of type ${String(params.type)}: "${typeof value}"`,
        field,
      };
    case 'pattern':
      return invalidValue(
        field,
        value,
        `${field} in body should match '${String(params.pattern)}'`,
      );
    case 'maxLength':
      return {
        reason: 'FieldValueTooLong',
        message: `Too long: may not be more than ${String(params.limit)} bytes`,
        field,
      };
    case 'minLength':
      return invalidValue(
        field,
        value,
        `${field} in body should be at least ${String(params.limit)} chars long`,
      );
    case 'enum':
      return {
        reason: 'FieldValueNotSupported',
        message: `Unsupported value: ${JSON.stringify(value)}: supported values: ${(
          params.allowedValues as unknown[]
        )
          .map((v) => JSON.stringify(v))
          .join(', ')}`,
        field,
      };
    default:
      return invalidValue(field, value, `${field} in body ${error.message ?? 'is invalid'}`);
  }
}

/** Validates a custom resource against its CRD's openAPIV3Schema (metadata is checked elsewhere). */
export function validateAgainstSchema(type: ResourceType, object: KubeObject): StatusCause[] {
  if (!type.schema) return [];
  const { metadata: _metadata, ...rest } = object;
  const validate = validatorFor(type.schema);
  if (validate(rest)) return [];
  const seen = new Set<string>();
  return (validate.errors ?? [])
    .map((e) => causeOf(e, rest))
    .filter((c) => {
      const id = `${c.field}|${c.message}`;
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    });
}

const preserves = (schema: JsonObject | undefined): boolean =>
  !schema || schema['x-kubernetes-preserve-unknown-fields'] === true;

/**
 * Fields a structural schema does not declare. The API server prunes them, warns about them, or
 * rejects them, depending on `fieldValidation`.
 */
export function unknownFields(type: ResourceType, object: KubeObject): string[] {
  if (!type.schema) return [];
  const found: string[] = [];
  const walk = (value: Json | undefined, schema: JsonObject | undefined, path: string) => {
    if (preserves(schema) || value === null || value === undefined || !schema) return;
    if (Array.isArray(value)) {
      const items = schema.items as JsonObject | undefined;
      value.forEach((item, i) => walk(item, items, `${path}[${i}]`));
      return;
    }
    if (typeof value !== 'object') return;
    const properties = schema.properties as Record<string, JsonObject> | undefined;
    const additional = schema.additionalProperties;
    for (const [key, child] of Object.entries(value)) {
      const childPath = path ? `${path}.${key}` : key;
      if (properties && key in properties) walk(child, properties[key], childPath);
      else if (additional && typeof additional === 'object')
        walk(child, additional as JsonObject, childPath);
      else if (additional === true) continue;
      else if (properties || additional === false) found.push(childPath);
    }
  };
  const { apiVersion: _a, kind: _k, metadata: _m, ...rest } = object;
  const topProperties = { ...((type.schema.properties as JsonObject | undefined) ?? {}) };
  walk(rest as JsonObject, { ...type.schema, properties: topProperties }, '');
  return found;
}

/** A copy of the object without the given dotted paths (array indices as `[i]`). */
export function prune(object: KubeObject, paths: string[]): KubeObject {
  const copy = structuredClone(object);
  for (const path of paths) {
    const parts = path
      .split(/\.|(?=\[)/)
      .map((p) => (p.startsWith('[') ? Number(p.slice(1, -1)) : p));
    let parent: unknown = copy;
    for (const part of parts.slice(0, -1)) {
      parent = (parent as Record<string | number, unknown>)?.[part];
    }
    const last = parts[parts.length - 1];
    if (parent && typeof parent === 'object' && last !== undefined) {
      delete (parent as Record<string | number, unknown>)[last];
    }
  }
  return copy;
}

const jsonKind = (value: unknown): string =>
  value === null
    ? 'null'
    : Array.isArray(value)
      ? 'array'
      : typeof value === 'number'
        ? 'number'
        : typeof value;

function goType(schema: JsonObject): string {
  if (schema['x-kubernetes-int-or-string']) return 'intstr.IntOrString';
  switch (schema.type) {
    case 'array':
      return `[]${goType((schema.items as JsonObject | undefined) ?? {})}`;
    case 'object':
      return schema.properties ? 'struct' : 'map[string]string';
    case 'integer':
      return schema.format === 'int64' ? 'int64' : 'int32';
    case 'boolean':
      return 'bool';
    default:
      return String(schema.type ?? 'interface {}');
  }
}

function fits(schema: JsonObject, value: unknown): boolean {
  if (value === null) return true; // Go decodes null as the zero value.
  if (schema['x-kubernetes-int-or-string'])
    return typeof value === 'string' || Number.isInteger(value);
  switch (schema.type) {
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return typeof value === 'object' && !Array.isArray(value);
    default:
      return true;
  }
}

/**
 * Where a built-in object's JSON does not fit the Go type it decodes into (`ports: "abc"`), in
 * encoding/json's words; a real server answers that with 400 before any validation.
 */
export function decodeError(type: ResourceType, object: KubeObject): string | undefined {
  if (!type.builtin || !type.schema) return undefined;
  const walk = (
    value: unknown,
    schema: JsonObject | undefined,
    path: string,
  ): string | undefined => {
    if (!schema || value === undefined || (preserves(schema) && schema.type === 'object'))
      return undefined;
    if (!fits(schema, value)) {
      const what =
        typeof value === 'number' && !Number.isInteger(value) ? `number ${value}` : jsonKind(value);
      return `json: cannot unmarshal ${what} into Go struct field ${type.kind}.${path} of type ${goType(schema)}`;
    }
    if (Array.isArray(value)) {
      for (const item of value) {
        const found = walk(item, schema.items as JsonObject | undefined, path);
        if (found) return found;
      }
      return undefined;
    }
    if (value === null || typeof value !== 'object') return undefined;
    const properties = schema.properties as Record<string, JsonObject> | undefined;
    const additional = schema.additionalProperties as JsonObject | undefined;
    for (const [key, child] of Object.entries(value)) {
      const found = walk(child, properties?.[key] ?? additional, path ? `${path}.${key}` : key);
      if (found) return found;
    }
    return undefined;
  };
  const { apiVersion: _a, kind: _k, metadata: _m, ...rest } = object;
  return walk(rest, type.schema, '');
}
