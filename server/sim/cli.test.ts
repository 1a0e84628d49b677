// The simulator's command line: start, kubeconfig, readiness line, SIGTERM → 0, usage errors → 2.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import yaml from 'js-yaml';
import { afterAll, describe, expect, it } from 'vitest';

import { createSession, REPO_ROOT, requireKubectl, run, waitFor } from './testing/kubectl';

const TSX = join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
const CLI = join(REPO_ROOT, 'server', 'sim', 'cli.ts');
const dir = mkdtempSync(join(tmpdir(), 'sim-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sim CLI', () => {
  it('serves --clusters a,b until SIGTERM, writing a kubeconfig kubectl can use', async () => {
    requireKubectl();
    const kubeconfig = join(dir, 'serve', 'kubeconfig');
    const child = spawn(TSX, [CLI, '--clusters', 'a,b', '--kubeconfig', kubeconfig], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    try {
      await waitFor(
        () => stdout.split('\n').some((l) => l.includes('ready')),
        20_000,
        `a "ready" line (stderr: ${stderr})`,
      );
      expect(existsSync(kubeconfig)).toBe(true);
      const config = yaml.load(readFileSync(kubeconfig, 'utf8')) as {
        contexts: { name: string }[];
        'current-context': string;
      };
      expect(config.contexts.map((c) => c.name)).toEqual(['a', 'b']);
      expect(config['current-context']).toBe('a');

      const session = createSession(readFileSync(kubeconfig, 'utf8'), dir);
      const r = await session.kubectl(['get', 'ns', '-o', 'name'], { context: 'b' });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout.split('\n').filter(Boolean)).toEqual([
        'namespace/default',
        'namespace/istio-system',
        'namespace/kube-public',
        'namespace/kube-system',
      ]);
      const network = await session.kubectl(
        [
          'get',
          'ns',
          'istio-system',
          '-o',
          'jsonpath={.metadata.labels.topology\\.istio\\.io/network}',
        ],
        { context: 'b' },
      );
      expect(network.stdout).toBe('b');

      // `npm run sim -- fault`: the next list of namespaces in b is throttled once; kubectl
      // retries it after the Retry-After and succeeds.
      const fault = await run(
        TSX,
        [
          CLI,
          'fault',
          '--kubeconfig',
          kubeconfig,
          'b',
          'retryAfterSeconds=0',
          'failNext.count=1',
          'failNext.code=429',
          'failNext.verb=list',
          'failNext.resource=namespaces',
        ],
        { cwd: REPO_ROOT, timeoutMs: 20_000 },
      );
      expect(fault.code, fault.stderr).toBe(0);
      expect(JSON.parse(fault.stdout)).toMatchObject({
        failNext: [{ count: 1, code: 429, verb: 'list', resource: 'namespaces' }],
      });
      const throttled = await session.kubectl(['get', 'ns', '-o', 'name', '-v=6'], {
        context: 'b',
      });
      expect(throttled.code, throttled.stderr).toBe(0);
      expect(throttled.stderr).toMatch(
        /GET https:\/\/127\.0\.0\.1:\d+\/api\/v1\/namespaces\S* 429 /,
      );
      expect(throttled.stdout).toContain('namespace/default');
    } finally {
      if (child.exitCode === null) child.kill('SIGTERM');
    }
    const { code, signal } = await exited;
    expect({ code, signal }, stderr).toEqual({ code: 0, signal: null });
    expect(stdout).toContain('segscope-sim: stopped');
  });

  it.each([
    [
      '--clusters together with --scenario',
      ['--clusters', 'a', '--scenario', 'demo', '--kubeconfig', join(dir, 'usage', 'kc')],
      'exactly one of',
    ],
    ['no --kubeconfig', ['--clusters', 'a'], '--kubeconfig'],
    [
      'an unknown read-only cluster',
      ['--clusters', 'a', '--read-only', 'z', '--kubeconfig', join(dir, 'usage', 'kc')],
      'unknown cluster "z"',
    ],
  ])('exits 2 on a usage error: %s', async (_what, args, message) => {
    const r = await run(TSX, [CLI, ...args], { cwd: REPO_ROOT, timeoutMs: 20_000 });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).toContain('usage:');
    expect(existsSync(join(dir, 'usage', 'kc'))).toBe(false);
  });
});
