import { buildSnapshot } from '../../lib/model/build-snapshot';
import { bareIstioCluster } from '../sim/base-cluster';
import { syntheticFleet } from '../sim/synthetic';
const [C, S] = (process.argv[2] ?? '200x1000').split('x').map(Number) as [number, number];
const input = { clusters: syntheticFleet({clusters: C, servicesPerCluster: S}).map(spec => ({context: spec.name, reachable: true, segmentApis: ['admin.istio.io/v1' as const], objects: [...bareIstioCluster(spec.name), ...(spec.manifests??[]).map(m=>m.object)] as any})) };
const ts: number[] = []; const cs: number[] = [];
let snap: unknown;
for (let r=0;r<6;r++){ snap = undefined; const c = process.cpuUsage(); const t = performance.now(); snap = buildSnapshot(input); ts.push(performance.now()-t); cs.push(process.cpuUsage(c).user/1000); }
const med = (x: number[]) => [...x].sort((a,b)=>a-b)[Math.floor(x.length/2)]!.toFixed(0);
console.log(process.execArgv.join(' '), 'wall', med(ts.slice(1)), 'cpu', med(cs.slice(1)), 'rss', (process.memoryUsage().rss/1e6).toFixed(0), Boolean(snap));
