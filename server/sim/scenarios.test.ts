// The built-in scenarios: each one starts, every cluster answers over HTTPS with the real
// client-node, and the peering manifests agree with the clusters they point at, the way
// `istioctl multicluster link` writes them (so no scenario shows PEER306/TRUST602 by accident).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

import * as k8s from '@kubernetes/client-node';
import yaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { Fleet } from './fleet';
import { builtInScenarios, loadScenario, SCENARIOS_DIR } from './scenario';

interface Gateway {
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: { gatewayClassName: string; addresses?: { value: string }[] };
  status?: { addresses?: { value: string }[]; conditions?: { type: string; status: string }[] };
}

/** What one cluster says about itself, read over HTTPS as the console reads it. */
interface ClusterFacts {
  network?: string;
  trustDomain?: string;
  segmentGroups: string[];
  eastWest?: Gateway;
  peers: Gateway[];
}

async function factsOf(kubeconfig: string, context: string): Promise<ClusterFacts> {
  const kc = new k8s.KubeConfig();
  kc.loadFromString(kubeconfig);
  kc.setCurrentContext(context);
  const core = kc.makeApiClient(k8s.CoreV1Api);
  const custom = kc.makeApiClient(k8s.CustomObjectsApi);
  const [istioSystem, mesh, apis, gateways] = await Promise.all([
    core.readNamespace({ name: 'istio-system' }),
    core.readNamespacedConfigMap({ name: 'istio', namespace: 'istio-system' }),
    kc.makeApiClient(k8s.ApisApi).getAPIVersions(),
    custom.listNamespacedCustomObject({
      group: 'gateway.networking.k8s.io',
      version: 'v1',
      namespace: 'istio-gateways',
      plural: 'gateways',
    }) as Promise<{ items: Gateway[] }>,
  ]);
  const byClass = (c: string) => gateways.items.filter((g) => g.spec.gatewayClassName === c);
  return {
    network: istioSystem.metadata?.labels?.['topology.istio.io/network'],
    trustDomain: (yaml.load(mesh.data?.mesh ?? '') as { trustDomain?: string }).trustDomain,
    segmentGroups: apis.groups
      .filter((g) => g.name.startsWith('admin.'))
      .flatMap((g) => g.versions.map((v) => v.groupVersion))
      .sort(),
    eastWest: byClass('istio-eastwest')[0],
    peers: byClass('istio-remote'),
  };
}

const condition = (g: Gateway | undefined, type: string) =>
  g?.status?.conditions?.find((c) => c.type === type)?.status;

describe.each(builtInScenarios())('built-in scenario %s', (name) => {
  const scenario = loadScenario(name);
  let fleet: Fleet;
  const facts = new Map<string, ClusterFacts>();

  beforeAll(async () => {
    fleet = await Fleet.start({ clusters: scenario.clusters });
    const kubeconfig = fleet.kubeconfig();
    for (const c of scenario.clusters) facts.set(c.name, await factsOf(kubeconfig, c.name));
  });
  afterAll(async () => {
    await fleet?.stop();
  });

  it('has a description and lists exactly its cluster folders', () => {
    expect(scenario.description.length).toBeGreaterThan(40);
    const dir = join(SCENARIOS_DIR, name);
    const folders = readdirSync(dir)
      .filter((f) => !f.startsWith('_') && statSync(join(dir, f)).isDirectory())
      .sort();
    expect(scenario.clusters.map((c) => c.name).sort()).toEqual(folders);
  });

  it('starts with every cluster answering as its own network', () => {
    expect(fleet.clusters.map((c) => c.name)).toEqual(scenario.clusters.map((c) => c.name));
    for (const c of scenario.clusters) {
      expect(facts.get(c.name)?.network, c.name).toBe(c.name);
      expect(facts.get(c.name)?.trustDomain, c.name).toBe(`${c.name}.local`);
    }
  });

  it('gives every cluster a programmed east-west gateway with an address', () => {
    for (const c of scenario.clusters) {
      const eastWest = facts.get(c.name)?.eastWest;
      expect(eastWest?.metadata.name, c.name).toBe('istio-eastwest');
      expect(eastWest?.metadata.labels?.['topology.istio.io/cluster'], c.name).toBe(c.name);
      expect(condition(eastWest, 'Programmed'), c.name).toBe('True');
      expect(eastWest?.status?.addresses?.length, c.name).toBe(1);
    }
  });

  it("points every peer gateway at its peer's east-west address and trust domain", () => {
    const addresses = [...facts.values()].map((f) => f.eastWest?.status?.addresses?.[0]?.value);
    expect(new Set(addresses).size, 'east-west addresses are distinct').toBe(addresses.length);
    for (const [cluster, f] of facts) {
      for (const g of f.peers) {
        const where = `${cluster}: ${g.metadata.name}`;
        const peer = g.metadata.labels?.['topology.istio.io/cluster'] ?? '';
        const target = facts.get(peer);
        expect(target, `${where} names a cluster of the scenario`).toBeDefined();
        expect(g.metadata.name, where).toBe(`istio-remote-peer-${peer}`);
        expect(g.metadata.labels?.['topology.istio.io/network'], where).toBe(target?.network);
        expect(
          g.spec.addresses?.map((a) => a.value),
          where,
        ).toEqual([target?.eastWest?.status?.addresses?.[0]?.value]);
        expect(g.metadata.annotations?.['gateway.istio.io/trust-domain'], where).toBe(
          target?.trustDomain,
        );
        expect(g.metadata.annotations?.['gateway.istio.io/service-account'], where).toBe(
          'istio-eastwest',
        );
        // The istiod stand-in has reconciled the peering by the time the fleet is up.
        expect(condition(g, 'gloo.solo.io/PeerConnected'), where).toBe('True');
      }
    }
  });
});

describe('the demo scenario', () => {
  it('shows the three situations and both Segment API versions side by side', async () => {
    const scenario = loadScenario('demo');
    expect(scenario.clusters.map((c) => c.name)).toEqual([
      'acme-east',
      'acme-west',
      'globex',
      'dev-east',
      'prod-east',
      'prod-west',
      'team-a',
      'hub',
      'team-c',
    ]);
    const fleet = await Fleet.start({ clusters: scenario.clusters });
    try {
      const kubeconfig = fleet.kubeconfig();
      const served = async (context: string) => (await factsOf(kubeconfig, context)).segmentGroups;
      // e2e/fleet.spec.ts relies on these three.
      expect(await served('acme-east')).toEqual(['admin.istio.io/v1']);
      expect(await served('acme-west')).toEqual(['admin.istio.io/v1']);
      expect(await served('globex')).toEqual(['admin.solo.io/v1alpha1']);
      expect(await served('team-a')).toEqual(['admin.solo.io/v1alpha1']);
      expect(await served('prod-east')).toEqual(['admin.istio.io/v1', 'admin.solo.io/v1alpha1']);
    } finally {
      await fleet.stop();
    }
  });
});
