/**
 * The engine as a live server and the CLI use it: a fleet input in, its snapshot and findings
 * out; and, after some clusters' objects changed, the next result from the previous one.
 */
import { analyze, type Finding } from '../analyze';
import { buildSnapshot } from '../model/build-snapshot';
import type { FleetInput } from '../model/input';
import type { FleetSnapshot } from '../model/snapshot';

export interface AnalysedFleet {
  input: FleetInput;
  snapshot: FleetSnapshot;
  findings: Finding[];
}

/** A full build and analysis. */
export function analyseFleet(input: FleetInput): AnalysedFleet {
  const snapshot = buildSnapshot(input);
  return { input, snapshot, findings: analyze(snapshot) };
}

/**
 * The result for `input`, where `changed` names every context whose ClusterInput differs from
 * `previous.input` (clusters added or removed are found by themselves). Deep-equals
 * `analyseFleet(input)`.
 */
export function updateFleet(
  previous: AnalysedFleet,
  input: FleetInput,
  changed: ReadonlySet<string>,
): AnalysedFleet {
  const snapshot = buildSnapshot(input, { reuse: previous.snapshot, changed });
  return { input, snapshot, findings: analyze(snapshot) };
}
