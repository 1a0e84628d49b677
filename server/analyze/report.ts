import type { Finding, Severity } from '@/lib/analyze';
import { serviceRecord } from '@/lib/api/fleet-view';
import type { ClusterInput } from '@/lib/model/input';
import { refText } from '@/lib/model/objects';
import type { FleetSnapshot } from '@/lib/model/snapshot';

export type FailOn = 'error' | 'warning' | 'never';

const LEVEL: Record<Severity, string> = { error: 'Error', warning: 'Warning', info: 'Info' };

/** `<Severity> [<CODE>] (<Kind> <ns>/<name> @<cluster>) <message>`, as istioctl analyze prints. */
export function findingLine(f: Finding): string {
  const [primary] = f.objects;
  return `${LEVEL[f.severity]} [${f.code}] (${primary ? refText(primary) : f.clusters.join(',')}) ${f.message}`;
}

export function textReport(
  findings: Finding[],
  options: { showSuppressed: boolean; showFixes: boolean },
): string {
  const lines: string[] = [];
  for (const f of findings) {
    if (f.suppressed && !options.showSuppressed) continue;
    lines.push(f.suppressed ? `${findingLine(f)} (suppressed)` : findingLine(f));
    if (options.showFixes) lines.push(`    fix: ${f.fix}`);
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}

export function jsonReport(
  generatedAt: string,
  inputs: ClusterInput[],
  snapshot: FleetSnapshot,
  findings: Finding[],
) {
  return {
    generatedAt,
    clusters: inputs.map((c) => ({
      context: c.context,
      reachable: c.reachable,
      ...(c.error ? { error: c.error } : {}),
      segmentApis: c.segmentApis,
    })),
    findings,
    // The records of GET /api/services, ports included.
    services: snapshot.views.map((v) => serviceRecord(snapshot, v)),
  };
}

const RANK: Record<Severity, number> = { error: 2, warning: 1, info: 0 };

/** Exit code 1 when an unsuppressed finding is at or above the threshold. */
export function failsOn(findings: Finding[], threshold: FailOn): boolean {
  if (threshold === 'never') return false;
  const floor = RANK[threshold];
  return findings.some((f) => !f.suppressed && RANK[f.severity] >= floor);
}

export function summaryLine(findings: Finding[], inputs: ClusterInput[]): string {
  const count = (s: Severity) => findings.filter((f) => !f.suppressed && f.severity === s).length;
  const suppressed = findings.filter((f) => f.suppressed).length;
  const down = inputs.filter((c) => !c.reachable).length;
  return `${count('error')} errors, ${count('warning')} warnings, ${count('info')} infos${suppressed ? `, ${suppressed} suppressed` : ''} in ${inputs.length} clusters${down ? ` (${down} not readable)` : ''}`;
}
