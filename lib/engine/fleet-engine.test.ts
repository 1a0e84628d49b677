import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { analyze } from '../analyze';
import { buildSnapshot } from '../model/build-snapshot';
import { aCluster, aFleet, fullMesh, segment as segmentObject, service } from '../testing/builders';
import { applyEdit, fleetEditArb } from '../testing/random-changes';
import { fleetArb } from '../testing/random-fleet';
import { analyseFleet, updateFleet } from './fleet-engine';

const global = { labels: { 'solo.io/service-scope': 'global' } };

describe('the incremental engine', () => {
  it('after every change of a random sequence, equals a full rebuild and analysis', () => {
    fc.assert(
      fc.property(
        fleetArb,
        fc.array(fleetEditArb, { minLength: 1, maxLength: 8 }),
        (start, edits) => {
          let current = analyseFleet(start);
          for (const edit of edits) {
            const { input, changed } = applyEdit(current.input, edit);
            current = updateFleet(current, input, changed);
            const full = buildSnapshot(input);
            expect(current.snapshot).toEqual(full);
            expect(current.findings).toEqual(analyze(full));
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('re-analyses only the namespaces a change touches, keeping the findings of the others', () => {
    const mesh = fullMesh(['a', 'b']);
    const input = aFleet(
      aCluster('a', {
        peers: mesh.a,
        services: [
          service('payments', 'checkout', { ...global, ports: [{ port: 8080, name: 'http' }] }),
          service('inventory', 'stock', { labels: { 'solo.io/service-scope': 'Global' } }),
        ],
      }),
      aCluster('b', {
        peers: mesh.b,
        services: [
          service('payments', 'checkout', { ...global, ports: [{ port: 9090, name: 'grpc' }] }),
        ],
      }),
    );
    const before = analyseFleet(input);
    const unknownScope = before.findings.find((f) => f.code === 'SVC401');
    expect(before.findings.map((f) => f.code)).toEqual(
      expect.arrayContaining(['SVC401', 'SVC407']),
    );
    const b = input.clusters[1]!;
    const aligned = {
      clusters: [
        input.clusters[0]!,
        {
          ...b,
          objects: b.objects.map((o) =>
            o.kind === 'Service'
              ? service('payments', 'checkout', {
                  ...global,
                  ports: [{ port: 8080, name: 'http' }],
                })
              : o,
          ),
        },
      ],
    };
    const after = updateFleet(before, aligned, new Set(['b']));
    expect(after.findings.map((f) => f.code)).not.toContain('SVC407');
    // The finding about inventory, a namespace the change did not touch, is the very same object.
    expect(after.findings.find((f) => f.code === 'SVC401')).toBe(unknownScope);
    expect(after.findings).toEqual(analyze(buildSnapshot(aligned)));
  });

  it('re-judges what a cluster without Services of its own sees when its peering changes', () => {
    const stock = (ports: number) =>
      service('inventory', 'stock', { ...global, ports: [{ port: ports, name: 'tcp' }] });
    const input = aFleet(
      aCluster('hub', { peers: ['a', 'c'] }),
      aCluster('a', { peers: ['hub'], services: [stock(8080)] }),
      aCluster('c', { peers: ['hub'], services: [stock(9090)] }),
    );
    const before = analyseFleet(input);
    expect(before.findings.map((f) => f.code)).toContain('SVC413');
    const hub = input.clusters[0]!;
    const alone = {
      clusters: [
        { ...hub, objects: hub.objects.filter((o) => o.metadata.name !== 'istio-remote-peer-c') },
        ...input.clusters.slice(1),
      ],
    };
    const after = updateFleet(before, alone, new Set(['hub']));
    expect(after.findings.map((f) => f.code)).not.toContain('SVC413');
    expect(after.findings).toEqual(analyze(buildSnapshot(alone)));
  });

  it('re-judges an aggregate when a viewer starts accepting its segment', () => {
    const checkout = (port: number) =>
      service('payments', 'checkout', { ...global, ports: [{ port, name: 'http' }] });
    const acme = { segmentLabel: 'acme', segments: [['acme', 'mesh.acme']] as [string, string][] };
    const input = aFleet(
      aCluster('x1', { ...acme, peers: ['x2'], services: [checkout(8080)] }),
      aCluster('x2', { ...acme, peers: ['x1'], services: [checkout(9090)] }),
      aCluster('viewer', { peers: ['x1', 'x2'] }),
    );
    const before = analyseFleet(input);
    const merged = (fleet: typeof before) => fleet.findings.find((f) => f.code === 'SVC407');
    expect(merged(before)?.message).not.toContain('viewer');
    const viewer = input.clusters[2]!;
    const accepting = {
      clusters: [
        ...input.clusters.slice(0, 2),
        { ...viewer, objects: [...viewer.objects, segmentObject('acme', 'mesh.acme')] },
      ],
    };
    const after = updateFleet(before, accepting, new Set(['viewer']));
    expect(merged(after)?.message).toContain('viewer');
    expect(after.findings).toEqual(analyze(buildSnapshot(accepting)));
  });
});
