// Validation of built-in kinds with the real kubectl (issue 14 §2): OpenAPI v3 schemas for the
// served built-ins (unknown fields under Strict/Warn/Ignore, `kubectl explain`), and the
// type-specific rules a real server answers with 422 and details.causes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  expectFailure as failed,
  expectOk as ok,
  rawRequest,
  startTestFleet,
  type TestFleet,
} from './testing/kubectl';
import type { KubeObject } from './types';

let env: TestFleet;
beforeAll(async () => {
  env = await startTestFleet([{ name: 'c1' }]);
});
afterAll(() => env?.stop());

const service = (name: string, spec: object) =>
  JSON.stringify({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: 'default' },
    spec,
  });
const configMap = (name: string, body: object) =>
  JSON.stringify({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace: 'default' },
    ...body,
  });

const post = (path: string, body: string) => {
  const c = env.fleet.cluster('c1');
  return rawRequest(`${c.url}${path}`, {
    method: 'POST',
    token: c.users[0]!.token,
    headers: { 'Content-Type': 'application/json' },
    body,
  });
};

describe('unknown fields of built-ins, as kubectl --validate asks', () => {
  it('strict (kubectl default): a Service with spec.portz is refused, nothing stored', async () => {
    const { kubectl } = env.session();
    const stderr = failed(
      await kubectl(['apply', '-f', '-'], {
        input: service('portz', { portz: [{ port: 80 }], ports: [{ port: 80 }] }),
      }),
    );
    expect(stderr).toContain('Service in version "v1" cannot be handled as a Service');
    expect(stderr).toContain('strict decoding error: unknown field "spec.portz"');
    expect(failed(await kubectl(['get', 'svc', 'portz']))).toContain('NotFound');
  });

  it('warn: stored without the field, with a warning; ignore: silently pruned', async () => {
    const { kubectl } = env.session();
    const warned = await kubectl(['apply', '--validate=warn', '-f', '-'], {
      input: configMap('datta', { datta: { a: '1' }, data: { b: '2' } }),
    });
    expect(warned.code, warned.stderr).toBe(0);
    expect(warned.stderr).toContain('unknown field "datta"');
    const quiet = await kubectl(['apply', '--validate=false', '-f', '-'], {
      input: configMap('datta2', { datta: { a: '1' } }),
    });
    expect(quiet.code, quiet.stderr).toBe(0);
    expect(quiet.stderr).not.toContain('unknown field');
    const stored = JSON.parse(
      ok(await kubectl(['get', 'cm', 'datta', '-o', 'json'])),
    ) as KubeObject;
    expect(stored.datta).toBeUndefined();
    expect(stored.data).toEqual({ b: '2' });
    expect(
      failed(
        await kubectl(['apply', '-f', '-'], { input: configMap('datta3', { datta: { a: '1' } }) }),
      ),
    ).toContain('unknown field "datta"');
  });
});

describe('422 Invalid with details.causes', () => {
  it.each([
    ['no ports', { selector: { app: 'x' } }, 'spec.ports', 'FieldValueRequired', 'Required value'],
    [
      'port 99999',
      { ports: [{ port: 99999 }] },
      'spec.ports[0].port',
      'FieldValueInvalid',
      'Invalid value: 99999: must be between 1 and 65535, inclusive',
    ],
    [
      'an unknown protocol',
      { ports: [{ port: 80, protocol: 'QUIC' }] },
      'spec.ports[0].protocol',
      'FieldValueNotSupported',
      'Unsupported value: "QUIC": supported values: "SCTP", "TCP", "UDP"',
    ],
    [
      'two unnamed ports',
      { ports: [{ port: 80 }, { port: 81 }] },
      'spec.ports[0].name',
      'FieldValueRequired',
      'Required value',
    ],
  ])('a Service with %s', async (_what, spec, field, reason, message) => {
    const res = await post('/api/v1/namespaces/default/services', service('bad', spec));
    expect(res.status, res.body).toBe(422);
    expect(res.json).toMatchObject({
      reason: 'Invalid',
      details: {
        kind: 'Service',
        name: 'bad',
        causes: expect.arrayContaining([{ reason, message, field }]),
      },
    });
    const { kubectl } = env.session();
    expect(failed(await kubectl(['apply', '-f', '-'], { input: service('bad', spec) }))).toContain(
      `The Service "bad" is invalid`,
    );
  });

  it('a Service whose clusterIP changes is refused; keeping or omitting it is fine', async () => {
    const { kubectl } = env.session();
    ok(await kubectl(['create', 'service', 'clusterip', 'fixed', '--tcp=80:8080']));
    const ip = ok(await kubectl(['get', 'svc', 'fixed', '-o', 'jsonpath={.spec.clusterIP}']));
    expect(ip).toMatch(/^10\.96\./);
    const stderr = failed(
      await kubectl(['patch', 'svc', 'fixed', '-p', '{"spec":{"clusterIP":"10.96.250.250"}}']),
    );
    expect(stderr).toContain('The Service "fixed" is invalid');
    expect(stderr).toContain('may not change once set');
    ok(await kubectl(['patch', 'svc', 'fixed', '-p', `{"spec":{"clusterIP":"${ip}"}}`]));
    ok(
      await kubectl(['apply', '-f', '-'], {
        input: service('fixed', { ports: [{ port: 80, targetPort: 8080 }] }),
      }),
    );
    expect(ok(await kubectl(['get', 'svc', 'fixed', '-o', 'jsonpath={.spec.clusterIP}']))).toBe(ip);
  });

  it('a ConfigMap with a key that is no file name, or over 1 MiB, is refused', async () => {
    let res = await post(
      '/api/v1/namespaces/default/configmaps',
      configMap('badkey', { data: { 'bad/key': 'x' } }),
    );
    expect(res.status, res.body).toBe(422);
    expect(res.json).toMatchObject({
      details: {
        causes: [expect.objectContaining({ field: 'data[bad/key]', reason: 'FieldValueInvalid' })],
      },
    });
    res = await post(
      '/api/v1/namespaces/default/configmaps',
      configMap('big', { data: { big: 'x'.repeat(2 * 1024 * 1024) } }),
    );
    expect(res.status).toBe(422);
    expect((res.json as { message: string }).message).toBe(
      'ConfigMap "big" is invalid: []: Too long: must have at most 1048576 bytes',
    );
    res = await post(
      '/api/v1/namespaces/default/configmaps',
      configMap('obj', { data: { k: { nested: 1 } } }),
    );
    expect(res.status).toBe(400);
    const { kubectl } = env.session();
    for (const name of ['badkey', 'big', 'obj'])
      expect(failed(await kubectl(['get', 'cm', name]))).toContain('NotFound');
  });
});

describe('OpenAPI v3 for built-ins', () => {
  it('kubectl explain service.spec.ports answers from the served schema', async () => {
    const { kubectl } = env.session();
    const out = ok(await kubectl(['explain', 'service.spec.ports']));
    expect(out).toContain('KIND:       Service');
    expect(out).toMatch(/FIELD:\s+ports/);
    expect(out).toMatch(/port\s+<integer> -required-/);
    expect(out).toMatch(/targetPort\s+<\w+>/);
    const cm = ok(await kubectl(['explain', 'configmap.data']));
    expect(cm).toContain('map[string]string');
  });

  it('the document carries the real patch extensions (kubectl apply merges ports by key)', async () => {
    const { kubectl } = env.session();
    const doc = JSON.parse(ok(await kubectl(['get', '--raw', '/openapi/v3/api/v1']))) as {
      components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
    };
    const svc = doc.components.schemas['io.k8s.api.core.v1.Service'];
    const ports = (svc?.properties?.spec as { properties: Record<string, unknown> }).properties
      .ports;
    expect(ports).toMatchObject({
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['port', 'protocol'],
      'x-kubernetes-patch-merge-key': 'port',
      'x-kubernetes-patch-strategy': 'merge',
    });
    // Two appliers' ports survive a client-side apply that drops one, as merge by key requires.
    ok(
      await kubectl(['apply', '-f', '-'], {
        input: service('merged', {
          ports: [
            { name: 'a', port: 80 },
            { name: 'b', port: 81 },
          ],
        }),
      }),
    );
    ok(
      await kubectl(['apply', '-f', '-'], {
        input: service('merged', { ports: [{ name: 'a', port: 80 }] }),
      }),
    );
    expect(
      ok(await kubectl(['get', 'svc', 'merged', '-o', 'jsonpath={.spec.ports[*].name}'])),
    ).toBe('a');
  });
});
