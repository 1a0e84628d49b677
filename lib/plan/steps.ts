/**
 * The writes a set of proposed changes takes, derived from the fleet before and after them (so
 * the steps are exactly what the what-if previewed), in the order they must happen (README §4):
 * Segments created or changed first, on every cluster; then labels; Segments deleted last, once
 * nothing points at them. Each step carries the resourceVersion it was planned against, for
 * optimistic concurrency at apply time. Pure.
 */
import yaml from 'js-yaml';

import type { ClusterInput, FleetInput } from '../model/input';
import type { K8sObject } from '../model/objects';
import type { PlanStep, StepAction } from './intent';

/** What the server sends for a step (and how it is undone). */
export type StepWrite =
  /** Create `manifest`; undone by deleting what was created. */
  | { op: 'create'; manifest: K8sObject }
  /** JSON merge patch; `undo` is the merge patch that restores the previous values. */
  | { op: 'patch'; patch: Record<string, unknown>; undo: Record<string, unknown> }
  /** Delete; undone by creating the object again as it was read before. */
  | { op: 'delete' };

export type StepPhase = 'segments' | 'labels' | 'deletes';

/** A step as the server executes it: the public `PlanStep` plus the write and its precondition. */
export interface PlannedStep extends PlanStep {
  phase: StepPhase;
  write: StepWrite;
  /** The resourceVersion the plan was made against; null: the object must not exist yet. */
  observed: string | null;
}

const PHASES: StepPhase[] = ['segments', 'labels', 'deletes'];

const identity = (o: K8sObject) =>
  `${o.apiVersion.split('/')[0]}|${o.kind}|${o.metadata.namespace ?? ''}|${o.metadata.name}`;

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** The object as a user would write it: no status, no server-set metadata. */
export function cleanManifest(o: K8sObject): K8sObject {
  const annotations = { ...(o.metadata.annotations ?? {}) };
  delete annotations[LAST_APPLIED];
  const metadata: K8sObject['metadata'] = {
    name: o.metadata.name,
    ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}),
    ...(o.metadata.labels && Object.keys(o.metadata.labels).length
      ? { labels: o.metadata.labels }
      : {}),
    ...(Object.keys(annotations).length ? { annotations } : {}),
  };
  const out: K8sObject = { apiVersion: o.apiVersion, kind: o.kind, metadata };
  if (o.spec !== undefined) out.spec = o.spec;
  if (o.data !== undefined) out.data = o.data;
  return out;
}

export const toYaml = (o: unknown): string => yaml.dump(o, { lineWidth: -1, noRefs: true });

function labelChanges(before: K8sObject, after: K8sObject) {
  const was = before.metadata.labels ?? {};
  const now = after.metadata.labels ?? {};
  const set: Record<string, string | null> = {};
  const undo: Record<string, string | null> = {};
  for (const key of new Set([...Object.keys(was), ...Object.keys(now)])) {
    if (was[key] === now[key]) continue;
    set[key] = now[key] ?? null;
    undo[key] = was[key] ?? null;
  }
  return { set, undo };
}

const refOf = (o: K8sObject) => ({
  apiVersion: o.apiVersion,
  kind: o.kind,
  ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}),
  name: o.metadata.name,
});

const observedOf = (o: K8sObject) => o.metadata.resourceVersion ?? '';

function labelStep(cluster: string, before: K8sObject, after: K8sObject): PlannedStep | undefined {
  const { set, undo } = labelChanges(before, after);
  if (Object.keys(set).length === 0) return undefined;
  const removes = Object.values(set).every((v) => v === null);
  const isNamespace = before.kind === 'Namespace';
  const action: StepAction = isNamespace
    ? removes
      ? 'unlabel-namespace'
      : 'label-namespace'
    : removes
      ? 'unlabel-service'
      : 'label-service';
  const patch = { metadata: { labels: set } };
  const shown = {
    apiVersion: before.apiVersion,
    kind: before.kind,
    metadata: {
      name: before.metadata.name,
      ...(before.metadata.namespace ? { namespace: before.metadata.namespace } : {}),
      labels: set,
    },
  };
  const what = Object.entries(set)
    .map(([k, v]) => (v === null ? `remove ${k}` : `${k}=${v}`))
    .join(', ');
  return {
    cluster,
    action,
    object: refOf(before),
    yaml: toYaml(shown),
    description: `${isNamespace ? 'Namespace' : 'Service'} ${before.metadata.namespace ? `${before.metadata.namespace}/` : ''}${before.metadata.name}: ${what}`,
    phase: 'labels',
    write: { op: 'patch', patch, undo: { metadata: { labels: undo } } },
    observed: observedOf(before),
  };
}

const domainOf = (o: K8sObject) => (o.spec as { domain?: string } | undefined)?.domain;

function segmentStep(
  cluster: string,
  before: K8sObject | undefined,
  after: K8sObject | undefined,
): PlannedStep | undefined {
  const where = (o: K8sObject) => `${o.metadata.namespace}/${o.metadata.name}`;
  if (!before && after) {
    const manifest = cleanManifest(after);
    return {
      cluster,
      action: 'apply-segment',
      object: refOf(after),
      yaml: toYaml(manifest),
      description: `create Segment ${where(after)} (domain ${domainOf(after)}, ${after.apiVersion})`,
      phase: 'segments',
      write: { op: 'create', manifest },
      observed: null,
    };
  }
  if (before && !after)
    return {
      cluster,
      action: 'delete-segment',
      object: refOf(before),
      yaml: toYaml(cleanManifest(before)),
      description: `delete Segment ${where(before)} (domain ${domainOf(before)})`,
      phase: 'deletes',
      write: { op: 'delete' },
      observed: observedOf(before),
    };
  if (!before || !after) return undefined;
  const spec = (after.spec ?? {}) as Record<string, unknown>;
  const old = (before.spec ?? {}) as Record<string, unknown>;
  const patchSpec: Record<string, unknown> = {};
  const undoSpec: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(spec), ...Object.keys(old)])) {
    if (JSON.stringify(spec[key]) === JSON.stringify(old[key])) continue;
    patchSpec[key] = spec[key] ?? null;
    undoSpec[key] = old[key] ?? null;
  }
  if (Object.keys(patchSpec).length === 0) return labelStep(cluster, before, after);
  return {
    cluster,
    action: 'update-segment',
    object: refOf(after),
    yaml: toYaml(cleanManifest(after)),
    description: `change Segment ${where(after)} domain ${domainOf(before)} → ${domainOf(after)}`,
    phase: 'segments',
    write: { op: 'patch', patch: { spec: patchSpec }, undo: { spec: undoSpec } },
    observed: observedOf(before),
  };
}

function clusterSteps(before: ClusterInput, after: ClusterInput): PlannedStep[] {
  const kept = new Set(after.objects);
  const old = new Map(before.objects.filter((o) => !kept.has(o)).map((o) => [identity(o), o]));
  const steps: PlannedStep[] = [];
  const previous = new Set(before.objects);
  for (const o of after.objects) {
    if (previous.has(o)) continue;
    const was = old.get(identity(o));
    old.delete(identity(o));
    const step =
      o.kind === 'Segment'
        ? segmentStep(after.context, was, o)
        : was
          ? labelStep(after.context, was, o)
          : undefined;
    if (step) steps.push(step);
  }
  for (const o of old.values()) {
    const step = o.kind === 'Segment' ? segmentStep(after.context, o, undefined) : undefined;
    if (step) steps.push(step);
  }
  return steps;
}

/**
 * The steps that turn `before` into `after` (the result of `applyChanges` on it), for the
 * `changed` contexts, ordered by phase, then cluster (in the fleet's order), then object.
 */
export function stepsBetween(
  before: FleetInput,
  after: FleetInput,
  changed: ReadonlySet<string>,
): PlannedStep[] {
  const order = new Map(before.clusters.map((c, i) => [c.context, i]));
  const afterByContext = new Map(after.clusters.map((c) => [c.context, c]));
  const steps = before.clusters
    .filter((c) => changed.has(c.context))
    .flatMap((c) => clusterSteps(c, afterByContext.get(c.context) ?? c));
  const key = (s: PlannedStep) => `${s.object.kind}|${s.object.namespace ?? ''}|${s.object.name}`;
  return steps.sort(
    (a, b) =>
      PHASES.indexOf(a.phase) - PHASES.indexOf(b.phase) ||
      (order.get(a.cluster) ?? 0) - (order.get(b.cluster) ?? 0) ||
      key(a).localeCompare(key(b)),
  );
}

const SAFE = /^[A-Za-z0-9._:/@=+-]+$/;
/** A word for a POSIX shell: as is when safe, else single-quoted. */
export const shellWord = (w: string) => (SAFE.test(w) ? w : `'${w.replaceAll("'", `'\\''`)}'`);

function resourceOf(step: PlanStep): string {
  const [group] = step.object.apiVersion.includes('/') ? step.object.apiVersion.split('/') : [''];
  const plural = `${step.object.kind.toLowerCase()}s`;
  return group ? `${plural}.${group}` : plural;
}

/** One kubectl command line (with a heredoc for manifests) per step. */
export function commandOf(step: PlannedStep): string {
  const ctx = `kubectl --context ${shellWord(step.cluster)}`;
  const ns = step.object.namespace ? ` -n ${shellWord(step.object.namespace)}` : '';
  const name = shellWord(step.object.name);
  switch (step.write.op) {
    case 'create':
      return `${ctx} apply -f - <<'EOF'\n${step.yaml}EOF`;
    case 'delete':
      return `${ctx}${ns} delete ${resourceOf(step)} ${name}`;
    case 'patch': {
      if (step.object.kind === 'Segment') return `${ctx} apply -f - <<'EOF'\n${step.yaml}EOF`;
      const labels = (step.write.patch.metadata as { labels: Record<string, string | null> })
        .labels;
      const args = Object.entries(labels)
        .map(([k, v]) => shellWord(v === null ? `${k}-` : `${k}=${v}`))
        .join(' ');
      const kind = step.object.kind === 'Namespace' ? 'namespace' : 'service';
      return `${ctx}${ns} label ${kind} ${name} ${args} --overwrite`;
    }
  }
}

/** The whole plan as a script: every step in order, stopping at the first failure. */
export function commandsOf(steps: readonly PlannedStep[]): string {
  return steps.map(commandOf).join('\n');
}
