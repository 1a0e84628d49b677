// Drives the real kubectl (v1.32.3, .tools/kubectl or $KUBECTL) against the simulator: reads,
// watches, discovery and CRDs installed at run time. Every test uses its own KUBECONFIG and
// KUBECACHEDIR (a fresh session); fleets are shared per describe.
import yaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  expectFailure as failed,
  expectOk as ok,
  lines,
  segmentYaml as seg,
  startTestFleet,
  type TestFleet,
  waitFor,
} from './testing/kubectl';
import type { KubeObject } from './types';

const cm = (
  name: string,
  labels: Record<string, string>,
): { source: string; object: KubeObject } => ({
  source: 'test',
  object: {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace: 'default', labels: { set: 'sel', ...labels } },
    data: { k: name },
  },
});

describe('kubectl reads', () => {
  let env: TestFleet;
  beforeAll(async () => {
    env = await startTestFleet([
      {
        name: 'c1',
        manifests: [
          cm('cm-a', { app: 'a' }),
          cm('cm-b', { app: 'b' }),
          cm('cm-c', { app: 'c', tier: 'x' }),
          cm('cm-d', {}),
          cm('cm-e', { app: 'a', tier: 'y' }),
          { source: 'test', object: yaml.load(seg('acme', 'acme.internal')) as KubeObject },
        ],
      },
    ]);
  });
  afterAll(() => env?.stop());

  it.each([
    ['set=sel,app in (a,b)', ['cm-a', 'cm-b', 'cm-e']],
    ['set=sel,!app', ['cm-d']],
    ['set=sel,app!=a', ['cm-b', 'cm-c', 'cm-d']],
    ['set=sel,app notin (a),tier', ['cm-c']],
  ])('label selector %s', async (selector, expected) => {
    const { kubectl } = env.session();
    const out = ok(
      await kubectl(['get', 'configmaps', '-n', 'default', '-l', selector, '-o', 'name']),
    );
    expect(lines(out)).toEqual(expected.map((n) => `configmap/${n}`));
  });

  it('field selector metadata.name', async () => {
    const { kubectl } = env.session();
    expect(
      lines(
        ok(
          await kubectl([
            'get',
            'cm',
            '-n',
            'default',
            '--field-selector',
            'metadata.name=cm-c',
            '-o',
            'name',
          ]),
        ),
      ),
    ).toEqual(['configmap/cm-c']);
    const bad = failed(
      await kubectl(['get', 'cm', '-n', 'default', '--field-selector', 'data.k=cm-c']),
    );
    expect(bad).toMatch(/BadRequest|not a known field selector/);
  });

  it('-o json and -o yaml carry server-set metadata, generation on CRs', async () => {
    const { kubectl } = env.session();
    const json = JSON.parse(
      ok(await kubectl(['get', 'segment', 'acme', '-n', 'istio-system', '-o', 'json'])),
    ) as KubeObject;
    expect(json).toMatchObject({
      apiVersion: 'admin.istio.io/v1',
      kind: 'Segment',
      spec: { domain: 'acme.internal' },
    });
    expect(json.metadata.uid).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
    expect(json.metadata.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(json.metadata.resourceVersion).toMatch(/^\d+$/);
    expect(json.metadata.generation).toBe(1);
    const fromYaml = yaml.load(
      ok(await kubectl(['get', 'seg', 'acme', '-n', 'istio-system', '-o', 'yaml'])),
    ) as KubeObject;
    expect(fromYaml.metadata.uid).toBe(json.metadata.uid);
    expect(fromYaml.metadata.resourceVersion).toBe(json.metadata.resourceVersion);
    const list = JSON.parse(
      ok(await kubectl(['get', 'cm', '-n', 'default', '-l', 'set=sel', '-o', 'json'])),
    ) as { kind: string; items: KubeObject[] };
    expect(list.kind).toBe('List');
    expect(list.items.map((i) => i.metadata.name)).toEqual([
      'cm-a',
      'cm-b',
      'cm-c',
      'cm-d',
      'cm-e',
    ]);
    expect(list.items.every((i) => i.metadata.namespace === 'default' && i.metadata.uid)).toBe(
      true,
    );
  });

  it('--chunk-size=2 pages with limit and continue', async () => {
    const { kubectl } = env.session();
    const r = await kubectl([
      'get',
      'cm',
      '-n',
      'default',
      '-l',
      'set=sel',
      '--chunk-size=2',
      '-o',
      'name',
      '-v=6',
    ]);
    expect(lines(ok(r))).toEqual(
      ['cm-a', 'cm-b', 'cm-c', 'cm-d', 'cm-e'].map((n) => `configmap/${n}`),
    );
    const requests = r.stderr.split('\n').filter((l) => /GET https:\S+\/configmaps\?/.test(l));
    expect(requests).toHaveLength(3);
    expect(requests.every((l) => l.includes('limit=2') && l.includes('200 OK'))).toBe(true);
    expect(requests.filter((l) => l.includes('continue='))).toHaveLength(2);
  });

  it('get segments prints the DOMAIN printer column', async () => {
    const { kubectl } = env.session();
    const [header, row] = lines(ok(await kubectl(['get', 'segments', '-n', 'istio-system'])));
    expect(header?.split(/\s+/)).toEqual([
      'NAME',
      'DOMAIN',
      'LOCAL',
      'CONNECTED',
      'REJECTED',
      'AGE',
    ]);
    expect(row?.split(/\s+/).slice(0, 2)).toEqual(['acme', 'acme.internal']);
  });

  it('api-resources lists the Istio and Gateway API resources', async () => {
    const { kubectl } = env.session();
    const rows = lines(ok(await kubectl(['api-resources', '--no-headers']))).map((l) =>
      l.split(/\s+/),
    );
    const byName = new Map(rows.map((r) => [r[0], r]));
    expect(byName.get('segments')).toEqual([
      'segments',
      'seg',
      'admin.istio.io/v1',
      'true',
      'Segment',
    ]);
    expect(byName.get('gateways')).toEqual([
      'gateways',
      'gtw',
      'gateway.networking.k8s.io/v1',
      'true',
      'Gateway',
    ]);
    expect(byName.get('serviceentries')).toEqual([
      'serviceentries',
      'se',
      'networking.istio.io/v1',
      'true',
      'ServiceEntry',
    ]);
  });

  it('get --watch sees a change made by another kubectl', async () => {
    const s = env.session();
    const watch = s.spawn(['get', 'segments', '-n', 'istio-system', '--watch']);
    try {
      await waitFor(
        () => watch.output().includes('acme.internal'),
        10_000,
        `the watch's first output (${watch.stderr()})`,
      );
      ok(
        await env
          .session()
          .kubectl([
            'patch',
            'segment',
            'acme',
            '-n',
            'istio-system',
            '--type',
            'merge',
            '-p',
            '{"spec":{"domain":"watched.mesh"}}',
          ]),
      );
      await waitFor(
        () => watch.output().includes('watched.mesh'),
        10_000,
        'the watch to print the new domain',
      );
      ok(
        await env.session().kubectl(['apply', '-f', '-'], { input: seg('second', 'second.mesh') }),
      );
      await waitFor(
        () => watch.output().includes('second.mesh'),
        10_000,
        'the watch to print the new segment',
      );
      expect(watch.child.exitCode).toBeNull();
    } finally {
      await watch.kill();
    }
  });
});

describe('kubectl with a CRD installed at run time', () => {
  let env: TestFleet;
  beforeAll(async () => {
    env = await startTestFleet([{ name: 'c1' }]);
  });
  afterAll(() => env?.stop());

  const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget, shortNames: [wdg]}
  versions:
  - name: v1
    served: true
    storage: true
    additionalPrinterColumns: [{name: Size, type: integer, jsonPath: .spec.size}]
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            required: [size]
            properties:
              size: {type: integer, minimum: 1}
`;
  const widget = (name: string, size: string) =>
    `apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: ${name}, namespace: default}\nspec: {size: ${size}}\n`;

  it('serves, lists and validates its objects, and stops serving them when deleted', async () => {
    const { kubectl } = env.session();
    expect(failed(await kubectl(['get', 'widgets']))).toContain(
      `the server doesn't have a resource type "widgets"`,
    );
    expect(ok(await kubectl(['apply', '-f', '-'], { input: crd }))).toContain(
      'customresourcedefinition.apiextensions.k8s.io/widgets.example.com created',
    );
    ok(await kubectl(['apply', '-f', '-'], { input: widget('w1', '3') }));
    ok(await kubectl(['create', '-f', '-'], { input: widget('w2', '7') }));
    const table = lines(ok(await kubectl(['get', 'wdg', '-n', 'default']))).map((l) =>
      l.split(/\s+/).slice(0, 2),
    );
    expect(table).toEqual([
      ['NAME', 'SIZE'],
      ['w1', '3'],
      ['w2', '7'],
    ]);
    const tooSmall = failed(await kubectl(['apply', '-f', '-'], { input: widget('w3', '0') }));
    expect(tooSmall).toContain('is invalid');
    expect(tooSmall).toContain('spec.size');
    expect(
      failed(await kubectl(['create', '-f', '-'], { input: widget('w3', '"big"') })),
    ).toContain('is invalid');
    expect(ok(await kubectl(['api-resources', '--api-group=example.com', '-o', 'name']))).toContain(
      'widgets.example.com',
    );

    ok(await kubectl(['delete', 'crd', 'widgets.example.com']));
    const gone = failed(await kubectl(['get', 'widgets', '-n', 'default']));
    expect(gone).toMatch(/could not find the requested resource|doesn't have a resource type/);
    expect(ok(await env.session().kubectl(['api-resources', '-o', 'name']))).not.toContain(
      'widgets',
    );
    expect(env.fleet.cluster('c1').store.list('widgets.example.com')).toEqual([]);
  });
});
