// Test helpers for driving the real kubectl (and raw HTTPS) against a simulated fleet. Free of
// vitest imports so that scripts can use them too.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { SIM_CA } from '../cluster-server';
import { type ClusterSpec, Fleet } from '../fleet';

export const REPO_ROOT = join(import.meta.dirname, '..', '..', '..');
export const KUBECTL = process.env.KUBECTL ?? join(REPO_ROOT, '.tools', 'kubectl');

/** Throws (so the test fails, never skips) when the pinned kubectl is not installed. */
export function requireKubectl(): string {
  if (!existsSync(KUBECTL)) {
    throw new Error(
      `kubectl not found at ${KUBECTL}: run \`node scripts/ensure-kubectl.mjs\` (npm run setup:tools) or set $KUBECTL`,
    );
  }
  return KUBECTL;
}

export interface RunResult {
  /** The arguments the program ran with (for failure messages). */
  args: string[];
  stdout: string;
  stderr: string;
  /** Exit code; -1 when the process was killed (timeout) or could not start. */
  code: number;
}

export interface KubectlOptions {
  /** Written to stdin (use with `-f -`). */
  input?: string;
  /** `--context NAME`. */
  context?: string;
  timeoutMs?: number;
}

export type Kubectl = (args: string[], options?: KubectlOptions) => Promise<RunResult>;

/** Runs a program without a shell, resolving with its output and exit code (never rejecting). */
export function run(
  file: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number; cwd?: string } = {},
): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = execFile(
      file,
      args,
      {
        env: options.env,
        cwd: options.cwd,
        timeout: options.timeoutMs ?? 20_000,
        maxBuffer: 16 * 1024 * 1024,
        encoding: 'utf8',
      },
      (error, stdout, stderr) => {
        let code = 0;
        if (error) {
          const c = (error as NodeJS.ErrnoException & { code?: unknown }).code;
          code = typeof c === 'number' ? c : -1;
          if (error.killed) stderr += `\n[killed after ${options.timeoutMs ?? 20_000} ms]`;
          if (typeof c === 'string') stderr += `\n[${c}: ${error.message}]`;
        }
        resolve({ args, stdout, stderr, code });
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
    else child.stdin?.end();
  });
}

/** One kubectl "user": its own KUBECONFIG file and discovery cache (KUBECACHEDIR). */
export interface KubectlSession {
  dir: string;
  kubeconfigPath: string;
  cacheDir: string;
  env: NodeJS.ProcessEnv;
  kubectl: Kubectl;
  /** Starts a long-running kubectl (e.g. `get --watch`), collecting its output. */
  spawn: (args: string[], options?: { context?: string }) => Spawned;
  /** Writes a file into the session directory and returns its path. */
  file: (name: string, content: string) => string;
}

export interface Spawned {
  child: ChildProcess;
  output: () => string;
  stderr: () => string;
  /** Kills the process and resolves once it has exited. */
  kill: () => Promise<void>;
}

export function createSession(kubeconfig: string, parent = tmpdir()): KubectlSession {
  const kubectlPath = requireKubectl();
  const dir = mkdtempSync(join(parent, 'kubectl-'));
  const kubeconfigPath = join(dir, 'kubeconfig');
  const cacheDir = join(dir, 'cache');
  mkdirSync(cacheDir);
  writeFileSync(kubeconfigPath, kubeconfig, { mode: 0o600 });
  const env: NodeJS.ProcessEnv = {
    NODE_ENV: process.env.NODE_ENV,
    PATH: process.env.PATH,
    HOME: dir,
    KUBECONFIG: kubeconfigPath,
    KUBECACHEDIR: cacheDir,
  };
  const withContext = (args: string[], context?: string) =>
    context ? ['--context', context, ...args] : args;
  return {
    dir,
    kubeconfigPath,
    cacheDir,
    env,
    kubectl: (args, options = {}) =>
      run(kubectlPath, withContext(args, options.context), {
        env,
        input: options.input,
        timeoutMs: options.timeoutMs,
      }),
    spawn: (args, options = {}) => {
      const child = spawn(kubectlPath, withContext(args, options.context), {
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      return {
        child,
        output: () => out,
        stderr: () => err,
        kill: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          await exited;
        },
      };
    },
    file: (name, content) => {
      const path = join(dir, name);
      writeFileSync(path, content);
      return path;
    },
  };
}

export interface TestFleet {
  fleet: Fleet;
  /** A kubeconfig written once for the whole fleet (sessions write their own copies). */
  kubeconfigPath: string;
  /** A shared session, for helpers that need no isolation. */
  kubectl: Kubectl;
  /** A fresh KUBECONFIG + KUBECACHEDIR for one test. */
  session: () => KubectlSession;
  stop: () => Promise<void>;
}

export async function startTestFleet(specs: ClusterSpec[]): Promise<TestFleet> {
  requireKubectl();
  const root = mkdtempSync(join(tmpdir(), 'sim-fleet-'));
  const fleet = await Fleet.start({ clusters: specs });
  const shared = createSession(fleet.kubeconfig(), root);
  return {
    fleet,
    kubeconfigPath: shared.kubeconfigPath,
    kubectl: shared.kubectl,
    session: () => createSession(fleet.kubeconfig(), root),
    stop: async () => {
      await fleet.stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Polls `condition` until it is truthy (returning its value) or throws after `timeoutMs`. */
export async function waitFor<T>(
  condition: () => T | Promise<T>,
  timeoutMs = 5000,
  what = 'condition',
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await condition();
      if (value) return value as NonNullable<T>;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`,
      );
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** The body parsed as JSON, or undefined. */
  json: unknown;
}

/** One raw HTTPS request to a simulated cluster, trusting only the simulator's CA. */
export function rawRequest(
  url: string,
  options: {
    method?: string;
    token?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
    timeoutMs?: number;
  } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (options.token !== undefined) headers.Authorization = `Bearer ${options.token}`;
    // Node sends DELETE bodies without framing unless told their length.
    if (options.body !== undefined)
      headers['Content-Length'] = String(Buffer.byteLength(options.body));
    // The path goes out exactly as given: a URL string would be normalised by Node's WHATWG
    // parser first (`%2e%2e` resolved as `..`), hiding the very requests the tests send.
    const origin = /^https:\/\/([^/:]+):(\d+)(\/.*)?$/.exec(url);
    if (!origin) throw new Error(`rawRequest needs https://host:port/path, got ${url}`);
    const req = httpsRequest(
      {
        host: origin[1],
        port: Number(origin[2]),
        path: origin[3] ?? '/',
        method: options.method ?? 'GET',
        ca: SIM_CA,
        headers,
        timeout: options.timeoutMs ?? 10_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(body);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`request to ${url} timed out`)));
    req.on('error', reject);
    req.end(options.body);
  });
}

/** The stdout of a successful run; throws with the stderr otherwise. */
export function expectOk(r: RunResult): string {
  if (r.code !== 0) throw new Error(`kubectl ${r.args.join(' ')} failed (${r.code}):\n${r.stderr}`);
  return r.stdout;
}

/** The stderr of a failed run; throws when it succeeded. */
export function expectFailure(r: RunResult): string {
  if (r.code === 0) throw new Error(`kubectl ${r.args.join(' ')} should have failed:\n${r.stdout}`);
  return r.stderr;
}

/** Non-empty, trimmed output lines. */
export const lines = (text: string): string[] =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

/** A Segment (admin.istio.io/v1) manifest in istio-system unless metadata says otherwise. */
export const segmentYaml = (
  name: string,
  domain: string,
  metadata: Record<string, unknown> = {},
): string =>
  `apiVersion: admin.istio.io/v1\nkind: Segment\nmetadata: ${JSON.stringify({ name, namespace: 'istio-system', ...metadata })}\nspec: {domain: ${domain}}\n`;
