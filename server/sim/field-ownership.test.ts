import { beforeEach, describe, expect, it } from 'vitest';

import { ClusterApi, type WriteOptions } from './cluster-api';
import { Registry } from './registry';
import { StatusError } from './status';
import { ObjectStore } from './store';
import type { KubeObject, ResourceType } from './types';

const APPLY = 'application/apply-patch+yaml';
let api: ClusterApi;
let configmaps: ResourceType;

const as = (fieldManager: string, extra: Partial<WriteOptions> = {}): WriteOptions => ({
  dryRun: false,
  fieldValidation: 'Strict',
  fieldManager,
  ...extra,
});

const cm = (data: Record<string, string>, labels?: Record<string, string>) =>
  JSON.stringify({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'settings', namespace: 'default', ...(labels ? { labels } : {}) },
    data,
  });

const managers = (o: KubeObject) =>
  (o.metadata.managedFields ?? []).map((m) => `${String(m.manager)}/${String(m.operation)}`);

beforeEach(() => {
  const registry = new Registry();
  api = new ClusterApi(new ObjectStore(1000), registry);
  const namespaces = registry.find('', 'v1', 'namespaces') as ResourceType;
  configmaps = registry.find('', 'v1', 'configmaps') as ResourceType;
  api.create(
    namespaces,
    undefined,
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } },
    as('setup'),
  );
});

describe('server-side apply field ownership', () => {
  it('records who set which fields', () => {
    const { object } = api.patch(
      configmaps,
      'default',
      'settings',
      APPLY,
      cm({ a: '1' }),
      as('alice'),
      undefined,
    );
    expect(object.metadata.managedFields).toEqual([
      expect.objectContaining({
        manager: 'alice',
        operation: 'Apply',
        apiVersion: 'v1',
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:data': { 'f:a': {} } },
      }),
    ]);
  });

  it('refuses to change a field another manager owns, unless forced', () => {
    api.patch(configmaps, 'default', 'settings', APPLY, cm({ a: '1' }), as('alice'), undefined);
    const conflict = (() => {
      try {
        api.patch(configmaps, 'default', 'settings', APPLY, cm({ a: '2' }), as('bob'), undefined);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(conflict).toBeInstanceOf(StatusError);
    expect((conflict as StatusError).code).toBe(409);
    expect((conflict as StatusError).details?.causes).toEqual([
      { type: 'FieldManagerConflict', message: 'conflict with "alice" using v1', field: '.data.a' },
    ]);
    const forced = api.patch(
      configmaps,
      'default',
      'settings',
      APPLY,
      cm({ a: '2' }),
      as('bob', { force: true }),
      undefined,
    );
    expect(forced.object.data).toEqual({ a: '2' });
    expect(managers(forced.object)).toEqual(['bob/Apply']);
  });

  it('shares a field applied with the same value, without conflict', () => {
    api.patch(configmaps, 'default', 'settings', APPLY, cm({ a: '1' }), as('alice'), undefined);
    const shared = api.patch(
      configmaps,
      'default',
      'settings',
      APPLY,
      cm({ a: '1', b: '2' }),
      as('bob'),
      undefined,
    );
    expect(managers(shared.object)).toEqual(['alice/Apply', 'bob/Apply']);
  });

  it('removes fields an applier stops applying, unless someone else owns them', () => {
    api.patch(
      configmaps,
      'default',
      'settings',
      APPLY,
      cm({ a: '1', b: '2' }, { team: 'x', tier: 'y' }),
      as('alice'),
      undefined,
    );
    api.patch(
      configmaps,
      'default',
      'settings',
      'application/merge-patch+json',
      JSON.stringify({ data: { b: '3' } }),
      as('editor'),
      undefined,
    );
    const after = api.patch(
      configmaps,
      'default',
      'settings',
      APPLY,
      cm({ a: '1' }, { team: 'x' }),
      as('alice'),
      undefined,
    );
    expect(after.object.data).toEqual({ a: '1', b: '3' });
    expect(after.object.metadata.labels).toEqual({ team: 'x' });
  });

  it('gives an update the fields it changed, taking them from their previous owner', () => {
    api.patch(
      configmaps,
      'default',
      'settings',
      APPLY,
      cm({ a: '1', b: '2' }),
      as('alice'),
      undefined,
    );
    const edited = api.patch(
      configmaps,
      'default',
      'settings',
      'application/merge-patch+json',
      JSON.stringify({ data: { b: '9' } }),
      as('editor'),
      undefined,
    );
    expect(edited.object.metadata.managedFields).toEqual([
      expect.objectContaining({ manager: 'alice', fieldsV1: { 'f:data': { 'f:a': {} } } }),
      expect.objectContaining({
        manager: 'editor',
        operation: 'Update',
        fieldsV1: { 'f:data': { 'f:b': {} } },
      }),
    ]);
  });

  it('does not count a repeated apply as a change', () => {
    const first = api.patch(
      configmaps,
      'default',
      'settings',
      APPLY,
      cm({ a: '1' }),
      as('alice'),
      undefined,
    );
    const again = api.patch(
      configmaps,
      'default',
      'settings',
      APPLY,
      cm({ a: '1' }),
      as('alice'),
      undefined,
    );
    expect(again.object.metadata.resourceVersion).toBe(first.object.metadata.resourceVersion);
  });
});
