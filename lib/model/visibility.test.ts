// The fleet-scale viewsOf (array-indexed grouping, rank-ordered insertion, hostname order without
// string sorting) against the plain implementation it replaced, on random fleets.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { globalHostname } from '../hostnames';
import { aCluster, aFleet, globalLabel, service } from '../testing/builders';
import { fleetArb } from '../testing/random-fleet';
import { buildSnapshot } from './build-snapshot';
import type { FleetInput } from './input';
import { compareRefs } from './objects';
import type { ClusterModel, FleetSnapshot, GlobalServiceView, ServiceModel } from './snapshot';
import { isPlainText, sortByText } from './text-order';
import { scopeAllows } from './visibility';

/** The reference: group per `<ns>/<name>/<segment>` in a Map, sort everything with localeCompare. */
function referenceViews(snapshot: FleetSnapshot): GlobalServiceView[] {
  const byContext = new Map(snapshot.clusters.map((c) => [c.context, c]));
  return snapshot.clusters.flatMap((viewer) => {
    if (!viewer.reachable) return [];
    const groups = new Map<
      string,
      { owner: ClusterModel; contributors: Set<string>; copies: ServiceModel[]; exported: boolean }
    >();
    const add = (s: ServiceModel, owner: ClusterModel, exported: boolean) => {
      const key = `${s.namespace}/${s.name}/${owner.segment}`;
      const group = groups.get(key) ?? {
        owner,
        contributors: new Set<string>(),
        copies: [],
        exported: false,
      };
      group.contributors.add(owner.context);
      group.copies.push(s);
      group.exported ||= exported;
      groups.set(key, group);
    };
    for (const s of viewer.services) add(s, viewer, s.exported);
    if (viewer.peeringEnabled) {
      for (const edge of snapshot.edges.filter((e) => e.from === viewer.context)) {
        const exporter = edge.managed ? byContext.get(edge.to) : undefined;
        if (!exporter || !edge.segmentAccepted || !exporter.reachable || !exporter.peeringEnabled)
          continue;
        for (const s of exporter.services)
          if (scopeAllows(s, exporter, viewer)) add(s, exporter, true);
      }
    }
    return [...groups.values()]
      .filter((g) => g.exported)
      .map((g) => {
        const first = g.copies[0]!;
        return {
          viewer: viewer.context,
          namespace: first.namespace,
          name: first.name,
          hostname: globalHostname(first.name, first.namespace, g.owner.segmentDomain),
          segment: g.owner.segment,
          domain: g.owner.segmentDomain,
          contributors: [...g.contributors].sort((a, b) =>
            a === viewer.context ? -1 : b === viewer.context ? 1 : a.localeCompare(b),
          ),
          copies: g.copies.map((s) => s.ref).sort(compareRefs),
        };
      })
      .sort((a, b) => a.hostname.localeCompare(b.hostname) || a.segment.localeCompare(b.segment));
  });
}

/** Equal hostnames (two segments, one domain) may come in either order: fix it for comparing. */
const normalised = (views: GlobalServiceView[]) =>
  [...views].sort(
    (a, b) =>
      a.viewer.localeCompare(b.viewer) ||
      a.hostname.localeCompare(b.hostname) ||
      a.segment.localeCompare(b.segment),
  );

const unusualNames = fc.constantFrom('Cart', 'cart_v2', 'cart', 'a.b', 'a', 'a-b', 'Zeta', 'é');

/** Fleets whose names leave the Kubernetes alphabet, to cover the localeCompare paths. */
const oddFleetArb: fc.Arbitrary<FleetInput> = fc
  .array(
    fc.record({
      services: fc.uniqueArray(fc.tuple(unusualNames, unusualNames), {
        maxLength: 4,
        selector: ([ns, n]) => `${ns}/${n}`,
      }),
      segment: fc.constantFrom<[string, string] | undefined>(
        undefined,
        ['x', 'Mesh.X'],
        ['y', 'mesh.y'],
        ['z', 'mesh.y'],
      ),
    }),
    { minLength: 1, maxLength: 4 },
  )
  .map((clusters) => {
    const contexts = clusters.map((_, i) => ['Alpha', 'beta', 'gamma_1', 'Delta'][i]!);
    return aFleet(
      ...clusters.map((c, i) =>
        aCluster(contexts[i]!, {
          peers: contexts.filter((_, j) => j !== i),
          services: c.services.map(([ns, n]) => service(ns, n, { labels: globalLabel })),
          ...(c.segment
            ? {
                segmentLabel: c.segment[0],
                segments: [
                  c.segment,
                  ...clusters.flatMap((o) => (o.segment ? [o.segment] : [])),
                ].filter((s, k, all) => all.findIndex((t) => t[0] === s[0]) === k),
              }
            : {}),
        }),
      ),
    );
  });

describe('viewsOf', () => {
  it('equals the reference implementation on random fleets', () => {
    fc.assert(
      fc.property(fleetArb, (input) => {
        const snapshot = buildSnapshot(input);
        expect(normalised(snapshot.views)).toEqual(normalised(referenceViews(snapshot)));
      }),
      { numRuns: 200 },
    );
  });

  it('equals the reference implementation on names outside the Kubernetes alphabet', () => {
    fc.assert(
      fc.property(oddFleetArb, (input) => {
        const snapshot = buildSnapshot(input);
        expect(normalised(snapshot.views)).toEqual(normalised(referenceViews(snapshot)));
        // And each viewer's views are in localeCompare order of their hostnames.
        for (const c of snapshot.clusters) {
          const hostnames = snapshot.views
            .filter((v) => v.viewer === c.context)
            .map((v) => v.hostname);
          expect(hostnames).toEqual([...hostnames].sort((a, b) => a.localeCompare(b)));
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe('sortByText', () => {
  const text = fc.string({ unit: fc.constantFrom(...'-.09az_AZé'.split('')), maxLength: 6 });
  const plain = fc.string({
    unit: fc.constantFrom(...'-.0123456789abcdefghijklmnopqrstuvwxyz'.split('')),
    maxLength: 12,
  });

  it('orders as localeCompare does, on plain and other text', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(text, plain)), fc.array(plain), (mixed, plainOnly) => {
        for (const items of [mixed, plainOnly]) {
          const expected = [...items].sort((a, b) => a.localeCompare(b));
          expect(sortByText([...items], [(s) => s])).toEqual(expected);
        }
      }),
    );
  });

  it('recognises plain text', () => {
    expect(['checkout', 'team-1', 'mesh.acme', ''].every(isPlainText)).toBe(true);
    expect(['Checkout', 'a_b', 'a/b', 'é'].some(isPlainText)).toBe(false);
  });
});
