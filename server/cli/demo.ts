// `npm run demo`: the console on the built-in demo fleet. Starts the simulated clusters in this
// process, writes their kubeconfig, builds the console if it has never been built, and serves it.
//   npm run demo -- [--port 3000] [--scenario demo|NAME|DIR] [--kubeconfig PATH] [--admin-port N] [--dev]
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { AdminServer } from '../sim/admin-server';
import { Fleet } from '../sim/fleet';
import { loadScenario } from '../sim/scenario';

const root = resolve(import.meta.dirname, '..', '..');
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.PORT ?? '3000' },
    scenario: { type: 'string', default: 'demo' },
    kubeconfig: { type: 'string', default: join(root, '.segscope', 'demo.kubeconfig') },
    'admin-port': { type: 'string' },
    dev: { type: 'boolean', default: false },
  },
});

const nextBin = join(root, 'node_modules', '.bin', 'next');

function run(args: string[], env: NodeJS.ProcessEnv) {
  return spawn(nextBin, args, { cwd: root, env, stdio: 'inherit' });
}

async function main(): Promise<void> {
  const scenario = loadScenario(values.scenario);
  const fleet = await Fleet.start({ clusters: scenario.clusters });
  const admin = new AdminServer(fleet);
  await admin.start(values['admin-port'] ? Number(values['admin-port']) : 0);
  const kubeconfig = resolve(values.kubeconfig);
  mkdirSync(dirname(kubeconfig), { recursive: true });
  writeFileSync(kubeconfig, fleet.kubeconfig(admin.url), { mode: 0o600 });
  console.log(
    `segscope demo: ${fleet.clusters.length} simulated clusters (${fleet.clusters.map((c) => c.name).join(', ')})`,
  );
  console.log(
    `segscope demo: kubeconfig ${kubeconfig} (try: KUBECONFIG=${kubeconfig} kubectl get ns --context ${fleet.clusters[0]?.name})`,
  );
  console.log(`segscope demo: simulator admin ${admin.url}`);

  // The demo's admin: the token the environment gives, or a fresh one printed here (and only
  // here: the server never logs it). The console says on screen that this is a demo admin.
  const given = process.env.SEGSCOPE_ADMIN_TOKEN;
  const adminToken = given || randomBytes(24).toString('base64url');
  console.log(
    given
      ? 'segscope demo: demo admin token: the value of SEGSCOPE_ADMIN_TOKEN'
      : `segscope demo: demo admin token: ${adminToken}   (sign in with it in the console's header)`,
  );

  const env = {
    ...process.env,
    KUBECONFIG: kubeconfig,
    SEGSCOPE_SIM_ADMIN_URL: admin.url,
    SEGSCOPE_ADMIN_TOKEN: adminToken,
    SEGSCOPE_DEMO_ADMIN: 'true',
  };
  if (!values.dev && !existsSync(join(root, '.next', 'BUILD_ID'))) {
    console.log('segscope demo: building the console once (next build)…');
    const code = await new Promise<number | null>((r) => run(['build'], env).on('exit', r));
    if (code !== 0) throw new Error(`next build failed with exit code ${code}`);
  }
  const server = run(
    [values.dev ? 'dev' : 'start', '--hostname', '127.0.0.1', '--port', values.port],
    env,
  );
  console.log(`segscope demo: console on http://127.0.0.1:${values.port}`);

  // Ctrl-C reaches the whole process group: the console and this process stop together, once,
  // and never wait more than a few seconds for a connection to drain.
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log('segscope demo: stopping');
    const exited =
      server.exitCode !== null || server.signalCode !== null
        ? Promise.resolve()
        : new Promise<void>((r) => server.once('exit', () => r()));
    server.kill('SIGTERM');
    const drained = Promise.all([exited, fleet.stop(), admin.stop()]);
    await Promise.race([drained, new Promise((r) => setTimeout(r, 5000).unref())]);
    process.exit(code);
  };
  process.once('SIGINT', () => void stop(0));
  process.once('SIGTERM', () => void stop(0));
  server.on('exit', (code) => void stop(code ?? 0));
}

main().catch((e: unknown) => {
  console.error(`segscope demo: ${(e as Error).message}`);
  process.exit(1);
});
