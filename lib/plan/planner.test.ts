import { describe, expect, it } from 'vitest';

import { analyseFleet } from '../engine/fleet-engine';
import { findingKey } from '../graph/finding-key';
import type { ClusterInput } from '../model/input';
import {
  aCluster,
  aFleet,
  fullMesh,
  globalLabel,
  httpRoute,
  segment,
  service,
} from '../testing/builders';
import { createSegmentProblems, segmentUsesOfDto, writableOfDto } from './fleet-checks';
import { requiredHolders } from './holders';
import type { Intent } from './intent';
import { planIntent, type PlannerFleet } from './planner';

function fleetOf(...clusters: ClusterInput[]): PlannerFleet {
  const input = aFleet(...clusters);
  return analyseFleet(input);
}

function planned(intent: Intent, fleet: PlannerFleet) {
  const result = planIntent(intent, fleet);
  if (!result.ok) throw new Error(`unexpected errors: ${JSON.stringify(result.errors)}`);
  return result.plan;
}

function refused(intent: Intent, fleet: PlannerFleet) {
  const result = planIntent(intent, fleet);
  if (result.ok) throw new Error(`expected errors, got ${result.plan.steps.length} steps`);
  return result.errors;
}

const summary = (steps: { cluster: string; action: string; object: { apiVersion: string } }[]) =>
  steps.map((s) => `${s.action} ${s.cluster} ${s.object.apiVersion}`);

/** a, b, c fully meshed; d peers with a (one way); e stands apart and holds other segments. */
function fleet5(
  extra: { e?: Parameters<typeof aCluster>[1]; dReachable?: boolean; dApis?: [] } = {},
) {
  const mesh = fullMesh(['a', 'b', 'c']);
  return fleetOf(
    aCluster('a', {
      peers: mesh.a,
      services: [service('payments', 'checkout')],
      namespaceLabels: { payments: globalLabel },
    }),
    aCluster('b', { peers: mesh.b }),
    aCluster('c', { peers: mesh.c }),
    aCluster('d', {
      peers: ['a'],
      segmentApis: extra.dApis ?? ['admin.solo.io/v1alpha1'],
      reachable: extra.dReachable ?? true,
    }),
    aCluster('e', extra.e ?? { segments: [['other', 'other.mesh']] }),
  );
}

describe('requiredHolders', () => {
  it('lists the members, then every cluster that peers with a member, with why', () => {
    const holders = requiredHolders(
      'pay',
      ['b', 'a', 'b'],
      [
        { from: 'c', to: 'a' },
        { from: 'a', to: 'c' },
        { from: 'd', to: 'b' },
        { from: 'd', to: 'a' },
        { from: 'e', to: 'x', managed: false },
      ],
    );
    expect(holders.map((h) => [h.cluster, h.role, h.peersWith])).toEqual([
      ['b', 'member', []],
      ['a', 'member', []],
      ['c', 'peer', ['a']],
      ['d', 'peer', ['a', 'b']],
    ]);
    expect(holders[3]?.reason).toMatch(/peers with a and b .*SEG201/);
  });
});

describe('create-segment', () => {
  it('applies the Segment to members and their peers, in the API each serves, before any label', () => {
    const plan = planned(
      { type: 'create-segment', name: 'pay', domain: 'pay.mesh', clusters: ['a', 'b'] },
      fleet5(),
    );
    expect(summary(plan.steps)).toEqual([
      'apply-segment a admin.istio.io/v1',
      'apply-segment b admin.istio.io/v1',
      'apply-segment c admin.istio.io/v1',
      'apply-segment d admin.solo.io/v1alpha1',
      'label-namespace a v1',
      'label-namespace b v1',
    ]);
    expect(plan.holders.map((h) => `${h.cluster}:${h.role}`)).toEqual([
      'a:member',
      'b:member',
      'c:peer',
      'd:peer',
    ]);
    expect(plan.steps[0]?.yaml).toBe(
      'apiVersion: admin.istio.io/v1\nkind: Segment\nmetadata:\n  name: pay\n  namespace: istio-system\nspec:\n  domain: pay.mesh\n',
    );
    expect(plan.steps[4]).toMatchObject({
      write: { op: 'patch', patch: { metadata: { labels: { 'admin.solo.io/segment': 'pay' } } } },
      observed: '',
    });
    expect(plan.commands.split('\n')).toContain(
      'kubectl --context a label namespace istio-system admin.solo.io/segment=pay --overwrite',
    );
    expect(plan.commands).toContain(
      "kubectl --context d apply -f - <<'EOF'\napiVersion: admin.solo.io/v1alpha1",
    );
    // a's global checkout gets the new domain in every cluster that sees it.
    const hostnames = plan.whatIf.hostnames.flatMap((d) => d.appear.map((h) => h.hostname));
    expect(hostnames).toContain('checkout.payments.pay.mesh');
    expect(plan.whatIf.findings.introduced.filter((f) => f.code === 'SEG201')).toEqual([]);
  });

  it('skips holders that already hold the Segment with the same domain, and labels nothing twice', () => {
    const fleet = fleetOf(
      aCluster('a', { peers: ['b'], segments: [['pay', 'pay.mesh']], segmentLabel: 'pay' }),
      aCluster('b', { peers: ['a'] }),
    );
    const plan = planned(
      { type: 'create-segment', name: 'pay', domain: 'pay.mesh', clusters: ['a', 'b'] },
      fleet,
    );
    expect(summary(plan.steps)).toEqual([
      'apply-segment b admin.istio.io/v1',
      'label-namespace b v1',
    ]);
  });

  it('refuses, per field, a taken domain, a same-named Segment elsewhere, unknown clusters and unreachable peers', () => {
    const errors = refused(
      { type: 'create-segment', name: 'other', domain: 'x.mesh', clusters: ['a', 'zz', 'a'] },
      fleet5({ dReachable: false }),
    );
    expect(errors).toEqual([
      {
        path: 'name',
        message:
          'Segment "other" already exists in e (istio-system) with domain "other.mesh": Segscope does not overwrite it; use that domain or another name',
      },
      { path: 'clusters.1', message: 'unknown cluster "zz"' },
      { path: 'clusters.2', message: 'cluster "a" is listed twice' },
    ]);
    expect(
      refused(
        { type: 'create-segment', name: 'pay', domain: 'other.mesh', clusters: ['a'] },
        fleet5(),
      ),
    ).toEqual([
      {
        path: 'domain',
        message:
          'domain "other.mesh" is already used by Segment "other" in e: every segment needs its own domain',
      },
    ]);
    // d peers with a but cannot hold a Segment: the segment cannot be created safely.
    expect(
      refused(
        { type: 'create-segment', name: 'pay', domain: 'pay.mesh', clusters: ['a'] },
        fleet5({ dApis: [] }),
      ),
    ).toEqual([
      {
        path: 'clusters',
        message:
          'cluster "d" serves no Segment API: upgrade it first (SEG209); it must hold Segment "pay": peers with a (holds a peer gateway for it): without Segment "pay" it would stop discovering its services (SEG201)',
      },
    ]);
  });
});

describe('delete-segment and move-cluster', () => {
  it('refuses to delete a segment a cluster still uses, and deletes it everywhere otherwise', () => {
    const fleet = fleetOf(
      aCluster('a', { segments: [['pay', 'pay.mesh']], segmentLabel: 'pay' }),
      aCluster('b', { segments: [['pay', 'pay.mesh']] }),
    );
    expect(refused({ type: 'delete-segment', name: 'pay' }, fleet)[0]).toMatchObject({
      path: 'name',
      message: expect.stringMatching(/still used by a/),
    });
    const free = fleetOf(
      aCluster('a', { segments: [['pay', 'pay.mesh']] }),
      aCluster('b', { segments: [['pay', 'pay.mesh']] }),
    );
    const plan = planned({ type: 'delete-segment', name: 'pay' }, free);
    expect(summary(plan.steps)).toEqual([
      'delete-segment a admin.istio.io/v1',
      'delete-segment b admin.istio.io/v1',
    ]);
    expect(plan.commands).toContain(
      'kubectl --context a -n istio-system delete segments.admin.istio.io pay',
    );
  });

  it('moves a cluster: the target Segment first where it is missing (the cluster and its peers), then the label', () => {
    const fleet = fleetOf(
      aCluster('a', { peers: ['b', 'c'], segments: [['pay', 'pay.mesh']], segmentLabel: 'pay' }),
      aCluster('b', { peers: ['a', 'c'] }),
      aCluster('c', { peers: ['a', 'b'], segments: [['pay', 'pay.mesh']] }),
    );
    const plan = planned({ type: 'move-cluster', cluster: 'b', segment: 'pay' }, fleet);
    expect(summary(plan.steps)).toEqual([
      'apply-segment b admin.istio.io/v1',
      'label-namespace b v1',
    ]);
    const back = planned({ type: 'move-cluster', cluster: 'a', segment: 'default' }, fleet);
    expect(back.steps.map((s) => s.action)).toEqual(['unlabel-namespace']);
    expect(back.commands).toBe(
      'kubectl --context a label namespace istio-system admin.solo.io/segment- --overwrite',
    );
    expect(refused({ type: 'move-cluster', cluster: 'b', segment: 'nope' }, fleet)).toEqual([
      { path: 'segment', message: 'no cluster holds Segment "nope": create the segment first' },
    ]);
  });
});

describe('set-scope', () => {
  it('labels a Service or a namespace, and removes the label with null', () => {
    const fleet = fleetOf(aCluster('a', { services: [service('payments', 'checkout')] }));
    const svc = planned(
      {
        type: 'set-scope',
        cluster: 'a',
        namespace: 'payments',
        service: 'checkout',
        scope: 'global',
      },
      fleet,
    );
    expect(svc.commands).toBe(
      'kubectl --context a -n payments label service checkout solo.io/service-scope=global --overwrite',
    );
    const ns = planned(
      { type: 'set-scope', cluster: 'a', namespace: 'payments', scope: null },
      fleet,
    );
    expect(ns.steps).toEqual([]);
    expect(ns.whatIf.warnings[0]).toMatch(/nothing to change/);
    expect(
      refused({ type: 'set-scope', cluster: 'a', namespace: 'nope', scope: 'global' }, fleet),
    ).toEqual([{ path: 'namespace', message: 'namespace "nope" not found in a' }]);
  });
});

describe('fix', () => {
  const keyOf = (fleet: PlannerFleet, code: string) => {
    const f = fleet.findings.find((x) => x.code === code);
    if (!f) throw new Error(`no ${code} in ${fleet.findings.map((x) => x.code).join(', ')}`);
    return findingKey(f);
  };

  it('SEG201: applies the missing Segment to the viewer, and the finding is resolved', () => {
    const fleet = fleetOf(
      aCluster('a', { peers: ['b'], segments: [['pay', 'pay.mesh']], segmentLabel: 'pay' }),
      aCluster('b', { peers: ['a'] }),
    );
    const plan = planned({ type: 'fix', finding: keyOf(fleet, 'SEG201') }, fleet);
    expect(summary(plan.steps)).toEqual(['apply-segment b admin.istio.io/v1']);
    expect(plan.whatIf.findings.resolved.map((f) => f.code)).toContain('SEG201');
  });

  it('SEG203: creates the Segment in the cluster and its peers, or corrects the label', () => {
    const fleet = fleetOf(
      aCluster('a', { peers: ['b'], segmentLabel: 'pay' }),
      aCluster('b', { peers: ['a'] }),
      aCluster('c', { segments: [['pay', 'pay.mesh']] }),
    );
    const key = keyOf(fleet, 'SEG203');
    const plan = planned({ type: 'fix', finding: key }, fleet);
    expect(summary(plan.steps)).toEqual([
      'apply-segment a admin.istio.io/v1',
      'apply-segment b admin.istio.io/v1',
    ]);
    expect(plan.whatIf.findings.resolved.map((f) => f.code)).toContain('SEG203');
    const relabel = planned({ type: 'fix', finding: key, relabel: null }, fleet);
    expect(relabel.steps.map((s) => s.action)).toEqual(['unlabel-namespace']);
    const alone = fleetOf(aCluster('a', { segmentLabel: 'pay' }));
    expect(refused({ type: 'fix', finding: keyOf(alone, 'SEG203') }, alone)[0]?.path).toBe(
      'domain',
    );
    expect(
      summary(
        planned({ type: 'fix', finding: keyOf(alone, 'SEG203'), domain: 'pay.mesh' }, alone).steps,
      ),
    ).toEqual(['apply-segment a admin.istio.io/v1']);
  });

  it('SEG202: sets the winning domain where it differs, only when the user picks one of the domains', () => {
    const fleet = fleetOf(
      aCluster('a', { peers: ['b'], segments: [['pay', 'pay.mesh']], segmentLabel: 'pay' }),
      aCluster('b', { peers: ['a'], segments: [['pay', 'pay.internal']], segmentLabel: 'pay' }),
    );
    const key = keyOf(fleet, 'SEG202');
    expect(refused({ type: 'fix', finding: key }, fleet)[0]?.path).toBe('domain');
    expect(refused({ type: 'fix', finding: key, domain: 'x.mesh' }, fleet)[0]?.message).toMatch(
      /one of pay.internal, pay.mesh/,
    );
    const plan = planned({ type: 'fix', finding: key, domain: 'pay.mesh' }, fleet);
    expect(summary(plan.steps)).toEqual(['update-segment b admin.istio.io/v1']);
    expect(plan.steps[0]?.write).toEqual({
      op: 'patch',
      patch: { spec: { domain: 'pay.mesh' } },
      undo: { spec: { domain: 'pay.internal' } },
    });
    expect(plan.whatIf.findings.resolved.map((f) => f.code)).toContain('SEG202');
  });

  it('SEG104: creates the Segment in istio-system, then deletes the misplaced copy', () => {
    const fleet = fleetOf(
      aCluster('a', {
        segmentLabel: 'pay',
        segments: [segment('pay', 'pay.mesh', { namespace: 'default' })],
      }),
    );
    const plan = planned({ type: 'fix', finding: keyOf(fleet, 'SEG104') }, fleet);
    expect(plan.steps.map((s) => `${s.action} ${s.object.namespace}`)).toEqual([
      'apply-segment istio-system',
      'delete-segment default',
    ]);
    expect(plan.whatIf.findings.resolved.map((f) => f.code)).toEqual(
      expect.arrayContaining(['SEG104', 'SEG203']),
    );
  });

  it('refuses a finding that does not exist or has no mechanical fix', () => {
    const fleet = fleetOf(aCluster('a', { segments: [['pay', 'pay.mesh']] }));
    expect(refused({ type: 'fix', finding: 'SEG201:nope' }, fleet)[0]?.message).toMatch(
      /no finding/,
    );
    expect(refused({ type: 'fix', finding: keyOf(fleet, 'SEG205') }, fleet)[0]?.message).toMatch(
      /SEG205 has no mechanical fix/,
    );
  });
});

describe('fleet checks on the fleet DTO (the wizard)', () => {
  it('gives the messages the API gives', () => {
    const uses = segmentUsesOfDto([
      {
        name: 'other',
        holders: [{ cluster: 'e', namespace: 'istio-system', domain: 'other.mesh' }],
      },
    ]);
    const clusters = writableOfDto([
      { id: 'a', health: 'synced' },
      { id: 'b', health: 'unreachable' },
    ]);
    expect(
      createSegmentProblems(
        { name: 'pay', domain: 'other.mesh', clusters: ['a', 'b'] },
        uses,
        clusters,
      ),
    ).toEqual([
      {
        path: 'domain',
        message:
          'domain "other.mesh" is already used by Segment "other" in e: every segment needs its own domain',
      },
      {
        path: 'clusters.1',
        message: 'cluster "b" is not reachable: Segscope cannot write to it now',
      },
    ]);
  });
});

describe('what the plan retires', () => {
  it('lists routes still naming a hostname that disappears for their cluster', () => {
    const fleet = fleetOf(
      aCluster('a', {
        peers: ['b'],
        services: [service('payments', 'checkout')],
        namespaceLabels: { payments: globalLabel },
      }),
      aCluster('b', {
        peers: ['a'],
        objects: [
          httpRoute('web', 'to-checkout', { backendHosts: ['checkout.payments.mesh.internal'] }),
        ],
      }),
    );
    const plan = planned(
      { type: 'create-segment', name: 'pay', domain: 'pay.mesh', clusters: ['a'] },
      fleet,
    );
    expect(plan.whatIf.references).toEqual([
      {
        cluster: 'b',
        kind: 'HTTPRoute',
        namespace: 'web',
        name: 'to-checkout',
        hostname: 'checkout.payments.mesh.internal',
      },
    ]);
  });
});

describe('commands', () => {
  it('quotes context names and values a shell would split', () => {
    const fleet = fleetOf(
      aCluster('ctx with space', { services: [service('payments', 'checkout')] }),
    );
    expect(
      planned(
        { type: 'set-scope', cluster: 'ctx with space', namespace: 'payments', scope: 'global' },
        fleet,
      ).commands,
    ).toBe(
      "kubectl --context 'ctx with space' label namespace payments solo.io/service-scope=global --overwrite",
    );
    const labelled = fleetOf(
      aCluster("o'brien", { segmentLabel: 'x', segments: [['x', 'x.mesh']] }),
    );
    expect(
      planned({ type: 'move-cluster', cluster: "o'brien", segment: 'default' }, labelled).commands,
    ).toBe(
      "kubectl --context 'o'\\''brien' label namespace istio-system admin.solo.io/segment- --overwrite",
    );
  });
});
