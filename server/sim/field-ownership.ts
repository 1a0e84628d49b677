import {
  deepEqual,
  describeEntry,
  fieldsV1Of,
  type Json,
  type JsonObject,
  type MergeKeyTable,
} from './patch';
import { keyFieldValue } from './patch/merge-keys';
import type { StatusCause } from './status';
import type { KubeObject } from './types';

/**
 * Field ownership for server-side apply (wire-notes §3.7, faithful tier): every write records
 * which manager set which fields in `metadata.managedFields`; an apply that changes a field
 * another manager owns is a conflict unless forced; fields an applier stops applying are removed
 * when nobody else owns them. Lists without a merge key are atomic, as in the real server.
 */

/** A leaf field as a path of FieldsV1 entries (`f:spec`, `k:{"port":80}`, `f:name`). */
type Leaf = string[];

const SEP = '\u0001';
const encode = (leaf: Leaf) => leaf.join(SEP);
const decode = (key: string): Leaf => key.split(SEP);

export interface ManagedEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time: string;
  fieldsType: 'FieldsV1';
  fieldsV1: JsonObject;
  subresource?: string;
}

function collectLeaves(trie: JsonObject, prefix: Leaf, out: Set<string>): void {
  for (const [entry, child] of Object.entries(trie)) {
    if (entry === '.') continue;
    const path = [...prefix, entry];
    const sub = (child ?? {}) as JsonObject;
    const children = Object.keys(sub).filter((k) => k !== '.');
    if (children.length === 0) out.add(encode(path));
    else collectLeaves(sub, path, out);
  }
}

/** The leaf fields an object (or an applied configuration) sets. */
export function leavesOf(object: Json, mergeKeys: MergeKeyTable): Set<string> {
  const out = new Set<string>();
  collectLeaves(fieldsV1Of(object, mergeKeys), [], out);
  return out;
}

function trieOf(leaves: Iterable<string>): JsonObject {
  const root: JsonObject = {};
  for (const key of leaves) {
    let node = root;
    for (const entry of decode(key)) {
      node[entry] ??= {};
      node = node[entry] as JsonObject;
    }
  }
  return root;
}

function matchesKey(item: Json, entry: string): boolean {
  if (!item || typeof item !== 'object' || Array.isArray(item)) return false;
  const key = JSON.parse(entry.slice(2)) as JsonObject;
  return Object.entries(key).every(([k, v]) =>
    deepEqual((keyFieldValue(item as JsonObject, k) as Json | undefined) ?? null, v),
  );
}

/** The value at a leaf path, following `f:` fields and `k:` keyed list items. */
export function valueAt(object: Json | undefined, key: string): Json | undefined {
  let current: Json | undefined = object;
  for (const entry of decode(key)) {
    if (current === null || current === undefined || typeof current !== 'object') return undefined;
    if (entry.startsWith('f:')) {
      current = Array.isArray(current) ? undefined : (current as JsonObject)[entry.slice(2)];
    } else if (entry.startsWith('k:')) {
      current = Array.isArray(current)
        ? current.find((item) => matchesKey(item, entry))
        : undefined;
    } else if (entry.startsWith('i:')) {
      current = Array.isArray(current) ? current[Number(entry.slice(2))] : undefined;
    } else {
      return undefined;
    }
  }
  return current;
}

/** Removes a leaf field (in place), dropping maps and keyed items it leaves empty. */
function removeAt(object: JsonObject, key: string): void {
  const path = decode(key);
  const parents: { holder: JsonObject | Json[]; entry: string }[] = [];
  let current: Json = object;
  for (const entry of path) {
    if (current === null || typeof current !== 'object') return;
    parents.push({ holder: current as JsonObject | Json[], entry });
    const next = valueAt(current, entry);
    if (next === undefined) return;
    current = next;
  }
  for (let i = parents.length - 1; i >= 0; i--) {
    const { holder, entry } = parents[i] as { holder: JsonObject | Json[]; entry: string };
    if (Array.isArray(holder)) {
      const index = holder.findIndex((item) => matchesKey(item, entry));
      if (index >= 0) holder.splice(index, 1);
    } else {
      delete holder[entry.slice(2)];
    }
    const parent = parents[i - 1];
    const remaining = parent ? valueAt(parent.holder as Json, parent.entry) : undefined;
    const empty =
      remaining !== undefined &&
      remaining !== null &&
      typeof remaining === 'object' &&
      (Array.isArray(remaining) ? false : Object.keys(remaining).length === 0);
    if (!empty) return;
  }
}

const readable = (key: string) => decode(key).map(describeEntry).join('');

interface Owner {
  entry: ManagedEntry;
  leaves: Set<string>;
}

function ownersOf(object: KubeObject | undefined): Owner[] {
  const entries = (object?.metadata.managedFields ?? []) as unknown as ManagedEntry[];
  return entries.map((entry) => {
    const leaves = new Set<string>();
    collectLeaves(entry.fieldsV1 ?? {}, [], leaves);
    return { entry, leaves };
  });
}

export interface Conflict {
  manager: string;
  field: string;
}

/** Fields of an applied configuration that another manager owns with a different value. */
export function applyConflicts(
  previous: KubeObject,
  applied: Set<string>,
  appliedObject: Json,
  manager: string,
): Conflict[] {
  const conflicts: Conflict[] = [];
  for (const owner of ownersOf(previous)) {
    if (owner.entry.manager === manager || owner.entry.subresource) continue;
    for (const leaf of applied) {
      if (!owner.leaves.has(leaf)) continue;
      if (
        !deepEqual(
          valueAt(previous as unknown as Json, leaf) ?? null,
          valueAt(appliedObject, leaf) ?? null,
        )
      ) {
        conflicts.push({ manager: owner.entry.manager, field: readable(leaf) });
      }
    }
  }
  return conflicts;
}

/** The 409 causes kubectl turns into "Apply failed with N conflicts" (wire-notes §2.8). */
export function conflictCauses(conflicts: Conflict[], apiVersion: string): StatusCause[] {
  return conflicts.map((c) => ({
    type: 'FieldManagerConflict',
    message: `conflict with "${c.manager}" using ${apiVersion}`,
    field: c.field,
  }));
}

/**
 * Removes from `merged` the fields `manager` applied before but no longer applies, unless another
 * manager still owns them (server-side apply's field removal).
 */
export function removeDroppedFields(
  previous: KubeObject,
  merged: KubeObject,
  applied: Set<string>,
  manager: string,
): void {
  const owners = ownersOf(previous);
  const mine = owners.find(
    (o) => o.entry.manager === manager && o.entry.operation === 'Apply' && !o.entry.subresource,
  );
  if (!mine) return;
  for (const leaf of mine.leaves) {
    if (applied.has(leaf)) continue;
    if (owners.some((o) => o !== mine && o.leaves.has(leaf))) continue;
    removeAt(merged as unknown as JsonObject, leaf);
  }
}

export interface OwnershipWrite {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time: string;
  mergeKeys: MergeKeyTable;
  /** For Apply: the leaves of the applied configuration. */
  applied?: Set<string>;
  force?: boolean;
}

/**
 * The managedFields after a write: an Update takes the fields it changed from everyone else; an
 * Apply owns exactly what it applied (shared with managers that hold the same value, taken from
 * them when forced); fields gone from the object are owned by nobody.
 */
export function nextManagedFields(
  previous: KubeObject | undefined,
  next: KubeObject,
  write: OwnershipWrite,
): ManagedEntry[] {
  const present = leavesOf(next as unknown as Json, write.mergeKeys);
  const owners = ownersOf(previous).filter((o) => !o.entry.subresource);
  let mine: Set<string>;
  if (write.operation === 'Apply') {
    mine = new Set([...(write.applied ?? [])].filter((l) => present.has(l)));
    if (write.force)
      for (const o of owners)
        if (o.entry.manager !== write.manager) for (const l of mine) o.leaves.delete(l);
  } else {
    mine = new Set(
      [...present].filter(
        (l) =>
          !previous ||
          !deepEqual(
            valueAt(previous as unknown as Json, l) ?? null,
            valueAt(next as unknown as Json, l) ?? null,
          ),
      ),
    );
    for (const o of owners) for (const l of mine) o.leaves.delete(l);
  }
  const same = (o: Owner) =>
    o.entry.manager === write.manager && o.entry.operation === write.operation;
  const existing = owners.find(same);
  if (existing && write.operation === 'Update') for (const l of existing.leaves) mine.add(l);
  const kept = [...mine].filter((l) => present.has(l));
  const own: ManagedEntry | undefined = kept.length
    ? {
        manager: write.manager,
        operation: write.operation,
        apiVersion: write.apiVersion,
        time: write.time,
        fieldsType: 'FieldsV1',
        fieldsV1: trieOf(kept),
      }
    : undefined;
  // A manager keeps its place in the list; a new one goes last, as on the real server.
  const entries: ManagedEntry[] = [];
  for (const o of owners) {
    if (same(o)) {
      if (own) entries.push(own);
      continue;
    }
    const leaves = [...o.leaves].filter((l) => present.has(l));
    if (leaves.length > 0) entries.push({ ...o.entry, fieldsV1: trieOf(leaves) });
  }
  if (own && !existing) entries.push(own);
  return entries;
}
