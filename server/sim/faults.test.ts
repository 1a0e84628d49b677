// Injected faults the reliability tests need (issue 14 §5): 429 with Retry-After, 503, and
// "fail the next N requests of this verb/kind", through the admin endpoint, seen by raw HTTPS
// and by the real kubectl (whose client-go retries 429/5xx answers that carry Retry-After).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { AdminServer } from './admin-server';
import { parseFaultSettings, updateFaults, NO_FAULTS } from './faults';
import {
  expectFailure,
  expectOk,
  rawRequest,
  startTestFleet,
  type TestFleet,
} from './testing/kubectl';

let env: TestFleet;
let admin: AdminServer;

beforeAll(async () => {
  env = await startTestFleet([{ name: 'c1' }]);
  admin = new AdminServer(env.fleet);
  await admin.start();
});
afterAll(async () => {
  await admin?.stop();
  await env?.stop();
});

async function setFaults(faults: object): Promise<Record<string, unknown>> {
  const res = await fetch(`${admin.url}/clusters/c1/faults`, {
    method: 'PATCH',
    body: JSON.stringify(faults),
  });
  const body = (await res.json()) as Record<string, unknown>;
  expect(res.status, JSON.stringify(body)).toBe(200);
  return body;
}

const get = (path: string) => {
  const c = env.fleet.cluster('c1');
  return rawRequest(`${c.url}${path}`, { token: c.users[0]!.token });
};

describe('injected 429 and 503', () => {
  it('throttleRate=1 answers 429 TooManyRequests with Retry-After, in header and Status', async () => {
    await setFaults({ throttleRate: 1, retryAfterSeconds: 3 });
    try {
      const res = await get('/api/v1/namespaces');
      expect(res.status).toBe(429);
      expect(res.headers['retry-after']).toBe('3');
      expect(res.json).toMatchObject({
        kind: 'Status',
        reason: 'TooManyRequests',
        code: 429,
        details: { retryAfterSeconds: 3 },
      });
    } finally {
      await setFaults({ throttleRate: 0, retryAfterSeconds: 1 });
    }
    expect((await get('/api/v1/namespaces')).status).toBe(200);
  });

  it('unavailableRate=1 answers 503 ServiceUnavailable; kubectl gives up after its retries', async () => {
    await setFaults({ unavailableRate: 1, retryAfterSeconds: 0 });
    try {
      const res = await get('/api/v1/namespaces/default');
      expect(res.status).toBe(503);
      expect(res.headers['retry-after']).toBe('0');
      expect(res.json).toMatchObject({ reason: 'ServiceUnavailable', code: 503 });
      const { kubectl } = env.session();
      expect(expectFailure(await kubectl(['get', 'ns', 'default'], { timeoutMs: 30_000 }))).toMatch(
        /ServiceUnavailable|unable to handle the request/,
      );
    } finally {
      await setFaults({ unavailableRate: 0, retryAfterSeconds: 1 });
    }
  });
});

describe('failNext: deterministic failures by verb and resource', () => {
  it('fails exactly the next N matching requests, leaving others alone', async () => {
    const set = await setFaults({
      failNext: { count: 2, code: 503, verb: 'list', resource: 'configmaps' },
    });
    expect(set.failNext).toEqual([{ count: 2, code: 503, verb: 'list', resource: 'configmaps' }]);
    expect((await get('/api/v1/namespaces')).status).toBe(200);
    expect((await get('/api/v1/namespaces/default/configmaps/nope')).status).toBe(404);
    expect((await get('/api/v1/namespaces/default/configmaps')).status).toBe(503);
    expect((await get('/api/v1/configmaps')).status).toBe(503);
    expect((await get('/api/v1/configmaps')).status).toBe(200);
    const after = (await (await fetch(`${admin.url}/clusters/c1/faults`)).json()) as {
      failNext: unknown[];
    };
    expect(after.failNext).toEqual([]);
  });

  it('kubectl retries a 429 that carries Retry-After and succeeds once the rule is spent', async () => {
    await setFaults({
      retryAfterSeconds: 0,
      failNext: { count: 2, code: 429, verb: 'get', resource: 'namespaces' },
    });
    const { kubectl } = env.session();
    expect(expectOk(await kubectl(['get', 'ns', 'default', '-o', 'name']))).toBe(
      'namespace/default\n',
    );
    const after = (await (await fetch(`${admin.url}/clusters/c1/faults`)).json()) as {
      failNext: unknown[];
    };
    expect(after.failNext).toEqual([]);
    await setFaults({ retryAfterSeconds: 1 });
  });

  it('a failNext write rule fails kubectl create with the injected status', async () => {
    await setFaults({ failNext: { count: 1, code: 500, verb: 'create' } });
    const { kubectl } = env.session();
    expect(expectFailure(await kubectl(['create', 'configmap', 'once']))).toContain(
      'injected fault',
    );
    expectOk(await kubectl(['create', 'configmap', 'once']));
  });
});

describe('fault settings', () => {
  it.each([
    [{ throttleRate: 2 }, 'throttleRate must be a number 0–1'],
    [{ retryAfterSeconds: -1 }, 'retryAfterSeconds'],
    [{ failNext: { count: 1, code: 200 } }, 'failNext.code'],
    [{ failNext: { count: 1, verb: 'explode' } }, 'failNext.verb'],
    [{ failNext: { count: 1, kind: 'x' } }, 'unknown failNext field'],
    [{ failNext: 3 }, 'failNext must be an object'],
    [{ chaos: true }, 'unknown fault "chaos"'],
  ])('%j is refused: %s', async (change, message) => {
    expect(() => updateFaults(NO_FAULTS, change)).toThrow(message);
    const res = await fetch(`${admin.url}/clusters/c1/faults`, {
      method: 'PATCH',
      body: JSON.stringify(change),
    });
    expect(res.status).toBe(400);
  });

  it('the old fields keep working', () => {
    const next = updateFaults(NO_FAULTS, {
      latencyMs: 5,
      errorRate: 0.5,
      down: false,
      forbidden: false,
      dropWatches: true,
    });
    expect(next).toMatchObject({ latencyMs: 5, errorRate: 0.5, dropWatches: true });
  });

  it('command-line key=value settings nest on dots and keep strings as strings', () => {
    expect(
      parseFaultSettings([
        'throttleRate=0.5',
        'down=false',
        'failNext.count=3',
        'failNext.code=429',
        'failNext.verb=list',
        'failNext.resource=services',
        'failNext.group=',
      ]),
    ).toEqual({
      throttleRate: 0.5,
      down: false,
      failNext: { count: 3, code: 429, verb: 'list', resource: 'services', group: '' },
    });
    expect(() => parseFaultSettings(['novalue'])).toThrow('key=value');
  });
});
