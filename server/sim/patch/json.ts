export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type JsonObject = { [k: string]: Json };

export class PatchError extends Error {
  readonly status: 400 | 422;

  constructor(status: 400 | 422, message: string) {
    super(message);
    this.name = 'PatchError';
    this.status = status;
  }
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Plain indexing would fall through to Object.prototype for keys like "constructor".
export function ownValue(obj: JsonObject, key: string): Json | undefined {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}

// Plain assignment of "__proto__" would swap the prototype instead of storing a field.
export function setKey(obj: JsonObject, key: string, value: Json): void {
  if (key === '__proto__') {
    Object.defineProperty(obj, key, {
      value,
      writable: true,
      enumerable: true,
      configurable: true,
    });
  } else {
    obj[key] = value;
  }
}

export function cloneJson(value: Json): Json {
  if (Array.isArray(value)) return value.map((item) => cloneJson(item));
  if (isJsonObject(value)) return cloneObject(value);
  return value;
}

export function cloneObject(obj: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(obj)) setKey(out, key, cloneJson(value));
  return out;
}

export function deepEqual(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && arraysEqual(a, b);
  if (isJsonObject(a)) return isJsonObject(b) && objectsEqual(a, b);
  return false;
}

function arraysEqual(a: Json[], b: Json[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((item, index) => {
    const other = b[index];
    return other !== undefined && deepEqual(item, other);
  });
}

function objectsEqual(a: JsonObject, b: JsonObject): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => {
    const left = ownValue(a, key);
    const right = ownValue(b, key);
    return left !== undefined && right !== undefined && deepEqual(left, right);
  });
}

// Sorted keys make the text stable, as managedFields `k:` entries require.
export function canonicalJson(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (!isJsonObject(value)) return JSON.stringify(value);
  const entries = Object.keys(value)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson(ownValue(value, key) ?? null)}`);
  return `{${entries.join(',')}}`;
}
