import {
  PatchError,
  cloneJson,
  cloneObject,
  deepEqual,
  isJsonObject,
  ownValue,
  setKey,
  type Json,
  type JsonObject,
} from './json';
import { SET_LISTS, joinPath, mergeKeyFor, type MergeKeyTable } from './merge-keys';

interface SmpContext {
  mergeKeys: MergeKeyTable;
  setLists: ReadonlySet<string>;
}

const ORDER_PREFIX = '$setElementOrder/';
const DELETE_PRIMITIVE_PREFIX = '$deleteFromPrimitiveList/';

/** Kubernetes strategic merge patch, as kubectl client-side apply / edit / patch send it. */
export function applyStrategicMergePatch(
  doc: JsonObject,
  patch: JsonObject,
  mergeKeys: MergeKeyTable,
  setLists: ReadonlySet<string> = SET_LISTS,
): JsonObject {
  return mergeMap(cloneObject(doc), patch, '', { mergeKeys, setLists }) ?? {};
}

function isDirectiveKey(key: string): boolean {
  return (
    key === '$patch' ||
    key === '$retainKeys' ||
    key.startsWith(ORDER_PREFIX) ||
    key.startsWith(DELETE_PRIMITIVE_PREFIX)
  );
}

// `original` is always a private copy; undefined means "delete this map".
function mergeMap(
  original: JsonObject,
  patch: JsonObject,
  path: string,
  ctx: SmpContext,
): JsonObject | undefined {
  const directive = ownValue(patch, '$patch');
  if (directive === 'delete') return undefined;
  if (directive === 'replace') return mergeMap({}, withoutKey(patch, '$patch'), path, ctx);
  if (directive !== undefined && directive !== 'merge') {
    throw new PatchError(400, `unknown patch type: ${JSON.stringify(directive)} in map`);
  }
  deleteFromPrimitiveLists(original, patch);
  for (const [key, value] of Object.entries(patch)) {
    if (!isDirectiveKey(key)) mergeField(original, key, value, joinPath(path, key), ctx);
  }
  applyElementOrders(original, patch, path, ctx);
  applyRetainKeys(original, patch);
  return original;
}

function withoutKey(obj: JsonObject, dropped: string): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(obj)) if (key !== dropped) setKey(out, key, value);
  return out;
}

function mergeField(target: JsonObject, key: string, value: Json, path: string, ctx: SmpContext) {
  const current = ownValue(target, key);
  if (value === null) {
    delete target[key];
  } else if (isJsonObject(value)) {
    const merged = mergeMap(isJsonObject(current) ? current : {}, value, path, ctx);
    if (merged === undefined) delete target[key];
    else setKey(target, key, merged);
  } else if (Array.isArray(value)) {
    setKey(target, key, mergeList(Array.isArray(current) ? current : [], value, path, ctx));
  } else {
    setKey(target, key, value);
  }
}

function mergeList(original: Json[], patch: Json[], path: string, ctx: SmpContext): Json[] {
  const mergeKey = mergeKeyFor(ctx.mergeKeys, path);
  if (mergeKey !== undefined) return mergeKeyedList(original, patch, path, mergeKey, ctx);
  if (ctx.setLists.has(path)) return unionList(original, patch);
  return freshItems(patch, path, ctx);
}

// Items of a list that replaces its predecessor: directives are resolved against nothing.
function freshItems(patch: Json[], path: string, ctx: SmpContext): Json[] {
  const out: Json[] = [];
  for (const item of patch) {
    if (!isJsonObject(item)) out.push(cloneJson(item));
    else if (ownValue(item, '$patch') === undefined) out.push(mergeMap({}, item, path, ctx) ?? {});
  }
  return out;
}

function isListReplaceMarker(item: Json): boolean {
  return isJsonObject(item) && ownValue(item, '$patch') === 'replace';
}

function hasKeyValue(item: Json, mergeKey: string, id: Json): boolean {
  if (!isJsonObject(item)) return false;
  const value = ownValue(item, mergeKey);
  return value !== undefined && deepEqual(value, id);
}

function mergeKeyedList(
  original: Json[],
  patch: Json[],
  path: string,
  mergeKey: string,
  ctx: SmpContext,
): Json[] {
  if (patch.some(isListReplaceMarker)) return freshItems(patch, path, ctx);
  let result = original;
  for (const item of patch) {
    if (!isJsonObject(item)) {
      if (!result.some((existing) => deepEqual(existing, item))) result.push(cloneJson(item));
      continue;
    }
    const id = ownValue(item, mergeKey);
    if (id === undefined) {
      throw new PatchError(
        400,
        `map: ${JSON.stringify(item)} does not contain declared merge key: ${mergeKey}`,
      );
    }
    if (ownValue(item, '$patch') === 'delete') {
      result = result.filter((existing) => !hasKeyValue(existing, mergeKey, id));
      continue;
    }
    const index = result.findIndex((existing) => hasKeyValue(existing, mergeKey, id));
    const existing = index >= 0 ? result[index] : undefined;
    const merged = mergeMap(isJsonObject(existing) ? existing : {}, item, path, ctx) ?? {};
    if (index >= 0) result[index] = merged;
    else result.push(merged);
  }
  return result;
}

function unionList(original: Json[], patch: Json[]): Json[] {
  for (const item of patch) {
    if (!original.some((existing) => deepEqual(existing, item))) original.push(cloneJson(item));
  }
  return original;
}

function deleteFromPrimitiveLists(target: JsonObject, patch: JsonObject): void {
  for (const [key, doomed] of Object.entries(patch)) {
    if (!key.startsWith(DELETE_PRIMITIVE_PREFIX) || !Array.isArray(doomed)) continue;
    const field = key.slice(DELETE_PRIMITIVE_PREFIX.length);
    const list = ownValue(target, field);
    if (!Array.isArray(list)) continue;
    setKey(
      target,
      field,
      list.filter((item) => !doomed.some((value) => deepEqual(value, item))),
    );
  }
}

function applyElementOrders(
  target: JsonObject,
  patch: JsonObject,
  path: string,
  ctx: SmpContext,
): void {
  for (const [key, order] of Object.entries(patch)) {
    if (!key.startsWith(ORDER_PREFIX) || !Array.isArray(order)) continue;
    const field = key.slice(ORDER_PREFIX.length);
    const list = ownValue(target, field);
    if (!Array.isArray(list)) continue;
    const mergeKey = mergeKeyFor(ctx.mergeKeys, joinPath(path, field));
    setKey(target, field, reorder(list, order, mergeKey));
  }
}

// kubectl semantics: named items first in the given order, unnamed ones keep their order after.
function reorder(list: Json[], order: Json[], mergeKey: string | undefined): Json[] {
  const identify = (value: Json): Json | undefined =>
    mergeKey !== undefined && isJsonObject(value) ? ownValue(value, mergeKey) : value;
  const placed = new Set<number>();
  const ordered: Json[] = [];
  for (const entry of order) {
    const id = identify(entry);
    if (id === undefined) continue;
    list.forEach((item, index) => {
      const itemId = identify(item);
      if (!placed.has(index) && itemId !== undefined && deepEqual(itemId, id)) {
        placed.add(index);
        ordered.push(item);
      }
    });
  }
  return [...ordered, ...list.filter((_, index) => !placed.has(index))];
}

function applyRetainKeys(target: JsonObject, patch: JsonObject): void {
  const retained = ownValue(patch, '$retainKeys');
  if (!Array.isArray(retained)) return;
  for (const key of Object.keys(target)) {
    if (!retained.includes(key)) delete target[key];
  }
}
