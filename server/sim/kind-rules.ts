import type { StatusCause } from './status';
import type { KubeObject, ResourceType } from './types';

const required = (field: string): StatusCause => ({
  reason: 'FieldValueRequired',
  message: 'Required value',
  field,
});

/**
 * Validation the API server applies to particular built-in kinds beyond metadata and schema:
 * a CustomResourceDefinition must name its group, plural and kind, one storage version, a valid
 * scope, and be called `<plural>.<group>`.
 */
export function kindRules(type: ResourceType, object: KubeObject): StatusCause[] {
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
