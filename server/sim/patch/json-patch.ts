import {
  PatchError,
  cloneJson,
  deepEqual,
  isJsonObject,
  ownValue,
  setKey,
  type Json,
  type JsonObject,
} from './json';

type Operation =
  | { op: 'add' | 'replace' | 'test'; path: string; value: Json }
  | { op: 'remove'; path: string }
  | { op: 'move' | 'copy'; path: string; from: string };

type Container = Json[] | JsonObject;

/** RFC 6902 JSON patch; throws PatchError (400 malformed, 422 does not apply). */
export function applyJsonPatch(doc: Json, ops: unknown): Json {
  const operations = parseOperations(ops);
  // Operations run against one private copy, so a failure part-way leaves the input intact.
  return operations.reduce(applyOperation, cloneJson(doc));
}

function parseOperations(ops: unknown): Operation[] {
  if (!Array.isArray(ops)) {
    throw new PatchError(400, 'json patch must be an array of operations');
  }
  return ops.map((raw: unknown, index) => parseOperation(raw, index));
}

function parseOperation(raw: unknown, index: number): Operation {
  if (!isJsonObject(raw)) throw malformed(index, 'is not an object');
  const { op, path } = raw;
  if (typeof op !== 'string') throw malformed(index, 'has no "op"');
  if (typeof path !== 'string') throw malformed(index, 'has no "path"');
  parsePointer(path);
  if (op === 'remove') return { op, path };
  if (op === 'add' || op === 'replace' || op === 'test') {
    const value = ownValue(raw, 'value');
    if (value === undefined) throw malformed(index, `(${op}) has no "value"`);
    return { op, path, value };
  }
  if (op === 'move' || op === 'copy') {
    const from = ownValue(raw, 'from');
    if (typeof from !== 'string') throw malformed(index, `(${op}) has no "from"`);
    parsePointer(from);
    return { op, path, from };
  }
  throw new PatchError(400, `Unexpected kind: ${op}`);
}

function malformed(index: number, problem: string): PatchError {
  return new PatchError(400, `json patch operation ${index} ${problem}`);
}

function missingPath(op: string, path: string): PatchError {
  return new PatchError(
    422,
    `jsonpatch ${op} operation does not apply: doc is missing path: "${path}"`,
  );
}

function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) {
    throw new PatchError(400, `invalid JSON pointer: "${pointer}"`);
  }
  // RFC 6901 order: "~01" must decode to "~1", not "/".
  return pointer
    .slice(1)
    .split('/')
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function applyOperation(doc: Json, operation: Operation): Json {
  const tokens = parsePointer(operation.path);
  switch (operation.op) {
    case 'add':
      return addAt(doc, tokens, cloneJson(operation.value), 'add', operation.path);
    case 'remove':
      return removeAt(doc, tokens, 'remove', operation.path);
    case 'replace':
      return replaceAt(doc, tokens, cloneJson(operation.value), operation.path);
    case 'test':
      return testAt(doc, tokens, operation.value, operation.path);
    case 'move':
      return moveTo(doc, parsePointer(operation.from), tokens, operation);
    case 'copy':
      return copyTo(doc, parsePointer(operation.from), tokens, operation);
  }
}

function arrayIndex(array: Json[], token: string, forInsert: boolean): number | undefined {
  if (forInsert && token === '-') return array.length;
  if (!/^(0|[1-9][0-9]*)$/.test(token)) return undefined;
  const index = Number(token);
  const limit = forInsert ? array.length : array.length - 1;
  return index <= limit ? index : undefined;
}

function childOf(node: Json, token: string): Json | undefined {
  if (Array.isArray(node)) {
    const index = arrayIndex(node, token, false);
    return index === undefined ? undefined : node[index];
  }
  return isJsonObject(node) ? ownValue(node, token) : undefined;
}

function valueAt(doc: Json, tokens: string[]): Json | undefined {
  let node: Json | undefined = doc;
  for (const token of tokens) {
    if (node === undefined) return undefined;
    node = childOf(node, token);
  }
  return node;
}

function containerAt(doc: Json, tokens: string[]): Container | undefined {
  const node = valueAt(doc, tokens);
  return Array.isArray(node) || isJsonObject(node) ? node : undefined;
}

function splitLast(tokens: string[]): { parentTokens: string[]; last: string } | undefined {
  const last = tokens[tokens.length - 1];
  return last === undefined ? undefined : { parentTokens: tokens.slice(0, -1), last };
}

function addAt(doc: Json, tokens: string[], value: Json, op: string, path: string): Json {
  const split = splitLast(tokens);
  if (split === undefined) return value;
  const parent = containerAt(doc, split.parentTokens);
  if (parent === undefined) throw missingPath(op, path);
  if (Array.isArray(parent)) {
    const index = arrayIndex(parent, split.last, true);
    if (index === undefined) throw missingPath(op, path);
    parent.splice(index, 0, value);
  } else {
    setKey(parent, split.last, value);
  }
  return doc;
}

function removeAt(doc: Json, tokens: string[], op: string, path: string): Json {
  const split = splitLast(tokens);
  const parent = split && containerAt(doc, split.parentTokens);
  if (split === undefined || parent === undefined) throw missingPath(op, path);
  if (Array.isArray(parent)) {
    const index = arrayIndex(parent, split.last, false);
    if (index === undefined) throw missingPath(op, path);
    parent.splice(index, 1);
  } else {
    if (!Object.hasOwn(parent, split.last)) throw missingPath(op, path);
    delete parent[split.last];
  }
  return doc;
}

function replaceAt(doc: Json, tokens: string[], value: Json, path: string): Json {
  const split = splitLast(tokens);
  if (split === undefined) return value;
  const parent = containerAt(doc, split.parentTokens);
  if (parent === undefined || childOf(parent, split.last) === undefined) {
    throw missingPath('replace', path);
  }
  // Writing in place keeps the member's position (remove + add would move an object key last).
  if (Array.isArray(parent)) parent[Number(split.last)] = value;
  else setKey(parent, split.last, value);
  return doc;
}

function testAt(doc: Json, tokens: string[], expected: Json, path: string): Json {
  const actual = valueAt(doc, tokens);
  if (actual === undefined) throw missingPath('test', path);
  if (!deepEqual(actual, expected)) {
    throw new PatchError(422, `testing value ${path} failed: test failed`);
  }
  return doc;
}

function moveTo(doc: Json, from: string[], to: string[], op: { from: string; path: string }): Json {
  const value = valueAt(doc, from);
  if (value === undefined) throw missingPath('move', op.from);
  if (op.from === op.path) return doc;
  if (op.path.startsWith(`${op.from}/`)) {
    throw new PatchError(
      422,
      `jsonpatch move operation does not apply: cannot move "${op.from}" into its own child "${op.path}"`,
    );
  }
  return addAt(removeAt(doc, from, 'move', op.from), to, value, 'move', op.path);
}

function copyTo(doc: Json, from: string[], to: string[], op: { from: string; path: string }): Json {
  const value = valueAt(doc, from);
  if (value === undefined) throw missingPath('copy', op.from);
  return addAt(doc, to, cloneJson(value), 'copy', op.path);
}
