// The real kubectl writing to the simulator: label/annotate, client-side and server-side apply,
// dry runs, deletes, protobuf creates and optimistic concurrency. See kubectl-conformance.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  expectFailure as failed,
  expectOk as ok,
  segmentYaml as seg,
  startTestFleet,
  type TestFleet,
} from './testing/kubectl';
import type { KubeObject } from './types';

describe('kubectl writes', () => {
  let env: TestFleet;
  beforeAll(async () => {
    env = await startTestFleet([{ name: 'c1' }]);
  });
  afterAll(() => env?.stop());
  const getJson = async (args: string[]) =>
    JSON.parse(ok(await env.session().kubectl(['get', ...args, '-o', 'json']))) as KubeObject;

  it('label and annotate: add, refuse without --overwrite, overwrite, remove', async () => {
    const { kubectl } = env.session();
    ok(await kubectl(['create', 'configmap', 'labels', '-n', 'default', '--from-literal=a=1']));
    ok(await kubectl(['label', 'cm', 'labels', '-n', 'default', 'team=a', 'keep=yes']));
    expect(failed(await kubectl(['label', 'cm', 'labels', '-n', 'default', 'team=b']))).toContain(
      "'team' already has a value (a)",
    );
    ok(await kubectl(['label', 'cm', 'labels', '-n', 'default', 'team=b', '--overwrite']));
    ok(await kubectl(['annotate', 'cm', 'labels', '-n', 'default', 'note=hi', 'other=x']));
    expect(
      failed(await kubectl(['annotate', 'cm', 'labels', '-n', 'default', 'note=bye'])),
    ).toContain('--overwrite is false');
    ok(await kubectl(['annotate', 'cm', 'labels', '-n', 'default', 'note=bye', '--overwrite']));
    let o = await getJson(['cm', 'labels', '-n', 'default']);
    expect(o.metadata.labels).toEqual({ team: 'b', keep: 'yes' });
    expect(o.metadata.annotations).toEqual({ note: 'bye', other: 'x' });
    ok(await kubectl(['label', 'cm', 'labels', '-n', 'default', 'team-']));
    ok(await kubectl(['annotate', 'cm', 'labels', '-n', 'default', 'note-', 'other-']));
    o = await getJson(['cm', 'labels', '-n', 'default']);
    expect(o.metadata.labels).toEqual({ keep: 'yes' });
    expect(o.metadata.annotations).toBeUndefined();
  });

  it('client-side apply of a Segment: created, configured, unchanged', async () => {
    const { kubectl } = env.session();
    expect(
      ok(
        await kubectl(['apply', '-f', '-'], {
          input: seg('csa', 'csa.internal', { labels: { team: 'platform' } }),
        }),
      ),
    ).toContain('segment.admin.istio.io/csa created');
    expect(ok(await kubectl(['apply', '-f', '-'], { input: seg('csa', 'csa.mesh') }))).toContain(
      'segment.admin.istio.io/csa configured',
    );
    const rv = (await getJson(['segment', 'csa', '-n', 'istio-system'])).metadata.resourceVersion;
    expect(ok(await kubectl(['apply', '-f', '-'], { input: seg('csa', 'csa.mesh') }))).toContain(
      'segment.admin.istio.io/csa unchanged',
    );
    const o = await getJson(['segment', 'csa', '-n', 'istio-system']);
    expect(o.spec).toEqual({ domain: 'csa.mesh' });
    expect(o.metadata.labels).toBeUndefined();
    expect(o.metadata.generation).toBe(2);
    expect(o.metadata.resourceVersion).toBe(rv);
    expect(o.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration']).toContain(
      'csa.mesh',
    );
  });

  it('client-side apply of a Service merges ports by key (strategic merge patch)', async () => {
    const { kubectl } = env.session();
    const svc = (ports: string) =>
      `apiVersion: v1\nkind: Service\nmetadata: {name: reviews, namespace: default}\nspec:\n  selector: {app: reviews}\n  ports: ${ports}\n`;
    const ports = async () =>
      (
        (await getJson(['svc', 'reviews', '-n', 'default'])).spec as {
          ports: { name: string; port: number }[];
        }
      ).ports;
    ok(await kubectl(['apply', '-f', '-'], { input: svc('[{name: http, port: 9080}]') }));
    const r = await kubectl(['apply', '-f', '-', '-v=8'], {
      input: svc('[{name: http, port: 9080}, {name: grpc, port: 9090}]'),
    });
    expect(ok(r)).toContain('service/reviews configured');
    expect(r.stderr).toContain('application/strategic-merge-patch+json');
    expect((await ports()).map((p) => [p.name, p.port])).toEqual([
      ['http', 9080],
      ['grpc', 9090],
    ]);
    ok(await kubectl(['apply', '-f', '-'], { input: svc('[{name: grpc, port: 9090}]') }));
    expect((await ports()).map((p) => [p.name, p.port])).toEqual([['grpc', 9090]]);
  });

  it('server-side apply creates (201) and updates (200)', async () => {
    const { kubectl } = env.session();
    const created = await kubectl(['apply', '--server-side', '-f', '-', '-v=6'], {
      input: seg('ssa', 'ssa.internal'),
    });
    expect(ok(created)).toContain('segment.admin.istio.io/ssa serverside-applied');
    expect(created.stderr).toMatch(
      /PATCH https:\S+\/segments\/ssa\?\S*fieldManager=kubectl\S* 201 Created/,
    );
    const updated = await kubectl(['apply', '--server-side', '-f', '-', '-v=6'], {
      input: seg('ssa', 'ssa.mesh'),
    });
    expect(ok(updated)).toContain('serverside-applied');
    expect(updated.stderr).toMatch(/PATCH https:\S+\/segments\/ssa\?\S* 200 OK/);
    expect((await getJson(['segment', 'ssa', '-n', 'istio-system'])).spec).toEqual({
      domain: 'ssa.mesh',
    });
  });

  it('server-side apply reports a field another manager owns as a conflict, and --force-conflicts takes it', async () => {
    const { kubectl } = env.session();
    const reviews = (app: string) =>
      `apiVersion: v1\nkind: Service\nmetadata: {name: reviews, namespace: default}\nspec: {selector: {app: ${app}}, ports: [{name: http, port: 9080}]}\n`;
    ok(await kubectl(['apply', '-f', '-'], { input: reviews('reviews') }));
    ok(
      await kubectl([
        'patch',
        'svc',
        'reviews',
        '-n',
        'default',
        '--type',
        'merge',
        '-p',
        '{"spec":{"selector":{"app":"reviews-v2"}}}',
      ]),
    );
    const refused = failed(
      await kubectl(['apply', '--server-side', '-f', '-'], { input: reviews('reviews-v3') }),
    );
    expect(refused).toContain(
      'Apply failed with 1 conflict: conflict with "kubectl-patch" using v1: .spec.selector.app',
    );
    expect((await getJson(['svc', 'reviews', '-n', 'default'])).spec).toMatchObject({
      selector: { app: 'reviews-v2' },
    });

    ok(
      await kubectl(['apply', '--server-side', '--force-conflicts', '-f', '-'], {
        input: reviews('reviews-v3'),
      }),
    );
    const taken = await getJson(['svc', 'reviews', '-n', 'default', '--show-managed-fields']);
    expect(taken.spec).toMatchObject({
      selector: { app: 'reviews-v3' },
      ports: [{ name: 'http', port: 9080 }],
    });
    const managers = (taken.metadata.managedFields ?? []).map(
      (m) => `${String(m.manager)}/${String(m.operation)}`,
    );
    expect(managers).toContain('kubectl/Apply');
    expect(managers).not.toContain('kubectl-patch/Update');
  });

  it('--dry-run=server for apply, create and delete persists nothing', async () => {
    const { kubectl } = env.session();
    expect(
      ok(
        await kubectl(['apply', '--dry-run=server', '-f', '-'], { input: seg('dry', 'dry.mesh') }),
      ),
    ).toContain('created (server dry run)');
    expect(
      ok(
        await kubectl(['create', '--dry-run=server', '-f', '-'], { input: seg('dry', 'dry.mesh') }),
      ),
    ).toContain('created (server dry run)');
    ok(await kubectl(['create', 'namespace', 'dry-ns', '--dry-run=server']));
    expect(failed(await kubectl(['get', 'segment', 'dry', '-n', 'istio-system']))).toContain(
      'segments.admin.istio.io "dry" not found',
    );
    expect(failed(await kubectl(['get', 'namespace', 'dry-ns']))).toContain('NotFound');
    ok(await kubectl(['apply', '-f', '-'], { input: seg('keep', 'keep.mesh') }));
    expect(
      ok(
        await kubectl(['apply', '--dry-run=server', '-f', '-'], {
          input: seg('keep', 'changed.mesh'),
        }),
      ),
    ).toContain('(server dry run)');
    expect(
      ok(await kubectl(['delete', 'segment', 'keep', '-n', 'istio-system', '--dry-run=server'])),
    ).toContain('deleted (server dry run)');
    expect((await getJson(['segment', 'keep', '-n', 'istio-system'])).spec).toEqual({
      domain: 'keep.mesh',
    });
  });

  it('delete an object, then a namespace with everything in it', async () => {
    const { kubectl } = env.session();
    ok(await kubectl(['apply', '-f', '-'], { input: seg('doomed', 'doomed.mesh') }));
    expect(ok(await kubectl(['delete', 'segment', 'doomed', '-n', 'istio-system']))).toContain(
      'segment.admin.istio.io "doomed" deleted',
    );
    expect(failed(await kubectl(['get', 'segment', 'doomed', '-n', 'istio-system']))).toContain(
      'NotFound',
    );
    ok(await kubectl(['create', 'namespace', 'gone']));
    ok(await kubectl(['create', 'configmap', 'inside', '-n', 'gone', '--from-literal=a=b']));
    ok(
      await kubectl(['apply', '-f', '-'], {
        input: seg('inside', 'inside.mesh', { namespace: 'gone' }),
      }),
    );
    expect(ok(await kubectl(['delete', 'namespace', 'gone']))).toContain(
      'namespace "gone" deleted',
    );
    expect(failed(await kubectl(['get', 'namespace', 'gone']))).toContain(
      'namespaces "gone" not found',
    );
    expect(ok(await kubectl(['get', 'cm,segments', '-n', 'gone', '-o', 'name']))).toBe('');
    expect(env.fleet.cluster('c1').store.inNamespace('gone')).toEqual([]);
  });

  it('create namespace, configmap and service clusterip (protobuf bodies)', async () => {
    const { kubectl } = env.session();
    const created = await kubectl(['create', 'namespace', 'proto', '-v=8']);
    expect(ok(created)).toContain('namespace/proto created');
    expect(created.stderr).toContain('application/vnd.kubernetes.protobuf');
    ok(
      await kubectl([
        'create',
        'configmap',
        'settings',
        '-n',
        'proto',
        '--from-literal=color=blue',
        '--from-literal=size=L',
      ]),
    );
    ok(await kubectl(['create', 'service', 'clusterip', 'web', '-n', 'proto', '--tcp=80:8080']));
    expect((await getJson(['ns', 'proto'])).status).toEqual({ phase: 'Active' });
    expect((await getJson(['cm', 'settings', '-n', 'proto'])).data).toEqual({
      color: 'blue',
      size: 'L',
    });
    const svc = await getJson(['svc', 'web', '-n', 'proto']);
    expect(svc.spec).toMatchObject({
      type: 'ClusterIP',
      selector: { app: 'web' },
      ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }],
    });
    expect(failed(await kubectl(['create', 'namespace', 'proto']))).toContain('AlreadyExists');
  });

  it('replace with a stale resourceVersion gets a Conflict', async () => {
    const s = env.session();
    ok(await s.kubectl(['apply', '-f', '-'], { input: seg('stale', 'stale.mesh') }));
    const old = ok(
      await s.kubectl(['get', 'segment', 'stale', '-n', 'istio-system', '-o', 'yaml']),
    );
    ok(await s.kubectl(['label', 'segment', 'stale', '-n', 'istio-system', 'bump=1']));
    const stderr = failed(
      await s.kubectl([
        'replace',
        '-f',
        s.file('old.yaml', old.replace('stale.mesh', 'lost.mesh')),
      ]),
    );
    expect(stderr).toContain('Error from server (Conflict)');
    expect(stderr).toContain('the object has been modified');
    expect((await getJson(['segment', 'stale', '-n', 'istio-system'])).spec).toEqual({
      domain: 'stale.mesh',
    });
  });
});
