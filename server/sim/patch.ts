// Patch semantics of the simulated apiserver: JSON patch, merge patch, strategic merge patch
// and the simplified server-side-apply merge. Everything here is pure: inputs are never mutated.
export { PatchError, deepEqual, type Json, type JsonObject } from './patch/json';
export { SET_LISTS, type MergeKeyTable } from './patch/merge-keys';
export { applyJsonPatch } from './patch/json-patch';
export { applyMergePatch } from './patch/merge-patch';
export { applyStrategicMergePatch } from './patch/strategic-merge-patch';
export {
  applyPatchMerge,
  describeEntry,
  fieldsV1Of,
  leafPaths,
  type FieldsV1Options,
} from './patch/apply-merge';
