import { buildCluster } from '../../lib/model/build-cluster';
import { buildSnapshot } from '../../lib/model/build-snapshot';
import { viewsOf } from '../../lib/model/visibility';
import { bareIstioCluster } from '../sim/base-cluster';
import { syntheticFleet } from '../sim/synthetic';
const input = { clusters: syntheticFleet({clusters: 200, servicesPerCluster: 1000}).map(spec => ({context: spec.name, reachable: true, segmentApis: ['admin.istio.io/v1' as const], objects: [...bareIstioCluster(spec.name), ...(spec.manifests??[]).map(m=>m.object)] as any})) };
for (let r=0;r<3;r++){
let t=performance.now(); const cs = input.clusters.map(buildCluster); const tb=performance.now()-t;
const snap = buildSnapshot(input);
const byContext = new Map(snap.clusters.map(c=>[c.context,c]));
const ef = new Map<string, any[]>(); for (const e of snap.edges) ef.set(e.from,[...(ef.get(e.from)??[]),e]);
t=performance.now(); let n=0; for (const c of snap.clusters) n+=viewsOf(c, ef.get(c.context)??[], byContext).length; const tv=performance.now()-t;
console.log('clusters', tb.toFixed(0), 'views', tv.toFixed(0), n, cs.length);
}
