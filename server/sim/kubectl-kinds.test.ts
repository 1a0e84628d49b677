// Kinds a deployment of Segscope needs (issue 14 §4), and the `kubectl apply --prune` that needs
// every kind of kubectl's default prune list to be served.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  expectFailure as failed,
  expectOk as ok,
  lines,
  startTestFleet,
  type TestFleet,
  waitFor,
} from './testing/kubectl';

let env: TestFleet;
beforeAll(async () => {
  env = await startTestFleet([{ name: 'c1' }]);
});
afterAll(() => env?.stop());

const manifests = `apiVersion: v1
kind: ServiceAccount
metadata: {name: segscope, namespace: default, labels: {app: segscope}}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: segscope-read, labels: {app: segscope}}
rules:
- apiGroups: ["", "admin.istio.io"]
  resources: [namespaces, services, segments]
  verbs: [get, list, watch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: segscope-read, labels: {app: segscope}}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: segscope-read}
subjects: [{kind: ServiceAccount, name: segscope, namespace: default}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: leader, namespace: default, labels: {app: segscope}}
rules: [{apiGroups: [coordination.k8s.io], resources: [leases], verbs: ["*"]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: leader, namespace: default, labels: {app: segscope}}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: leader}
subjects: [{kind: ServiceAccount, name: segscope, namespace: default}]
---
apiVersion: coordination.k8s.io/v1
kind: Lease
metadata: {name: segscope-leader, namespace: default, labels: {app: segscope}}
spec: {holderIdentity: pod-1, leaseDurationSeconds: 15}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: segscope-config, namespace: default, labels: {app: segscope}}
data: {a: "1"}
`;

describe('kinds a Helm chart of Segscope uses', () => {
  it('server-side dry run, apply and read back every kind', async () => {
    const { kubectl } = env.session();
    const dry = ok(await kubectl(['apply', '--dry-run=server', '-f', '-'], { input: manifests }));
    expect(dry).toContain('serviceaccount/segscope created (server dry run)');
    expect(ok(await kubectl(['get', 'sa', '-o', 'name']))).not.toContain('segscope');
    const applied = ok(await kubectl(['apply', '-f', '-'], { input: manifests }));
    for (const what of [
      'serviceaccount/segscope created',
      'clusterrole.rbac.authorization.k8s.io/segscope-read created',
      'clusterrolebinding.rbac.authorization.k8s.io/segscope-read created',
      'role.rbac.authorization.k8s.io/leader created',
      'rolebinding.rbac.authorization.k8s.io/leader created',
      'lease.coordination.k8s.io/segscope-leader created',
    ])
      expect(applied).toContain(what);
    expect(
      lines(
        ok(
          await kubectl([
            'get',
            'sa,role,rolebinding,lease,cm',
            '-l',
            'app=segscope',
            '-o',
            'name',
          ]),
        ),
      ),
    ).toEqual([
      'serviceaccount/segscope',
      'role.rbac.authorization.k8s.io/leader',
      'rolebinding.rbac.authorization.k8s.io/leader',
      'lease.coordination.k8s.io/segscope-leader',
      'configmap/segscope-config',
    ]);
    for (const kind of ['pods', 'endpoints', 'replicasets', 'events.events.k8s.io'])
      ok(await kubectl(['get', kind, '-A']));
  });

  it('apply --prune -l removes what left the file', async () => {
    const { kubectl } = env.session();
    ok(await kubectl(['apply', '-f', '-'], { input: manifests }));
    const withoutConfig = manifests.slice(0, manifests.lastIndexOf('---'));
    const pruned = ok(
      await kubectl(['apply', '--prune', '-l', 'app=segscope', '-f', '-'], {
        input: withoutConfig,
      }),
    );
    expect(pruned).toContain('configmap/segscope-config pruned');
    expect(ok(await kubectl(['get', 'cm', '-l', 'app=segscope', '-o', 'name']))).toBe('');
  });
});

describe('RBAC for service-account tokens', () => {
  it('a token from kubectl create token gets exactly what its bindings grant', async () => {
    const { kubectl } = env.session();
    ok(await kubectl(['apply', '-f', '-'], { input: manifests }));
    const token = ok(await kubectl(['create', 'token', 'segscope'])).trim();
    expect(token).toMatch(/^sim-sa-/);
    const as = (args: string[], options?: { input: string }) =>
      kubectl([`--token=${token}`, ...args], options);
    expect(ok(await as(['auth', 'whoami']))).toContain('system:serviceaccount:default:segscope');
    expect(lines(ok(await as(['get', 'ns', '-o', 'name'])))).toContain('namespace/default');
    ok(await as(['get', 'svc', '-A']));
    expect(failed(await as(['create', 'configmap', 'nope']))).toContain(
      'User "system:serviceaccount:default:segscope" cannot create resource "configmaps" in API group "" in the namespace "default"',
    );
    expect(failed(await as(['get', 'secrets']))).toContain('Forbidden');
    // The Role bound in default grants leases there, and nowhere else.
    ok(
      await as(['create', '-f', '-'], {
        input:
          'apiVersion: coordination.k8s.io/v1\nkind: Lease\nmetadata: {name: by-token, namespace: default}\n',
      }),
    );
    expect(failed(await as(['get', 'leases', '-n', 'kube-system']))).toContain('Forbidden');
    const canI = await as(['auth', 'can-i', 'delete', 'leases']);
    expect(canI.stdout.trim()).toBe('yes');
    const cannot = await as(['auth', 'can-i', 'delete', 'services']);
    expect(cannot.stdout.trim()).toBe('no');
    // Deleting the account invalidates its token.
    ok(await kubectl(['delete', 'sa', 'segscope']));
    expect(failed(await as(['get', 'ns']))).toMatch(/Unauthorized|must be logged in/);
  });
});

describe('namespace finalizers', () => {
  it('kubernetes is cleared after the contents go; another finalizer holds until /finalize', async () => {
    const { kubectl } = env.session();
    ok(
      await kubectl(['apply', '-f', '-'], {
        input:
          'apiVersion: v1\nkind: Namespace\nmetadata: {name: held}\nspec: {finalizers: [kubernetes, example.com/hold]}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: inside, namespace: held}\n',
      }),
    );
    ok(await kubectl(['delete', 'ns', 'held', '--wait=false']));
    const finalizers = async () =>
      ok(await kubectl(['get', 'ns', 'held', '-o', 'jsonpath={.spec.finalizers}']));
    await waitFor(
      async () => (await finalizers()) === '["example.com/hold"]',
      10_000,
      'the namespace controller to clear the kubernetes finalizer',
    );
    expect(ok(await kubectl(['get', 'ns', 'held', '-o', 'jsonpath={.status.phase}']))).toBe(
      'Terminating',
    );
    expect(ok(await kubectl(['get', 'cm', '-n', 'held', '-o', 'name']))).toBe('');
    const ns = JSON.parse(ok(await kubectl(['get', 'ns', 'held', '-o', 'json']))) as {
      spec: { finalizers: string[] };
    };
    ns.spec.finalizers = [];
    ok(
      await kubectl(['replace', '--raw', '/api/v1/namespaces/held/finalize', '-f', '-'], {
        input: JSON.stringify(ns),
      }),
    );
    expect(failed(await kubectl(['get', 'ns', 'held']))).toContain('NotFound');
  });
});
