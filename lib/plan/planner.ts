/**
 * Intent → plan (issue 13 §1, README §4): the proposed changes, validated against the fleet, and
 * the ordered steps per cluster that perform them, with their YAML, the kubectl commands and the
 * what-if. Every Segment is written to every member and every cluster that peers with a member
 * before any label; a Segment of the same name with another domain is a conflict, never
 * overwritten (except by the SEG202 fix, which is asked to). Pure: the server adds ids, dry-runs
 * and applies.
 */
import type { FleetSnapshot } from '../model/snapshot';
import type { ProposedChange } from './changes';
import { fix } from './fixes';
import type { RequiredHolder } from './holders';
import type { FieldError, Intent, PlanWhatIf, RetiredReference } from './intent';
import {
  createSegment,
  deleteSegment,
  moveCluster,
  type Outcome,
  type PlannerFleet,
  setScope,
} from './intent-changes';
import { commandsOf, type PlannedStep, stepsBetween } from './steps';
import { whatIf } from './what-if';

export type { PlannerFleet } from './intent-changes';
export { segmentUses } from './intent-changes';
export { FIXABLE_CODES } from './fixes';

export interface PlanDraft {
  intent: Intent;
  changes: ProposedChange[];
  steps: PlannedStep[];
  holders: RequiredHolder[];
  whatIf: PlanWhatIf;
  commands: string;
}

export type PlanDraftResult = { ok: true; plan: PlanDraft } | { ok: false; errors: FieldError[] };

function changesFor(intent: Intent, fleet: PlannerFleet): Outcome {
  switch (intent.type) {
    case 'create-segment':
      return createSegment(intent, fleet);
    case 'move-cluster':
      return moveCluster(intent, fleet);
    case 'set-scope':
      return setScope(intent, fleet);
    case 'delete-segment':
      return deleteSegment(intent.name, fleet);
    case 'fix':
      return fix(intent, fleet);
  }
}

/** Per viewer, the routes and user ServiceEntries that still name a hostname it loses. */
function retiredReferences(
  snapshot: FleetSnapshot,
  lost: Map<string, Set<string>>,
): RetiredReference[] {
  const out: RetiredReference[] = [];
  for (const c of snapshot.clusters) {
    const hosts = lost.get(c.context);
    if (!hosts?.size) continue;
    const named = [
      ...c.httpRoutes.map((r) => ({ ref: r.ref, names: [...r.hostnames, ...r.backendHosts] })),
      ...c.serviceEntries.filter((s) => !s.generated).map((s) => ({ ref: s.ref, names: s.hosts })),
    ];
    for (const { ref, names } of named)
      for (const hostname of new Set(names))
        if (hosts.has(hostname))
          out.push({
            cluster: c.context,
            kind: ref.kind,
            ...(ref.namespace ? { namespace: ref.namespace } : {}),
            name: ref.name,
            hostname,
          });
  }
  return out;
}

/**
 * The plan for `intent` on `fleet`, or field-level errors (paths are the intent's fields) when
 * the fleet refuses it: unknown or unreachable clusters, a domain taken, a Segment of the same
 * name with another domain, a segment still in use, a finding without a mechanical fix.
 */
export function planIntent(intent: Intent, fleet: PlannerFleet): PlanDraftResult {
  const outcome = changesFor(intent, fleet);
  if (Array.isArray(outcome)) return { ok: false, errors: outcome };
  const result = whatIf(fleet.input, outcome.changes, {
    snapshot: fleet.snapshot,
    findings: fleet.findings,
  });
  if (!result.ok)
    return {
      ok: false,
      errors: result.errors.map((e) => ({ path: '(plan)', message: e.message })),
    };
  const steps = stepsBetween(fleet.input, result.input, new Set(result.changed));
  const lost = new Map(
    result.hostnameDiff.map((d) => [d.viewer, new Set(d.disappear.map((h) => h.hostname))]),
  );
  return {
    ok: true,
    plan: {
      intent,
      changes: outcome.changes,
      steps,
      holders: outcome.holders,
      whatIf: {
        hostnames: result.hostnameDiff,
        findings: {
          resolved: result.findingsDiff.resolved,
          introduced: result.findingsDiff.introduced,
        },
        references: retiredReferences(fleet.snapshot, lost),
        warnings:
          steps.length === 0
            ? ['nothing to change: the fleet is already like this']
            : result.warnings,
      },
      commands: commandsOf(steps),
    },
  };
}
