import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import yaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { readCluster } from '../clusters/read-cluster';
import { SIM_CA } from '../sim/cluster-server';
import { Fleet } from '../sim/fleet';
import { loadKubeconfig } from './kubeconfig';

let fleet: Fleet;
let dir: string;

beforeAll(async () => {
  fleet = await Fleet.start({ clusters: [{ name: 'east' }, { name: 'west' }], istiod: false });
  dir = mkdtempSync(join(tmpdir(), 'segscope-kubeconfig-'));
});
afterAll(() => fleet?.stop());

/** One kubeconfig file per cluster, as teams keep them. */
function fileFor(name: string, contextName = name): string {
  const all = yaml.load(fleet.kubeconfig()) as {
    clusters: { name: string }[];
    users: { name: string }[];
    contexts: { name: string; context: { cluster: string; user: string } }[];
  };
  const context = all.contexts.find((c) => c.name === name)!;
  const path = join(dir, `${name}-${contextName}.yaml`);
  writeFileSync(
    path,
    yaml.dump({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: all.clusters.filter((c) => c.name === name),
      users: all.users.filter((u) => u.name === context.context.user),
      contexts: [{ ...context, name: contextName }],
      'current-context': contextName,
    }),
  );
  return path;
}

describe('loadKubeconfig', () => {
  it('merges several KUBECONFIG files as kubectl does, the first name winning', async () => {
    const east = fileFor('east');
    const west = fileFor('west');
    const westAgain = fileFor('west', 'east'); // a context "east" that points at west
    const { kc, contexts, source } = loadKubeconfig({
      KUBECONFIG: [east, west, westAgain].join(':'),
    });
    expect(contexts.map((c) => c.name)).toEqual(['east', 'west']);
    expect(kc.getCurrentContext()).toBe('east');
    expect(source).toBe([east, west, westAgain].join(':'));
    const read = await readCluster(kc, 'west', 5000);
    expect(read.reachable).toBe(true);
    expect(contexts.find((c) => c.name === 'east')?.server).toBe(fleet.cluster('east').url);
  });

  it('says which file is missing or broken', () => {
    expect(() => loadKubeconfig({ KUBECONFIG: join(dir, 'nothing') })).toThrow(
      /no kubeconfig found/,
    );
    const broken = join(dir, 'broken.yaml');
    writeFileSync(broken, 'clusters: [');
    expect(() => loadKubeconfig({ KUBECONFIG: broken })).toThrow(/broken.yaml is not valid YAML/);
  });

  it('in a pod, reads the local cluster with the service account and remotes from the mounted file', async () => {
    const sa = mkdtempSync(join(tmpdir(), 'segscope-sa-'));
    writeFileSync(join(sa, 'token'), fleet.cluster('east').users[0]!.token);
    writeFileSync(join(sa, 'ca.crt'), SIM_CA);
    const url = new URL(fleet.cluster('east').url);
    const { kc, contexts, source } = loadKubeconfig({
      KUBERNETES_SERVICE_HOST: url.hostname,
      KUBERNETES_SERVICE_PORT: url.port,
      SEGSCOPE_SERVICE_ACCOUNT_DIR: sa,
      SEGSCOPE_IN_CLUSTER: 'true',
      SEGSCOPE_LOCAL_CLUSTER: 'local',
      KUBECONFIG: fileFor('west'),
    });
    expect(contexts.map((c) => c.name)).toEqual(['local', 'west']);
    expect(source).toMatch(/^service account \+ /);
    expect((await readCluster(kc, 'local', 5000)).reachable).toBe(true);
    expect((await readCluster(kc, 'west', 5000)).reachable).toBe(true);
  });
});
