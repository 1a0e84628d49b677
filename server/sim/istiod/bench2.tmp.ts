import { Fleet } from '../fleet';
import { syntheticFleet } from '../synthetic';
const specs = syntheticFleet({ clusters: 50, servicesPerCluster: 500 });
for (const istiod of [false, true, false, true]) {
  const t1 = Date.now();
  const fleet = await Fleet.start({ clusters: specs, istiod });
  const t2 = Date.now();
  let done = 0;
  if (istiod) {
    while (fleet.istiod!.passes === 0) await new Promise((r) => setTimeout(r, 20));
    done = Date.now() - t1;
  }
  console.log(
    `istiod=${istiod} start ${t2 - t1} ms, first pass complete at ${done} (pass ${fleet.istiod?.last?.ms} ms)`,
  );
  await fleet.stop();
}
