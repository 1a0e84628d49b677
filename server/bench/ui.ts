// The console in headless Chromium: navigation to a laid-out overview graph (`aria-busy="false"`
// on the graph region) for fleets of 9 (the demo), 50 and 200 clusters, and the frame time while
// panning the 200-cluster graph. Needs a production build (`next build`); builds once if missing.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { chromium, type Page } from '@playwright/test';

import { type ClusterSpec, Fleet } from '../sim/fleet';
import { loadScenario } from '../sim/scenario';
import { parseSyntheticSize, syntheticFleet } from '../sim/synthetic';
import { figureOf, type Reporter } from './report';

const root = join(import.meta.dirname, '..', '..');
const LOADS = 5;
const GRAPH_READY = '[aria-label="Peering graph"][aria-busy="false"]';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

async function waitReady(url: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}`);
    const ok = await fetch(`${url}/api/readyz`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} never became ready`);
}

/** Starts a fleet and the built console against it; returns its URL and a stop function. */
async function serve(clusters: ClusterSpec[]): Promise<{ url: string; stop: () => Promise<void> }> {
  const fleet = await Fleet.start({ clusters });
  const dir = mkdtempSync(join(tmpdir(), 'segscope-bench-ui-'));
  const kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(kubeconfig, fleet.kubeconfig(), { mode: 0o600 });
  const port = await freePort();
  const child = spawn(
    join(root, 'node_modules', '.bin', 'next'),
    ['start', '--hostname', '127.0.0.1', '--port', String(port)],
    { cwd: root, env: { ...process.env, KUBECONFIG: kubeconfig }, stdio: 'ignore' },
  );
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitReady(url, child);
  } catch (e) {
    child.kill();
    await fleet.stop();
    throw e;
  }
  return {
    url,
    stop: async () => {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      await fleet.stop();
    },
  };
}

/** Milliseconds from navigation to the graph's layout applied. */
async function graphReady(page: Page, url: string): Promise<number> {
  const started = performance.now();
  await page.goto(url, { waitUntil: 'commit', timeout: 120_000 });
  await page.waitForSelector(GRAPH_READY, { timeout: 120_000 });
  return performance.now() - started;
}

/** Frame intervals (ms) while dragging the canvas for about two seconds. */
async function panFrames(page: Page): Promise<number[]> {
  const box = await page.getByTestId('graph-canvas').boundingBox();
  if (!box) throw new Error('no graph canvas');
  // A string, not a function: tsx compiles named closures with an `__name` helper that does not
  // exist in the page.
  await page.evaluate(`(() => {
    window.frames_ = [];
    window.recording_ = true;
    const tick = (t) => {
      window.frames_.push(t);
      if (window.recording_) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })()`);
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  await page.mouse.move(cx, cy);
  await page.mouse.down();
  // A busy page acknowledges input slowly: the drag stops after five seconds, however far it got.
  const deadline = performance.now() + 5_000;
  for (let i = 0; i < 120 && performance.now() < deadline; i++) {
    const angle = (i / 120) * Math.PI * 4;
    await page.mouse.move(cx + Math.cos(angle) * 150, cy + Math.sin(angle) * 100);
  }
  await page.mouse.up();
  const frames = await page.evaluate(() => {
    const w = window as unknown as { frames_: number[]; recording_: boolean };
    w.recording_ = false;
    return w.frames_;
  });
  return frames.slice(1).map((t, i) => t - frames[i]!);
}

function ensureBuild(): void {
  if (existsSync(join(root, '.next', 'BUILD_ID'))) return;
  execFileSync(join(root, 'node_modules', '.bin', 'next'), ['build'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

const SIZES: { size: string; clusters: () => ClusterSpec[] }[] = [
  { size: 'demo (9)', clusters: () => loadScenario('demo').clusters },
  { size: '50x20', clusters: () => syntheticFleet(parseSyntheticSize('50x20')) },
  { size: '200x5', clusters: () => syntheticFleet(parseSyntheticSize('200x5')) },
];

export async function uiBench(report: Reporter): Promise<void> {
  ensureBuild();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    for (const { size, clusters } of SIZES) {
      const server = await serve(clusters());
      try {
        const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
        await graphReady(page, server.url); // warm the server's compiled routes once
        const loads: number[] = [];
        for (let i = 0; i < LOADS; i++) loads.push(await graphReady(page, server.url));
        report.add(
          figureOf('ui.graph-ready', size, 'ms', loads, {
            note: `navigation to aria-busy=false, ${LOADS} loads after one warm-up`,
          }),
        );
        if (size.startsWith('200')) {
          const intervals = await panFrames(page);
          report.add(
            figureOf('ui.pan-frame', size, 'ms', intervals, {
              p95: true,
              note: `rAF interval while dragging the canvas (${intervals.length} frames; 33 ms = 30 fps)`,
            }),
          );
        }
        await page.close();
      } finally {
        await server.stop();
      }
    }
  } finally {
    await browser.close();
  }
}
