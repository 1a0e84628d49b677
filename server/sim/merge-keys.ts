import type { MergeKeyTable } from './patch';

/**
 * Strategic-merge-patch list keys of the built-in kinds served here (the `patchMergeKey` tags of
 * k8s.io/api). Lists not named are replaced whole, as on the real server.
 */
const COMMON: MergeKeyTable = {
  'metadata.ownerReferences': 'uid',
  'status.conditions': 'type',
};

const POD_TEMPLATE: MergeKeyTable = {
  'spec.template.spec.containers': 'name',
  'spec.template.spec.initContainers': 'name',
  'spec.template.spec.containers.ports': 'containerPort',
  'spec.template.spec.containers.env': 'name',
  'spec.template.spec.containers.volumeMounts': 'mountPath',
  'spec.template.spec.volumes': 'name',
  'spec.template.spec.imagePullSecrets': 'name',
};

export function mergeKeysFor(group: string, resource: string): MergeKeyTable {
  if (group === '' && resource === 'services') return { ...COMMON, 'spec.ports': 'port' };
  if (group === 'apps' && resource === 'deployments') return { ...COMMON, ...POD_TEMPLATE };
  return COMMON;
}
