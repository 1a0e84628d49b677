import { it } from 'vitest';
import { analyze } from './index';
import { servicesDetectors } from './services';
import { hostnamesDetectors } from './hostnames';
import { aCluster, globalLabel, service, snapshotOf, serviceEntry, httpRoute } from '../testing/builders';

const show = (name: string, ...c: Parameters<typeof snapshotOf>) => {
  console.log(name, JSON.stringify(analyze(snapshotOf(...c), [...servicesDetectors, ...hostnamesDetectors]), null, 2));
};
const S = 'solo.io/service-scope';
it('smoke', () => {
  show('401ns', aCluster('cluster-1', { namespaceLabels: { payments: { [S]: 'segmnet' } }, services: [service('payments', 'checkout'), service('payments', 'ledger')] }));
  show('401svc', aCluster('cluster-1', { services: [service('payments', 'checkout', { labels: { [S]: 'Global' } })] }));
  show('402', aCluster('cluster-1', { namespaceLabels: { payments: { [S]: 'global-only' } }, services: [service('payments', 'checkout')] }));
  show('403', aCluster('cluster-1', { services: [service('payments', 'checkout', { labels: { [S]: 'local' } })] }));
  show('404', aCluster('cluster-1', { services: [service('payments', 'checkout', { labels: { 'solo.io/service-takeover': 'true' } })] }));
  show('404ns', aCluster('cluster-1', { namespaceLabels: { payments: { 'solo.io/service-takeover': 'true' } }, services: [service('payments', 'checkout'), service('payments', 'ledger')] }));
  show('406', aCluster('cluster-1', { peers: ['cluster-2', 'cluster-3'], namespaceLabels: { payments: globalLabel }, services: [service('payments', 'checkout')] }),
    aCluster('cluster-2', { peers: ['cluster-1'], namespaceLabels: { payments: globalLabel }, services: [service('payments', 'checkout')] }),
    aCluster('cluster-3', { peers: ['cluster-1'], services: [service('payments', 'checkout')] }));
  show('409', aCluster('cluster-1', { namespaceLabels: { dns: globalLabel }, services: [service('dns', 'coredns', { ports: [{ port: 53, name: 'dns', protocol: 'UDP' }] }), service('dns', 'admin', { labels: { [S]: 'cluster' } })] }));
  show('410', aCluster('cluster-1', { services: [service('dns', 'coredns', { labels: globalLabel, ports: [{ port: 53, name: 'dns', protocol: 'UDP' }, { port: 53, name: 'dns-tcp' }, { port: 5353, protocol: 'SCTP' }] })] }));
  show('413', aCluster('cluster-a', { peers: ['cluster-hub'], services: [service('inventory', 'stock', { labels: globalLabel })] }),
    aCluster('cluster-hub', { peers: ['cluster-a', 'cluster-b', 'cluster-c'], services: [service('inventory', 'stock', { labels: globalLabel })] }),
    aCluster('cluster-b', { peers: ['cluster-hub', 'cluster-a'], services: [service('inventory', 'stock', { labels: globalLabel })] }),
    aCluster('cluster-c', { peers: ['cluster-hub'], services: [service('inventory', 'stock', { labels: globalLabel })] }));
  show('501ses', aCluster('cluster-1', { peers: ['cluster-2'], services: [service('payments', 'checkout', { labels: globalLabel }), service('payments', 'db')], objects: [
    serviceEntry('istio-system', 'autogen.payments.checkout', ['checkout.payments.mesh.internal']),
    serviceEntry('shop', 'legacy-checkout', ['checkout.payments.mesh.internal', 'db.payments.svc.cluster.local', 'api.example.com']),
    serviceEntry('shop', 'example', ['api.example.com']),
    serviceEntry('shop', 'catch-all', ['*.payments.mesh.internal']),
  ] }), aCluster('cluster-2', { services: [service('payments', 'checkout', { labels: globalLabel })] }));
  const both: [string, string][] = [['acme', 'shared.mesh'], ['beta', 'shared.mesh']];
  show('501views', aCluster('cluster-1', { segmentLabel: 'acme', segments: both, services: [service('payments', 'checkout', { labels: globalLabel })] }),
    aCluster('cluster-2', { segmentLabel: 'beta', segments: both, services: [service('payments', 'checkout', { labels: globalLabel })] }),
    aCluster('cluster-3', { segments: both, peers: ['cluster-1', 'cluster-2'], objects: [serviceEntry('istio-system', 'autogen.acme.payments.checkout', ['checkout.payments.shared.mesh']), serviceEntry('istio-system', 'autogen.beta.payments.checkout', ['checkout.payments.shared.mesh'])] }),
    aCluster('cluster-4', { segments: both, peers: ['cluster-1', 'cluster-2'] }));
  show('504', aCluster('cluster-1', { istiodEnv: { PEERING_DISCOVERY_SUFFIX: `${'x'.repeat(70)}.internal` }, services: [service('payments', 'checkout', { labels: globalLabel })] }));
  show('505', aCluster('cluster-1', { segmentLabel: 'acme', segments: [['acme', 'mesh.acme']], peers: ['cluster-2'], objects: [httpRoute('shop', 'frontend', { hostnames: ['checkout.payments.mesh.internal'], backendHosts: ['checkout.payments.mesh.internal', 'ledger.payments.mesh.acme'] })] }),
    aCluster('cluster-2', { segmentLabel: 'acme', segments: [['acme', 'mesh.acme']], services: [service('payments', 'checkout', { labels: globalLabel })] }));
});
