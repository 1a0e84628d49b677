/**
 * The what-if engine: what the fleet would look like after proposed changes, and what that
 * changes for each cluster (hostnames) and for the findings. Fast enough to run on every
 * keystroke: only clusters the changes touch are rebuilt, and only views that can differ are
 * recomputed and compared. Pure.
 */
import { type Finding, findingKey } from '../analyze';
import { analyseFleet, updateFleet } from '../engine/fleet-engine';
import { viewRanges } from '../model/build-snapshot';
import type { FleetInput } from '../model/input';
import type { FleetSnapshot, GlobalServiceView } from '../model/snapshot';
import { applyChanges, type ChangeError, type ProposedChange } from './changes';

type Range = readonly [start: number, end: number];

/** A hostname as one viewing cluster resolves it: the clusters whose endpoints back it. */
export interface HostnameEntry {
  hostname: string;
  contributors: string[];
}

/** A hostname that exists before and after, backed by other clusters. */
export interface HostnameChange {
  hostname: string;
  before: string[];
  after: string[];
}

/** What changes for one viewing cluster; only clusters with a difference are listed. */
export interface ViewerHostnameDiff {
  viewer: string;
  appear: HostnameEntry[];
  disappear: HostnameEntry[];
  change: HostnameChange[];
}

/**
 * Findings that go away and findings that come with the changes. A finding is the same before
 * and after when its code, its objects and its message are equal: the identity `analyze` uses to
 * report a situation once. A finding whose message changes (say, it names one more cluster) is
 * therefore reported as resolved in its old wording and introduced in its new one, which is what
 * a reviewer wants to see.
 */
export interface FindingsDiff {
  resolved: Finding[];
  introduced: Finding[];
  /** How many findings are the same before and after. */
  unchanged: number;
}

export interface WhatIfBefore {
  snapshot: FleetSnapshot;
  findings: Finding[];
}

export type WhatIfResult =
  | {
      ok: true;
      /** The fleet after the changes, as Segscope would read it. */
      input: FleetInput;
      snapshot: FleetSnapshot;
      findings: Finding[];
      hostnameDiff: ViewerHostnameDiff[];
      findingsDiff: FindingsDiff;
      /** Contexts the changes modify (empty when every change is a no-op). */
      changed: string[];
      warnings: string[];
    }
  | { ok: false; errors: ChangeError[] };

export { findingKey };

/** Findings of `after` absent from `before` (introduced) and the reverse (resolved). */
export function diffFindings(before: Finding[], after: Finding[]): FindingsDiff {
  const beforeKeys = new Set(before.map(findingKey));
  const afterKeys = new Set(after.map(findingKey));
  const introduced = after.filter((f) => !beforeKeys.has(findingKey(f)));
  return {
    resolved: before.filter((f) => !afterKeys.has(findingKey(f))),
    introduced,
    unchanged: after.length - introduced.length,
  };
}

const slice = (views: GlobalServiceView[], range: Range | undefined) =>
  range ? views.slice(range[0], range[1]) : [];

/**
 * One viewer's hostnames. Two global services share a hostname only when two segments share a
 * domain (HOST501); the viewer then resolves the name to both, so their contributors merge.
 */
function hostnames(views: GlobalServiceView[], viewer: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const v of views) {
    const known = out.get(v.hostname);
    if (!known) {
      out.set(v.hostname, v.contributors);
      continue;
    }
    const merged = [...new Set([...known, ...v.contributors])];
    const rest = merged.filter((c) => c !== viewer).sort((a, b) => a.localeCompare(b));
    out.set(v.hostname, merged.includes(viewer) ? [viewer, ...rest] : rest);
  }
  return out;
}

const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/** The same view objects in the same order (an incremental rebuild reuses a viewer's views). */
function sameViews(
  a: GlobalServiceView[],
  ra: Range | undefined,
  b: GlobalServiceView[],
  rb: Range | undefined,
): boolean {
  const [a0, a1] = ra ?? [0, 0];
  const [b0, b1] = rb ?? [0, 0];
  if (a1 - a0 !== b1 - b0) return false;
  for (let i = 0; i < a1 - a0; i++) if (a[a0 + i] !== b[b0 + i]) return false;
  return true;
}

/**
 * Per viewing cluster, the hostnames that appear, disappear, or stay but are backed by other
 * clusters. Viewers whose views are the very same objects (an incremental rebuild reuses them) are
 * skipped without comparing.
 */
export function diffHostnames(before: FleetSnapshot, after: FleetSnapshot): ViewerHostnameDiff[] {
  const old = viewRanges(before);
  const now = viewRanges(after);
  const viewers = [...new Set([...old.keys(), ...now.keys()])].sort((a, b) => a.localeCompare(b));
  const out: ViewerHostnameDiff[] = [];
  for (const viewer of viewers) {
    if (sameViews(before.views, old.get(viewer), after.views, now.get(viewer))) continue;
    const was = hostnames(slice(before.views, old.get(viewer)), viewer);
    const is = hostnames(slice(after.views, now.get(viewer)), viewer);
    const diff: ViewerHostnameDiff = { viewer, appear: [], disappear: [], change: [] };
    for (const [hostname, contributors] of is) {
      const previous = was.get(hostname);
      if (!previous) diff.appear.push({ hostname, contributors });
      else if (!sameList(previous, contributors))
        diff.change.push({ hostname, before: previous, after: contributors });
    }
    for (const [hostname, contributors] of was) {
      if (!is.has(hostname)) diff.disappear.push({ hostname, contributors });
    }
    if (diff.appear.length + diff.disappear.length + diff.change.length > 0) out.push(diff);
  }
  return out;
}

/**
 * What `changes` would do to the fleet `input`: the snapshot and findings after them, and, per
 * viewing cluster, the hostnames that appear, disappear or change contributors, plus the findings
 * resolved and introduced. `before` is the snapshot and findings of `input` when the caller has
 * them (the console always does), which saves rebuilding and re-analysing it; it must be of this
 * very input. The engine's incremental path rebuilds and re-analyses only what the changes touch.
 * Invalid changes give `ok: false` with every problem found.
 */
export function whatIf(
  input: FleetInput,
  changes: readonly ProposedChange[],
  before?: WhatIfBefore,
): WhatIfResult {
  const applied = applyChanges(input, changes);
  if (!applied.ok) return applied;
  const base = before ?? baseline(input);
  const { snapshot, findings } =
    applied.changed.size === 0
      ? base
      : updateFleet({ input, ...base }, applied.input, applied.changed);
  return {
    ok: true,
    input: applied.input,
    snapshot,
    findings,
    hostnameDiff: diffHostnames(base.snapshot, snapshot),
    findingsDiff: diffFindings(base.findings, findings),
    changed: [...applied.changed].sort((a, b) => a.localeCompare(b)),
    warnings: applied.warnings,
  };
}

/** The snapshot and findings of a fleet as it is, the usual `before` of `whatIf`. */
export function baseline(input: FleetInput): WhatIfBefore {
  const { snapshot, findings } = analyseFleet(input);
  return { snapshot, findings };
}
