import { Fleet } from '../fleet';
import { syntheticFleet } from '../synthetic';
const specs = syntheticFleet({ clusters: 50, servicesPerCluster: 500 });
const t1 = Date.now();
const fleet = await Fleet.start({ clusters: specs });
console.log('start', Date.now() - t1);
const ist = fleet.istiod!;
while (ist.passes === 0) await new Promise((r) => setTimeout(r, 20));
console.log(
  'first pass done at',
  Date.now() - t1,
  ist.last?.ms,
  ist.last?.totalWrites,
  ist.last?.errors.slice(0, 3),
);
for (let i = 0; i < 2; i++) {
  const s2 = await ist.reconcileNow();
  console.log('full no-op pass', s2.ms, s2.totalWrites);
}
const c = fleet.clusters[7]!;
const svcType = c.registry.find('', 'v1', 'services')!;
const key = 'serviceentries.networking.istio.io';
const peer = fleet.clusters[8]!;
const seg = 'segment-' + (7 % 5);
for (let i = 0; i < 3; i++) {
  const t3 = Date.now();
  c.api.create(
    svcType,
    'team-0',
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'newsvc' + i, labels: { 'solo.io/service-scope': 'global' } },
      spec: { selector: { app: 'x' }, ports: [{ port: 80, name: 'http', protocol: 'TCP' }] },
    } as never,
    { dryRun: false, fieldValidation: 'Strict' },
  );
  while (!peer.store.get(key, 'istio-system', `autogen.${seg}.team-0.newsvc${i}`))
    await new Promise((r) => setTimeout(r, 2));
  const seen = Date.now() - t3;
  while (ist.passes < 0 || (ist.last?.reconciled.length ?? 0) > 20)
    await new Promise((r) => setTimeout(r, 2));
  await new Promise((r) => setTimeout(r, 200));
  console.log(
    'incremental: visible in peer after',
    seen,
    'ms; pass',
    ist.last?.ms,
    'ms over',
    ist.last?.reconciled.length,
    'clusters,',
    ist.last?.totalWrites,
    'writes',
  );
}
await fleet.stop();
