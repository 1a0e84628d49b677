import type { StatusCause } from './status';
import type { KubeObject, ResourceType } from './types';

const required = (field: string): StatusCause => ({
  reason: 'FieldValueRequired',
  message: 'Required value',
  field,
});

type Obj = Record<string, unknown>;

const invalidValue = (field: string, value: unknown, detail: string): StatusCause => ({
  reason: 'FieldValueInvalid',
  message: `Invalid value: ${typeof value === 'string' ? JSON.stringify(value) : goValue(value)}: ${detail}`,
  field,
});

/** How Go's %v-ish error text prints a non-string value (`[]string{"a"}`, `99999`). */
function goValue(value: unknown): string {
  if (Array.isArray(value)) return `[]string{${value.map((v) => JSON.stringify(v)).join(', ')}}`;
  return String(value);
}

const inPortRange = (n: unknown) =>
  Number.isInteger(n) && (n as number) >= 1 && (n as number) <= 65535;
const PORT_RANGE = 'must be between 1 and 65535, inclusive';
const IANA_SVC_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

/** ValidateService (pkg/apis/core/validation) for the fields a mesh console touches. */
function serviceRules(object: KubeObject, previous: KubeObject | undefined): StatusCause[] {
  const spec = (object.spec ?? {}) as Obj;
  const causes: StatusCause[] = [];
  const type = (spec.type as string | undefined) ?? 'ClusterIP';
  const ports = (Array.isArray(spec.ports) ? spec.ports : []) as Obj[];
  const headless = spec.clusterIP === 'None';
  if (!['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'].includes(type))
    causes.push({
      reason: 'FieldValueNotSupported',
      message: `Unsupported value: ${JSON.stringify(type)}: supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"`,
      field: 'spec.type',
    });
  if (ports.length === 0 && !headless && type !== 'ExternalName')
    causes.push(required('spec.ports'));
  const seen = new Set<string>();
  ports.forEach((port, i) => {
    const at = `spec.ports[${i}]`;
    if (ports.length > 1 && !port.name) causes.push(required(`${at}.name`));
    if (
      port.name !== undefined &&
      (typeof port.name !== 'string' || !IANA_SVC_NAME.test(port.name))
    )
      causes.push(
        invalidValue(
          `${at}.name`,
          port.name,
          "a DNS-1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
        ),
      );
    if (!inPortRange(port.port))
      causes.push(invalidValue(`${at}.port`, port.port ?? 0, PORT_RANGE));
    if (typeof port.targetPort === 'number' && !inPortRange(port.targetPort))
      causes.push(invalidValue(`${at}.targetPort`, port.targetPort, PORT_RANGE));
    const protocol = (port.protocol as string | undefined) ?? 'TCP';
    if (!['TCP', 'UDP', 'SCTP'].includes(protocol))
      causes.push({
        reason: 'FieldValueNotSupported',
        message: `Unsupported value: ${JSON.stringify(protocol)}: supported values: "SCTP", "TCP", "UDP"`,
        field: `${at}.protocol`,
      });
    const id = `${String(port.port)}/${protocol}`;
    if (seen.has(id))
      causes.push({
        reason: 'FieldValueDuplicate',
        message: `Duplicate value: core.ServicePort{Name:"${String(port.name ?? '')}", Protocol:"${protocol}", Port:${String(port.port)}}`,
        field: at,
      });
    seen.add(id);
  });
  const before = (previous?.spec ?? {}) as Obj;
  if (
    previous &&
    before.clusterIP !== undefined &&
    spec.clusterIP !== before.clusterIP &&
    type !== 'ExternalName' &&
    before.type !== 'ExternalName'
  ) {
    causes.push(
      invalidValue('spec.clusterIPs[0]', [spec.clusterIP ?? ''], 'may not change once set'),
    );
  }
  return causes;
}

const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;
const MAX_CONFIG_BYTES = 1024 * 1024;

/** ValidateConfigMap: keys a file could be named, unique across data and binaryData, 1 MiB in all. */
function configMapRules(object: KubeObject): StatusCause[] {
  const causes: StatusCause[] = [];
  const data = (object.data ?? {}) as Record<string, string>;
  const binary = (object.binaryData ?? {}) as Record<string, string>;
  let size = 0;
  for (const [field, entries, bytes] of [
    ['data', data, (v: string) => Buffer.byteLength(v)],
    ['binaryData', binary, (v: string) => Buffer.from(v, 'base64').length],
  ] as const) {
    for (const [key, value] of Object.entries(entries)) {
      if (
        key.length > 253 ||
        !CONFIG_KEY.test(key) ||
        key === '.' ||
        key === '..' ||
        key.startsWith('..')
      )
        causes.push(
          invalidValue(
            `${field}[${key}]`,
            key,
            "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
          ),
        );
      if (field === 'binaryData' && key in data)
        causes.push(invalidValue(`data[${key}]`, key, 'duplicate of key present in binaryData'));
      size += key.length + bytes(typeof value === 'string' ? value : '');
    }
  }
  if (size > MAX_CONFIG_BYTES)
    causes.push({
      reason: 'FieldValueTooLong',
      message: `Too long: must have at most ${MAX_CONFIG_BYTES} bytes`,
      field: '[]',
    });
  return causes;
}

/**
 * Validation the API server applies to particular built-in kinds beyond metadata and schema:
 * Services (ports, type, an immutable clusterIP), ConfigMaps (keys, 1 MiB), and a
 * CustomResourceDefinition (group, plural and kind, one storage version, a valid scope, named
 * `<plural>.<group>`).
 */
export function kindRules(
  type: ResourceType,
  object: KubeObject,
  previous?: KubeObject,
): StatusCause[] {
  if (type.group === '' && type.resource === 'services') return serviceRules(object, previous);
  if (type.group === '' && type.resource === 'configmaps') return configMapRules(object);
  if (type.group === 'apiextensions.k8s.io' && type.resource === 'customresourcedefinitions') {
    const spec = (object.spec ?? {}) as Record<string, unknown>;
    const names = (spec.names ?? {}) as Record<string, unknown>;
    const causes: StatusCause[] = [];
    if (!spec.group) causes.push(required('spec.group'));
    if (!names.plural) causes.push(required('spec.names.plural'));
    if (!names.kind) causes.push(required('spec.names.kind'));
    if (spec.scope !== 'Namespaced' && spec.scope !== 'Cluster') {
      causes.push({
        reason: 'FieldValueNotSupported',
        message: `Unsupported value: ${JSON.stringify(spec.scope)}: supported values: "Cluster", "Namespaced"`,
        field: 'spec.scope',
      });
    }
    const versions = Array.isArray(spec.versions)
      ? (spec.versions as Record<string, unknown>[])
      : [];
    if (versions.length === 0) causes.push(required('spec.versions'));
    else if (versions.filter((v) => v.storage === true).length !== 1) {
      causes.push({
        reason: 'FieldValueInvalid',
        message: `Invalid value: ${JSON.stringify(versions.map((v) => v.name))}: must have exactly one version marked as storage version`,
        field: 'spec.versions',
      });
    }
    if (
      spec.group &&
      names.plural &&
      object.metadata.name !== `${String(names.plural)}.${String(spec.group)}`
    ) {
      causes.push({
        reason: 'FieldValueInvalid',
        message: `Invalid value: ${JSON.stringify(object.metadata.name)}: must be spec.names.plural+"."+spec.group`,
        field: 'metadata.name',
      });
    }
    return causes;
  }
  return [];
}
