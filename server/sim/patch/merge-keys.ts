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
