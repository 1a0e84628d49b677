import {
  PatchError,
  canonicalJson,
  cloneJson,
  cloneObject,
  deepEqual,
  isJsonObject,
  ownValue,
  setKey,
  type Json,
  type JsonObject,
} from './json';
import { DEFAULTED_KEY_FIELDS, joinPath, mergeKeyFor, type MergeKeyTable } from './merge-keys';

export interface FieldsV1Options {
  /** Add `".": {}` to every non-empty object-valued field, not only to keyed list items. */
  markObjects?: boolean;
}

/**
 * Simplified server-side-apply merge: maps merge recursively, lists are replaced,
 * except lists named in `mergeKeys`, which merge item by item on their key.
 */
export function applyPatchMerge(
  existing: JsonObject,
  applied: JsonObject,
  mergeKeys: MergeKeyTable = {},
): JsonObject {
  return applyMap(cloneObject(existing), applied, '', mergeKeys);
}

// `target` is always a private copy.
function applyMap(
  target: JsonObject,
  applied: JsonObject,
  path: string,
  mergeKeys: MergeKeyTable,
): JsonObject {
  for (const [key, value] of Object.entries(applied)) {
    // An explicit null in an applied config means "I want this field gone".
    if (value === null) delete target[key];
    else
      setKey(target, key, applyValue(ownValue(target, key), value, joinPath(path, key), mergeKeys));
  }
  return target;
}

function applyValue(
  current: Json | undefined,
  value: Json,
  path: string,
  mergeKeys: MergeKeyTable,
): Json {
  if (isJsonObject(value)) {
    return applyMap(isJsonObject(current) ? current : {}, value, path, mergeKeys);
  }
  if (!Array.isArray(value)) return value;
  const mergeKey = mergeKeyFor(mergeKeys, path);
  if (mergeKey === undefined) return cloneJson(value);
  return applyKeyedList(Array.isArray(current) ? current : [], value, path, mergeKey, mergeKeys);
}

function applyKeyedList(
  current: Json[],
  applied: Json[],
  path: string,
  mergeKey: string,
  mergeKeys: MergeKeyTable,
): Json[] {
  applied.forEach((item, position) => {
    const id = isJsonObject(item) ? ownValue(item, mergeKey) : undefined;
    if (!isJsonObject(item) || id === undefined) {
      throw new PatchError(
        422,
        `.${path}: element ${position}: associative list with keys has an element that omits key field "${mergeKey}"`,
      );
    }
    const index = current.findIndex((existing) => keyOf(existing, mergeKey, id));
    const existing = index >= 0 ? current[index] : undefined;
    const merged = applyMap(isJsonObject(existing) ? existing : {}, item, path, mergeKeys);
    if (index >= 0) current[index] = merged;
    else current.push(merged);
  });
  return current;
}

function keyOf(item: Json, mergeKey: string, id: Json): boolean {
  const value = isJsonObject(item) ? ownValue(item, mergeKey) : undefined;
  return value !== undefined && deepEqual(value, id);
}

// Server-owned or subresource fields that never appear in a manager's field set.
const UNMANAGED_PATHS: ReadonlySet<string> = new Set([
  'apiVersion',
  'kind',
  'status',
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'metadata.resourceVersion',
  'metadata.generation',
  'metadata.creationTimestamp',
  'metadata.managedFields',
]);

/** Builds the managedFields FieldsV1 trie that an object's fields would produce. */
export function fieldsV1Of(
  obj: Json,
  mergeKeys: MergeKeyTable = {},
  options: FieldsV1Options = {},
): JsonObject {
  if (!isJsonObject(obj)) return {};
  return mapTrie(obj, '', { mergeKeys, markObjects: options.markObjects ?? false }, false);
}

interface TrieContext {
  mergeKeys: MergeKeyTable;
  markObjects: boolean;
}

function mapTrie(obj: JsonObject, path: string, ctx: TrieContext, markSelf: boolean): JsonObject {
  const trie: JsonObject = markSelf ? { '.': {} } : {};
  for (const [key, value] of Object.entries(obj)) {
    const childPath = joinPath(path, key);
    if (UNMANAGED_PATHS.has(childPath)) continue;
    const child = valueTrie(value, childPath, ctx);
    // metadata holding only server-owned fields would otherwise show up as an owned leaf.
    if (isJsonObject(value) && Object.keys(value).length > 0 && Object.keys(child).length === 0) {
      continue;
    }
    setKey(trie, `f:${key}`, child);
  }
  return trie;
}

function valueTrie(value: Json, path: string, ctx: TrieContext): JsonObject {
  if (isJsonObject(value)) {
    const nonEmpty = Object.keys(value).length > 0;
    return mapTrie(value, path, ctx, ctx.markObjects && nonEmpty);
  }
  const mergeKey = mergeKeyFor(ctx.mergeKeys, path);
  if (!Array.isArray(value) || mergeKey === undefined) return {};
  const trie: JsonObject = {};
  value.forEach((item, index) => {
    const id = isJsonObject(item) ? ownValue(item, mergeKey) : undefined;
    if (!isJsonObject(item) || id === undefined) setKey(trie, `i:${index}`, {});
    else {
      const extra = Object.hasOwn(DEFAULTED_KEY_FIELDS, path) ? DEFAULTED_KEY_FIELDS[path] : {};
      const key: JsonObject = { [mergeKey]: id };
      for (const [field, fallback] of Object.entries(extra ?? {}))
        key[field] = (ownValue(item, field) as Json | undefined) ?? fallback;
      setKey(trie, `k:${canonicalJson(key)}`, mapTrie(item, path, ctx, true));
    }
  });
  return trie;
}

/** Human paths of every member of a FieldsV1 trie, e.g. `.spec.ports[port=9080]`. */
export function leafPaths(trie: JsonObject): string[] {
  const out: string[] = [];
  collectPaths(trie, '', out);
  return out;
}

function collectPaths(node: JsonObject, path: string, out: string[]): void {
  for (const [entry, child] of Object.entries(node)) {
    if (entry === '.') continue;
    const childPath = path + describeEntry(entry);
    const sub = isJsonObject(child) ? child : {};
    // A node is itself a member when it is a leaf or carries the "." self marker.
    if (Object.keys(sub).length === 0 || Object.hasOwn(sub, '.')) out.push(childPath);
    collectPaths(sub, childPath, out);
  }
}

/** One FieldsV1 entry as the API server prints it in conflicts (`[port=80,protocol="TCP"]`). */
export function describeEntry(entry: string): string {
  const body = entry.slice(2);
  if (entry.startsWith('f:')) return `.${body}`;
  if (entry.startsWith('k:')) return `[${describeKey(body)}]`;
  if (entry.startsWith('v:')) return `[=${body}]`;
  if (entry.startsWith('i:')) return `[${body}]`;
  return `.${entry}`;
}

function describeKey(json: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return json;
  }
  if (!isJsonObject(parsed)) return json;
  return Object.entries(parsed)
    .map(([field, value]) => `${field}=${JSON.stringify(value)}`)
    .join(',');
}
