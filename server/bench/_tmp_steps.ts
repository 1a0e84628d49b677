import { buildCluster } from '../../lib/model/build-cluster';
import { buildSnapshot } from '../../lib/model/build-snapshot';
import { viewsOf } from '../../lib/model/visibility';
import { bareIstioCluster } from '../sim/base-cluster';
import { syntheticFleet } from '../sim/synthetic';
const [C, S] = (process.argv[2] ?? '200x1000').split('x').map(Number) as [number, number];
const input = { clusters: syntheticFleet({clusters: C, servicesPerCluster: S}).map(spec => ({context: spec.name, reachable: true, segmentApis: ['admin.istio.io/v1' as const], objects: [...bareIstioCluster(spec.name), ...(spec.manifests??[]).map(m=>m.object)] as any})) };
const cpu = (f: () => void) => { const c = process.cpuUsage(); const t = performance.now(); f(); const d = process.cpuUsage(c); return `${(performance.now()-t).toFixed(0)}ms wall/${((d.user)/1000).toFixed(0)}ms cpu`; };
for (let r=0;r<4;r++){
  let cs: any; const a = cpu(() => { cs = input.clusters.map(buildCluster); });
  const snap = buildSnapshot(input);
  const byContext = new Map(snap.clusters.map(c=>[c.context,c]));
  const ef = new Map<string, any[]>(); for (const e of snap.edges) ef.set(e.from,[...(ef.get(e.from)??[]),e]);
  let n = 0; const b = cpu(() => { for (const c of snap.clusters) n+=viewsOf(c, ef.get(c.context)??[], byContext).length; });
  const d = cpu(() => buildSnapshot(input));
  console.log('clusters', a, 'views', b, 'full', d, n, cs.length);
}
