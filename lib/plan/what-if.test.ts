import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { analyze } from '../analyze';
import { buildSnapshot } from '../model/build-snapshot';
import type { FleetInput } from '../model/input';
import type { K8sObject } from '../model/objects';
import { aCluster, aFleet, fullMesh, globalLabel, service } from '../testing/builders';
import { changesArb, fleetArb } from '../testing/random-fleet';
import { applyChanges, type ProposedChange } from './changes';
import { baseline, whatIf } from './what-if';

const CLUSTERS = ['cluster-1', 'cluster-2', 'cluster-3'];

/** Product brief situation 1: ACME's cluster-1/-2 and the acquired cluster-3, all peered. */
function situation1(): FleetInput {
  const mesh = fullMesh(CLUSTERS);
  const acme = service('payments', 'checkout', { ports: [{ port: 8080, name: 'http' }] });
  const acquired = service('payments', 'checkout', {
    ports: [
      { port: 8080, name: 'grpc' },
      { port: 9090, name: 'metrics' },
    ],
    selector: { app: 'acquired-checkout' },
  });
  return aFleet(
    ...CLUSTERS.map((c) =>
      aCluster(c, {
        peers: mesh[c],
        services: [c === 'cluster-3' ? acquired : acme],
        namespaceLabels: { payments: globalLabel },
      }),
    ),
  );
}

const segmentsFix: ProposedChange[] = [
  { kind: 'apply-segment', clusters: CLUSTERS, name: 'acme', domain: 'mesh.acme' },
  { kind: 'apply-segment', clusters: CLUSTERS, name: 'acquired', domain: 'mesh.acquired' },
  { kind: 'set-cluster-segment', cluster: 'cluster-1', segment: 'acme' },
  { kind: 'set-cluster-segment', cluster: 'cluster-2', segment: 'acme' },
  { kind: 'set-cluster-segment', cluster: 'cluster-3', segment: 'acquired' },
];

function ok(result: ReturnType<typeof whatIf>) {
  if (!result.ok) throw new Error(`unexpected errors: ${JSON.stringify(result.errors)}`);
  return result;
}

const codes = (findings: { code: string }[]) => [...new Set(findings.map((f) => f.code))].sort();

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

describe('what-if: situation 1 (onboarded cluster breaks namespace sameness)', () => {
  it('splits the merged checkout into one hostname per segment, for every viewer', () => {
    const result = ok(whatIf(situation1(), segmentsFix));
    const internal = 'checkout.payments.mesh.internal';
    expect(result.hostnameDiff).toEqual([
      {
        viewer: 'cluster-1',
        appear: [
          { hostname: 'checkout.payments.mesh.acme', contributors: ['cluster-1', 'cluster-2'] },
          { hostname: 'checkout.payments.mesh.acquired', contributors: ['cluster-3'] },
        ],
        disappear: [{ hostname: internal, contributors: ['cluster-1', 'cluster-2', 'cluster-3'] }],
        change: [],
      },
      {
        viewer: 'cluster-2',
        appear: [
          { hostname: 'checkout.payments.mesh.acme', contributors: ['cluster-2', 'cluster-1'] },
          { hostname: 'checkout.payments.mesh.acquired', contributors: ['cluster-3'] },
        ],
        disappear: [{ hostname: internal, contributors: ['cluster-2', 'cluster-1', 'cluster-3'] }],
        change: [],
      },
      {
        viewer: 'cluster-3',
        appear: [
          { hostname: 'checkout.payments.mesh.acme', contributors: ['cluster-1', 'cluster-2'] },
          { hostname: 'checkout.payments.mesh.acquired', contributors: ['cluster-3'] },
        ],
        disappear: [{ hostname: internal, contributors: ['cluster-3', 'cluster-1', 'cluster-2'] }],
        change: [],
      },
    ]);
    expect(result.changed).toEqual(CLUSTERS);
    expect(result.warnings).toEqual([]);
  });

  it('introduces no error and resolves what the merge caused', () => {
    const before = baseline(situation1());
    const result = ok(whatIf(situation1(), segmentsFix, before));
    expect(result.findingsDiff.introduced.filter((f) => f.severity === 'error')).toEqual([]);
    expect(result.findingsDiff.unchanged + result.findingsDiff.resolved.length).toBe(
      before.findings.length,
    );
    // Whatever the merged aggregate raised about it is gone once the copies are apart.
    const aboutCheckout = (f: { message: string }) => f.message.includes('mesh.internal');
    expect(result.findings.filter(aboutCheckout)).toEqual([]);
  });

  it('labelling a cluster before its peers hold the Segment introduces SEG201', () => {
    const result = ok(
      whatIf(situation1(), [
        { kind: 'apply-segment', clusters: ['cluster-1'], name: 'acme', domain: 'mesh.acme' },
        { kind: 'set-cluster-segment', cluster: 'cluster-1', segment: 'acme' },
      ]),
    );
    const seg201 = result.findingsDiff.introduced.filter((f) => f.code === 'SEG201');
    expect(seg201.length).toBeGreaterThan(0);
    expect(new Set(seg201.flatMap((f) => f.clusters))).toEqual(new Set(CLUSTERS));
    // Discovery of cluster-1 is disabled in its peers: they lose its copy.
    const forViewer = (viewer: string) => result.hostnameDiff.find((d) => d.viewer === viewer);
    expect(forViewer('cluster-2')).toEqual({
      viewer: 'cluster-2',
      appear: [],
      disappear: [],
      change: [
        {
          hostname: 'checkout.payments.mesh.internal',
          before: ['cluster-2', 'cluster-1', 'cluster-3'],
          after: ['cluster-2', 'cluster-3'],
        },
      ],
    });
    expect(forViewer('cluster-1')).toEqual({
      viewer: 'cluster-1',
      appear: [{ hostname: 'checkout.payments.mesh.acme', contributors: ['cluster-1'] }],
      disappear: [],
      change: [
        {
          hostname: 'checkout.payments.mesh.internal',
          before: ['cluster-1', 'cluster-2', 'cluster-3'],
          after: ['cluster-2', 'cluster-3'],
        },
      ],
    });
  });

  it('applying the fix in the documented order step by step never loses cluster-1 in cluster-2', () => {
    // Segments everywhere first: nothing changes for anyone yet.
    const first = ok(whatIf(situation1(), segmentsFix.slice(0, 2)));
    expect(first.hostnameDiff).toEqual([]);
    expect(codes(first.findingsDiff.introduced)).not.toContain('SEG201');
  });
});

describe('what-if: changes', () => {
  it('exposes a service and previews where its hostname appears', () => {
    const input = aFleet(
      aCluster('a', { peers: ['b'], services: [service('shop', 'cart')] }),
      aCluster('b', { peers: ['a'] }),
    );
    const result = ok(
      whatIf(input, [
        {
          kind: 'set-service-scope',
          cluster: 'a',
          namespace: 'shop',
          service: 'cart',
          scope: 'global',
        },
      ]),
    );
    expect(result.hostnameDiff).toEqual([
      {
        viewer: 'a',
        appear: [{ hostname: 'cart.shop.mesh.internal', contributors: ['a'] }],
        disappear: [],
        change: [],
      },
      {
        viewer: 'b',
        appear: [{ hostname: 'cart.shop.mesh.internal', contributors: ['a'] }],
        disappear: [],
        change: [],
      },
    ]);
    // And back: removing the label on the namespace scope takes it away again.
    const back = ok(
      whatIf(result.input, [
        {
          kind: 'set-service-scope',
          cluster: 'a',
          namespace: 'shop',
          service: 'cart',
          scope: null,
        },
      ]),
    );
    expect(back.hostnameDiff.map((d) => d.disappear.map((e) => e.hostname))).toEqual([
      ['cart.shop.mesh.internal'],
      ['cart.shop.mesh.internal'],
    ]);
  });

  it('sets and removes a namespace scope', () => {
    const input = aFleet(aCluster('a', { services: [service('shop', 'cart')] }));
    const on = ok(
      whatIf(input, [
        { kind: 'set-namespace-scope', cluster: 'a', namespace: 'shop', scope: 'global' },
      ]),
    );
    expect(on.snapshot.views.map((v) => v.hostname)).toEqual(['cart.shop.mesh.internal']);
    const off = ok(
      whatIf(on.input, [
        { kind: 'set-namespace-scope', cluster: 'a', namespace: 'shop', scope: null },
      ]),
    );
    expect(off.snapshot.views).toEqual([]);
    const ns = off.input.clusters[0]!.objects.find(
      (o) => o.kind === 'Namespace' && o.metadata.name === 'shop',
    );
    expect(ns?.metadata.labels).toBeUndefined();
  });

  it('creates Segments with the API version the cluster serves, and updates existing ones', () => {
    const input = aFleet(
      aCluster('new', { segmentApis: ['admin.solo.io/v1alpha1'] }),
      aCluster('old', { segments: [['acme', 'acme.old']] }),
    );
    const applied = applyChanges(input, [
      { kind: 'apply-segment', clusters: ['new', 'old'], name: 'acme', domain: 'mesh.acme' },
    ]);
    if (!applied.ok) throw new Error('expected ok');
    const segments = applied.input.clusters.map((c) =>
      c.objects.filter((o) => o.kind === 'Segment').map((o) => [o.apiVersion, o.metadata, o.spec]),
    );
    expect(segments).toEqual([
      [
        [
          'admin.solo.io/v1alpha1',
          { name: 'acme', namespace: 'istio-system' },
          { domain: 'mesh.acme' },
        ],
      ],
      [['admin.istio.io/v1', { name: 'acme', namespace: 'istio-system' }, { domain: 'mesh.acme' }]],
    ]);
    expect(applied.warnings).toEqual([
      'Segment "acme" in old has domain "acme.old"; this changes it to "mesh.acme"',
    ]);
  });

  it('deletes a Segment; a label naming it then falls back to default (SEG203)', () => {
    const input = aFleet(
      aCluster('a', { segmentLabel: 'acme', segments: [['acme', 'mesh.acme']] }),
    );
    const result = ok(whatIf(input, [{ kind: 'delete-segment', clusters: ['a'], name: 'acme' }]));
    expect(result.input.clusters[0]!.objects.some((o) => o.kind === 'Segment')).toBe(false);
    expect(result.snapshot.clusters[0]).toMatchObject({
      segment: 'default',
      segmentFallback: true,
    });
    expect(codes(result.findingsDiff.introduced)).toContain('SEG203');
  });

  it('treats a change that changes nothing as no change', () => {
    const input = situation1();
    const before = baseline(input);
    const result = ok(
      whatIf(
        input,
        [
          {
            kind: 'set-namespace-scope',
            cluster: 'cluster-1',
            namespace: 'payments',
            scope: 'global',
          },
        ],
        before,
      ),
    );
    expect(result.changed).toEqual([]);
    expect(result.snapshot).toBe(before.snapshot);
    expect(result.findingsDiff).toEqual({
      resolved: [],
      introduced: [],
      unchanged: before.findings.length,
    });
  });
});

describe('what-if: validation', () => {
  const input = situation1();
  const errorsOf = (changes: ProposedChange[]) => {
    const result = applyChanges(input, changes);
    return result.ok ? [] : result.errors;
  };

  it.each([
    ['Acme', 'mesh.acme', /not a DNS-1123 label/],
    ['default', 'mesh.acme', /reserved for the implicit default segment/],
    ['-acme', 'mesh.acme', /not a DNS-1123 label/],
    ['a'.repeat(64), 'mesh.acme', /not a DNS-1123 label/],
    ['acme', 'mesh.internal', /reserved/],
    ['acme', 'cluster.local', /reserved/],
    ['acme', 'Mesh.Acme', /upper-case/],
    ['acme', '.mesh.acme', /starts with a dot/],
    ['acme', 'mesh.acme.', /ends with a dot/],
    ['acme', `${'a'.repeat(60)}.mesh`, /longer than 63/],
    ['acme', 'mesh.123', /all-numeric/],
    ['acme', '', /is empty/],
  ])('rejects Segment %j with domain %j', (name, domain, message) => {
    const errors = errorsOf([{ kind: 'apply-segment', clusters: ['cluster-1'], name, domain }]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ change: 0, message: expect.stringMatching(message) });
  });

  it('rejects a domain another segment already uses', () => {
    expect(
      errorsOf([
        { kind: 'apply-segment', clusters: ['cluster-1'], name: 'acme', domain: 'mesh.acme' },
        { kind: 'apply-segment', clusters: ['cluster-2'], name: 'other', domain: 'mesh.acme' },
      ]),
    ).toEqual([
      {
        change: 1,
        message: 'domain "mesh.acme" is already the domain of Segment "acme" in cluster-1',
      },
    ]);
  });

  it('names unknown clusters, namespaces and services, and every bad change at once', () => {
    expect(
      errorsOf([
        { kind: 'set-cluster-segment', cluster: 'cluster-9', segment: 'acme' },
        {
          kind: 'set-service-scope',
          cluster: 'cluster-1',
          namespace: 'payments',
          service: 'nope',
          scope: 'global',
        },
        { kind: 'set-namespace-scope', cluster: 'cluster-2', namespace: 'nope', scope: 'global' },
        {
          kind: 'set-service-scope',
          cluster: 'cluster-1',
          namespace: 'payments',
          service: 'checkout',
          scope: 'not valid!',
        },
        { kind: 'set-cluster-segment', cluster: 'cluster-1', segment: 'default' },
        { kind: 'delete-segment', clusters: ['cluster-1'], name: 'acme' },
        { kind: 'apply-segment', clusters: [], name: 'acme', domain: 'mesh.acme' },
      ]),
    ).toEqual([
      { change: 0, message: 'unknown cluster "cluster-9"' },
      { change: 1, message: 'Service payments/nope not found in cluster "cluster-1"' },
      { change: 2, message: 'namespace "nope" not found in cluster "cluster-2"' },
      { change: 3, message: '"not valid!" is not a valid label value for solo.io/service-scope' },
      { change: 4, message: expect.stringContaining('use null to remove the label') },
      { change: 5, message: 'cluster "cluster-1" has no Segment "acme" in istio-system' },
      { change: 6, message: 'Segment "acme": no cluster to apply it to' },
    ]);
  });

  it('refuses to write to unreachable clusters and clusters without the Segment API', () => {
    const fleet = aFleet(
      aCluster('down', { reachable: false }),
      aCluster('legacy', { segmentApis: [] }),
    );
    const result = whatIf(fleet, [
      { kind: 'apply-segment', clusters: ['down', 'legacy'], name: 'acme', domain: 'mesh.acme' },
    ]);
    expect(result).toEqual({
      ok: false,
      errors: [
        { change: 0, message: 'cluster "down" is not reachable (cannot connect (ECONNREFUSED))' },
        { change: 0, message: 'cluster "legacy" serves no Segment API; upgrade it first (SEG209)' },
      ],
    });
  });
});

describe('what-if: purity and incremental rebuild', () => {
  it('never mutates the input or the snapshot it starts from', () => {
    const input = deepFreeze(situation1());
    const json = JSON.stringify(input);
    const before = baseline(situation1());
    const beforeJson = JSON.stringify(before);
    const result = ok(whatIf(input, segmentsFix, before));
    expect(JSON.stringify(input)).toBe(json);
    expect(JSON.stringify(before)).toBe(beforeJson);
    // Unchanged objects are shared, changed ones are copies.
    const original = input.clusters[0]!.objects;
    const changed = result.input.clusters[0]!.objects;
    expect(changed).not.toBe(original);
    expect(changed.filter((o: K8sObject) => original.includes(o)).length).toBe(original.length - 1);
  });

  it('shares untouched clusters and their views', () => {
    const input = aFleet(
      aCluster('a', { peers: ['b'], services: [service('shop', 'cart', { labels: globalLabel })] }),
      aCluster('b', { peers: ['a'], services: [service('shop', 'cart', { labels: globalLabel })] }),
      aCluster('c', { services: [service('shop', 'cart', { labels: globalLabel })] }),
    );
    const before = baseline(input);
    const result = ok(
      whatIf(
        input,
        [
          {
            kind: 'set-service-scope',
            cluster: 'c',
            namespace: 'shop',
            service: 'cart',
            scope: null,
          },
        ],
        before,
      ),
    );
    expect(result.input.clusters[0]).toBe(input.clusters[0]);
    const viewsOf = (s: typeof before.snapshot, viewer: string) =>
      s.views.filter((v) => v.viewer === viewer);
    expect(viewsOf(result.snapshot, 'a')[0]).toBe(viewsOf(before.snapshot, 'a')[0]);
    expect(result.hostnameDiff.map((d) => d.viewer)).toEqual(['c']);
  });

  it('gives what a full rebuild and analysis give, on random fleets and changes', () => {
    fc.assert(
      fc.property(
        fleetArb.chain((input) => fc.tuple(fc.constant(input), changesArb(input))),
        ([input, changes]) => {
          const result = whatIf(input, changes);
          const applied = applyChanges(input, changes);
          expect(result.ok).toBe(applied.ok);
          if (!result.ok || !applied.ok) return;
          const full = buildSnapshot(applied.input);
          expect(result.snapshot).toEqual(full);
          expect(result.findings).toEqual(analyze(full));
        },
      ),
      { numRuns: 150 },
    );
  });
});
