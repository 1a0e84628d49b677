import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { loadKubeconfig } from '../config/kubeconfig';
import { Fleet } from '../sim/fleet';
import { createSession } from '../sim/testing/kubectl';
import { ClusterWriter } from './cluster-writer';

let fleet: Fleet;
let writer: ClusterWriter;

const SEGMENT = {
  apiVersion: 'admin.istio.io/v1',
  kind: 'Segment',
  metadata: { name: 'pay', namespace: 'istio-system' },
  spec: { domain: 'pay.mesh' },
};
const ref = {
  apiVersion: 'admin.istio.io/v1',
  kind: 'Segment',
  namespace: 'istio-system',
  name: 'pay',
};
const NS = { apiVersion: 'v1', kind: 'Namespace', name: 'istio-system' };

beforeAll(async () => {
  fleet = await Fleet.start({ clusters: [{ name: 'one' }], istiod: false });
  const { kc } = loadKubeconfig({ KUBECONFIG: createSession(fleet.kubeconfig()).kubeconfigPath });
  writer = new ClusterWriter(kc, 'one');
});

afterAll(async () => {
  writer?.close();
  await fleet?.stop();
});

describe('ClusterWriter', () => {
  it('dry-runs without writing, writes as field manager segscope, and honours preconditions', async () => {
    expect(await writer.read(ref)).toEqual({ ok: true, object: undefined });
    expect((await writer.create(SEGMENT, true)).ok).toBe(true);
    expect(await writer.read(ref)).toEqual({ ok: true, object: undefined });

    const created = await writer.create(SEGMENT, false);
    if (!created.ok) throw new Error(created.message);
    const managers = (
      created.object?.metadata as { managedFields?: { manager: string }[] }
    ).managedFields?.map((m) => m.manager);
    expect(managers).toEqual(['segscope']);
    expect(await writer.create(SEGMENT, false)).toMatchObject({
      ok: false,
      status: 409,
      reason: 'AlreadyExists',
    });

    const rv = created.object!.metadata.resourceVersion!;
    const stale = await writer.patch(ref, { spec: { domain: 'x.mesh' } }, '1', false);
    expect(stale).toMatchObject({ ok: false, status: 409, reason: 'Conflict' });
    const patched = await writer.patch(ref, { spec: { domain: 'x.mesh' } }, rv, false);
    expect(patched.ok && (patched.object?.spec as { domain: string }).domain).toBe('x.mesh');
    expect(await writer.delete(ref, { resourceVersion: rv }, false)).toMatchObject({
      ok: false,
      status: 409,
    });
    const newRv = patched.ok ? patched.object!.metadata.resourceVersion! : '';
    expect((await writer.delete(ref, { resourceVersion: newRv }, false)).ok).toBe(true);
    expect(await writer.read(ref)).toEqual({ ok: true, object: undefined });
  });

  it('gives up on a cluster that does not answer, as a timeout', async () => {
    process.env.SEGSCOPE_WRITE_TIMEOUT_MS = '300';
    const { kc } = loadKubeconfig({ KUBECONFIG: createSession(fleet.kubeconfig()).kubeconfigPath });
    const slow = new ClusterWriter(kc, 'one');
    await fleet.cluster('one').setFaults({ latencyMs: 3000 });
    try {
      expect(await slow.read(NS)).toMatchObject({ ok: false, status: 0, reason: 'Timeout' });
    } finally {
      delete process.env.SEGSCOPE_WRITE_TIMEOUT_MS;
      await fleet.cluster('one').setFaults({ latencyMs: 0 });
      slow.close();
    }
  });
});
