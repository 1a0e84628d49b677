import fc from 'fast-check';
import { it } from 'vitest';
import { whatIf } from './what-if';
import { changesArb, fleetArb } from '../testing/random-fleet';
import { analyze } from '../analyze';
import { buildSnapshot } from '../model/build-snapshot';
it('stats', () => {
  let ok = 0, n = 0, changed = 0, diffs = 0, findings = 0; const codes = new Map<string, number>();
  fc.assert(fc.property(fleetArb.chain((i) => fc.tuple(fc.constant(i), changesArb(i))), ([input, changes]) => {
    n++; const r = whatIf(input, changes); if (r.ok) { ok++; if (r.changed.length) changed++; if (r.hostnameDiff.length) diffs++; }
    for (const f of analyze(buildSnapshot(input))) { findings++; codes.set(f.code, (codes.get(f.code) ?? 0) + 1); }
  }), { numRuns: 300 });
  console.log({ n, ok, changed, diffs, findings }, [...codes].sort());
});
