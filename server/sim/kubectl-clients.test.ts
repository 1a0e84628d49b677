// Clients the simulator used to break (issue 14 §3), each with the real kubectl or the raw
// request that found it: protobuf Deployments and DeleteOptions, a CRD and its custom resource in
// one apply, /openapi/v2, `auth whoami`, `auth can-i --list` and `--as` impersonation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  expectFailure as failed,
  expectOk as ok,
  rawRequest,
  startTestFleet,
  type TestFleet,
} from './testing/kubectl';
import type { KubeObject } from './types';

let env: TestFleet;
beforeAll(async () => {
  env = await startTestFleet([{ name: 'c1' }, { name: 'ro', readOnly: true }]);
});
afterAll(() => env?.stop());

const raw = (path: string, options: Parameters<typeof rawRequest>[1] = {}) => {
  const c = env.fleet.cluster('c1');
  return rawRequest(`${c.url}${path}`, { token: c.users[0]!.token, ...options });
};

// A minimal protobuf writer for the DeleteOptions client-go sends (helm uninstall).
const bytes = (field: number, data: Buffer) =>
  Buffer.concat([Buffer.from([(field << 3) | 2, data.length]), data]);
const str = (field: number, s: string) => bytes(field, Buffer.from(s));
const deleteOptions = (...raw: Buffer[]) =>
  Buffer.concat([
    Buffer.from('k8s\0', 'binary'),
    bytes(1, Buffer.concat([str(1, 'meta.k8s.io/v1'), str(2, 'DeleteOptions')])),
    bytes(2, Buffer.concat(raw)),
  ]);

describe('protobuf bodies from typed clients', () => {
  it('kubectl create deployment (protobuf) creates a defaulted Deployment', async () => {
    const { kubectl } = env.session();
    expect(
      ok(
        await kubectl([
          'create',
          'deployment',
          'web',
          '--image=nginx:1.27',
          '--replicas=2',
          '--port=8080',
        ]),
      ),
    ).toContain('deployment.apps/web created');
    const d = JSON.parse(ok(await kubectl(['get', 'deploy', 'web', '-o', 'json']))) as KubeObject;
    expect(d.spec).toMatchObject({
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      strategy: { type: 'RollingUpdate' },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [{ name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 8080 }] }],
        },
      },
    });
    expect(ok(await kubectl(['rollout', 'status', 'deploy/web', '--timeout=10s']))).toContain(
      'successfully rolled out',
    );
  });

  it('DeleteOptions as protobuf: preconditions, dry run and propagation policy are honoured', async () => {
    const { kubectl } = env.session();
    ok(await kubectl(['create', 'configmap', 'pb-delete', '--from-literal=a=1']));
    const cm = JSON.parse(
      ok(await kubectl(['get', 'cm', 'pb-delete', '-o', 'json'])),
    ) as KubeObject;
    const path = '/api/v1/namespaces/default/configmaps/pb-delete';
    const headers = { 'Content-Type': 'application/vnd.kubernetes.protobuf' };
    const stale = await raw(path, {
      method: 'DELETE',
      headers,
      body: deleteOptions(bytes(2, str(1, 'not-the-uid'))),
    });
    expect(stale.status, stale.body).toBe(409);
    expect(stale.body).toContain('Precondition failed: UID in precondition: not-the-uid');
    const dry = await raw(path, {
      method: 'DELETE',
      headers,
      body: deleteOptions(str(4, 'Background'), str(5, 'All')),
    });
    expect(dry.status, dry.body).toBe(200);
    ok(await kubectl(['get', 'cm', 'pb-delete']));
    const gone = await raw(path, {
      method: 'DELETE',
      headers,
      body: deleteOptions(bytes(2, str(1, cm.metadata.uid!)), str(4, 'Background')),
    });
    expect(gone.status, gone.body).toBe(200);
    expect(failed(await kubectl(['get', 'cm', 'pb-delete']))).toContain('NotFound');
  });
});

describe('kubectl apply of a CRD and its custom resource in one file', () => {
  const file = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget, listKind: WidgetList}
  versions:
  - name: v1
    served: true
    storage: true
    schema: {openAPIV3Schema: {type: object, properties: {spec: {type: object, properties: {size: {type: integer}}}}}}
---
apiVersion: example.com/v1
kind: Widget
metadata: {name: w1, namespace: default}
spec: {size: 3}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: after-widget, namespace: default}
data: {a: "1"}
`;

  it('applies the rest and reports "no matches for kind" for the CR; a second apply creates it', async () => {
    const { kubectl } = env.session();
    const first = await kubectl(['apply', '-f', '-'], { input: file });
    expect(first.code).not.toBe(0);
    expect(first.stdout).toContain(
      'customresourcedefinition.apiextensions.k8s.io/widgets.example.com created',
    );
    expect(first.stdout).toContain('configmap/after-widget created');
    expect(first.stderr).toContain('no matches for kind "Widget" in version "example.com/v1"');
    expect(first.stderr).not.toContain('error validating');
    const second = ok(await kubectl(['apply', '-f', '-'], { input: file }));
    expect(second).toContain('widget.example.com/w1 created');
  });

  it('/openapi/v2 answers JSON and the protobuf kubectl asks for', async () => {
    const json = await raw('/openapi/v2', { headers: { Accept: 'application/json' } });
    expect(json.status).toBe(200);
    expect(json.json).toMatchObject({ swagger: '2.0' });
    const pb = await raw('/openapi/v2', {
      headers: { Accept: 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf' },
    });
    expect(pb.status).toBe(200);
    expect(pb.headers['content-type']).toBe(
      'application/com.github.proto-openapi.spec.v2.v1.0+protobuf',
    );
    expect(pb.body.startsWith('\n\x032.0')).toBe(true);
  });
});

describe('auth: whoami, can-i --list, --as', () => {
  it('kubectl auth whoami names the kubeconfig user', async () => {
    const { kubectl } = env.session();
    const out = ok(await kubectl(['auth', 'whoami']));
    expect(out).toMatch(/Username\s+c1-admin/);
    expect(out).toContain('system:authenticated');
    expect(ok(await kubectl(['auth', 'whoami'], { context: 'ro' }))).toMatch(/Username\s+ro-admin/);
  });

  it('kubectl auth can-i --list: everything for an admin, reads for a read-only user', async () => {
    const { kubectl } = env.session();
    expect(ok(await kubectl(['auth', 'can-i', '--list']))).toMatch(
      /^\*\.\*\s+\[\]\s+\[\]\s+\[\*\]$/m,
    );
    expect(ok(await kubectl(['auth', 'can-i', '--list'], { context: 'ro' }))).toMatch(
      /^\*\.\*\s+\[\]\s+\[\]\s+\[get list watch\]$/m,
    );
  });

  it('--as: an admin may impersonate (and then has only the impersonated rights); a read-only user may not', async () => {
    const { kubectl } = env.session();
    expect(ok(await kubectl(['auth', 'whoami', '--as', 'jane', '--as-group', 'devs']))).toMatch(
      /Username\s+jane[\s\S]*devs/,
    );
    expect(failed(await kubectl(['create', 'configmap', 'as-jane', '--as', 'jane']))).toContain(
      'User "jane" cannot create resource "configmaps"',
    );
    ok(await kubectl(['get', 'cm', '--as', 'jane']));
    ok(
      await kubectl([
        'create',
        'configmap',
        'as-root',
        '--as',
        'root',
        '--as-group',
        'system:masters',
      ]),
    );
    const canI = await kubectl(['auth', 'can-i', 'create', 'configmaps', '--as', 'jane']);
    expect(canI.code).toBe(1);
    expect(canI.stdout).toMatch(/^no\b/);
    // kubectl's discovery shows a Forbidden without its message ("unknown"), as against a real
    // server; the raw answer carries it.
    expect(failed(await kubectl(['get', 'ns', '--as', 'c1-admin'], { context: 'ro' }))).toContain(
      'Error from server (Forbidden)',
    );
    const ro = env.fleet.cluster('ro');
    const denied = await rawRequest(`${ro.url}/api/v1/namespaces`, {
      token: ro.users[0]!.token,
      headers: { 'Impersonate-User': 'ro-admin' },
    });
    expect(denied.status).toBe(403);
    expect((denied.json as { message: string }).message).toBe(
      'users "ro-admin" is forbidden: User "ro-admin" cannot impersonate resource "users" in API group "" at the cluster scope',
    );
  });
});

describe('server-side apply ownership', () => {
  const cm = (name: string) =>
    `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}, namespace: default}\ndata: {a: "1"}\n`;
  const managers = async (name: string) =>
    (
      JSON.parse(
        ok(await env.session().kubectl(['get', 'cm', name, '-o', 'json', '--show-managed-fields'])),
      ) as { metadata: { managedFields: { manager: string; operation: string }[] } }
    ).metadata.managedFields.map((f) => `${f.manager}/${f.operation}`);

  it('a second manager applying the same value shares ownership of it', async () => {
    const { kubectl } = env.session();
    ok(
      await kubectl(['apply', '--server-side', '--field-manager=one', '-f', '-'], {
        input: cm('shared'),
      }),
    );
    ok(
      await kubectl(['apply', '--server-side', '--field-manager=two', '-f', '-'], {
        input: cm('shared'),
      }),
    );
    expect(await managers('shared')).toEqual(['one/Apply', 'two/Apply']);
  });

  it('Service ports are owned per port and protocol, the protocol defaulted when left out', async () => {
    const { kubectl } = env.session();
    ok(
      await kubectl(['apply', '--server-side', '-f', '-'], {
        input:
          'apiVersion: v1\nkind: Service\nmetadata: {name: keyed, namespace: default}\nspec: {ports: [{name: http, port: 80}]}\n',
      }),
    );
    const svc = JSON.parse(
      ok(await kubectl(['get', 'svc', 'keyed', '-o', 'json', '--show-managed-fields'])),
    ) as { metadata: { managedFields: { fieldsV1: { 'f:spec': { 'f:ports': object } } }[] } };
    expect(Object.keys(svc.metadata.managedFields[0]!.fieldsV1['f:spec']['f:ports'])).toEqual([
      'k:{"port":80,"protocol":"TCP"}',
    ]);
    const conflict = failed(
      await kubectl(['apply', '--server-side', '--field-manager=other', '-f', '-'], {
        input:
          'apiVersion: v1\nkind: Service\nmetadata: {name: keyed, namespace: default}\nspec: {ports: [{name: web, port: 80}]}\n',
      }),
    );
    expect(conflict).toContain('.spec.ports[port=80,protocol="TCP"].name');
  });

  it("kubectl's client-side to server-side migration leaves the server-side manager owning the fields", async () => {
    const { kubectl } = env.session();
    ok(await kubectl(['apply', '-f', '-'], { input: cm('migrated') }));
    expect(await managers('migrated')).toEqual(['kubectl-client-side-apply/Update']);
    ok(await kubectl(['apply', '--server-side', '-f', '-'], { input: cm('migrated') }));
    expect(await managers('migrated')).toEqual(['kubectl/Apply', 'kubectl-last-applied/Apply']);
  });
});
