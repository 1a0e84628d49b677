// Path safety and parameter validation, as a new user found them with curl (issue 14 §1): raw
// HTTPS requests whose paths go out byte for byte, and a fuzz test of paths and query strings.
import { Agent, request as httpsRequest } from 'node:https';

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { SIM_CA } from './cluster-server';
import { Fleet } from './fleet';
import type { StoredEvent } from './store';
import { rawRequest, type RawResponse } from './testing/kubectl';
import type { KubeObject } from './types';

let fleet: Fleet;
let token: string;
let base: string;

const call = (method: string, path: string, body?: string, contentType = 'application/json') =>
  rawRequest(`${base}${path}`, {
    method,
    token,
    ...(body !== undefined ? { body, headers: { 'Content-Type': contentType } } : {}),
  });

function expectStatus(res: RawResponse, code: number, reason: string, message?: string | RegExp) {
  expect(res.status, res.body).toBe(code);
  const status = res.json as Record<string, unknown>;
  expect(status).toMatchObject({ kind: 'Status', status: 'Failure', reason, code });
  if (typeof message === 'string') expect(status.message).toContain(message);
  else if (message) expect(status.message).toMatch(message);
  return status;
}

const rv = () => fleet.cluster('c1').store.currentRv();

beforeAll(async () => {
  fleet = await Fleet.start({ clusters: [{ name: 'c1' }], istiod: false });
  const cluster = fleet.cluster('c1');
  token = cluster.users[0]!.token;
  base = cluster.url;
  expect((await call('POST', '/api/v1/namespaces', '{"metadata":{"name":"trav"}}')).status).toBe(
    201,
  );
  for (const name of ['c1', 'lit']) {
    const body = JSON.stringify({ metadata: { name }, data: { k: 'v' } });
    expect((await call('POST', '/api/v1/namespaces/trav/configmaps', body)).status).toBe(201);
  }
});
afterAll(() => fleet?.stop());

describe('encoded dot segments and slashes never reach another object', () => {
  it.each([
    ['GET', '/api/v1/namespaces/trav/configmaps/%2e%2e'],
    ['DELETE', '/api/v1/namespaces/trav/configmaps/%2e%2e'],
    ['DELETE', '/api/v1/namespaces/trav/configmaps/c1/%2e%2e/%2e%2e/configmaps/lit'],
    ['DELETE', '/api/v1/namespaces/trav/configmaps/c1/%2E%2E/lit'],
    ['GET', '/api/v1/namespaces/trav/configmaps/%2e'],
    ['DELETE', '/api/v1/namespaces/trav/configmaps/./lit'],
    ['DELETE', '/api/v1/namespaces/trav/configmaps/x/../lit'],
    ['GET', '/api/v1/namespaces/%2e%2e/configmaps'],
  ])('%s %s → 400, nothing changes', async (method, path) => {
    const before = rv();
    expectStatus(await call(method, path), 400, 'BadRequest', 'dot segments');
    expect(rv()).toBe(before);
    expect((await call('GET', '/api/v1/namespaces/trav/configmaps/lit')).status).toBe(200);
    expect((await call('GET', '/api/v1/namespaces/trav')).status).toBe(200);
  });

  it.each([
    [
      '/api/v1/namespaces/trav/configmaps/a%2Fb',
      'invalid resource name "a/b": [may not contain \'/\']',
    ],
    ['/api/v1/namespaces/trav/configmaps/a%25b', "may not contain '%'"],
    ['/api/v1/namespaces/tr%2Fav/configmaps', 'invalid namespace name'],
    ['/api/v1/namespaces/a%2Fb', 'invalid resource name'],
  ])('%s → 400 (a name can hold no / or %%)', async (path, message) => {
    expectStatus(await call('GET', path), 400, 'BadRequest', message);
    expectStatus(await call('DELETE', path), 400, 'BadRequest', message);
  });

  it('a malformed escape → 400, with or without a token', async () => {
    expectStatus(await call('GET', '/api/v1/%E0%A4%A'), 400, 'BadRequest', 'invalid URL escape');
    expectStatus(
      await rawRequest(`${base}/api/v1/namespaces/%zz`),
      400,
      'BadRequest',
      'invalid URL escape',
    );
  });

  it('a request target that is no path → 400', async () => {
    const res = await new Promise<number>((resolve, reject) => {
      const req = httpsRequest(
        {
          host: '127.0.0.1',
          port: fleet.cluster('c1').port,
          path: '*',
          method: 'OPTIONS',
          ca: SIM_CA,
        },
        (r) => {
          r.resume();
          resolve(r.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(res).toBe(400);
  });

  it('the default namespace may not be deleted (403), as the NamespaceLifecycle plugin says', async () => {
    expectStatus(
      await call('DELETE', '/api/v1/namespaces/default'),
      403,
      'Forbidden',
      'this namespace may not be deleted',
    );
  });
});

describe('bad bodies → 4xx, never 500', () => {
  it('a Service with ports: "abc" → 400 in encoding/json words; nothing stored', async () => {
    const status = expectStatus(
      await call(
        'POST',
        '/api/v1/namespaces/default/services',
        '{"metadata":{"name":"abc"},"spec":{"ports":"abc"}}',
      ),
      400,
      'BadRequest',
      'cannot unmarshal string into Go struct field Service.spec.ports of type []',
    );
    expect(status.message).toMatch(/^Service in version "v1" cannot be handled as a Service/);
    expectStatus(
      await call(
        'POST',
        '/api/v1/namespaces/default/services',
        '{"metadata":{"name":"abc"},"spec":{"ports":[{"port":"80"}]}}',
      ),
      400,
      'BadRequest',
      'cannot unmarshal string into Go struct field Service.spec.ports.port of type int32',
    );
    expectStatus(
      await call(
        'POST',
        '/api/v1/namespaces/default/configmaps',
        '{"metadata":{"name":"abc"},"data":{"k":{"nested":true}}}',
      ),
      400,
      'BadRequest',
      'cannot unmarshal object into Go struct field ConfigMap.data',
    );
    expect((await call('GET', '/api/v1/namespaces/default/services/abc')).status).toBe(404);
    expect((await call('GET', '/api/v1/namespaces/default/configmaps/abc')).status).toBe(404);
  });

  it('a body nested 5,000 levels deep → 400, as JSON, YAML, patch or apply', async () => {
    let deep = '1';
    for (let i = 0; i < 5000; i++) deep = `{"a":${deep}}`;
    let deepList = '1';
    for (let i = 0; i < 5000; i++) deepList = `[${deepList}]`;
    const before = rv();
    expectStatus(
      await call(
        'POST',
        '/api/v1/namespaces/default/configmaps',
        `{"metadata":{"name":"deep"},"data":${deep}}`,
      ),
      400,
      'BadRequest',
      'nested too deeply',
    );
    expectStatus(
      await call(
        'POST',
        '/api/v1/namespaces/default/services',
        `{"metadata":{"name":"deep"},"spec":{"x":${deepList}}}`,
      ),
      400,
      'BadRequest',
      'nested too deeply',
    );
    expectStatus(
      await call(
        'PATCH',
        '/api/v1/namespaces/default',
        `{"metadata":{"labels":${deep}}}`,
        'application/merge-patch+json',
      ),
      400,
      'BadRequest',
      'nested too deeply',
    );
    expectStatus(
      await call(
        'PATCH',
        '/api/v1/namespaces/default/configmaps/deep?fieldManager=t',
        `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"deep"},"data":${deep}}`,
        'application/apply-patch+yaml',
      ),
      400,
      'BadRequest',
    );
    expectStatus(
      await call('DELETE', '/api/v1/namespaces/trav/configmaps/lit', `{"a":${deep}}`),
      400,
      'BadRequest',
      'nested too deeply',
    );
    expect(rv()).toBe(before);
  });

  it('bad DeleteOptions → 400/422; a precondition failure names the field that differs', async () => {
    const path = '/api/v1/namespaces/trav/configmaps/lit';
    expectStatus(await call('DELETE', path, 'null'), 400, 'BadRequest', 'DeleteOptions');
    expectStatus(await call('DELETE', path, '{"dryRun":"All"}'), 400, 'BadRequest');
    expectStatus(await call('DELETE', path, '{"preconditions":5}'), 400, 'BadRequest');
    expectStatus(
      await call('DELETE', path, '{"propagationPolicy":"Sideways"}'),
      422,
      'Invalid',
      'propagationPolicy: Unsupported value: "Sideways"',
    );
    expectStatus(
      await call('DELETE', `${path}?dryRun=Some`),
      422,
      'Invalid',
      'dryRun: Unsupported value',
    );
    const lit = (await call('GET', path)).json as KubeObject;
    expectStatus(
      await call('DELETE', path, '{"preconditions":{"resourceVersion":"1"}}'),
      409,
      'Conflict',
      `Precondition failed: ResourceVersion in precondition: 1, ResourceVersion in object meta: ${lit.metadata.resourceVersion}`,
    );
    expectStatus(
      await call('DELETE', path, '{"preconditions":{"uid":"nope"}}'),
      409,
      'Conflict',
      `Precondition failed: UID in precondition: nope, UID in object meta: ${lit.metadata.uid}`,
    );
    expect((await call('GET', path)).status).toBe(200);
    const dry = await call(
      'DELETE',
      path,
      JSON.stringify({
        kind: 'DeleteOptions',
        apiVersion: 'v1',
        dryRun: ['All'],
        preconditions: { uid: lit.metadata.uid, resourceVersion: lit.metadata.resourceVersion },
      }),
    );
    expect(dry.status, dry.body).toBe(200);
    expect((await call('GET', path)).status).toBe(200);
  });
});

describe('list and watch parameters, checked as a real API server checks them', () => {
  it.each(['1.5', '-5', '0x10', 'abc', '+5', '99999999999999999999999'])(
    'resourceVersion=%s → 400 for list and watch',
    async (value) => {
      const q = encodeURIComponent(value);
      expectStatus(
        await call('GET', `/api/v1/namespaces?resourceVersion=${q}`),
        400,
        'BadRequest',
        `resourceVersion: Invalid value: ${JSON.stringify(value)}: strconv.ParseUint`,
      );
      expectStatus(
        await call('GET', `/api/v1/namespaces?watch=true&resourceVersion=${q}`),
        400,
        'BadRequest',
        'strconv.ParseUint',
      );
    },
  );

  it('a watch from a revision never issued says "too large", not "too old" (still 410)', async () => {
    const ahead = rv() + 1000;
    const res = await call('GET', `/api/v1/namespaces?watch=true&resourceVersion=${ahead}`);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body.trim())).toMatchObject({
      type: 'ERROR',
      object: {
        code: 410,
        message: `Too large resource version: ${ahead}, current: ${rv()}`,
        details: { causes: [{ reason: 'ResourceVersionTooLarge' }] },
      },
    });
  });

  it('a list at a revision never issued → 504 Timeout, ResourceVersionTooLarge', async () => {
    const ahead = rv() + 1000;
    expectStatus(
      await call('GET', `/api/v1/namespaces?resourceVersion=${ahead}`),
      504,
      'Timeout',
      'Too large resource version',
    );
  });

  it('resourceVersionMatch=Exact lists an earlier revision; misuse → 422 on ListOptions', async () => {
    const before = rv();
    expect(
      (await call('POST', '/api/v1/namespaces/trav/configmaps', '{"metadata":{"name":"later"}}'))
        .status,
    ).toBe(201);
    const exact = (
      await call(
        'GET',
        `/api/v1/namespaces/trav/configmaps?resourceVersion=${before}&resourceVersionMatch=Exact`,
      )
    ).json as { metadata: { resourceVersion: string }; items: KubeObject[] };
    expect(exact.metadata.resourceVersion).toBe(String(before));
    expect(exact.items.map((i) => i.metadata.name)).toEqual(['c1', 'lit']);
    const now = (await call('GET', '/api/v1/namespaces/trav/configmaps')).json as {
      items: KubeObject[];
    };
    expect(now.items.map((i) => i.metadata.name)).toEqual(['c1', 'later', 'lit']);
    expect((await call('DELETE', '/api/v1/namespaces/trav/configmaps/later')).status).toBe(200);

    for (const [query, message] of [
      [
        'resourceVersionMatch=Exact',
        'resourceVersionMatch is forbidden unless resourceVersion is provided',
      ],
      ['resourceVersionMatch=Exact&resourceVersion=0', 'resourceVersionMatch "exact" is forbidden'],
      ['resourceVersionMatch=Newest&resourceVersion=5', 'Unsupported value: "Newest"'],
      ['sendInitialEvents=true', 'sendInitialEvents is forbidden for list'],
      [
        'watch=true&sendInitialEvents=true',
        'sendInitialEvents requires setting resourceVersionMatch',
      ],
      [
        'watch=true&resourceVersionMatch=NotOlderThan',
        'forbidden for watch unless sendInitialEvents',
      ],
    ] as const) {
      const status = expectStatus(
        await call('GET', `/api/v1/namespaces?${query}`),
        422,
        'Invalid',
        message,
      );
      expect(status.message).toMatch(/^ListOptions\.meta\.k8s\.io "" is invalid: /);
    }
  });

  it.each(['abc', '1.5', ''])('timeoutSeconds=%j and limit=%j → 400', async (value) => {
    expectStatus(
      await call('GET', `/api/v1/namespaces?watch=true&timeoutSeconds=${value}`),
      400,
      'BadRequest',
      'timeoutSeconds: strconv.ParseInt',
    );
    expectStatus(
      await call('GET', `/api/v1/namespaces?limit=${value}`),
      400,
      'BadRequest',
      'limit: strconv.ParseInt',
    );
  });

  it('watch=yes watches, as a Go server reads any value but "0" and "false" as true', async () => {
    const res = await call('GET', '/api/v1/namespaces?watch=yes&timeoutSeconds=1');
    expect(res.status).toBe(200);
    const first = JSON.parse(res.body.split('\n')[0] ?? '') as { type: string };
    expect(first.type).toBe('ADDED');
    const list = await call('GET', '/api/v1/namespaces?watch=false');
    expect((list.json as { kind: string }).kind).toBe('NamespaceList');
    const zero = await call('GET', '/api/v1/namespaces?watch=0');
    expect((zero.json as { kind: string }).kind).toBe('NamespaceList');
  });

  it('a watch without timeoutSeconds still ends, after the server-chosen time', async () => {
    const cluster = fleet.cluster('c1');
    const saved = cluster.watchTimeoutMs;
    cluster.watchTimeoutMs = () => 300;
    try {
      const res = await call('GET', '/api/v1/namespaces?watch=true');
      expect(res.status).toBe(200);
      expect(res.body.split('\n').filter(Boolean).length).toBeGreaterThan(0);
    } finally {
      cluster.watchTimeoutMs = saved;
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Fuzz: thousands of paths and query strings from a vocabulary of traps. Invariants: no 5xx,
// and every change to the store was made by a successful request that named the object.

const agent = new Agent({ keepAlive: true, ca: SIM_CA, maxSockets: 8 });

function fastRequest(method: string, path: string, body?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
    if (body !== undefined) {
      headers['Content-Type'] =
        method === 'PATCH' ? 'application/merge-patch+json' : 'application/json';
      headers['Content-Length'] = String(Buffer.byteLength(body));
    }
    const port = fleet.cluster('c1').port;
    const req = httpsRequest({ host: '127.0.0.1', port, path, method, agent, headers }, (res) => {
      const status = res.statusCode ?? 0;
      // A watch streams until its timeout: its status is all the fuzz needs.
      if (status === 200 && res.headers['transfer-encoding'] === 'chunked') {
        req.destroy();
        resolve(status);
        return;
      }
      res.resume();
      res.on('end', () => resolve(status));
      res.on('error', reject);
    });
    req.on('error', (e) =>
      (e as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : reject(e),
    );
    req.end(body);
  });
}

const SEGMENTS = [
  'api',
  'apis',
  'v1',
  'namespaces',
  'trav',
  'default',
  'configmaps',
  'services',
  'c1',
  'lit',
  'status',
  'finalize',
  'apps',
  'deployments',
  'admin.istio.io',
  'segments',
  'openapi',
  'v3',
  '%2e%2e',
  '%2E%2e',
  '%2e',
  '.',
  '..',
  '%2F',
  'a%2Fb',
  '%',
  '%E0%A4%A',
  '%zz',
  '%00',
  '%25',
  '',
  '~',
  'x',
  '%2e%2e%2F%2e%2e',
  '..%2F',
  'version',
  'healthz',
  'watch',
];
const PARAMS = [
  'watch',
  'resourceVersion',
  'resourceVersionMatch',
  'timeoutSeconds',
  'limit',
  'continue',
  'labelSelector',
  'fieldSelector',
  'dryRun',
  'fieldValidation',
  'fieldManager',
  'force',
  'sendInitialEvents',
  'allowWatchBookmarks',
  'propagationPolicy',
  'includeObject',
  'pretty',
];
const VALUES = [
  'true',
  'false',
  '0',
  '1',
  'yes',
  '-5',
  '1.5',
  '0x10',
  'abc',
  '',
  'All',
  'Strict',
  'Exact',
  'NotOlderThan',
  'a%3Db',
  'a!',
  'metadata.name%3Dlit',
  '%E0%A4%A',
  '99999999999999999999',
  '%2e%2e',
  'Orphan',
  'Sideways',
  '1796033514853018',
];

const segment = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...SEGMENTS) },
  { weight: 1, arbitrary: fc.webSegment() },
  { weight: 1, arbitrary: fc.string({ maxLength: 6 }).map((s) => encodeURIComponent(s)) },
);
const query = fc
  .array(
    fc.tuple(
      fc.constantFrom(...PARAMS),
      fc.oneof(fc.constantFrom(...VALUES), fc.string({ maxLength: 5 }).map(encodeURIComponent)),
    ),
    { maxLength: 4 },
  )
  .map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join('&'));
const BODIES = [
  undefined,
  '{"metadata":{"name":"fuzz"}}',
  '{"metadata":{"name":"lit"},"data":{"k":"changed"}}',
  '{"data":{"k":"changed"}}',
  '{"dryRun":["All"]}',
  '{"preconditions":{"resourceVersion":"1"}}',
  '[]',
  'null',
  '{',
];
const requestArb = fc.record({
  method: fc.constantFrom('GET', 'GET', 'DELETE', 'PUT', 'PATCH', 'POST'),
  segments: fc.array(segment, { minLength: 1, maxLength: 8 }),
  query,
  body: fc.constantFrom(...BODIES),
});

/** What a path names once decoded segment by segment, as the simulator must read it. */
function decodedSegments(segments: string[]): string[] | undefined {
  try {
    return segments.map((s) => decodeURIComponent(s));
  } catch {
    return undefined;
  }
}

describe('fuzzed paths and query strings', () => {
  it('never answer 5xx, and change only the objects a successful request names', async () => {
    const cluster = fleet.cluster('c1');
    originalConfigMaps = new Set(
      cluster.store.list('configmaps.').map((o) => `${o.metadata.namespace}/${o.metadata.name}`),
    );
    let requests = 0;
    await fc.assert(
      fc.asyncProperty(requestArb, async ({ method, segments, query: q, body }) => {
        const path = `/${segments.join('/')}${q ? `?${q}` : ''}`;
        const events: StoredEvent[] = [];
        const unsubscribe = cluster.store.subscribe((e) => events.push(e));
        let status: number;
        try {
          status = await fastRequest(method, path, method === 'GET' ? undefined : body);
        } finally {
          unsubscribe();
        }
        requests++;
        expect(status, `${method} ${path}`).toBeLessThan(500);
        if (events.length === 0) return;
        expect(status, `${method} ${path} changed objects`).toBeLessThan(300);
        const named = new Set(decodedSegments(segments) ?? []);
        const bodyName = /"name":"([^"]+)"/.exec(body ?? '')?.[1];
        for (const e of events) {
          const { name, namespace } = e.object.metadata;
          expect(
            named.has(name) || (method === 'POST' && name === bodyName),
            `${method} ${path} changed ${namespace ?? ''}/${name}`,
          ).toBe(true);
          if (namespace) expect(named.has(namespace), `${method} ${path}`).toBe(true);
        }
        await restoreFixtures();
      }),
      { numRuns: 2500, seed: 1414 },
    );
    expect(requests).toBe(2500);
  }, 60_000);
});

let originalConfigMaps: Set<string> | undefined;

/** Puts back the fixtures a successful fuzzed write changed, without going through HTTP. */
async function restoreFixtures(): Promise<void> {
  const cluster = fleet.cluster('c1');
  const cm = cluster.registry.find('', 'v1', 'configmaps')!;
  const options = { dryRun: false, fieldValidation: 'Strict' as const, fieldManager: 'fuzz' };
  for (const name of ['c1', 'lit']) {
    const existing = cluster.store.get('configmaps.', 'trav', name);
    const wanted = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { k: 'v' } };
    if (!existing) cluster.api.create(cm, 'trav', wanted as KubeObject, options);
  }
  for (const extra of cluster.store.list('configmaps.')) {
    const id = `${extra.metadata.namespace}/${extra.metadata.name}`;
    if (!originalConfigMaps?.has(id))
      cluster.api.delete(cm, extra.metadata.namespace, extra.metadata.name, { dryRun: false });
  }
  await Promise.resolve();
}
