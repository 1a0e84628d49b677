// Raw HTTPS requests with bad input: every error must be a JSON Status whose code is the HTTP
// status, and the server must keep answering afterwards.
import { request as httpsRequest } from 'node:https';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { SIM_CA } from './cluster-server';
import { Fleet } from './fleet';
import { rawRequest, type RawResponse } from './testing/kubectl';
import type { KubeObject } from './types';

let fleet: Fleet;
let token: string;
let base: string;

const call = (path: string, options: Parameters<typeof rawRequest>[1] = {}) =>
  rawRequest(`${base}${path}`, { token, ...options });
const send = (method: string, path: string, contentType: string, body: string | Buffer) =>
  call(path, { method, headers: { 'Content-Type': contentType }, body });

/** Asserts a Kubernetes failure Status whose code equals the HTTP status. */
function expectStatus(
  res: RawResponse,
  code: number,
  reason: string,
  message?: string | RegExp,
): Record<string, unknown> {
  expect(res.status, res.body).toBe(code);
  expect(res.headers['content-type']).toBe('application/json');
  const status = res.json as Record<string, unknown>;
  expect(status).toMatchObject({
    kind: 'Status',
    apiVersion: 'v1',
    status: 'Failure',
    reason,
    code,
  });
  expect(typeof status.message).toBe('string');
  if (typeof message === 'string') expect(status.message).toContain(message);
  else if (message) expect(status.message).toMatch(message);
  return status;
}

async function stillServing(): Promise<void> {
  const res = await call('/api/v1/namespaces/default');
  expect(res.status).toBe(200);
  expect((res.json as KubeObject).metadata.name).toBe('default');
}

beforeAll(async () => {
  fleet = await Fleet.start({ clusters: [{ name: 'c1' }] });
  const cluster = fleet.cluster('c1');
  token = cluster.users[0]!.token;
  base = cluster.url;
});
afterAll(() => fleet?.stop());

describe('bad request bodies', () => {
  it('malformed JSON → 400', async () => {
    expectStatus(
      await send('POST', '/api/v1/namespaces', 'application/json', '{"metadata":{"name":'),
      400,
      'BadRequest',
    );
    expectStatus(
      await send('PUT', '/api/v1/namespaces/default', 'application/json', 'not json'),
      400,
      'BadRequest',
    );
    expectStatus(
      await send('DELETE', '/api/v1/namespaces/default', 'application/json', '{bad'),
      400,
      'BadRequest',
      'DeleteOptions',
    );
    await stillServing();
  });

  it('malformed YAML → 400, while well-formed YAML is accepted', async () => {
    expectStatus(
      await send('POST', '/api/v1/namespaces', 'application/yaml', 'metadata: {name: [x\n  : :'),
      400,
      'BadRequest',
    );
    const ok = await send(
      'POST',
      '/api/v1/namespaces',
      'application/yaml',
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: from-yaml\n',
    );
    expect(ok.status).toBe(201);
    await stillServing();
  });

  it('a body that is no object, or names another kind or namespace → 400', async () => {
    expectStatus(
      await send('POST', '/api/v1/namespaces', 'application/json', '[1,2]'),
      400,
      'BadRequest',
    );
    expectStatus(
      await send(
        'POST',
        '/api/v1/namespaces/default/configmaps',
        'application/json',
        '{"apiVersion":"v1","kind":"Secret","metadata":{"name":"x"}}',
      ),
      400,
      'BadRequest',
      'does not match the expected kind',
    );
    expectStatus(
      await send(
        'POST',
        '/api/v1/namespaces/default/configmaps',
        'application/json',
        '{"metadata":{"name":"x","namespace":"kube-system"}}',
      ),
      400,
      'BadRequest',
      'the namespace of the provided object does not match the namespace sent on the request',
    );
    await stillServing();
  });

  it('text/plain on POST → 415', async () => {
    expectStatus(
      await send('POST', '/api/v1/namespaces', 'text/plain', 'name: x'),
      415,
      'UnsupportedMediaType',
      'application/json',
    );
    await stillServing();
  });

  it('garbage protobuf → 415 with a message that says what is wrong', async () => {
    const noPrefix = expectStatus(
      await send(
        'POST',
        '/api/v1/namespaces',
        'application/vnd.kubernetes.protobuf',
        Buffer.from('garbage!garbage'),
      ),
      415,
      'UnsupportedMediaType',
    );
    expect(noPrefix.message).toMatch(/protobuf/);
    const truncated = Buffer.concat([Buffer.from('k8s\0'), Buffer.from([0x0a, 0x7f, 0x01])]);
    const bad = expectStatus(
      await send('POST', '/api/v1/namespaces', 'application/vnd.kubernetes.protobuf', truncated),
      415,
      'UnsupportedMediaType',
    );
    expect(bad.message).toMatch(/protobuf/);
    await stillServing();
  });

  it('a body over 3 MiB → 413, and the connection does not hang the next request', async () => {
    const huge = JSON.stringify({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'huge' },
      data: { a: 'x'.repeat(4 * 1024 * 1024) },
    });
    expectStatus(
      await send('POST', '/api/v1/namespaces/default/configmaps', 'application/json', huge),
      413,
      'RequestEntityTooLarge',
    );
    expectStatus(
      await send('POST', '/api/v1/namespaces', 'text/plain', 'x'),
      415,
      'UnsupportedMediaType',
    );
    expect((await call('/api/v1/namespaces/default/configmaps/huge')).status).toBe(404);
    await stillServing();
  });
});

describe('bad patches', () => {
  it('strategic merge patch on a custom resource → 415, existing or not', async () => {
    const seg = {
      apiVersion: 'admin.istio.io/v1',
      kind: 'Segment',
      metadata: { name: 'smp' },
      spec: { domain: 'smp.mesh' },
    };
    expect(
      (
        await send(
          'POST',
          '/apis/admin.istio.io/v1/namespaces/istio-system/segments',
          'application/json',
          JSON.stringify(seg),
        )
      ).status,
    ).toBe(201);
    const path = '/apis/admin.istio.io/v1/namespaces/istio-system/segments';
    for (const name of ['smp', 'missing']) {
      const status = expectStatus(
        await send(
          'PATCH',
          `${path}/${name}`,
          'application/strategic-merge-patch+json',
          '{"spec":{"domain":"x"}}',
        ),
        415,
        'UnsupportedMediaType',
      );
      expect(status.message).toContain('application/merge-patch+json');
      expect(status.message).not.toContain('strategic');
    }
    await stillServing();
  });

  it('a JSON patch that is not an array → 400; an unknown patch type → 415', async () => {
    expectStatus(
      await send(
        'PATCH',
        '/api/v1/namespaces/default',
        'application/json-patch+json',
        '{"op":"add","path":"/x","value":1}',
      ),
      400,
      'BadRequest',
    );
    expectStatus(
      await send('PATCH', '/api/v1/namespaces/default', 'application/merge-patch+json', '[1]'),
      400,
      'BadRequest',
    );
    expectStatus(
      await send('PATCH', '/api/v1/namespaces/default', 'application/json', '{}'),
      415,
      'UnsupportedMediaType',
    );
    await stillServing();
  });
});

describe('bad paths, methods and credentials', () => {
  it.each([
    '/api/v1/bindings',
    '/apis/nope.io/v1/things',
    '/apis/admin.istio.io/v1/namespaces/istio-system/nothings',
    '/api/v1/namespaces/default/bogus/x',
    '/nowhere',
  ])('unknown resource path %s → 404', async (path) => {
    const status = expectStatus(
      await call(path),
      404,
      'NotFound',
      'the server could not find the requested resource',
    );
    expect(status.message).toBe('the server could not find the requested resource');
    await stillServing();
  });

  it('a method the resource does not allow → 405', async () => {
    expectStatus(
      await send('POST', '/api/v1/namespaces/default', 'application/json', '{}'),
      405,
      'MethodNotAllowed',
    );
    expectStatus(await call('/version', { method: 'DELETE' }), 405, 'MethodNotAllowed');
  });

  it('a missing or wrong bearer token → 401; /version stays public', async () => {
    expectStatus(await rawRequest(`${base}/api/v1/namespaces`), 401, 'Unauthorized');
    expectStatus(
      await rawRequest(`${base}/api/v1/namespaces`, { token: 'not-the-token' }),
      401,
      'Unauthorized',
    );
    expectStatus(
      await rawRequest(`${base}/api/v1/namespaces`, {
        headers: { Authorization: `Basic ${token}` },
      }),
      401,
      'Unauthorized',
    );
    expect((await rawRequest(`${base}/version`)).status).toBe(200);
    await stillServing();
  });
});

describe('list and watch parameters', () => {
  it.each(['a in b', 'a=(b', 'a!', '!=x', 'a in (b'])(
    'label selector %j → 400',
    async (selector) => {
      expectStatus(
        await call(`/api/v1/namespaces?labelSelector=${encodeURIComponent(selector)}`),
        400,
        'BadRequest',
      );
      await stillServing();
    },
  );

  it('unknown field selectors and fieldValidation values → 400', async () => {
    expectStatus(
      await call('/api/v1/namespaces?fieldSelector=spec.bogus%3Dx'),
      400,
      'BadRequest',
      /field label not supported|not a known field selector/,
    );
    expectStatus(
      await send(
        'POST',
        '/api/v1/namespaces?fieldValidation=Loose',
        'application/json',
        '{"metadata":{"name":"fv"}}',
      ),
      400,
      'BadRequest',
      'fieldValidation',
    );
  });

  it('limit/continue pages cover every object exactly once at one resourceVersion', async () => {
    await call('/api/v1/namespaces', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"metadata":{"name":"paging"}}',
    });
    const names = ['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6'];
    for (const name of [...names].reverse()) {
      const r = await send(
        'POST',
        '/api/v1/namespaces/paging/configmaps',
        'application/json',
        JSON.stringify({ metadata: { name } }),
      );
      expect(r.status).toBe(201);
    }
    type Page = {
      metadata: { resourceVersion: string; continue?: string; remainingItemCount?: number };
      items: KubeObject[];
    };
    const pages: Page[] = [];
    let token: string | undefined;
    do {
      const query: string = `limit=3${token ? `&continue=${encodeURIComponent(token)}` : ''}`;
      const res = await call(`/api/v1/namespaces/paging/configmaps?${query}`);
      expect(res.status).toBe(200);
      const page = res.json as Page;
      pages.push(page);
      token = page.metadata.continue;
    } while (token && pages.length < 10);
    expect(pages.map((p) => p.items.map((i) => i.metadata.name))).toEqual([
      ['p0', 'p1', 'p2'],
      ['p3', 'p4', 'p5'],
      ['p6'],
    ]);
    expect(pages.map((p) => p.metadata.remainingItemCount)).toEqual([4, 1, undefined]);
    expect(new Set(pages.map((p) => p.metadata.resourceVersion)).size).toBe(1);
    const all = (await call('/api/v1/namespaces/paging/configmaps')).json as Page;
    expect(all.items.map((i) => i.metadata.name)).toEqual(names);
    expect(all.metadata.continue).toBeUndefined();

    expectStatus(
      await call('/api/v1/namespaces/paging/configmaps?limit=3&continue=not-a-token'),
      400,
      'BadRequest',
      'continue',
    );
    expectStatus(
      await call('/api/v1/namespaces/paging/configmaps?limit=abc'),
      400,
      'BadRequest',
      'limit',
    );
    const first = (await call('/api/v1/namespaces/paging/configmaps?limit=3')).json as Page;
    await send(
      'POST',
      '/api/v1/namespaces/paging/configmaps',
      'application/json',
      '{"metadata":{"name":"p7"}}',
    );
    fleet.cluster('c1').store.compact();
    expectStatus(
      await call(
        `/api/v1/namespaces/paging/configmaps?limit=3&continue=${first.metadata.continue}`,
      ),
      410,
      'Expired',
    );
    await stillServing();
  });

  it('a watch from a too-old resourceVersion → 200, one ERROR event with a 410 Status, then the end', async () => {
    const res = await call('/api/v1/namespaces?watch=true&resourceVersion=5');
    expect(res.status).toBe(200);
    const events = res.body
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { type: string; object: Record<string, unknown> });
    expect(events).toHaveLength(1);
    expect(events[0]?.type).toBe('ERROR');
    expect(events[0]?.object).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      reason: 'Expired',
      code: 410,
    });
    expect(String(events[0]?.object.message)).toMatch(/^too old resource version: 5 \(\d+\)$/);
    await stillServing();
  });

  it('a watch from a revision the server never issued → 410 as well', async () => {
    const ahead = fleet.cluster('c1').store.currentRv() + 1000;
    const res = await call(`/api/v1/namespaces?watch=true&resourceVersion=${ahead}`);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body.trim())).toMatchObject({
      type: 'ERROR',
      object: { code: 410, reason: 'Expired' },
    });
  });

  it('a client that hangs up mid-watch does not disturb the server', async () => {
    const cluster = fleet.cluster('c1');
    const before = cluster.hub.size;
    await new Promise<void>((resolve, reject) => {
      const req = httpsRequest(
        `${base}/api/v1/namespaces?watch=true`,
        { ca: SIM_CA, headers: { Authorization: `Bearer ${token}` } },
        (res) => {
          res.once('data', () => {
            req.destroy();
            resolve();
          });
        },
      );
      req.on('error', (e) =>
        (e as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : reject(e),
      );
      req.end();
    });
    for (let i = 0; i < 100 && cluster.hub.size > before; i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(cluster.hub.size).toBe(before);
    await send(
      'POST',
      '/api/v1/namespaces',
      'application/json',
      '{"metadata":{"name":"after-hangup"}}',
    );
    await stillServing();
  });
});
