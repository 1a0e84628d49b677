import { PerformanceObserver } from 'node:perf_hooks';
import { buildSnapshot } from '../../lib/model/build-snapshot';
import { bareIstioCluster } from '../sim/base-cluster';
import { syntheticFleet } from '../sim/synthetic';
const [C, S] = (process.argv[2] ?? '200x1000').split('x').map(Number) as [number, number];
const input = { clusters: syntheticFleet({clusters: C, servicesPerCluster: S}).map(spec => ({context: spec.name, reachable: true, segmentApis: ['admin.istio.io/v1' as const], objects: [...bareIstioCluster(spec.name), ...(spec.manifests??[]).map(m=>m.object)] as any})) };
let gc = 0; new PerformanceObserver((l) => { for (const e of l.getEntries()) gc += e.duration; }).observe({ entryTypes: ['gc'] });
const ts: number[] = []; const cs: number[] = []; const gcs: number[] = [];
let snap: unknown;
(async () => {
for (let r=0;r<6;r++){ snap = undefined; await new Promise(r => setTimeout(r, 50)); const g0 = gc; const h0 = process.memoryUsage().heapUsed; const c = process.cpuUsage(); const t = performance.now(); snap = buildSnapshot(input); ts.push(performance.now()-t); cs.push(process.cpuUsage(c).user/1000); await new Promise(r => setTimeout(r, 10)); gcs.push(gc-g0); if (r===5) console.log('heap delta MB', ((process.memoryUsage().heapUsed-h0)/1e6).toFixed(0)); }
const med = (x: number[]) => [...x].sort((a,b)=>a-b)[Math.floor(x.length/2)]!.toFixed(0);
console.log(process.execArgv.join(' '), 'wall', med(ts.slice(1)), 'cpu', med(cs.slice(1)), 'gc', med(gcs.slice(1)), 'rss', (process.memoryUsage().rss/1e6).toFixed(0), Boolean(snap));
})();
