// Properties every analysis must have, on random small fleets (lib/testing/random-fleet.ts).
// A failure prints the smallest fleet fast-check finds and the seed to replay it with
// `fc.assert(..., { seed, path })`.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { buildSnapshot } from '../model/build-snapshot';
import type { FleetInput } from '../model/input';
import { refKey } from '../model/objects';
import type { FleetSnapshot } from '../model/snapshot';
import { fleetArb, shuffledFleet, unrelatedCluster } from '../testing/random-fleet';
import { analyze, type Finding } from '.';

const RUNS = { numRuns: Number(process.env.PROPERTY_RUNS ?? 150) };
const analysed = (input: FleetInput) => analyze(buildSnapshot(input));

/** What a snapshot promises independent of input order (cluster models are compared too). */
const ordered = (s: FleetSnapshot) => ({
  views: s.views,
  edges: s.edges,
  segments: s.segments,
  services: s.services,
  clusters: s.clusters,
  suppressions: s.suppressions,
});

/** Every object of the fleet, by refKey (cluster context, kind, namespace, name). */
function objectKeys(input: FleetInput): Set<string> {
  const keys = new Set<string>();
  for (const c of input.clusters) {
    for (const o of c.objects) {
      keys.add(
        refKey({
          cluster: c.context,
          kind: o.kind,
          ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}),
          name: o.metadata.name,
        }),
      );
    }
  }
  return keys;
}

/** A finding's place: its code and objects (the message may count things fleet-wide). */
const place = (f: Finding) => `${f.code}|${f.objects.map(refKey).join(';')}`;

describe('analysis properties (random fleets)', () => {
  it('is deterministic: the same input twice gives equal findings', () => {
    fc.assert(
      fc.property(fleetArb, (input) => {
        expect(analysed(input)).toEqual(analysed(structuredClone(input)));
      }),
      RUNS,
    );
  });

  it('does not depend on the order of clusters or of their objects', () => {
    fc.assert(
      fc.property(fleetArb, fc.integer(), (input, seed) => {
        expect(analysed(shuffledFleet(input, seed))).toEqual(analysed(input));
      }),
      RUNS,
    );
  });

  it('names at least one cluster and one object per finding, and only objects that exist', () => {
    fc.assert(
      fc.property(fleetArb, (input) => {
        const existing = objectKeys(input);
        for (const finding of analysed(input)) {
          expect(finding.clusters.length, `${finding.code}: ${finding.message}`).toBeGreaterThan(0);
          expect(finding.objects.length, `${finding.code}: ${finding.message}`).toBeGreaterThan(0);
          const missing = finding.objects.map(refKey).filter((k) => !existing.has(k));
          expect(missing, `${finding.code} names objects the fleet does not hold`).toEqual([]);
        }
      }),
      RUNS,
    );
  });

  it('never loses a finding when an unrelated cluster joins', () => {
    fc.assert(
      fc.property(fleetArb, (input) => {
        const before = analysed(input);
        const after = new Set(
          analysed({ clusters: [...input.clusters, unrelatedCluster(input)] }).map(place),
        );
        const lost = before.filter((f) => !after.has(place(f)));
        expect(lost.map((f) => `${f.code}: ${f.message}`)).toEqual([]);
      }),
      RUNS,
    );
  });
});

describe('snapshot properties (random fleets)', () => {
  it('is deterministic: the same input twice gives equal views', () => {
    fc.assert(
      fc.property(fleetArb, (input) => {
        expect(ordered(buildSnapshot(input))).toEqual(
          ordered(buildSnapshot(structuredClone(input))),
        );
      }),
      RUNS,
    );
  });

  it('does not depend on the order of clusters or of their objects', () => {
    fc.assert(
      fc.property(fleetArb, fc.integer(), (input, seed) => {
        expect(ordered(buildSnapshot(shuffledFleet(input, seed)))).toEqual(
          ordered(buildSnapshot(input)),
        );
      }),
      RUNS,
    );
  });
});
