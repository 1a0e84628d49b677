import { buildCluster } from '../../lib/model/build-cluster';
import { bareIstioCluster } from '../sim/base-cluster';
import { syntheticFleet } from '../sim/synthetic';
const input = { clusters: syntheticFleet({clusters: 200, servicesPerCluster: 1000}).map(spec => ({context: spec.name, reachable: true, segmentApis: ['admin.istio.io/v1' as const], objects: [...bareIstioCluster(spec.name), ...(spec.manifests??[]).map(m=>m.object)] as any})) };
for (let r=0;r<5;r++){
let t=performance.now(); for (const c of input.clusters.slice(0,20)) buildCluster(c); console.log('20 clusters', (performance.now()-t).toFixed(1));
}
const c0 = input.clusters[0]!;
let t=performance.now(); for (let i=0;i<50;i++) buildCluster(c0); console.log('same cluster x50', (performance.now()-t).toFixed(1));
t=performance.now(); for (let i=0;i<50;i++) [...c0.objects].filter((o:any)=>o.kind==='Service').sort((a:any,b:any)=>(a.metadata.namespace??'').localeCompare(b.metadata.namespace??'')||a.metadata.name.localeCompare(b.metadata.name)); console.log('sort x50', (performance.now()-t).toFixed(1));
