import { describe, expect, it } from 'vitest';

import { ClusterApi, type WriteOptions } from './cluster-api';
import { Registry } from './registry';
import { StatusError } from './status';
import { ObjectStore } from './store';
import type { ResourceType } from './types';

const write: WriteOptions = { dryRun: false, fieldValidation: 'Strict', fieldManager: 'test' };

function setup() {
  const registry = new Registry();
  const store = new ObjectStore(1000);
  const api = new ClusterApi(store, registry);
  const namespaces = registry.find('', 'v1', 'namespaces') as ResourceType;
  const configmaps = registry.find('', 'v1', 'configmaps') as ResourceType;
  api.create(
    namespaces,
    undefined,
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'p' } },
    write,
  );
  const cm = (name: string, value = '1') =>
    api.create(
      configmaps,
      'p',
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { value } },
      write,
    );
  return { api, store, configmaps, cm };
}

describe('paged lists', () => {
  it('serve every page from the first page’s revision, whatever changes in between', () => {
    const { api, configmaps, cm } = setup();
    for (const name of ['a', 'b', 'c', 'd', 'e']) cm(name);
    const first = api.list(configmaps, 'p', { limit: 2 });
    expect(first.items.map((o) => o.metadata.name)).toEqual(['a', 'b']);

    cm('zz');
    api.delete(configmaps, 'p', 'c', { dryRun: false });
    api.patch(
      configmaps,
      'p',
      'd',
      'application/merge-patch+json',
      '{"data":{"value":"2"}}',
      write,
      undefined,
    );

    const second = api.list(configmaps, 'p', { limit: 2, continue: first.continue });
    const third = api.list(configmaps, 'p', { limit: 2, continue: second.continue });
    expect([...second.items, ...third.items].map((o) => o.metadata.name)).toEqual(['c', 'd', 'e']);
    expect(second.items[1]?.data).toEqual({ value: '1' });
    expect(new Set([first, second, third].map((p) => p.resourceVersion)).size).toBe(1);
    expect(third.continue).toBeUndefined();
  });

  it('answer 410 when the first page’s revision has left the history', () => {
    const { api, store, configmaps, cm } = setup();
    for (const name of ['a', 'b', 'c']) cm(name);
    const first = api.list(configmaps, 'p', { limit: 1 });
    cm('d');
    store.compact();
    const error = (() => {
      try {
        api.list(configmaps, 'p', { limit: 1, continue: first.continue });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(StatusError);
    expect((error as StatusError).code).toBe(410);
  });
});
