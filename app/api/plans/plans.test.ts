// The plan API end to end (issue 13 §4): the real route handlers, the live fleet store, the
// simulator, and the real kubectl to see what the clusters hold.
import { strFromU8, unzipSync } from 'fflate';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ApplyResultSchema, PlanErrorSchema, PlanSchema } from '@/lib/api/plans';
import type { ApplyResultDto, PlanDto } from '@/lib/plan/intent';
import { auditRecords } from '@/server/audit/audit';
import { fleetStore, stopFleetStore } from '@/server/live/global-store';
import { Fleet } from '@/server/sim/fleet';
import { loadScenario } from '@/server/sim/scenario';
import { createSession, type KubectlSession } from '@/server/sim/testing/kubectl';

import { GET as getPlanRoute } from './[id]/route';
import { POST as applyRoute } from './[id]/apply/route';
import { GET as bundleRoute } from './[id]/bundle/route';
import { POST as createRoute } from './route';

const TOKEN = 'plans-test-admin-token';
const CLUSTERS = ['dev-east', 'prod-east', 'prod-west'];

let fleet: Fleet;
let session: KubectlSession;

beforeAll(async () => {
  fleet = await Fleet.start({ clusters: loadScenario('environments').clusters });
  session = createSession(fleet.kubeconfig());
  process.env.KUBECONFIG = session.kubeconfigPath;
  process.env.SEGSCOPE_ADMIN_TOKEN = TOKEN;
  process.env.SEGSCOPE_LOG_LEVEL = 'warn';
  await fleetStore().waitFor((r) => r.ready && r.clusters.every((c) => c.health === 'synced'));
}, 60_000);

afterAll(async () => {
  stopFleetStore();
  await fleet?.stop();
});

// ---- calling the routes ----------------------------------------------------------------------

interface Called {
  status: number;
  body: unknown;
}

const params = (id: string) => ({ params: Promise.resolve({ id }) });

function request(
  path: string,
  init: { method?: string; body?: string; token?: string | null } = {},
) {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  const token = init.token === undefined ? TOKEN : init.token;
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  return new Request(`http://127.0.0.1${path}`, {
    method: init.method ?? 'POST',
    headers,
    ...(init.body !== undefined ? { body: init.body } : {}),
  });
}

/** The response, its body checked against the schemas the browser validates with. */
async function read(res: Response): Promise<Called> {
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON
  }
  if (res.status >= 400) PlanErrorSchema.parse(body);
  else if (body && typeof body === 'object' && 'rollback' in body) ApplyResultSchema.parse(body);
  else PlanSchema.parse(body);
  return { status: res.status, body };
}

const create = async (body: unknown, token?: string | null) =>
  read(
    await createRoute(
      request('/api/plans', {
        body: typeof body === 'string' ? body : JSON.stringify(body),
        token,
      }),
    ),
  );

const apply = async (id: string, body?: string, token?: string | null) =>
  read(await applyRoute(request(`/api/plans/${id}/apply`, { body, token }), params(id)));

async function planned(intent: unknown): Promise<PlanDto> {
  const res = await create(intent);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as PlanDto;
}

// ---- what the clusters hold, through kubectl -----------------------------------------------

interface ClusterState {
  labels: Record<string, string>;
  segments: Record<string, string>;
  rv: string;
  segmentRvs: Record<string, string>;
}

async function kubectlJson(context: string, args: string[]) {
  const r = await session.kubectl([...args, '-o', 'json'], { context });
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

async function clusterStates(): Promise<Record<string, ClusterState>> {
  const entries = await Promise.all(
    CLUSTERS.map(async (c) => {
      const ns = await kubectlJson(c, ['get', 'namespace', 'istio-system']);
      const list = await kubectlJson(c, ['-n', 'istio-system', 'get', 'segments.admin.istio.io']);
      const items = list.items as {
        metadata: { name: string; resourceVersion: string };
        spec: { domain: string };
      }[];
      return [
        c,
        {
          labels: ns.metadata.labels ?? {},
          segments: Object.fromEntries(items.map((s) => [s.metadata.name, s.spec.domain])),
          rv: ns.metadata.resourceVersion,
          segmentRvs: Object.fromEntries(
            items.map((s) => [s.metadata.name, s.metadata.resourceVersion]),
          ),
        },
      ] as const;
    }),
  );
  return Object.fromEntries(entries);
}

/** Labels and Segments only: resourceVersions move with istiod's status writes. */
const contents = (states: Record<string, ClusterState>) =>
  Object.fromEntries(
    Object.entries(states).map(([c, s]) => [c, { labels: s.labels, segments: s.segments }]),
  );

/** The live store has seen every cluster as kubectl does now (its watches, no refresh). */
async function settled(): Promise<Record<string, ClusterState>> {
  for (let attempt = 0; ; attempt++) {
    const states = await clusterStates();
    try {
      await fleetStore().waitFor(
        (rev) =>
          CLUSTERS.every((c) => {
            const objects = rev.input.clusters.find((x) => x.context === c)?.objects ?? [];
            const ns = objects.find(
              (o) => o.kind === 'Namespace' && o.metadata.name === 'istio-system',
            );
            const segs = objects.filter(
              (o) => o.kind === 'Segment' && o.metadata.namespace === 'istio-system',
            );
            const want = states[c]!;
            return (
              ns?.metadata.resourceVersion === want.rv &&
              segs.length === Object.keys(want.segmentRvs).length &&
              segs.every((s) => want.segmentRvs[s.metadata.name] === s.metadata.resourceVersion)
            );
          }),
        5_000,
      );
      return states;
    } catch (e) {
      // istiod's status writes can move a Segment on between kubectl and the store: read again.
      if (attempt >= 5) throw e;
    }
  }
}

// ---- the tests -------------------------------------------------------------------------------

describe('create-segment, applied', () => {
  it('plans every holder first, dry-runs, bundles, applies in order, and the live store follows', async () => {
    await settled();
    const plan = await planned({
      type: 'create-segment',
      name: 'prod',
      domain: 'prod.mesh',
      clusters: ['prod-east', 'prod-west'],
    });
    expect(plan.holders.map((h) => `${h.cluster}:${h.role}`)).toEqual([
      'prod-east:member',
      'prod-west:member',
      'dev-east:peer',
    ]);
    expect(plan.steps.map((s) => `${s.action} ${s.cluster}`)).toEqual([
      'apply-segment dev-east',
      'apply-segment prod-east',
      'apply-segment prod-west',
      'label-namespace prod-east',
      'label-namespace prod-west',
    ]);
    expect(plan.dryRun.map((r) => [r.step, r.ok])).toEqual([0, 1, 2, 3, 4].map((i) => [i, true]));
    expect(plan.status).toBe('ready');
    // orders/api of both prod clusters gets the prod domain where it is seen.
    expect(plan.whatIf.hostnames.flatMap((d) => d.appear.map((h) => h.hostname))).toContain(
      'api.orders.prod.mesh',
    );
    // Dry-run wrote nothing.
    expect(contents(await clusterStates())['dev-east']?.segments).toEqual({});

    const again = await read(
      await getPlanRoute(request(`/api/plans/${plan.id}`, { method: 'GET' }), params(plan.id)),
    );
    expect(again.body).toEqual(plan);

    const zip = await bundleRoute(
      request(`/api/plans/${plan.id}/bundle`, { method: 'GET' }),
      params(plan.id),
    );
    expect(zip.headers.get('content-type')).toBe('application/zip');
    const files = unzipSync(new Uint8Array(await zip.arrayBuffer()));
    const names = Object.keys(files).map((n) => n.split('/').slice(1).join('/'));
    expect(names).toEqual(
      expect.arrayContaining([
        'apply.sh',
        'dev-east/001-apply-segment-segment-prod.yaml',
        'prod-west/005-label-namespace-namespace-istio-system.patch.yaml',
      ]),
    );
    const script = strFromU8(files[Object.keys(files).find((n) => n.endsWith('apply.sh'))!]!);
    expect(script).toContain(
      'kubectl --context prod-east label namespace istio-system admin.solo.io/segment=prod --overwrite',
    );
    const tgz = await bundleRoute(
      request(`/api/plans/${plan.id}/bundle?format=tar.gz`, { method: 'GET' }),
      params(plan.id),
    );
    expect([...new Uint8Array(await tgz.arrayBuffer()).slice(0, 2)]).toEqual([0x1f, 0x8b]);

    const applied = await apply(plan.id);
    expect(applied.status).toBe(200);
    const result = applied.body as ApplyResultDto;
    expect(result.ok).toBe(true);
    expect(result.steps.map((s) => s.status)).toEqual(Array(5).fill('applied'));

    const states = contents(await clusterStates());
    for (const c of CLUSTERS) expect(states[c]?.segments).toEqual({ prod: 'prod.mesh' });
    expect(states['prod-east']?.labels['admin.solo.io/segment']).toBe('prod');
    expect(states['prod-west']?.labels['admin.solo.io/segment']).toBe('prod');
    expect(states['dev-east']?.labels['admin.solo.io/segment']).toBeUndefined();
    // The live store sees it through its watches.
    await fleetStore().waitFor((rev) =>
      ['prod-east', 'prod-west'].every(
        (c) => rev.snapshot.clusters.find((m) => m.context === c)?.segment === 'prod',
      ),
    );
    expect(auditRecords()[0]).toMatchObject({
      planId: plan.id,
      user: 'admin (token)',
      result: { ok: true },
    });
    const status = await read(
      await getPlanRoute(request(`/api/plans/${plan.id}`, { method: 'GET' }), params(plan.id)),
    );
    expect(status.body).toMatchObject({ status: 'applied', result: { ok: true } });
    expect((await apply(plan.id)).status).toBe(409);
  });
});

describe('failure midway', () => {
  it.each([
    [
      '500 on the label step',
      'dev-east',
      { count: 1, code: 500, verb: 'patch', resource: 'namespaces' },
    ],
    [
      '403 on a Segment create',
      'prod-east',
      { count: 1, code: 403, verb: 'create', resource: 'segments' },
    ],
  ])(
    '%s: every applied step is rolled back and the clusters are as before',
    async (_, cluster, rule) => {
      const before = await settled();
      const plan = await planned({
        type: 'create-segment',
        name: 'dev',
        domain: 'dev.mesh',
        clusters: ['dev-east'],
      });
      expect(plan.dryRunOk).toBe(true);
      // dev-east and its peer prod-east get the Segment; then dev-east's label.
      expect(plan.steps.map((s) => `${s.action} ${s.cluster}`)).toEqual([
        'apply-segment dev-east',
        'apply-segment prod-east',
        'label-namespace dev-east',
      ]);
      // The fault comes after the plan, so the dry-run passed. The latency lets istiod write the
      // new Segments' status before the rollback, as it does on a real cluster.
      await fleet.cluster(cluster).setFaults({ failNext: [rule], latencyMs: 300 });
      const res = await apply(plan.id).finally(() =>
        fleet.cluster(cluster).setFaults({ latencyMs: 0 }),
      );
      expect(res.status).toBe(200);
      const result = res.body as ApplyResultDto;
      expect(result.ok).toBe(false);
      expect(result.steps.filter((s) => s.status === 'failed').map((s) => s.cluster)).toEqual([
        cluster,
      ]);
      expect(result.steps.map((s) => s.status)).not.toContain('applied');
      const undone = result.steps.filter((s) => s.status === 'rolled-back').map((s) => s.step);
      expect(result.rollback.map((r) => [r.step, r.ok])).toEqual(
        [...undone].reverse().map((i) => [i, true]),
      );
      if (rule.verb === 'patch') expect(undone).toEqual([0, 1]);
      expect(contents(await clusterStates())).toEqual(contents(before));
      expect(auditRecords()[0]).toMatchObject({ planId: plan.id, result: { ok: false } });
    },
  );
});

describe('concurrency', () => {
  it('refuses with 409 and a fresh preview when an object changed after the plan was made; nothing written', async () => {
    await settled();
    const plan = await planned({ type: 'move-cluster', cluster: 'dev-east', segment: 'prod' });
    expect(plan.steps.map((s) => s.action)).toEqual(['label-namespace']);
    const label = await session.kubectl(
      ['label', 'namespace', 'istio-system', 'team=someone-else', '--overwrite'],
      { context: 'dev-east' },
    );
    expect(label.code, label.stderr).toBe(0);
    const before = contents(await clusterStates());
    const res = await apply(plan.id);
    expect(res.status).toBe(409);
    const body = res.body as {
      error: { code: string; conflicts: { cluster: string }[] };
      plan: PlanDto;
    };
    expect(body.error.code).toBe('conflict');
    expect(body.error.conflicts.map((c) => c.cluster)).toEqual(['dev-east']);
    expect(body.plan.id).not.toBe(plan.id);
    expect(body.plan.dryRunOk).toBe(true);
    expect(contents(await clusterStates())).toEqual(before);
    expect((await apply(plan.id)).status).toBe(409);
    // The fresh preview is a plan like any other.
    const fresh = await apply(body.plan.id);
    expect(fresh.status).toBe(200);
    expect((await clusterStates())['dev-east']?.labels['admin.solo.io/segment']).toBe('prod');
  });

  it('answers 503 and writes nothing while a cluster the plan touches cannot be read; the plan stays ready', async () => {
    await settled();
    const plan = await planned({ type: 'move-cluster', cluster: 'dev-east', segment: 'default' });
    const before = contents(await clusterStates());
    await fleet.cluster('dev-east').setFaults({ forbidden: true });
    try {
      const res = await apply(plan.id);
      expect(res.status).toBe(503);
      expect(JSON.stringify(res.body)).toMatch(/nothing was written/);
    } finally {
      await fleet.cluster('dev-east').setFaults({ forbidden: false });
    }
    expect(contents(await clusterStates())).toEqual(before);
    const retry = await apply(plan.id);
    expect(retry.status).toBe(200);
    expect((await clusterStates())['dev-east']?.labels['admin.solo.io/segment']).toBeUndefined();
  });
});

describe('input', () => {
  const fields = (r: Called) =>
    (r.body as { error: { fields?: { path: string }[] } }).error.fields?.map((f) => f.path);

  it('answers 400 with field errors for invalid names, domains, duplicate domains and unknown clusters', async () => {
    await settled();
    const base = {
      type: 'create-segment',
      name: 'fresh',
      domain: 'fresh.mesh',
      clusters: ['prod-east'],
    };
    for (const [change, path] of [
      [{ name: 'Bad_Name' }, 'name'],
      [{ name: 'default' }, 'name'],
      [{ domain: 'mesh.internal' }, 'domain'],
      [{ domain: 'cluster.local' }, 'domain'],
      [{ domain: 'Upper.Mesh' }, 'domain'],
      [{ domain: `${'a'.repeat(60)}.mesh` }, 'domain'],
      [{ domain: 'prod.mesh' }, 'domain'],
      [{ clusters: ['nowhere'] }, 'clusters.0'],
      [{ clusters: [] }, 'clusters'],
      [{ extra: 1 }, '(body)'],
    ] as const) {
      const res = await create({ ...base, ...change });
      expect(res.status, JSON.stringify(change)).toBe(400);
      expect(fields(res), JSON.stringify(change)).toContain(path);
    }
    // An existing Segment of the same name with another domain: a conflict naming its cluster.
    const conflict = await create({ ...base, name: 'prod', domain: 'other.mesh' });
    expect(conflict.status).toBe(400);
    expect(JSON.stringify(conflict.body)).toMatch(/already exists in dev-east/);
  });

  it('refuses oversized and malformed bodies, unknown and expired plans', async () => {
    expect((await create('{"type":')).status).toBe(400);
    expect((await create('x'.repeat(70 * 1024))).status).toBe(413);
    expect((await apply('3f1d2c4b-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await apply('../../etc')).status).toBe(404);
    const plan = await planned({
      type: 'set-scope',
      cluster: 'prod-east',
      namespace: 'orders',
      scope: 'segment',
    });
    expect((await apply(plan.id, '{"force":true}')).status).toBe(400);
    process.env.SEGSCOPE_PLAN_TTL_MS = '1';
    try {
      const old = await planned({
        type: 'set-scope',
        cluster: 'prod-east',
        namespace: 'orders',
        scope: 'segment',
      });
      await new Promise((r) => setTimeout(r, 5));
      expect((await apply(old.id)).status).toBe(410);
    } finally {
      delete process.env.SEGSCOPE_PLAN_TTL_MS;
    }
  });

  it('answers 401 to signed-out callers and 403 when the console is read-only, on every mutating endpoint', async () => {
    const intent = { type: 'delete-segment', name: 'prod' };
    const plan = await planned({
      type: 'set-scope',
      cluster: 'prod-east',
      namespace: 'orders',
      scope: 'segment',
    });
    expect((await create(intent, null)).status).toBe(401);
    expect((await create(intent, 'wrong-token')).status).toBe(401);
    expect((await apply(plan.id, undefined, null)).status).toBe(401);
    expect((await apply(plan.id, undefined, 'wrong-token')).status).toBe(401);
    delete process.env.SEGSCOPE_ADMIN_TOKEN;
    try {
      expect((await create(intent)).status).toBe(403);
      expect((await apply(plan.id)).status).toBe(403);
    } finally {
      process.env.SEGSCOPE_ADMIN_TOKEN = TOKEN;
    }
  });
});

describe('fuzz', () => {
  it('thousands of random bodies to every mutating endpoint: no 5xx, no change in any cluster', async () => {
    const before = contents(await settled());
    const plan = await planned({ type: 'move-cluster', cluster: 'dev-east', segment: 'default' });
    const word = fc.oneof(
      fc.constantFrom('prod', 'dev', 'default', 'prod-east', 'nowhere', 'orders', 'prod.mesh', ''),
      fc.string({ maxLength: 70 }),
    );
    const intentLike = fc.record(
      {
        type: fc.oneof(
          fc.constantFrom('create-segment', 'move-cluster', 'set-scope', 'delete-segment', 'fix'),
          fc.string(),
        ),
        name: word,
        domain: word,
        clusters: fc.array(word, { maxLength: 4 }),
        cluster: word,
        segment: word,
        namespace: word,
        service: word,
        scope: fc.oneof(fc.constantFrom('global', 'segment', null), word),
        finding: word,
      },
      { requiredKeys: ['type'] },
    );
    const body = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.json({ maxDepth: 3 }),
      intentLike.map((i) => JSON.stringify(i)),
      fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
    );
    await fc.assert(
      fc.asyncProperty(body, async (text) => {
        const res = await create(text);
        return res.status < 500 && (res.status === 201 || res.status >= 400);
      }),
      { numRuns: 1500 },
    );
    const applyBody = body.filter((t) => t.trim() !== '' && t.trim() !== '{}');
    await fc.assert(
      fc.asyncProperty(applyBody, fc.boolean(), async (text, realId) => {
        const res = await apply(realId ? plan.id : '00000000-0000-4000-8000-000000000000', text);
        return res.status === 400 || res.status === 413 || res.status === 404;
      }),
      { numRuns: 1500 },
    );
    expect(contents(await clusterStates())).toEqual(before);
  }, 120_000);
});
