// The simulator's deployment controller through ClusterApi: every write path of a Deployment
// leaves exactly the ReplicaSet helm's readiness check looks for (deploymentutil.GetNewReplicaSet:
// selector match, controller UID, template equal but for pod-template-hash), and deletion takes
// it along (or orphans it).
import { beforeEach, describe, expect, it } from 'vitest';

import { ClusterApi, PATCH_TYPES, type WriteOptions } from './cluster-api';
import { HASH_LABEL, podTemplateHash } from './deployment-controller';
import { Registry } from './registry';
import { ObjectStore, type StoredEvent } from './store';
import type { KubeObject, ResourceType } from './types';

const WRITE: WriteOptions = { dryRun: false, fieldValidation: 'Strict', fieldManager: 'test' };
let api: ClusterApi;
let store: ObjectStore;
let deployments: ResourceType;
let replicasets: ResourceType;
let namespaces: ResourceType;
let events: StoredEvent[];

const deployment = (image: string, replicas = 2): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default' },
  spec: {
    replicas,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'web', image }] },
    },
  },
});

const rsList = () => api.list(replicasets, 'default', {}).items;
type Spec = { replicas: number; template: { metadata: { labels: Record<string, string> } } };
const specOf = (o: KubeObject) => o.spec as Spec;

beforeEach(() => {
  const registry = new Registry();
  store = new ObjectStore(1000);
  api = new ClusterApi(store, registry);
  deployments = registry.find('apps', 'v1', 'deployments') as ResourceType;
  replicasets = registry.find('apps', 'v1', 'replicasets') as ResourceType;
  namespaces = registry.find('', 'v1', 'namespaces') as ResourceType;
  api.create(
    namespaces,
    undefined,
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } },
    WRITE,
  );
  events = [];
  store.subscribe((e) => events.push(e));
});

describe('deployment controller', () => {
  it('creates the ReplicaSet of the template, owned and settled, with an ADDED event', () => {
    const { object: dep } = api.create(deployments, 'default', deployment('nginx:1'), WRITE);
    const [rs, ...rest] = rsList();
    expect(rest).toEqual([]);
    const template = (dep.spec as { template: unknown }).template;
    const hash = podTemplateHash(template);
    expect(hash).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]+$/);
    expect(rs?.metadata).toMatchObject({
      name: `web-${hash}`,
      labels: { app: 'web', [HASH_LABEL]: hash },
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: 'web',
          uid: dep.metadata.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    });
    expect(rs?.spec).toEqual({
      replicas: 2,
      selector: { matchLabels: { app: 'web', [HASH_LABEL]: hash } },
      template: {
        ...(template as object),
        metadata: { labels: { app: 'web', [HASH_LABEL]: hash } },
      },
    });
    expect(rs?.status).toEqual({
      replicas: 2,
      fullyLabeledReplicas: 2,
      readyReplicas: 2,
      availableReplicas: 2,
      observedGeneration: rs?.metadata.generation,
    });
    expect(events.map((e) => `${e.type} ${e.key} ${e.object.metadata.name}`)).toEqual([
      'ADDED deployments.apps web',
      `ADDED replicasets.apps web-${hash}`,
    ]);
    expect(Number(rs?.metadata.resourceVersion)).toBe(store.currentRv());
    expect(JSON.stringify(dep.status)).toContain(`ReplicaSet \\"web-${hash}\\"`);
  });

  it('follows replicas and a new template through patch and server-side apply', () => {
    api.create(deployments, 'default', deployment('nginx:1'), WRITE);
    const [first] = rsList();
    api.patch(
      deployments,
      'default',
      'web',
      PATCH_TYPES.merge,
      '{"spec":{"replicas":3}}',
      WRITE,
      undefined,
    );
    expect(rsList().map((rs) => [rs.metadata.name, specOf(rs).replicas])).toEqual([
      [first?.metadata.name, 3],
    ]);

    api.patch(
      deployments,
      'default',
      'web',
      PATCH_TYPES.apply,
      JSON.stringify(deployment('nginx:2', 3)),
      { ...WRITE, fieldManager: 'applier', force: true },
      undefined,
    );
    const byName = new Map(rsList().map((rs) => [rs.metadata.name, rs]));
    expect(byName.size).toBe(2);
    expect(specOf(byName.get(first?.metadata.name as string) as KubeObject).replicas).toBe(0);
    const current = [...byName.values()].find((rs) => rs.metadata.name !== first?.metadata.name);
    expect(specOf(current as KubeObject).replicas).toBe(3);
    expect(current?.status).toMatchObject({ readyReplicas: 3 });

    const settled = events.length;
    api.patch(
      deployments,
      'default',
      'web',
      PATCH_TYPES.merge,
      '{"spec":{"replicas":3}}',
      WRITE,
      undefined,
    );
    expect(events.length).toBe(settled);
  });

  it('deletes the ReplicaSets with the Deployment, or orphans them on request', () => {
    api.create(deployments, 'default', deployment('nginx:1'), WRITE);
    api.delete(deployments, 'default', 'web', { dryRun: false });
    expect(rsList()).toEqual([]);
    expect(events.at(-1)).toMatchObject({ type: 'DELETED', key: 'replicasets.apps' });

    api.create(deployments, 'default', deployment('nginx:1'), WRITE);
    api.delete(deployments, 'default', 'web', { dryRun: false, propagationPolicy: 'Orphan' });
    const [orphan, ...rest] = rsList();
    expect(rest).toEqual([]);
    expect(orphan?.metadata.ownerReferences).toBeUndefined();
  });

  it('leaves nothing behind when a dry run creates a Deployment', () => {
    api.create(deployments, 'default', deployment('nginx:1'), { ...WRITE, dryRun: true });
    expect(rsList()).toEqual([]);
  });
});
