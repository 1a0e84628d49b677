import { describe, expect, it } from 'vitest';

import {
  PatchError,
  SET_LISTS,
  applyJsonPatch,
  applyMergePatch,
  applyPatchMerge,
  applyStrategicMergePatch,
  deepEqual,
  fieldsV1Of,
  leafPaths,
  type Json,
  type JsonObject,
  type MergeKeyTable,
} from './patch';

// Freezing proves purity: any write into an input throws in strict-mode ESM.
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

function frozen<T extends Json>(value: T): T {
  return deepFreeze(structuredClone(value));
}

function patchError(run: () => unknown): PatchError {
  try {
    run();
  } catch (e) {
    if (e instanceof PatchError) return e;
    throw e;
  }
  throw new Error('expected a PatchError');
}

function directiveKeys(value: Json): string[] {
  if (Array.isArray(value)) return value.flatMap(directiveKeys);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) => [
    ...(key.startsWith('$') ? [key] : []),
    ...directiveKeys(child),
  ]);
}

const SERVICE_KEYS: MergeKeyTable = { 'spec.ports': 'port', 'metadata.ownerReferences': 'uid' };
const DEPLOYMENT_KEYS: MergeKeyTable = {
  'spec.template.spec.containers': 'name',
  'spec.template.spec.containers.ports': 'containerPort',
  'spec.template.spec.containers.env': 'name',
  'status.conditions': 'type',
};

describe('deepEqual', () => {
  it.each<[string, Json, Json, boolean]>([
    ['equal primitives', 1, 1, true],
    ['number vs string', 1, '1', false],
    ['null vs object', null, {}, false],
    ['key order is irrelevant', { a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 }, true],
    ['array order matters', [1, 2], [2, 1], false],
    ['array lengths differ', [1], [1, 1], false],
    ['extra key', { a: 1 }, { a: 1, b: 2 }, false],
    ['same key count, different keys', { a: 1 }, { b: 1 }, false],
    ['explicit null vs missing', { a: null }, {}, false],
    ['array vs object', [], {}, false],
    ['nested difference', { a: { b: [1, 2] } }, { a: { b: [1, 3] } }, false],
  ])('%s', (_name, a, b, expected) => {
    expect(deepEqual(frozen(a), frozen(b))).toBe(expected);
    expect(deepEqual(frozen(b), frozen(a))).toBe(expected);
  });
});

describe('applyJsonPatch', () => {
  // RFC 6902 appendix A (representative subset).
  it.each<[string, Json, unknown, Json]>([
    [
      'A.1 add object member',
      { foo: 'bar' },
      [{ op: 'add', path: '/baz', value: 'qux' }],
      { baz: 'qux', foo: 'bar' },
    ],
    [
      'A.2 add array element',
      { foo: ['bar', 'baz'] },
      [{ op: 'add', path: '/foo/1', value: 'qux' }],
      { foo: ['bar', 'qux', 'baz'] },
    ],
    [
      'A.3 remove object member',
      { baz: 'qux', foo: 'bar' },
      [{ op: 'remove', path: '/baz' }],
      { foo: 'bar' },
    ],
    [
      'A.4 remove array element',
      { foo: ['bar', 'qux', 'baz'] },
      [{ op: 'remove', path: '/foo/1' }],
      { foo: ['bar', 'baz'] },
    ],
    [
      'A.5 replace value',
      { baz: 'qux', foo: 'bar' },
      [{ op: 'replace', path: '/baz', value: 'boo' }],
      { baz: 'boo', foo: 'bar' },
    ],
    [
      'A.6 move value',
      { foo: { bar: 'baz', waldo: 'fred' }, qux: { corge: 'grault' } },
      [{ op: 'move', from: '/foo/waldo', path: '/qux/thud' }],
      { foo: { bar: 'baz' }, qux: { corge: 'grault', thud: 'fred' } },
    ],
    [
      'A.7 move array element',
      { foo: ['all', 'grass', 'cows', 'eat'] },
      [{ op: 'move', from: '/foo/1', path: '/foo/3' }],
      { foo: ['all', 'cows', 'eat', 'grass'] },
    ],
    [
      'A.8 test success',
      { baz: 'qux', foo: ['a', 2, 'c'] },
      [
        { op: 'test', path: '/baz', value: 'qux' },
        { op: 'test', path: '/foo/1', value: 2 },
      ],
      { baz: 'qux', foo: ['a', 2, 'c'] },
    ],
    [
      'A.10 add nested member object',
      { foo: 'bar' },
      [{ op: 'add', path: '/child', value: { grandchild: {} } }],
      { foo: 'bar', child: { grandchild: {} } },
    ],
    [
      'A.11 ignore unrecognized members',
      { foo: 'bar' },
      [{ op: 'add', path: '/baz', value: 'qux', xyz: 123 }],
      { foo: 'bar', baz: 'qux' },
    ],
    [
      'A.14 ~01 unescapes to ~1',
      { '/': 9, '~1': 10 },
      [{ op: 'test', path: '/~01', value: 10 }],
      { '/': 9, '~1': 10 },
    ],
    [
      'A.16 add array value with -',
      { foo: ['bar'] },
      [{ op: 'add', path: '/foo/-', value: ['abc', 'def'] }],
      { foo: ['bar', ['abc', 'def']] },
    ],
  ])('%s', (_name, doc, ops, expected) => {
    expect(applyJsonPatch(frozen(doc), deepFreeze(ops))).toEqual(expected);
  });

  it.each<[string, Json, unknown, Json]>([
    [
      '~1 addresses a key containing a slash',
      { metadata: { annotations: {} } },
      [{ op: 'add', path: '/metadata/annotations/example.com~1team', value: 'x' }],
      { metadata: { annotations: { 'example.com/team': 'x' } } },
    ],
    ['~0 addresses a key containing a tilde', { 'a~b': 1 }, [{ op: 'remove', path: '/a~0b' }], {}],
    ['add replaces an existing member', { a: 1 }, [{ op: 'add', path: '/a', value: 2 }], { a: 2 }],
    ['add at the end index', { a: [1] }, [{ op: 'add', path: '/a/1', value: 2 }], { a: [1, 2] }],
    ['add at the root replaces the doc', { a: 1 }, [{ op: 'add', path: '', value: [1] }], [1]],
    ['replace the root', { a: 1 }, [{ op: 'replace', path: '', value: { b: 2 } }], { b: 2 }],
    ['replace with null', { a: 1 }, [{ op: 'replace', path: '/a', value: null }], { a: null }],
    [
      'replace an array element',
      { a: [1, 2] },
      [{ op: 'replace', path: '/a/0', value: 9 }],
      { a: [9, 2] },
    ],
    [
      'copy a subtree',
      { a: { b: 1 } },
      [{ op: 'copy', from: '/a', path: '/c' }],
      { a: { b: 1 }, c: { b: 1 } },
    ],
    ['move onto itself is a no-op', { a: 1 }, [{ op: 'move', from: '/a', path: '/a' }], { a: 1 }],
    [
      'test compares objects structurally',
      { a: { x: 1, y: 2 } },
      [{ op: 'test', path: '/a', value: { y: 2, x: 1 } }],
      { a: { x: 1, y: 2 } },
    ],
    ['empty patch', { a: 1 }, [], { a: 1 }],
    [
      'operations apply in sequence',
      { spec: { replicas: 1 } },
      [
        { op: 'test', path: '/spec/replicas', value: 1 },
        { op: 'replace', path: '/spec/replicas', value: 3 },
        { op: 'add', path: '/metadata', value: { labels: { a: 'b' } } },
        { op: 'remove', path: '/metadata/labels/a' },
      ],
      { spec: { replicas: 3 }, metadata: { labels: {} } },
    ],
  ])('%s', (_name, doc, ops, expected) => {
    expect(applyJsonPatch(frozen(doc), deepFreeze(ops))).toEqual(expected);
  });

  it.each<[string, unknown]>([
    ['body is an object', { op: 'add', path: '/a', value: 1 }],
    ['body is null', null],
    ['operation is not an object', ['add']],
    ['op missing', [{ path: '/a', value: 1 }]],
    ['op not a string', [{ op: 1, path: '/a' }]],
    ['unknown op', [{ op: 'merge', path: '/a', value: 1 }]],
    ['path missing', [{ op: 'remove' }]],
    ['path without leading slash', [{ op: 'remove', path: 'a' }]],
    ['add without value', [{ op: 'add', path: '/a' }]],
    ['replace without value', [{ op: 'replace', path: '/a' }]],
    ['test without value', [{ op: 'test', path: '/a' }]],
    ['move without from', [{ op: 'move', path: '/a' }]],
    ['copy with non-string from', [{ op: 'copy', path: '/a', from: 3 }]],
    [
      'a malformed op after a valid one',
      [
        { op: 'remove', path: '/a' },
        { op: 'nope', path: '/a' },
      ],
    ],
  ])('rejects a malformed patch with 400: %s', (_name, ops) => {
    const error = patchError(() => applyJsonPatch(frozen({ a: 1 }), deepFreeze(ops)));
    expect(error.status).toBe(400);
    expect(error).toBeInstanceOf(Error);
  });

  it.each<[string, Json, unknown, string]>([
    [
      'remove a missing member',
      { spec: {} },
      [{ op: 'remove', path: '/spec/foo' }],
      'jsonpatch remove operation does not apply: doc is missing path: "/spec/foo"',
    ],
    [
      'replace a missing member',
      { spec: {} },
      [{ op: 'replace', path: '/spec/foo', value: 1 }],
      'jsonpatch replace operation does not apply: doc is missing path: "/spec/foo"',
    ],
    [
      'A.12 add into a missing parent',
      { foo: 'bar' },
      [{ op: 'add', path: '/baz/bat', value: 'qux' }],
      'jsonpatch add operation does not apply: doc is missing path: "/baz/bat"',
    ],
    [
      'move from a missing path',
      { a: 1 },
      [{ op: 'move', from: '/b', path: '/c' }],
      'jsonpatch move operation does not apply: doc is missing path: "/b"',
    ],
    [
      'copy from a missing path',
      { a: 1 },
      [{ op: 'copy', from: '/b', path: '/c' }],
      'jsonpatch copy operation does not apply: doc is missing path: "/b"',
    ],
    [
      'test a missing path',
      { a: 1 },
      [{ op: 'test', path: '/b', value: 1 }],
      'jsonpatch test operation does not apply: doc is missing path: "/b"',
    ],
    [
      'A.9 test failure',
      { spec: { domain: 'a.example' } },
      [{ op: 'test', path: '/spec/domain', value: 'b.example' }],
      'testing value /spec/domain failed: test failed',
    ],
    [
      'A.15 test compares strings and numbers strictly',
      { '/': 9, '~1': 10 },
      [{ op: 'test', path: '/~01', value: '10' }],
      'testing value /~01 failed: test failed',
    ],
    [
      'add past the end of an array',
      { a: [1] },
      [{ op: 'add', path: '/a/2', value: 3 }],
      'jsonpatch add operation does not apply: doc is missing path: "/a/2"',
    ],
    [
      'remove past the end of an array',
      { a: [1] },
      [{ op: 'remove', path: '/a/1' }],
      'jsonpatch remove operation does not apply: doc is missing path: "/a/1"',
    ],
    [
      'replace with - is not an element',
      { a: [1] },
      [{ op: 'replace', path: '/a/-', value: 2 }],
      'jsonpatch replace operation does not apply: doc is missing path: "/a/-"',
    ],
    [
      'array index with leading zero',
      { a: [1, 2] },
      [{ op: 'remove', path: '/a/01' }],
      'jsonpatch remove operation does not apply: doc is missing path: "/a/01"',
    ],
    [
      'non-numeric array index',
      { a: [1] },
      [{ op: 'add', path: '/a/x', value: 1 }],
      'jsonpatch add operation does not apply: doc is missing path: "/a/x"',
    ],
    [
      'path through a scalar',
      { a: 1 },
      [{ op: 'add', path: '/a/b', value: 1 }],
      'jsonpatch add operation does not apply: doc is missing path: "/a/b"',
    ],
    [
      'inherited names are not members',
      { a: 1 },
      [{ op: 'remove', path: '/constructor' }],
      'jsonpatch remove operation does not apply: doc is missing path: "/constructor"',
    ],
    [
      'remove the root',
      { a: 1 },
      [{ op: 'remove', path: '' }],
      'jsonpatch remove operation does not apply: doc is missing path: ""',
    ],
  ])('rejects with 422: %s', (_name, doc, ops, message) => {
    const error = patchError(() => applyJsonPatch(frozen(doc), deepFreeze(ops)));
    expect(error.status).toBe(422);
    expect(error.message).toBe(message);
  });

  it('rejects moving a location into its own child with 422', () => {
    const error = patchError(() =>
      applyJsonPatch(frozen({ a: { b: {} } }), [{ op: 'move', from: '/a', path: '/a/b/c' }]),
    );
    expect(error.status).toBe(422);
  });

  it('does not alias operation values into the result', () => {
    const value = { labels: { a: 'b' } };
    const result = applyJsonPatch({}, [{ op: 'add', path: '/metadata', value }]) as JsonObject;
    (result['metadata'] as JsonObject)['labels'] = null;
    expect(value).toEqual({ labels: { a: 'b' } });
  });

  it('copies are independent of their source', () => {
    const result = applyJsonPatch(frozen({ a: { b: 1 } }), [
      { op: 'copy', from: '/a', path: '/c' },
      { op: 'replace', path: '/c/b', value: 2 },
    ]);
    expect(result).toEqual({ a: { b: 1 }, c: { b: 2 } });
  });

  it('stores a "__proto__" member as data without touching prototypes', () => {
    const result = applyJsonPatch({}, [
      { op: 'add', path: '/__proto__', value: { polluted: true } },
    ]);
    expect(Object.hasOwn(result as object, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('applyMergePatch', () => {
  // RFC 7386 appendix A.
  it.each<[Json, Json, Json]>([
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [
      ['a', 'b'],
      ['c', 'd'],
      ['c', 'd'],
    ],
    [{ a: 'b' }, ['c'], ['c']],
    [{ a: 'foo' }, null, null],
    [{ a: 'foo' }, 'bar', 'bar'],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: 'b', c: null }, { a: 'b' }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ])('RFC 7386: %j + %j', (doc, patch, expected) => {
    expect(applyMergePatch(frozen(doc), frozen(patch))).toEqual(expected);
  });

  it('merges a kubectl-style label and spec change', () => {
    const doc = frozen({
      metadata: { name: 'x', labels: { team: 'a', version: 'v1' } },
      spec: { domain: 'd', ports: [1, 2] },
    });
    const patch = frozen({
      metadata: { labels: { version: null, tier: 'web' } },
      spec: { ports: [3] },
    });
    expect(applyMergePatch(doc, patch)).toEqual({
      metadata: { name: 'x', labels: { team: 'a', tier: 'web' } },
      spec: { domain: 'd', ports: [3] },
    });
  });

  it('returns values independent of both inputs', () => {
    const doc = { a: { b: 1 }, keep: { c: [1] } };
    const patch = { d: { e: [2] } };
    const result = applyMergePatch(doc, patch) as { keep: { c: number[] }; d: { e: number[] } };
    result.keep.c.push(9);
    result.d.e.push(9);
    expect(doc.keep.c).toEqual([1]);
    expect(patch.d.e).toEqual([2]);
  });

  it('treats "constructor" and "__proto__" as ordinary keys', () => {
    const patch = JSON.parse('{"constructor":{"a":1},"__proto__":{"polluted":true}}') as Json;
    const result = applyMergePatch(frozen({}), deepFreeze(patch)) as JsonObject;
    expect(result['constructor']).toEqual({ a: 1 });
    expect(Object.hasOwn(result, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('applyStrategicMergePatch', () => {
  const service: JsonObject = {
    metadata: { name: 'reviews', labels: { app: 'reviews', version: 'v1' } },
    spec: { ports: [{ name: 'http', port: 9080, protocol: 'TCP', targetPort: 9080 }] },
  };

  it('adds a port the way kubectl apply sends it', () => {
    const patch = {
      spec: {
        '$setElementOrder/ports': [{ port: 9080 }, { port: 9090 }],
        ports: [{ name: 'grpc', port: 9090 }],
      },
    };
    const result = applyStrategicMergePatch(frozen(service), frozen(patch), SERVICE_KEYS);
    expect(result).toEqual({
      metadata: service.metadata,
      spec: {
        ports: [
          { name: 'http', port: 9080, protocol: 'TCP', targetPort: 9080 },
          { name: 'grpc', port: 9090 },
        ],
      },
    });
  });

  it('then removes the port and a label the way kubectl apply sends it', () => {
    const added = applyStrategicMergePatch(
      frozen(service),
      frozen({
        spec: {
          '$setElementOrder/ports': [{ port: 9080 }, { port: 9090 }],
          ports: [{ name: 'grpc', port: 9090 }],
        },
      }),
      SERVICE_KEYS,
    );
    const patch = {
      metadata: { labels: { version: null } },
      spec: {
        '$setElementOrder/ports': [{ port: 9080 }],
        ports: [{ $patch: 'delete', port: 9090 }],
      },
    };
    const result = applyStrategicMergePatch(deepFreeze(added), frozen(patch), SERVICE_KEYS);
    expect(result).toEqual({
      metadata: { name: 'reviews', labels: { app: 'reviews' } },
      spec: { ports: [{ name: 'http', port: 9080, protocol: 'TCP', targetPort: 9080 }] },
    });
  });

  const appContainer: JsonObject = {
    name: 'app',
    image: 'app:1',
    args: ['--a'],
    ports: [{ containerPort: 80, name: 'http' }],
    env: [{ name: 'A', value: '1' }],
  };
  const sidecar: JsonObject = { name: 'sidecar', image: 'proxy:1' };
  const template: JsonObject = { spec: { containers: [appContainer, sidecar] } };
  const deploymentSpec: JsonObject = {
    replicas: 1,
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } },
    template,
  };
  const deployment: JsonObject = {
    metadata: { name: 'web', finalizers: ['a.example/one'] },
    spec: deploymentSpec,
    status: {
      conditions: [
        { type: 'Available', status: 'False' },
        { type: 'Progressing', status: 'True' },
      ],
    },
  };

  it.each<[string, JsonObject, (result: JsonObject) => unknown, unknown]>([
    [
      'merges a keyed item and keeps its other fields',
      { spec: { template: { spec: { containers: [{ name: 'app', image: 'app:2' }] } } } },
      (r) => r['spec'],
      {
        ...deploymentSpec,
        template: {
          spec: {
            containers: [{ ...appContainer, image: 'app:2' }, sidecar],
          },
        },
      },
    ],
    [
      'merges nested keyed lists by their own key path',
      {
        spec: {
          template: {
            spec: {
              containers: [
                {
                  name: 'app',
                  ports: [{ containerPort: 80, protocol: 'TCP' }, { containerPort: 443 }],
                  env: [
                    { name: 'A', value: '2' },
                    { name: 'B', value: '3' },
                  ],
                },
              ],
            },
          },
        },
      },
      (r) =>
        ((r['spec'] as JsonObject)['template'] as { spec: { containers: Json[] } }).spec
          .containers[0] ?? null,
      {
        name: 'app',
        image: 'app:1',
        args: ['--a'],
        ports: [{ containerPort: 80, name: 'http', protocol: 'TCP' }, { containerPort: 443 }],
        env: [
          { name: 'A', value: '2' },
          { name: 'B', value: '3' },
        ],
      },
    ],
    [
      'replaces lists that have no merge key',
      { spec: { template: { spec: { containers: [{ name: 'app', args: ['--b'] }] } } } },
      (r) =>
        ((r['spec'] as JsonObject)['template'] as { spec: { containers: { args: Json }[] } }).spec
          .containers[0]?.args ?? null,
      ['--b'],
    ],
    [
      'deletes a keyed item with $patch: delete',
      { spec: { template: { spec: { containers: [{ $patch: 'delete', name: 'sidecar' }] } } } },
      (r) =>
        (
          (r['spec'] as JsonObject)['template'] as { spec: { containers: { name: Json }[] } }
        ).spec.containers.map((c) => c.name),
      ['app'],
    ],
    [
      'replaces a keyed list with a $patch: replace item',
      {
        spec: {
          template: { spec: { containers: [{ $patch: 'replace' }, { name: 'only', image: 'x' }] } },
        },
      },
      (r) => ((r['spec'] as JsonObject)['template'] as { spec: Json }).spec,
      { containers: [{ name: 'only', image: 'x' }] },
    ],
    [
      'merges status.conditions by type',
      {
        status: {
          conditions: [
            { type: 'Available', status: 'True' },
            { type: 'ReplicaFailure', status: 'False' },
          ],
        },
      },
      (r) => r['status'],
      {
        conditions: [
          { type: 'Available', status: 'True' },
          { type: 'Progressing', status: 'True' },
          { type: 'ReplicaFailure', status: 'False' },
        ],
      },
    ],
    [
      'merges metadata.finalizers as a set',
      { metadata: { finalizers: ['a.example/one', 'b.example/two'] } },
      (r) => (r['metadata'] as JsonObject)['finalizers'],
      ['a.example/one', 'b.example/two'],
    ],
    [
      'deletes from a primitive list',
      { metadata: { '$deleteFromPrimitiveList/finalizers': ['a.example/one'] } },
      (r) => (r['metadata'] as JsonObject)['finalizers'],
      [],
    ],
    [
      'deletes and adds in one primitive-list patch',
      {
        metadata: {
          '$deleteFromPrimitiveList/finalizers': ['a.example/one'],
          finalizers: ['c.example/three'],
        },
      },
      (r) => (r['metadata'] as JsonObject)['finalizers'],
      ['c.example/three'],
    ],
    [
      'orders a primitive list with $setElementOrder',
      { metadata: { '$setElementOrder/finalizers': ['b', 'a.example/one'], finalizers: ['b'] } },
      (r) => (r['metadata'] as JsonObject)['finalizers'],
      ['b', 'a.example/one'],
    ],
    [
      'keeps unnamed server items after the ordered ones',
      {
        spec: {
          template: {
            spec: {
              '$setElementOrder/containers': [{ name: 'new' }, { name: 'app' }],
              containers: [{ name: 'new', image: 'n' }],
            },
          },
        },
      },
      (r) =>
        (
          (r['spec'] as JsonObject)['template'] as { spec: { containers: { name: Json }[] } }
        ).spec.containers.map((c) => c.name),
      ['new', 'app', 'sidecar'],
    ],
    [
      'reorders a list named only by $setElementOrder',
      {
        status: { '$setElementOrder/conditions': [{ type: 'Progressing' }, { type: 'Available' }] },
      },
      (r) => (r['status'] as { conditions: { type: Json }[] }).conditions.map((c) => c.type),
      ['Progressing', 'Available'],
    ],
    [
      'drops keys outside $retainKeys',
      { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } },
      (r) => (r['spec'] as JsonObject)['strategy'],
      { type: 'Recreate' },
    ],
    [
      'replaces a map with $patch: replace',
      { spec: { strategy: { $patch: 'replace', type: 'Recreate' } } },
      (r) => (r['spec'] as JsonObject)['strategy'],
      { type: 'Recreate' },
    ],
    [
      'deletes a map with $patch: delete',
      { spec: { strategy: { $patch: 'delete' } } },
      (r) => Object.hasOwn(r['spec'] as JsonObject, 'strategy'),
      false,
    ],
    [
      'accepts $patch: merge as the default',
      { spec: { strategy: { $patch: 'merge', type: 'Recreate' } } },
      (r) => (r['spec'] as JsonObject)['strategy'],
      { type: 'Recreate', rollingUpdate: { maxSurge: 1 } },
    ],
    [
      'deletes map keys set to null',
      { spec: { strategy: { rollingUpdate: null }, replicas: null } },
      (r) => r['spec'] as Json,
      { strategy: { type: 'RollingUpdate' }, template },
    ],
    [
      'creates maps and lists that did not exist',
      {
        metadata: { labels: { a: 'b', gone: null } },
        spec: { selector: { matchLabels: { a: 'b' } } },
      },
      (r) => [
        (r['metadata'] as JsonObject)['labels'] ?? null,
        (r['spec'] as JsonObject)['selector'] ?? null,
      ],
      [{ a: 'b' }, { matchLabels: { a: 'b' } }],
    ],
  ])('%s', (_name, patch, pick, expected) => {
    const result = applyStrategicMergePatch(frozen(deployment), frozen(patch), DEPLOYMENT_KEYS);
    expect(pick(result)).toEqual(expected);
    expect(directiveKeys(result)).toEqual([]);
  });

  it('merges ownerReferences by uid', () => {
    const doc = frozen({
      metadata: {
        ownerReferences: [
          { uid: '1', name: 'a' },
          { uid: '2', name: 'b' },
        ],
      },
    });
    const patch = frozen<JsonObject>({
      metadata: {
        ownerReferences: [
          { uid: '2', controller: true },
          { uid: '3', name: 'c' },
        ],
      },
    });
    expect(applyStrategicMergePatch(doc, patch, SERVICE_KEYS)).toEqual({
      metadata: {
        ownerReferences: [
          { uid: '1', name: 'a' },
          { uid: '2', name: 'b', controller: true },
          { uid: '3', name: 'c' },
        ],
      },
    });
  });

  it('returns an empty object for a top-level $patch: delete', () => {
    expect(applyStrategicMergePatch(frozen({ a: 1 }), frozen({ $patch: 'delete' }), {})).toEqual(
      {},
    );
  });

  it('replaces primitive lists that are not set-lists', () => {
    const doc = frozen({ metadata: { finalizers: ['a'] } });
    expect(
      applyStrategicMergePatch(doc, frozen({ metadata: { finalizers: ['b'] } }), {}, new Set()),
    ).toEqual({
      metadata: { finalizers: ['b'] },
    });
    expect(SET_LISTS.has('metadata.finalizers')).toBe(true);
  });

  it('strips directives from items of a list that is replaced wholesale', () => {
    const doc = frozen({ spec: { rules: [{ a: 1 }] } });
    const patch = frozen<JsonObject>({
      spec: { rules: [{ $patch: 'replace' }, { b: 2, $retainKeys: ['b'] }] },
    });
    const result = applyStrategicMergePatch(doc, patch, {});
    expect(result).toEqual({ spec: { rules: [{ b: 2 }] } });
  });

  it('ignores deletes of items that are not present', () => {
    const doc = frozen({ spec: { ports: [{ port: 1 }] } });
    const patch = frozen({ spec: { ports: [{ $patch: 'delete', port: 2 }] } });
    expect(applyStrategicMergePatch(doc, patch, SERVICE_KEYS)).toEqual({
      spec: { ports: [{ port: 1 }] },
    });
  });

  it('rejects a keyed item without its merge key with 400', () => {
    const error = patchError(() =>
      applyStrategicMergePatch(
        frozen(service),
        frozen({ spec: { ports: [{ name: 'x' }] } }),
        SERVICE_KEYS,
      ),
    );
    expect(error.status).toBe(400);
    expect(error.message).toContain('does not contain declared merge key: port');
  });

  it('rejects an unknown $patch directive with 400', () => {
    const error = patchError(() =>
      applyStrategicMergePatch(
        frozen(service),
        frozen({ spec: { $patch: 'explode' } }),
        SERVICE_KEYS,
      ),
    );
    expect(error.status).toBe(400);
  });

  it('does not treat inherited names as merge-key paths', () => {
    const doc = frozen({ constructor: [{ a: 1 }] });
    const patch = frozen({ constructor: [{ b: 2 }] });
    expect(applyStrategicMergePatch(doc, patch, {})).toEqual({ constructor: [{ b: 2 }] });
  });
});

describe('applyPatchMerge', () => {
  const existing = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'reviews', labels: { app: 'reviews', team: 'a' }, finalizers: ['x'] },
    spec: {
      selector: { app: 'reviews' },
      ports: [{ name: 'http', port: 9080, protocol: 'TCP' }],
      ipFamilies: ['IPv4'],
    },
  };

  it('merges maps deeply and replaces unkeyed lists', () => {
    const applied: JsonObject = {
      metadata: { labels: { team: 'b' }, finalizers: ['y'] },
      spec: { ipFamilies: ['IPv6'] },
    };
    expect(applyPatchMerge(frozen(existing), frozen(applied))).toEqual({
      ...existing,
      metadata: { name: 'reviews', labels: { app: 'reviews', team: 'b' }, finalizers: ['y'] },
      spec: { ...existing.spec, ipFamilies: ['IPv6'] },
    });
  });

  it('replaces keyed lists when no merge keys are given', () => {
    const applied: JsonObject = { spec: { ports: [{ port: 9090 }] } };
    const result = applyPatchMerge(frozen(existing), frozen(applied));
    expect((result['spec'] as JsonObject)['ports']).toEqual([{ port: 9090 }]);
  });

  it('merges keyed lists item by item', () => {
    const applied: JsonObject = {
      spec: {
        ports: [
          { port: 9090, name: 'grpc' },
          { port: 9080, targetPort: 8080 },
        ],
      },
    };
    const result = applyPatchMerge(frozen(existing), frozen(applied), SERVICE_KEYS);
    expect((result['spec'] as JsonObject)['ports']).toEqual([
      { name: 'http', port: 9080, protocol: 'TCP', targetPort: 8080 },
      { port: 9090, name: 'grpc' },
    ]);
  });

  it('removes fields the applied config sets to null', () => {
    const result = applyPatchMerge(
      frozen(existing),
      frozen({ metadata: { labels: { team: null } } }),
    );
    expect((result['metadata'] as JsonObject)['labels']).toEqual({ app: 'reviews' });
  });

  it('creates missing maps', () => {
    expect(applyPatchMerge(frozen({}), frozen({ spec: { domain: 'd' } }))).toEqual({
      spec: { domain: 'd' },
    });
  });

  it('rejects a keyed item without its key with 422', () => {
    const error = patchError(() =>
      applyPatchMerge(frozen(existing), frozen({ spec: { ports: [{ name: 'x' }] } }), SERVICE_KEYS),
    );
    expect(error.status).toBe(422);
    expect(error.message).toBe(
      '.spec.ports: element 0: associative list with keys has an element that omits key field "port"',
    );
  });

  it('returns values independent of the applied config', () => {
    const applied = { spec: { ipFamilies: ['IPv6'] } };
    const result = applyPatchMerge(frozen(existing), applied) as { spec: { ipFamilies: string[] } };
    result.spec.ipFamilies.push('IPv4');
    expect(applied.spec.ipFamilies).toEqual(['IPv6']);
  });
});

describe('fieldsV1Of', () => {
  const route: JsonObject = {
    apiVersion: 'example.com/v1',
    kind: 'Route',
    metadata: {
      name: 'r',
      namespace: 'ns',
      uid: 'u',
      resourceVersion: '1',
      generation: 1,
      creationTimestamp: 't',
      managedFields: [],
      labels: { team: 'a' },
    },
    spec: { domain: 'd' },
    status: { ready: true },
  };

  it('builds the trie of the brief example, skipping server-owned fields', () => {
    expect(fieldsV1Of(frozen(route))).toEqual({
      'f:metadata': { 'f:labels': { 'f:team': {} } },
      'f:spec': { 'f:domain': {} },
    });
  });

  it('keys list items by their merge key and marks items with "."', () => {
    const svc: JsonObject = {
      spec: {
        ports: [
          { port: 9080, name: 'http' },
          { port: 9090, name: 'grpc' },
        ],
        ipFamilies: ['IPv4'],
      },
    };
    expect(fieldsV1Of(frozen(svc), SERVICE_KEYS)).toEqual({
      'f:spec': {
        'f:ports': {
          'k:{"port":9080,"protocol":"TCP"}': { '.': {}, 'f:port': {}, 'f:name': {} },
          'k:{"port":9090,"protocol":"TCP"}': { '.': {}, 'f:port': {}, 'f:name': {} },
        },
        'f:ipFamilies': {},
      },
    });
  });

  it('follows nested keyed lists and leaves unkeyed lists atomic', () => {
    const deploy: JsonObject = {
      spec: {
        template: {
          spec: { containers: [{ name: 'app', ports: [{ containerPort: 80 }], args: ['a'] }] },
        },
      },
    };
    expect(fieldsV1Of(frozen(deploy), DEPLOYMENT_KEYS)).toEqual({
      'f:spec': {
        'f:template': {
          'f:spec': {
            'f:containers': {
              'k:{"name":"app"}': {
                '.': {},
                'f:name': {},
                'f:ports': {
                  'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} },
                },
                'f:args': {},
              },
            },
          },
        },
      },
    });
  });

  it('marks every non-empty object field with "." when asked', () => {
    expect(
      fieldsV1Of(frozen({ spec: { domain: 'd', tls: {} } }), {}, { markObjects: true }),
    ).toEqual({
      'f:spec': { '.': {}, 'f:domain': {}, 'f:tls': {} },
    });
  });

  it.each<[string, Json, JsonObject]>([
    ['non-object input', [1], {}],
    ['null input', null, {}],
    ['metadata with only server-owned fields', { metadata: { name: 'x', uid: 'u' } }, {}],
    ['empty object field', { spec: {} }, { 'f:spec': {} }],
    [
      'keyed item without its key',
      { spec: { ports: [{ name: 'x' }] } },
      { 'f:spec': { 'f:ports': { 'i:0': {} } } },
    ],
  ])('%s', (_name, obj, expected) => {
    expect(fieldsV1Of(frozen(obj), SERVICE_KEYS)).toEqual(expected);
  });

  it('sorts the fields of a key object', () => {
    const trie = fieldsV1Of(frozen({ spec: { ports: [{ port: { b: 1, a: 2 } }] } }), SERVICE_KEYS);
    expect(Object.keys((trie['f:spec'] as JsonObject)['f:ports'] as JsonObject)).toEqual([
      'k:{"port":{"a":2,"b":1},"protocol":"TCP"}',
    ]);
  });
});

describe('leafPaths', () => {
  it.each<[string, JsonObject, string[]]>([
    [
      'plain fields',
      { 'f:metadata': { 'f:labels': { 'f:team': {} } }, 'f:spec': { 'f:domain': {} } },
      ['.metadata.labels.team', '.spec.domain'],
    ],
    ['atomic list', { 'f:spec': { 'f:ports': {} } }, ['.spec.ports']],
    [
      'keyed item and its fields',
      { 'f:spec': { 'f:ports': { 'k:{"port":9080}': { '.': {}, 'f:name': {} } } } },
      ['.spec.ports[port=9080]', '.spec.ports[port=9080].name'],
    ],
    [
      'string keys are quoted',
      { 'f:spec': { 'f:containers': { 'k:{"name":"app"}': { '.': {}, 'f:image': {} } } } },
      ['.spec.containers[name="app"]', '.spec.containers[name="app"].image'],
    ],
    [
      'multi-field keys',
      { 'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': {} } },
      ['.ports[containerPort=80,protocol="TCP"]'],
    ],
    [
      'set and index entries',
      { 'f:metadata': { 'f:finalizers': { '.': {}, 'v:"a"': {} } }, 'f:x': { 'i:0': {} } },
      ['.metadata.finalizers', '.metadata.finalizers[="a"]', '.x[0]'],
    ],
    ['empty trie', {}, []],
  ])('%s', (_name, trie, expected) => {
    expect(leafPaths(frozen(trie))).toEqual(expected);
  });

  it('round-trips fieldsV1Of output', () => {
    const obj: JsonObject = { spec: { domain: 'd', ports: [{ port: 9080, name: 'http' }] } };
    expect(leafPaths(fieldsV1Of(frozen(obj), SERVICE_KEYS))).toEqual([
      '.spec.domain',
      '.spec.ports[port=9080,protocol="TCP"]',
      '.spec.ports[port=9080,protocol="TCP"].port',
      '.spec.ports[port=9080,protocol="TCP"].name',
    ]);
  });
});
