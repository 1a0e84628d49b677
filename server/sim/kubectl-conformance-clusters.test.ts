// The real kubectl against several simulated clusters: contexts, read-only users, Segment API
// versions, and injected faults (down, forbidden). See kubectl-conformance.test.ts.
import { AdminServer } from './admin-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  expectFailure as failed,
  expectOk as ok,
  lines,
  segmentYaml as seg,
  startTestFleet,
  type TestFleet,
} from './testing/kubectl';

describe('kubectl across contexts, users and Segment APIs', () => {
  let env: TestFleet;
  beforeAll(async () => {
    env = await startTestFleet([
      { name: 'c1' },
      { name: 'c2', readOnly: true },
      {
        name: 'c3',
        segmentApi: 'admin.solo.io/v1alpha1',
        manifests: [
          {
            source: 'test',
            object: {
              apiVersion: 'admin.solo.io/v1alpha1',
              kind: 'Segment',
              metadata: { name: 'solo', namespace: 'istio-system' },
              spec: { domain: 'solo.mesh' },
            },
          },
        ],
      },
    ]);
  });
  afterAll(() => env?.stop());

  it('--context selects the cluster', async () => {
    const { kubectl } = env.session();
    for (const c of ['c1', 'c2', 'c3']) {
      const out = ok(
        await kubectl(
          [
            'get',
            'ns',
            'istio-system',
            '-o',
            'jsonpath={.metadata.labels.topology\\.istio\\.io/network}',
          ],
          { context: c },
        ),
      );
      expect(out).toBe(c);
    }
    ok(await kubectl(['create', 'namespace', 'only-c1'], { context: 'c1' }));
    expect(failed(await kubectl(['get', 'ns', 'only-c1'], { context: 'c3' }))).toContain(
      'NotFound',
    );
    ok(await kubectl(['get', 'ns', 'only-c1']));
  });

  it('a read-only user can read but every write is Forbidden', async () => {
    const { kubectl } = env.session();
    expect(lines(ok(await kubectl(['get', 'ns', '-o', 'name'], { context: 'c2' })))).toContain(
      'namespace/istio-system',
    );
    expect(
      ok(
        await kubectl(['get', 'cm', 'istio', '-n', 'istio-system', '-o', 'name'], {
          context: 'c2',
        }),
      ),
    ).toContain('configmap/istio');
    const writes = [
      ['create', 'namespace', 'nope'],
      ['label', 'ns', 'default', 'x=y'],
      ['delete', 'cm', 'istio', '-n', 'istio-system'],
    ];
    for (const args of writes) {
      const stderr = failed(await kubectl(args, { context: 'c2' }));
      expect(stderr).toContain('Error from server (Forbidden)');
      expect(stderr).toContain('User "c2-admin" cannot');
    }
    expect(
      failed(await kubectl(['apply', '-f', '-'], { context: 'c2', input: seg('x', 'x.mesh') })),
    ).toContain('Forbidden');
    expect(
      ok(
        await kubectl(['get', 'cm', 'istio', '-n', 'istio-system', '-o', 'name'], {
          context: 'c2',
        }),
      ),
    ).toContain('configmap/istio');
  });

  it('auth can-i answers yes for the admin and no for the read-only user', async () => {
    const { kubectl } = env.session();
    expect(
      ok(
        await kubectl(['auth', 'can-i', 'create', 'segments', '-n', 'istio-system'], {
          context: 'c1',
        }),
      ).trim(),
    ).toBe('yes');
    expect(
      ok(
        await kubectl(['auth', 'can-i', 'list', 'segments', '-n', 'istio-system'], {
          context: 'c2',
        }),
      ).trim(),
    ).toBe('yes');
    const no = await kubectl(['auth', 'can-i', 'delete', 'segments', '-n', 'istio-system'], {
      context: 'c2',
    });
    expect(no.code).toBe(1);
    expect(no.stdout.trim()).toMatch(/^no\b/);
  });

  it('a cluster serving admin.solo.io/v1alpha1 answers for segments.v1alpha1.admin.solo.io only', async () => {
    const { kubectl } = env.session();
    const rows = lines(
      ok(
        await kubectl(['get', 'segments.v1alpha1.admin.solo.io', '-n', 'istio-system'], {
          context: 'c3',
        }),
      ),
    );
    expect(rows[0]).toMatch(/^NAME\s+DOMAIN/);
    expect(rows[1]?.split(/\s+/).slice(0, 2)).toEqual(['solo', 'solo.mesh']);
    expect(
      failed(
        await kubectl(['get', 'segments.v1.admin.istio.io', '-n', 'istio-system'], {
          context: 'c3',
        }),
      ),
    ).toMatch(/doesn't have a resource type/);
    expect(
      ok(
        await kubectl(['get', 'segments.v1.admin.istio.io', '-n', 'istio-system', '-o', 'name'], {
          context: 'c1',
        }),
      ),
    ).toBe('');
  });
});

describe('kubectl under injected faults', () => {
  let env: TestFleet;
  let admin: AdminServer;
  beforeAll(async () => {
    env = await startTestFleet([{ name: 'c1' }, { name: 'c2' }]);
    admin = new AdminServer(env.fleet);
    await admin.start();
  });
  afterAll(async () => {
    await admin?.stop();
    await env?.stop();
  });
  const setFaults = async (cluster: string, faults: object) => {
    const res = await fetch(`${admin.url}/clusters/${cluster}/faults`, {
      method: 'PATCH',
      body: JSON.stringify(faults),
    });
    expect(res.status).toBe(200);
  };

  it('a down cluster refuses connections; clearing the fault recovers it', async () => {
    const { kubectl } = env.session();
    ok(await kubectl(['get', 'ns']));
    await setFaults('c1', { down: true });
    const stderr = failed(await kubectl(['get', 'ns']));
    expect(stderr).toMatch(
      /connection to the server 127\.0\.0\.1:\d+ was refused|connection refused/,
    );
    ok(await kubectl(['get', 'ns'], { context: 'c2' }));
    await setFaults('c1', { down: false });
    expect(lines(ok(await kubectl(['get', 'ns', '-o', 'name'])))).toContain('namespace/default');
  });

  it('a forbidden fault answers 403 to reads and writes until cleared', async () => {
    const { kubectl } = env.session();
    await env.fleet.cluster('c2').setFaults({ forbidden: true });
    try {
      expect(failed(await kubectl(['get', 'ns'], { context: 'c2' }))).toContain(
        'Error from server (Forbidden)',
      );
      expect(failed(await kubectl(['create', 'ns', 'x'], { context: 'c2' }))).toContain(
        'Forbidden',
      );
      ok(await kubectl(['get', 'ns'], { context: 'c1' }));
    } finally {
      await env.fleet.cluster('c2').setFaults({ forbidden: false });
    }
    ok(await kubectl(['get', 'ns'], { context: 'c2' }));
  });
});
