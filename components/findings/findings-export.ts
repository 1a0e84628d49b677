import type { FindingDto } from '@/lib/api/contract';

const objectText = (o: FindingDto['objects'][number]) =>
  `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name} @${o.cluster}`;

/** Findings as a Markdown report, one section per finding, grouped by severity. */
export function findingsToMarkdown(findings: FindingDto[], generatedAt: string): string {
  const lines = [
    `# Segscope findings`,
    '',
    `Generated ${generatedAt}; ${findings.length} findings.`,
  ];
  for (const severity of ['error', 'warning', 'info'] as const) {
    const group = findings.filter((f) => f.severity === severity);
    if (group.length === 0) continue;
    lines.push('', `## ${severity[0]!.toUpperCase()}${severity.slice(1)}s (${group.length})`);
    for (const f of group) {
      lines.push(
        '',
        `### ${f.code}: ${f.title}${f.suppressed ? ' (suppressed)' : ''}`,
        '',
        f.message,
        '',
        `- Fix: ${f.fix}`,
        `- Clusters: ${f.clusters.join(', ')}`,
        `- Objects: ${f.objects.map(objectText).join('; ')}`,
        ...(f.related?.length ? [`- Related: ${f.related.join(', ')}`] : []),
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

const csvCell = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** Findings as CSV (RFC 4180 quoting), one row per finding. */
export function findingsToCsv(findings: FindingDto[]): string {
  const header = [
    'severity',
    'code',
    'title',
    'message',
    'clusters',
    'objects',
    'fix',
    'suppressed',
  ];
  const rows = findings.map((f) => [
    f.severity,
    f.code,
    f.title,
    f.message,
    f.clusters.join(' '),
    f.objects.map(objectText).join('; '),
    f.fix,
    f.suppressed ? 'true' : 'false',
  ]);
  return `${[header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
