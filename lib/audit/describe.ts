import type { ApplyResultDto, Intent } from '@/lib/plan/intent';

/** One line naming what an intent asks for, for the audit Event, the log and the Activity page. */
export function describeIntent(intent: Intent): string {
  switch (intent.type) {
    case 'create-segment':
      return `create segment ${intent.name} (${intent.domain}) with ${intent.clusters.join(', ')}`;
    case 'move-cluster':
      return `move cluster ${intent.cluster} to segment ${intent.segment}`;
    case 'set-scope': {
      const target = intent.service
        ? `service ${intent.namespace}/${intent.service}`
        : `namespace ${intent.namespace}`;
      return `set scope of ${target} on ${intent.cluster} to ${intent.scope ?? '(none)'}`;
    }
    case 'delete-segment':
      return `delete segment ${intent.name}`;
    case 'fix':
      return `fix ${intent.finding}${intent.domain ? ` (domain ${intent.domain})` : ''}`;
  }
}

/** The outcome in a few words: how many steps were applied, failed and rolled back. */
export function describeResult(result: ApplyResultDto): string {
  const count = (status: string) => result.steps.filter((s) => s.status === status).length;
  const applied = count('applied');
  if (result.ok) return `applied (${applied} step${applied === 1 ? '' : 's'})`;
  const failed = result.steps.find((s) => s.status === 'failed');
  const undone = result.rollback.filter((r) => r.ok).length;
  const notUndone = result.rollback.length - undone;
  return [
    `failed${failed ? ` at step ${failed.step + 1} on ${failed.cluster}: ${failed.message}` : ''}`,
    `${undone} step${undone === 1 ? '' : 's'} rolled back`,
    ...(notUndone ? [`${notUndone} could not be rolled back`] : []),
  ].join('; ');
}
