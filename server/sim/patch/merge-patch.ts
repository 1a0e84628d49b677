import { cloneJson, isJsonObject, ownValue, setKey, type Json, type JsonObject } from './json';

/** RFC 7386 JSON merge patch. */
export function applyMergePatch(doc: Json, patch: Json): Json {
  return mergeInto(cloneJson(doc), patch);
}

// `target` is always a private copy, so merging may write into it.
function mergeInto(target: Json | undefined, patch: Json): Json {
  if (!isJsonObject(patch)) return cloneJson(patch);
  const out: JsonObject = isJsonObject(target) ? target : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else setKey(out, key, mergeInto(ownValue(out, key), value));
  }
  return out;
}
