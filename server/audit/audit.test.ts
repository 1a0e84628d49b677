import { Writable } from 'node:stream';

import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ApplyResultDto } from '@/lib/plan/intent';

import { loadKubeconfig } from '../config/kubeconfig';
import { Fleet } from '../sim/fleet';
import { loadScenario } from '../sim/scenario';
import { createSession, type KubectlSession } from '../sim/testing/kubectl';
import { type AuditRecord, AuditTrail } from './audit';
import { AUDIT_REASON, kubeEventSink, RECORD_ANNOTATION } from './cluster-events';

let fleet: Fleet;
let session: KubectlSession;
const logLines: string[] = [];
const log = pino(
  { level: 'debug' },
  new Writable({
    write(chunk: Buffer, _enc, done) {
      logLines.push(chunk.toString('utf8'));
      done();
    },
  }),
);

beforeAll(async () => {
  fleet = await Fleet.start({
    clusters: loadScenario('segmented').clusters.slice(0, 3),
    istiod: false,
  });
  session = createSession(fleet.kubeconfig());
}, 60_000);

afterAll(async () => {
  await Promise.race([fleet?.stop(), new Promise((r) => setTimeout(r, 5000).unref())]);
});

const contexts = () => fleet.clusters.map((c) => c.name);
const trail = () =>
  new AuditTrail(
    () => kubeEventSink(loadKubeconfig({ KUBECONFIG: session.kubeconfigPath }).kc, 3000),
    () => log,
  );

function aRecord(
  planId: string,
  clusters: string[],
  result: Partial<ApplyResultDto> = {},
): AuditRecord {
  return {
    planId,
    user: 'demo admin',
    at: new Date().toISOString(),
    intent: { type: 'create-segment', name: 'payments', domain: 'payments.mesh', clusters },
    clusters,
    result: {
      id: planId,
      ok: true,
      steps: clusters.map((cluster, step) => ({
        cluster,
        step,
        status: 'applied',
        message: 'created',
      })),
      rollback: [],
      ...result,
    },
  };
}

interface EventJson {
  reason: string;
  type: string;
  message: string;
  reportingComponent: string;
  source: { component: string };
  involvedObject: { kind: string; name: string };
  metadata: { annotations: Record<string, string>; labels: Record<string, string> };
}

async function auditEvents(context: string): Promise<EventJson[]> {
  const out = await session.kubectl(
    [
      'get',
      'events',
      '-n',
      'istio-system',
      '-l',
      'app.kubernetes.io/managed-by=segscope',
      '-o',
      'json',
    ],
    { context },
  );
  expect(out.code, out.stderr).toBe(0);
  return (JSON.parse(out.stdout) as { items: EventJson[] }).items;
}

describe('the audit trail', () => {
  it('writes a SegscopePlanApplied Event into istio-system of every touched cluster, and nowhere else', async () => {
    const [a, b, untouched] = contexts();
    const record = aRecord('plan-one', [a!, b!]);
    await trail().record(record);
    for (const context of [a!, b!]) {
      const events = await auditEvents(context);
      expect(events).toHaveLength(1);
      const [event] = events;
      expect(event).toMatchObject({
        reason: AUDIT_REASON,
        type: 'Normal',
        reportingComponent: 'segscope',
        source: { component: 'segscope' },
        involvedObject: { kind: 'Namespace', name: 'istio-system' },
      });
      expect(event!.message).toBe(
        `demo admin create segment payments (payments.mesh) with ${a}, ${b}: applied (2 steps) (plan plan-one)`,
      );
      expect(JSON.parse(event!.metadata.annotations[RECORD_ANNOTATION]!)).toEqual(record);
    }
    expect(await auditEvents(untouched!)).toEqual([]);
    const line = logLines.find((l) => l.includes('plan-one'));
    expect(JSON.parse(line!)).toMatchObject({
      audit: { planId: 'plan-one', user: 'demo admin', ok: true },
    });
  });

  it('records a failed plan as a Warning naming the failed step and the rollback', async () => {
    const [, , c] = contexts();
    await trail().record(
      aRecord('plan-two', [c!], {
        ok: false,
        steps: [
          { cluster: c!, step: 0, status: 'rolled-back', message: 'created' },
          { cluster: c!, step: 1, status: 'failed', message: 'the server answered 500' },
        ],
        rollback: [{ cluster: c!, step: 0, ok: true, message: 'deleted' }],
      }),
    );
    const [event] = await auditEvents(c!);
    expect(event).toMatchObject({ type: 'Warning', reason: AUDIT_REASON });
    expect(event!.message).toContain(
      `failed at step 2 on ${c}: the server answered 500; 1 step rolled back`,
    );
  });

  it('rebuilds the Activity list from the clusters after a restart, once per plan, newest first', async () => {
    const restarted = trail();
    expect(restarted.list()).toEqual([]);
    await restarted.restore();
    expect(restarted.list().map((r) => r.planId)).toEqual(['plan-two', 'plan-one']);
    expect(restarted.history()).toEqual({ restored: true, unreadable: [] });
  });

  it('keeps the record and logs the failure when a touched cluster is down; says which it could not read', async () => {
    const [a, b] = contexts();
    await fleet.cluster(b!).setFaults({ down: true });
    try {
      const t = trail();
      await t.record(aRecord('plan-three', [a!, b!]));
      expect(t.list().map((r) => r.planId)).toEqual(['plan-three']);
      expect(
        logLines.some((l) => l.includes('could not write the audit Event') && l.includes(b!)),
      ).toBe(true);
      expect((await auditEvents(a!)).length).toBe(2);
      const restarted = trail();
      await restarted.restore();
      expect(restarted.history().unreadable).toEqual([b]);
      expect(restarted.list().map((r) => r.planId)).toContain('plan-three');
    } finally {
      await fleet.cluster(b!).setFaults({ down: false });
    }
  });

  it('ignores Events that only look like audit records (damaged or forged)', async () => {
    const [a] = contexts();
    const forged = (name: string, record: string) =>
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Event',
        metadata: {
          name,
          namespace: 'istio-system',
          labels: { 'app.kubernetes.io/managed-by': 'segscope', 'segscope.io/audit': 'plan' },
          annotations: { [RECORD_ANNOTATION]: record },
        },
        involvedObject: { kind: 'Namespace', name: 'istio-system' },
        reason: AUDIT_REASON,
        message: 'forged',
      });
    const bad = { ...aRecord('plan-forged', [a!]), intent: { type: 'create-segment' } };
    for (const [name, record] of [
      ['not-json', '{'],
      ['bad-intent', JSON.stringify(bad)],
    ] as const) {
      const out = await session.kubectl(['create', '-f', '-'], {
        context: a!,
        input: forged(name, record),
      });
      expect(out.code, out.stderr).toBe(0);
    }
    const t = trail();
    await t.restore();
    expect(t.list().map((r) => r.planId)).not.toContain('plan-forged');
    expect(t.list().length).toBeGreaterThan(0);
  });

  it('logs no credential of the kubeconfig', () => {
    const tokens = fleet.kubeconfig().match(/token: (\S+)/g) ?? [];
    expect(tokens.length).toBeGreaterThan(0);
    for (const t of tokens) expect(logLines.join('\n')).not.toContain(t.slice('token: '.length));
  });
});
