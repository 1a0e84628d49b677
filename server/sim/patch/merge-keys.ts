/** Dotted field path of a list (no indices) → the field that identifies its items. */
export type MergeKeyTable = Record<string, string>;

/** Lists of primitives that strategic merge patch merges as a set union. */
export const SET_LISTS: ReadonlySet<string> = new Set(['metadata.finalizers']);

export function joinPath(parent: string, field: string): string {
  return parent === '' ? field : `${parent}.${field}`;
}

// The table is a plain record, so inherited names like "constructor" must not count.
export function mergeKeyFor(table: MergeKeyTable, path: string): string | undefined {
  return Object.hasOwn(table, path) ? table[path] : undefined;
}

/**
 * Key fields server-side apply adds to a list's merge key, with their defaults: Service and
 * container ports are keyed `k:{"port":80,"protocol":"TCP"}` even when the applied config leaves
 * the protocol out (x-kubernetes-list-map-keys with a defaulted key).
 */
export const DEFAULTED_KEY_FIELDS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'spec.ports': { protocol: 'TCP' },
  'spec.template.spec.containers.ports': { protocol: 'TCP' },
  'spec.template.spec.initContainers.ports': { protocol: 'TCP' },
};

/** A keyed item's value for a key field, its default when absent. */
export const keyFieldValue = (item: Record<string, unknown>, field: string): unknown =>
  item[field] ?? (field === 'protocol' ? 'TCP' : undefined);
