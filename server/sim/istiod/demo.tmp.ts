import yaml from 'js-yaml';
import { Fleet } from '../fleet';
import { loadScenario } from '../scenario';
const fleet = await Fleet.start({ clusters: loadScenario('demo').clusters });
console.log(fleet.istiod?.last);
for (const c of fleet.clusters) {
  console.log('=====', c.name);
  for (const o of c.store.list('serviceentries.networking.istio.io'))
    console.log(o.metadata.name, JSON.stringify(o.spec));
  for (const o of [
    ...c.store.list('segments.admin.istio.io'),
    ...c.store.list('segments.admin.solo.io'),
  ])
    console.log(yaml.dump({ name: o.metadata.name, status: o.status }));
}
const g = fleet
  .cluster('acme-east')
  .store.get('gateways.gateway.networking.k8s.io', 'istio-gateways', 'istio-remote-peer-globex');
console.log(yaml.dump(g));
await fleet.stop();
