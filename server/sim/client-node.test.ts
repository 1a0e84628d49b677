// @kubernetes/client-node 1.4.0 against the simulator: typed and custom-object CRUD, patch types,
// errors, server-side apply, watches and informers (including restarts and 410 relists).
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { Fleet } from './fleet';
import { waitFor } from './testing/kubectl';
import type { KubeObject } from './types';

const SEG = {
  group: 'admin.istio.io',
  version: 'v1',
  namespace: 'istio-system',
  plural: 'segments',
} as const;
const SEG_PATH = '/apis/admin.istio.io/v1/namespaces/istio-system/segments';
const MERGE = k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch);
const APPLY = k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.ServerSideApply);

const segment = (name: string, domain: string, labels?: Record<string, string>) => ({
  apiVersion: 'admin.istio.io/v1',
  kind: 'Segment',
  metadata: { name, namespace: 'istio-system', ...(labels ? { labels } : {}) },
  spec: { domain },
});

/** The ApiException a call rejects with, with its Status body parsed. */
async function apiError(
  call: Promise<unknown>,
): Promise<{ code: number; status: Record<string, unknown> }> {
  try {
    await call;
  } catch (e) {
    expect(e).toBeInstanceOf(k8s.ApiException);
    const ex = e as k8s.ApiException<unknown>;
    return { code: ex.code, status: JSON.parse(String(ex.body)) as Record<string, unknown> };
  }
  throw new Error('expected the call to fail');
}

interface Seg {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    generation?: number;
    resourceVersion?: string;
    labels?: Record<string, string>;
  };
  spec: { domain: string };
}

interface Recorded {
  events: string[];
  lists: number;
}

describe('client-node 1.4.0', () => {
  let fleet: Fleet;
  let kc: k8s.KubeConfig;
  let core: k8s.CoreV1Api;
  let custom: k8s.CustomObjectsApi;
  const informers: k8s.Informer<Seg>[] = [];

  beforeAll(async () => {
    // No istiod stand-in: its status writes would add MODIFIED events to the exact watch sequences.
    fleet = await Fleet.start({ clusters: [{ name: 'c1' }, { name: 'c2' }], istiod: false });
    kc = new k8s.KubeConfig();
    kc.loadFromString(fleet.kubeconfig());
    kc.setCurrentContext('c1');
    core = kc.makeApiClient(k8s.CoreV1Api);
    custom = kc.makeApiClient(k8s.CustomObjectsApi);
  });
  afterAll(async () => {
    for (const inf of informers) await inf.stop();
    await fleet?.stop();
  });

  /** An informer on istio-system segments that records events and restarts itself after errors. */
  function startInformer(labelSelector?: string): {
    informer: k8s.Informer<Seg> & k8s.ObjectCache<Seg>;
    rec: Recorded;
    errors: unknown[];
  } {
    const rec: Recorded = { events: [], lists: 0 };
    const errors: unknown[] = [];
    const list = () => {
      rec.lists++;
      return custom.listNamespacedCustomObject({ ...SEG, labelSelector }) as Promise<
        k8s.KubernetesListObject<Seg>
      >;
    };
    const informer = k8s.makeInformer<Seg>(kc, SEG_PATH, list, labelSelector);
    let stopped = false;
    const stop = informer.stop.bind(informer);
    informer.stop = async () => {
      stopped = true;
      await stop();
    };
    informer.on('add', (o) => rec.events.push(`add ${o.metadata.name} ${o.spec.domain}`));
    informer.on('update', (o) => rec.events.push(`update ${o.metadata.name} ${o.spec.domain}`));
    informer.on('delete', (o) => rec.events.push(`delete ${o.metadata.name}`));
    // The informer stops for good on any error (wire-notes pitfall 9); an app restarts it.
    informer.on('error', (err) => {
      errors.push(err);
      if (!stopped) setTimeout(() => void (stopped ? undefined : informer.start()), 100);
    });
    informers.push(informer);
    void informer.start();
    return { informer, rec, errors };
  }

  it('CoreV1Api lists, creates and reads', async () => {
    const namespaces = await core.listNamespace();
    expect(namespaces.items.map((n) => n.metadata?.name)).toEqual([
      'default',
      'istio-system',
      'kube-public',
      'kube-system',
    ]);
    const created = await core.createNamespace({
      body: { metadata: { name: 'apps', labels: { team: 'a' } } },
    });
    expect(created.metadata?.uid).toBeTruthy();
    expect(created.metadata?.creationTimestamp).toBeInstanceOf(Date);
    expect(created.status?.phase).toBe('Active');
    const read = await core.readNamespace({ name: 'apps' });
    expect(read.metadata?.labels).toMatchObject({
      team: 'a',
      'kubernetes.io/metadata.name': 'apps',
    });
    await core.createNamespacedConfigMap({
      namespace: 'apps',
      body: { metadata: { name: 'cfg', labels: { app: 'x' } }, data: { a: '1' } },
    });
    const cms = await core.listNamespacedConfigMap({ namespace: 'apps', labelSelector: 'app=x' });
    expect(cms.items.map((c) => [c.metadata?.name, c.data])).toEqual([['cfg', { a: '1' }]]);
    const svcs = await core.listServiceForAllNamespaces({ labelSelector: 'app' });
    expect(svcs.items.map((s) => `${s.metadata?.namespace}/${s.metadata?.name}`)).toEqual([
      'istio-system/istiod',
    ]);
  });

  it('CustomObjectsApi creates, lists and patches Segments (merge patch and JSON patch)', async () => {
    const created = (await custom.createNamespacedCustomObject({
      ...SEG,
      body: segment('co', 'co.internal', { a: '1', b: '1' }),
    })) as Seg;
    expect(created.metadata.generation).toBe(1);
    const list = (await custom.listNamespacedCustomObject(SEG)) as { kind: string; items: Seg[] };
    expect(list.kind).toBe('SegmentList');
    expect(list.items.map((s) => s.metadata.name)).toContain('co');

    const merged = (await custom.patchNamespacedCustomObject(
      {
        ...SEG,
        name: 'co',
        body: { metadata: { labels: { a: null, b: '2' } }, spec: { domain: 'co.mesh' } },
      },
      MERGE,
    )) as Seg;
    expect(merged.metadata.labels).toEqual({ b: '2' });
    expect(merged.spec.domain).toBe('co.mesh');
    expect(merged.metadata.generation).toBe(2);

    const jsonPatched = (await custom.patchNamespacedCustomObject({
      ...SEG,
      name: 'co',
      body: [
        { op: 'test', path: '/spec/domain', value: 'co.mesh' },
        { op: 'replace', path: '/spec/domain', value: 'co.json' },
        { op: 'add', path: '/metadata/labels/c', value: '3' },
      ],
    })) as Seg;
    expect(jsonPatched.spec.domain).toBe('co.json');
    expect(jsonPatched.metadata.labels).toEqual({ b: '2', c: '3' });
    const failedTest = await apiError(
      custom.patchNamespacedCustomObject({
        ...SEG,
        name: 'co',
        body: [{ op: 'test', path: '/spec/domain', value: 'nope' }],
      }),
    );
    expect(failedTest.code).toBe(422);

    const smp = await apiError(
      custom.patchNamespacedCustomObject(
        { ...SEG, name: 'co', body: { spec: { domain: 'x' } } },
        k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.StrategicMergePatch),
      ),
    );
    expect(smp.code).toBe(415);
    expect(smp.status.reason).toBe('UnsupportedMediaType');
  });

  it('errors are ApiExceptions with a Status body: 409 AlreadyExists, 404 NotFound, 422 Invalid', async () => {
    await custom.createNamespacedCustomObject({ ...SEG, body: segment('dup', 'dup.mesh') });
    const exists = await apiError(
      custom.createNamespacedCustomObject({ ...SEG, body: segment('dup', 'dup.mesh') }),
    );
    expect(exists.code).toBe(409);
    expect(exists.status).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      reason: 'AlreadyExists',
      code: 409,
      details: { name: 'dup', group: 'admin.istio.io', kind: 'segments' },
    });
    const missing = await apiError(custom.getNamespacedCustomObject({ ...SEG, name: 'missing' }));
    expect(missing.code).toBe(404);
    expect(missing.status).toMatchObject({
      reason: 'NotFound',
      message: 'segments.admin.istio.io "missing" not found',
      code: 404,
    });
    const ns = await apiError(core.readNamespace({ name: 'missing' }));
    expect(ns).toMatchObject({
      code: 404,
      status: { reason: 'NotFound', details: { name: 'missing', kind: 'namespaces' } },
    });
    const bad = await apiError(
      custom.createNamespacedCustomObject({ ...SEG, body: { ...segment('bad', 'x'), spec: {} } }),
    );
    expect(bad.code).toBe(422);
    expect(bad.status).toMatchObject({
      reason: 'Invalid',
      details: {
        kind: 'Segment',
        causes: [{ field: 'spec.domain', reason: 'FieldValueRequired' }],
      },
    });
  });

  it('server-side apply with a fieldManager creates, then updates', async () => {
    const body = segment('ssa', 'ssa.internal', { owner: 'segscope' });
    const created = (await custom.patchNamespacedCustomObject(
      { ...SEG, name: 'ssa', body, fieldManager: 'segscope', force: true },
      APPLY,
    )) as Seg;
    expect(created.metadata.uid).toBeTruthy();
    expect(created.spec.domain).toBe('ssa.internal');
    const updated = (await custom.patchNamespacedCustomObject(
      {
        ...SEG,
        name: 'ssa',
        body: { ...body, spec: { domain: 'ssa.mesh' } },
        fieldManager: 'segscope',
        force: true,
      },
      APPLY,
    )) as Seg;
    expect(updated.metadata.uid).toBe(created.metadata.uid);
    expect(updated.spec.domain).toBe('ssa.mesh');
    expect(updated.metadata.generation).toBe(2);
    const noManager = await apiError(
      custom.patchNamespacedCustomObject({ ...SEG, name: 'ssa', body }, APPLY),
    );
    expect(noManager.code).toBe(422);
  });

  it('an informer sees add, update and delete', async () => {
    const { informer, rec } = startInformer();
    await waitFor(
      () => rec.lists === 1 && rec.events.includes('add ssa ssa.mesh'),
      5000,
      'the initial list',
    );
    await custom.createNamespacedCustomObject({ ...SEG, body: segment('inf', 'inf.internal') });
    await waitFor(() => rec.events.includes('add inf inf.internal'), 5000, 'add');
    await custom.patchNamespacedCustomObject(
      { ...SEG, name: 'inf', body: { spec: { domain: 'inf.mesh' } } },
      MERGE,
    );
    await waitFor(() => rec.events.includes('update inf inf.mesh'), 5000, 'update');
    await custom.deleteNamespacedCustomObject({ ...SEG, name: 'inf' });
    await waitFor(() => rec.events.includes('delete inf'), 5000, 'delete');
    expect(informer.get('inf', 'istio-system')).toBeUndefined();
    expect(informer.get('ssa', 'istio-system')?.spec.domain).toBe('ssa.mesh');
    await informer.stop();
  });

  it('an informer restarted by the app recovers after the cluster restarts, catching up on missed changes', async () => {
    const cluster = fleet.cluster('c1');
    const { informer, rec, errors } = startInformer();
    await waitFor(() => rec.lists === 1, 5000, 'the initial list');
    await cluster.stop();
    await waitFor(() => errors.length > 0, 5000, 'the informer to report the lost connection');
    // Changed while the informer cannot see anything, as if by another client.
    cluster.api.create(
      cluster.registry.find('admin.istio.io', 'v1', 'segments')!,
      'istio-system',
      segment('offline', 'offline.mesh') as KubeObject,
      {
        dryRun: false,
        fieldValidation: 'Strict',
      },
    );
    await new Promise((r) => setTimeout(r, 300));
    await cluster.start();
    await waitFor(
      () => rec.events.includes('add offline offline.mesh'),
      10_000,
      'the missed add after the restart',
    );
    await custom.createNamespacedCustomObject({ ...SEG, body: segment('after', 'after.mesh') });
    await waitFor(
      () => rec.events.includes('add after after.mesh'),
      5000,
      'a live add after the restart',
    );
    expect(
      informer
        .list('istio-system')
        .map((s) => s.metadata.name)
        .sort(),
    ).toEqual(expect.arrayContaining(['after', 'offline', 'ssa']));
    await informer.stop();
  });

  it('an informer relists after a 410 (compaction) and keeps seeing changes', async () => {
    const cluster = fleet.cluster('c1');
    const { informer, rec } = startInformer();
    await waitFor(
      () => rec.lists === 1 && informer.get('ssa', 'istio-system'),
      5000,
      'the initial list',
    );
    // Move the revision past what the informer has seen, forget history, and cut its watch.
    await core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'bump' } },
    });
    cluster.store.compact();
    expect(cluster.hub.closeAll()).toBeGreaterThan(0);
    await waitFor(() => rec.lists === 2, 5000, 'a relist after 410 Expired');
    await custom.patchNamespacedCustomObject(
      { ...SEG, name: 'ssa', body: { spec: { domain: 'after-410.mesh' } } },
      MERGE,
    );
    await waitFor(
      () => rec.events.includes('update ssa after-410.mesh'),
      5000,
      'an update after the relist',
    );
    expect(informer.get('ssa', 'istio-system')?.spec.domain).toBe('after-410.mesh');
    await informer.stop();
  });

  it('a label-selected watch gets DELETED when an object stops matching and ADDED when it matches again', async () => {
    await custom.createNamespacedCustomObject({
      ...SEG,
      body: segment('gold', 'gold.mesh', { tier: 'gold' }),
    });
    const events: string[] = [];
    let done: unknown = 'open';
    const controller = await new k8s.Watch(kc).watch(
      SEG_PATH,
      { labelSelector: 'tier=gold' },
      (type: string, obj: Seg) => events.push(`${type} ${obj.metadata.name}`),
      (err: unknown) => (done = err),
    );
    try {
      await waitFor(() => events.includes('ADDED gold'), 5000, 'the initial ADDED');
      await custom.patchNamespacedCustomObject(
        { ...SEG, name: 'gold', body: { metadata: { labels: { tier: 'silver' } } } },
        MERGE,
      );
      await waitFor(
        () => events.includes('DELETED gold'),
        5000,
        'DELETED when leaving the selector',
      );
      await custom.patchNamespacedCustomObject(
        { ...SEG, name: 'gold', body: { metadata: { labels: { tier: 'gold' } } } },
        MERGE,
      );
      await waitFor(
        () => events.filter((e) => e === 'ADDED gold').length === 2,
        5000,
        'ADDED when matching again',
      );
      expect(events).toEqual(['ADDED gold', 'DELETED gold', 'ADDED gold']);
      expect(done).toBe('open');
    } finally {
      controller.abort();
    }
  });

  it('a label-selected informer drops an object that stops matching', async () => {
    const { informer, rec } = startInformer('tier=gold');
    await waitFor(() => informer.get('gold', 'istio-system'), 5000, 'the selected object');
    expect(informer.list().map((s) => s.metadata.name)).toEqual(['gold']);
    await custom.patchNamespacedCustomObject(
      { ...SEG, name: 'gold', body: { metadata: { labels: { tier: null } } } },
      MERGE,
    );
    await waitFor(() => rec.events.includes('delete gold'), 5000, 'delete on leaving the selector');
    expect(informer.list()).toEqual([]);
    await informer.stop();
  });

  it('setCurrentContext switches clusters', async () => {
    const other = new k8s.KubeConfig();
    other.loadFromString(fleet.kubeconfig());
    other.setCurrentContext('c2');
    const c2 = other.makeApiClient(k8s.CoreV1Api);
    const ns = await c2.readNamespace({ name: 'istio-system' });
    expect(ns.metadata?.labels?.['topology.istio.io/network']).toBe('c2');
    await apiError(c2.readNamespace({ name: 'apps' })).then((e) => expect(e.code).toBe(404));
  });
});
