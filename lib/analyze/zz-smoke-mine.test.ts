import { it } from 'vitest';
import { analyze } from './index';
import { servicesDetectors } from './services';
import { hostnamesDetectors } from './hostnames';
import { buildSnapshot } from '../model/build-snapshot';
// eslint-disable-next-line no-restricted-imports
import { syntheticFleet } from '../../server/sim/synthetic';
// eslint-disable-next-line no-restricted-imports
import { bareIstioCluster } from '../../server/sim/base-cluster';
import type { K8sObject } from '../model/objects';

it('perf', () => {
  const specs = syntheticFleet({ clusters: 200, servicesPerCluster: 1000 });
  const input = { clusters: specs.map((spec) => {
    const objects = new Map<string, K8sObject>();
    for (const o of [...bareIstioCluster(spec.name), ...(spec.manifests ?? []).map((m) => m.object)]) {
      const k = o as K8sObject; objects.set(`${k.apiVersion}|${k.kind}|${k.metadata.namespace}|${k.metadata.name}`, k);
    }
    return { context: spec.name, reachable: true, segmentApis: ['admin.istio.io/v1' as const], objects: [...objects.values()] };
  }) };
  // add generated SEs per view for realism
  let t = performance.now();
  const snap0 = buildSnapshot(input);
  console.log('build', performance.now() - t, 'views', snap0.views.length);
  const byViewer = new Map<string, K8sObject[]>();
  for (const v of snap0.views) {
    const l = byViewer.get(v.viewer) ?? []; byViewer.set(v.viewer, l);
    l.push({ apiVersion: 'networking.istio.io/v1', kind: 'ServiceEntry', metadata: { namespace: 'istio-system', name: `autogen.${v.segment}.${v.namespace}.${v.name}` }, spec: { hosts: [v.hostname] } });
  }
  for (const c of input.clusters) c.objects.push(...(byViewer.get(c.context) ?? []));
  const snap = buildSnapshot(input);
  for (let i = 0; i < 3; i++) {
    for (const d of [...servicesDetectors, ...hostnamesDetectors]) {
      t = performance.now();
      const n = d(snap).length;
      if (i === 2) console.log(d.name, (performance.now() - t).toFixed(1), n);
    }
    t = performance.now();
    const f = analyze(snap, [...servicesDetectors, ...hostnamesDetectors]);
    if (i === 2) console.log('analyze mine', (performance.now() - t).toFixed(1), f.length);
  }
});
