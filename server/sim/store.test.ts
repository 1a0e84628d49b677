// The watch-cache side of the store: per-revision serialisations and list bodies must follow
// every change, and lists come in etcd's key order, the order `continue` tokens count by.
import { describe, expect, it } from 'vitest';

import { ObjectStore } from './store';
import type { KubeObject } from './types';

const cm = (namespace: string, name: string, data: Record<string, string> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace },
  data,
});

function put(store: ObjectStore, object: KubeObject, type: 'ADDED' | 'MODIFIED' | 'DELETED') {
  const stamped = {
    ...object,
    metadata: { ...object.metadata, resourceVersion: String(store.nextRv()) },
  };
  store.commit(type, 'configmaps.', stamped);
  return stamped;
}

const names = (buffer: Buffer) =>
  (JSON.parse(`[${buffer.toString('utf8')}]`) as KubeObject[]).map(
    (o) => `${o.metadata.namespace}/${o.metadata.name}`,
  );

describe('ObjectStore caches', () => {
  it('serves lists in byte-wise <namespace>/<name> order, as etcd does', () => {
    const store = new ObjectStore(1000);
    for (const [ns, name] of [
      ['a', 'z'],
      ['a-b', 'x'],
      ['a', 'B'],
      ['a', 'a.b'],
      ['a', 'a-b'],
    ] as const)
      put(store, cm(ns, name), 'ADDED');
    expect(names(store.encodeList('configmaps.', undefined))).toEqual([
      'a-b/x',
      'a/B',
      'a/a-b',
      'a/a.b',
      'a/z',
    ]);
    expect(names(store.encodeList('configmaps.', 'a'))).toEqual(['a/B', 'a/a-b', 'a/a.b', 'a/z']);
  });

  it('a cached list body and object serialisation follow adds, changes and deletes', () => {
    const store = new ObjectStore(1000);
    put(store, cm('ns', 'one', { v: '1' }), 'ADDED');
    expect(names(store.encodeList('configmaps.', 'ns'))).toEqual(['ns/one']);
    expect(names(store.encodeList('configmaps.', undefined))).toEqual(['ns/one']);
    put(store, cm('ns', 'two'), 'ADDED');
    expect(names(store.encodeList('configmaps.', 'ns'))).toEqual(['ns/one', 'ns/two']);
    const changed = put(store, cm('ns', 'one', { v: '2' }), 'MODIFIED');
    const body = JSON.parse(`[${store.encodeList('configmaps.', 'ns').toString('utf8')}]`) as {
      data: Record<string, string>;
    }[];
    expect(body[0]?.data).toEqual({ v: '2' });
    expect(JSON.parse(store.encode(changed).toString('utf8'))).toEqual(changed);
    put(store, cm('ns', 'two'), 'DELETED');
    expect(names(store.encodeList('configmaps.', undefined))).toEqual(['ns/one']);
    expect(store.list('configmaps.').map((o) => o.metadata.name)).toEqual(['one']);
  });
});
