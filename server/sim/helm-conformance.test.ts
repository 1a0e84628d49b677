// helm 3.17 (the pinned one from .tools/, as `npm test` installs it) against the simulator: a
// chart with a ConfigMap and a Deployment installs, upgrades and uninstalls (helm sends
// DeleteOptions as protobuf), leaving the release gone and its objects deleted; `install --wait`
// finishes because the simulator's deployment controller (deployment-controller.ts) gives the
// Deployment the settled, owned ReplicaSet helm's readiness check looks for, and `uninstall
// --wait` takes that ReplicaSet along (garbage collection).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  expectOk,
  type KubectlSession,
  REPO_ROOT,
  run,
  type RunResult,
  startTestFleet,
  type TestFleet,
} from './testing/kubectl';

const HELM = process.env.HELM ?? join(REPO_ROOT, '.tools', 'helm');

let t: TestFleet;
let session: KubectlSession;
let helm: (args: string[]) => Promise<RunResult>;

function writeChart(dir: string): string {
  const chart = join(dir, 'tiny');
  mkdirSync(join(chart, 'templates'), { recursive: true });
  writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: tiny\nversion: 0.1.0\n');
  writeFileSync(
    join(chart, 'templates', 'configmap.yaml'),
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-settings\ndata:\n  mode: demo\n',
  );
  writeFileSync(
    join(chart, 'templates', 'deployment.yaml'),
    [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: {{ .Release.Name }}-web',
      'spec:',
      '  replicas: 1',
      '  selector:',
      '    matchLabels: { app: web }',
      '  template:',
      '    metadata:',
      '      labels: { app: web }',
      '    spec:',
      '      containers:',
      '        - name: web',
      '          image: nginx:1.27',
      '',
    ].join('\n'),
  );
  return chart;
}

beforeAll(async () => {
  if (!existsSync(HELM))
    throw new Error(`helm not found at ${HELM}: run npm run setup:tools or set $HELM`);
  t = await startTestFleet([{ name: 'apps', base: 'empty' }]);
  session = t.session();
  helm = (args) =>
    run(HELM, [...args, '--kube-context', 'apps', '--namespace', 'default'], {
      env: { ...session.env, HELM_CACHE_HOME: join(session.dir, 'helm-cache') },
      timeoutMs: 90_000,
    });
});

afterAll(() => t?.stop());

describe('helm against the simulator', () => {
  it('installs, upgrades and lists a release, and uninstalls it completely', async () => {
    const chart = writeChart(session.dir);
    expectOk(await helm(['install', 'demo', chart]));
    expectOk(await helm(['upgrade', 'demo', chart, '--set', 'unused=1']));
    const listed = expectOk(await helm(['list', '-o', 'json']));
    expect(JSON.parse(listed)).toEqual([
      expect.objectContaining({ name: 'demo', status: 'deployed', revision: '2' }),
    ]);
    expectOk(await session.kubectl(['--context', 'apps', 'get', 'configmap', 'demo-settings']));

    expectOk(await helm(['uninstall', 'demo', '--wait']));
    expect(JSON.parse(expectOk(await helm(['list', '-a', '-o', 'json'])))).toEqual([]);
    const gone = await session.kubectl(['--context', 'apps', 'get', 'configmap', 'demo-settings']);
    expect(gone.code).not.toBe(0);
    expect(gone.stderr).toMatch(/NotFound|not found/);
  }, 120_000);

  it('install --wait sees the Deployment ready through its ReplicaSet; uninstall removes both', async () => {
    const chart = writeChart(session.dir);
    const kubectl = (args: string[]) => session.kubectl(['--context', 'apps', ...args]);
    expectOk(await helm(['install', 'web', chart, '--wait', '--timeout', '60s']));

    const deployment = JSON.parse(
      expectOk(await kubectl(['get', 'deploy', 'web-web', '-o', 'json'])),
    );
    const sets = JSON.parse(expectOk(await kubectl(['get', 'rs', '-l', 'app=web', '-o', 'json'])))
      .items as { metadata: { name: string; ownerReferences?: unknown[] }; status: unknown }[];
    expect(sets).toHaveLength(1);
    expect(sets[0]?.metadata.name).toMatch(/^web-web-[a-z0-9]+$/);
    expect(sets[0]?.metadata.ownerReferences).toEqual([
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: 'web-web',
        uid: deployment.metadata.uid,
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
    expect(sets[0]?.status).toMatchObject({ replicas: 1, readyReplicas: 1 });

    expectOk(await helm(['uninstall', 'web', '--wait']));
    expect(
      JSON.parse(expectOk(await kubectl(['get', 'rs', '-l', 'app=web', '-o', 'json']))),
    ).toMatchObject({ items: [] });
  }, 120_000);
});
