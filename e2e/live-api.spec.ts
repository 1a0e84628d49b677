import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import {
  FleetEventSchema,
  LiveFindingsResponseSchema,
  LiveFleetResponseSchema,
  ServicesResponseSchema,
} from '../lib/api/contract';
import { expect, test } from './fixtures';

const exec = promisify(execFile);
const KUBECTL = process.env.KUBECTL ?? '.tools/kubectl';
const kubectl = (...args: string[]) =>
  exec(KUBECTL, args, { env: { ...process.env, KUBECONFIG: '.segscope/e2e.kubeconfig' } });

/** Reads the SSE stream of /api/events until `wanted` holds for an event, then closes it. */
async function waitForEvent(
  baseURL: string,
  wanted: (event: string, data: unknown) => boolean,
  trigger: () => Promise<unknown>,
): Promise<{ raw: string; headers: Headers }> {
  const controller = new AbortController();
  const res = await fetch(`${baseURL}/api/events`, { signal: controller.signal });
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let raw = '';
  let triggered = false;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`stream ended: ${raw}`);
      raw += decoder.decode(value, { stream: true });
      if (!triggered && raw.includes('event: hello')) {
        triggered = true;
        await trigger();
      }
      for (const block of raw.split('\n\n')) {
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event && data && wanted(event, JSON.parse(data))) return { raw, headers: res.headers };
      }
    }
  } finally {
    controller.abort();
  }
}

test('a label changed with kubectl shows in /api/fleet, /api/findings and as an SSE event', async ({
  request,
  baseURL,
  sim,
}) => {
  const before = LiveFleetResponseSchema.parse(await (await request.get('/api/fleet')).json());
  expect(before.ready).toBe(true);
  try {
    const { raw, headers } = await waitForEvent(
      baseURL!,
      (event, data) =>
        event === 'revision' &&
        FleetEventSchema.parse(data).findings.added.some(
          (f) => f.code === 'SEG203' && f.clusters.includes('globex'),
        ),
      () =>
        kubectl(
          '--context',
          'globex',
          'label',
          'namespace',
          'istio-system',
          'admin.solo.io/segment=e2e-missing',
          '--overwrite',
        ),
    );
    expect(headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(headers.get('cache-control')).toBe('no-cache, no-transform');
    expect(headers.get('x-accel-buffering')).toBe('no');

    const fleet = LiveFleetResponseSchema.parse(await (await request.get('/api/fleet')).json());
    expect(fleet.revision).toBeGreaterThan(before.revision);
    expect(fleet.clusters.find((c) => c.id === 'globex')?.segmentLabel).toBe('e2e-missing');
    const findings = LiveFindingsResponseSchema.parse(
      await (await request.get('/api/findings?code=SEG203&cluster=globex')).json(),
    );
    expect(findings.findings.length).toBeGreaterThan(0);
    const services = ServicesResponseSchema.parse(
      await (await request.get('/api/services')).json(),
    );
    expect(services.revision).toBeGreaterThanOrEqual(findings.revision);

    for (const token of sim.tokens()) expect(raw).not.toContain(token);
  } finally {
    // Put it back as the demo has it: globex carries no segment label (it sits in default).
    await kubectl(
      '--context',
      'globex',
      'label',
      'namespace',
      'istio-system',
      'admin.solo.io/segment-',
    );
  }
});

test('bad input is a 400 that names it, an unknown route a JSON 404, readiness a 200', async ({
  request,
}) => {
  const bad = await request.get('/api/findings?severity=fatal');
  expect(bad.status()).toBe(400);
  expect((await bad.json()).error.message).toMatch(/severity/);
  const unknown = await request.get('/api/no-such-route');
  expect(unknown.status()).toBe(404);
  expect((await unknown.json()).error.code).toBe('not_found');
  expect((await request.get('/api/clusters/no-such-cluster')).status()).toBe(404);
  expect((await request.get('/api/readyz')).status()).toBe(200);
  const metrics = await (await request.get('/api/metrics')).text();
  expect(metrics).toMatch(/segscope_cluster_health\{cluster="globex",health="synced"\} 1/);
});

test('no kubeconfig credential in any API response', async ({ request, sim }) => {
  const bodies = await Promise.all(
    ['/api/fleet', '/api/findings', '/api/services', '/api/clusters/acme-east', '/api/metrics'].map(
      async (path) => (await request.get(path)).text(),
    ),
  );
  for (const token of sim.tokens()) for (const body of bodies) expect(body).not.toContain(token);
  for (const body of bodies)
    expect(body).not.toMatch(/certificate-authority-data|BEGIN CERTIFICATE/);
});
