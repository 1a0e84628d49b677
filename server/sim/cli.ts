// The simulator's command line: starts a fleet of simulated clusters, writes one kubeconfig for
// it, prints a line containing `ready`, and runs until SIGINT/SIGTERM (then exits 0).
//   npm run sim -- --clusters c1,c2,c3 --kubeconfig PATH
//   npm run sim -- --scenario NAME|DIR --kubeconfig PATH
//   npm run sim -- --synthetic 50x500 --kubeconfig PATH
//   npm run sim -- fault --kubeconfig PATH CLUSTER key=value...   (change faults of a running sim;
//                                                  failNext.count=3 failNext.code=429 nests)
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { get as httpsGet } from 'node:https';
import { parseArgs } from 'node:util';

import yaml from 'js-yaml';

import { AdminServer } from './admin-server';
import { parseFaultSettings } from './faults';
import { SIM_CA } from './cluster-server';
import type { SegmentApi } from './base-cluster';
import { type ClusterSpec, Fleet } from './fleet';
import { builtInScenarios, loadScenario } from './scenario';
import { parseSyntheticSize, syntheticFleet } from './synthetic';

const USAGE = `usage:
  npm run sim -- (--clusters c1,c2 | --scenario NAME|DIR | --synthetic NxM) --kubeconfig PATH
                 [--segment-api admin.istio.io/v1|admin.solo.io/v1alpha1|both|none] [--read-only c2,...]
                 [--base-port N] [--admin-port N] [--bookmark-interval SECONDS] [--no-istiod]
  npm run sim -- fault --kubeconfig PATH CLUSTER latencyMs=200 errorRate=0.1 down=true forbidden=false dropWatches=true
                 throttleRate=1 unavailableRate=0.5 retryAfterSeconds=2
                 failNext.count=3 failNext.code=429 failNext.verb=list failNext.resource=services
built-in scenarios: ${builtInScenarios().join(', ')}`;

class UsageError extends Error {}

function clustersFromArgs(values: Record<string, string | boolean | undefined>): ClusterSpec[] {
  const sources = ['clusters', 'scenario', 'synthetic'].filter((k) => values[k] !== undefined);
  if (sources.length !== 1)
    throw new UsageError('give exactly one of --clusters, --scenario, --synthetic');
  const segmentApi = values['segment-api'] as SegmentApi | undefined;
  if (
    segmentApi &&
    !['admin.istio.io/v1', 'admin.solo.io/v1alpha1', 'both', 'none'].includes(segmentApi)
  ) {
    throw new UsageError(
      `--segment-api must be admin.istio.io/v1, admin.solo.io/v1alpha1, both or none`,
    );
  }
  let clusters: ClusterSpec[];
  if (typeof values.clusters === 'string') {
    const names = values.clusters
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (names.length === 0) throw new UsageError('--clusters needs at least one name');
    clusters = names.map((name) => ({ name }));
  } else if (typeof values.scenario === 'string') {
    clusters = loadScenario(values.scenario).clusters;
  } else {
    clusters = syntheticFleet(parseSyntheticSize(String(values.synthetic)));
  }
  const readOnly = new Set(
    String(values['read-only'] ?? '')
      .split(',')
      .filter(Boolean),
  );
  for (const name of readOnly) {
    if (!clusters.some((c) => c.name === name))
      throw new UsageError(`--read-only names unknown cluster "${name}"`);
  }
  return clusters.map((c) => ({
    ...c,
    ...(segmentApi ? { segmentApi } : {}),
    ...(readOnly.has(c.name) ? { readOnly: true } : {}),
  }));
}

async function serve(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      clusters: { type: 'string' },
      scenario: { type: 'string' },
      synthetic: { type: 'string' },
      kubeconfig: { type: 'string' },
      'segment-api': { type: 'string' },
      'read-only': { type: 'string' },
      'base-port': { type: 'string' },
      'admin-port': { type: 'string' },
      'bookmark-interval': { type: 'string' },
      // Without the istiod stand-in: no Segment status, peer gateway conditions or autogen.*
      // ServiceEntries are written (server/sim/istiod).
      'no-istiod': { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (!values.kubeconfig) throw new UsageError('--kubeconfig PATH is required');
  const clusters = clustersFromArgs(values);
  const basePort = values['base-port'] ? Number(values['base-port']) : undefined;
  const started = Date.now();
  const fleet = await Fleet.start({ clusters, basePort, istiod: !values['no-istiod'] });
  const admin = new AdminServer(fleet);
  await admin.start(values['admin-port'] ? Number(values['admin-port']) : 0);
  if (values['bookmark-interval']) {
    for (const c of fleet.clusters)
      c.bookmarkIntervalMs = Number(values['bookmark-interval']) * 1000;
  }
  const kubeconfig = resolve(values.kubeconfig);
  mkdirSync(dirname(kubeconfig), { recursive: true });
  writeFileSync(kubeconfig, fleet.kubeconfig(admin.url), { mode: 0o600 });

  await Promise.all(fleet.clusters.map((c) => checkReady(c.url, c.name)));
  if (fleet.clusters.length <= 20) {
    for (const c of fleet.clusters) console.log(`segscope-sim: cluster ${c.name} at ${c.url}`);
  }
  if (fleet.istiod && fleet.istiod.passes === 0)
    console.log('segscope-sim: istiod stand-in still reconciling the fleet in the background');
  console.log(
    `segscope-sim ready: ${fleet.clusters.length} clusters in ${Date.now() - started} ms, kubeconfig ${kubeconfig}, admin ${admin.url}`,
  );

  await new Promise<void>((resolveStop) => {
    const stop = () => resolveStop();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await Promise.all([fleet.stop(), admin.stop()]);
  console.log('segscope-sim: stopped');
}

/** Asks the server's /readyz over TLS, trusting only the simulator's CA. */
function checkReady(url: string, name: string): Promise<void> {
  return new Promise((resolveReady, reject) => {
    httpsGet(`${url}/readyz`, { ca: SIM_CA }, (res) => {
      res.resume();
      if (res.statusCode === 200) resolveReady();
      else reject(new Error(`${name} answered /readyz with ${res.statusCode}`));
    }).on('error', reject);
  });
}

/** Changes faults of a running simulator, found through the admin URL in its kubeconfig. */
async function fault(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { kubeconfig: { type: 'string' } },
    allowPositionals: true,
  });
  if (!values.kubeconfig) throw new UsageError('fault needs --kubeconfig PATH');
  const [cluster, ...settings] = positionals;
  if (!cluster || settings.length === 0)
    throw new UsageError('fault needs a cluster and at least one key=value');
  const config = yaml.load(readFileSync(values.kubeconfig, 'utf8')) as {
    extensions?: { name: string; extension: { adminUrl?: string } }[];
  };
  const adminUrl = config.extensions?.find((e) => e.name === 'segscope.io/simulator')?.extension
    .adminUrl;
  if (!adminUrl)
    throw new UsageError(`${values.kubeconfig} was not written by the simulator (no admin URL)`);
  let change: Record<string, unknown>;
  try {
    change = parseFaultSettings(settings);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const response = await fetch(`${adminUrl}/clusters/${cluster}/faults`, {
    method: 'PATCH',
    body: JSON.stringify(change),
  });
  const body = await response.text();
  if (!response.ok) throw new Error(body);
  console.log(body);
}

const [command, ...rest] = process.argv.slice(2);
const run = command === 'fault' ? fault(rest) : serve(process.argv.slice(2));
run.then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(`segscope-sim: ${(e as Error).message}`);
    if (e instanceof UsageError) console.error(USAGE);
    process.exit(2);
  },
);
