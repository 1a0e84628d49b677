import { describe, expect, it } from 'vitest';

import type { FindingDto } from '@/lib/api/contract';

import { findingsToCsv, findingsToMarkdown } from './findings-export';

const finding: FindingDto = {
  code: 'SEG203',
  severity: 'error',
  title: 'Assigned segment does not exist',
  message: 'prod-west is labelled "prod", but holds no Segment, so it falls back, silently',
  clusters: ['prod-west'],
  objects: [{ cluster: 'prod-west', kind: 'Namespace', name: 'istio-system' }],
  fix: 'Apply Segment "prod" to prod-west',
};

describe('findings export', () => {
  it('writes Markdown grouped by severity with message, fix, clusters and objects', () => {
    const md = findingsToMarkdown(
      [finding, { ...finding, code: 'SEG205', severity: 'info', title: 'Unused segment' }],
      '2026-11-30T10:00:00Z',
    );
    expect(md).toContain('## Errors (1)\n\n### SEG203: Assigned segment does not exist');
    expect(md).toContain('- Fix: Apply Segment "prod" to prod-west');
    expect(md).toContain('- Objects: Namespace istio-system @prod-west');
    expect(md).toContain('## Infos (1)');
    expect(md).not.toContain('## Warnings');
  });

  it('quotes CSV cells with commas and quotes', () => {
    const [header, row] = findingsToCsv([finding]).split('\r\n');
    expect(header).toBe('severity,code,title,message,clusters,objects,fix,suppressed');
    expect(row).toBe(
      'error,SEG203,Assigned segment does not exist,"prod-west is labelled ""prod"", but holds no Segment, so it falls back, silently",prod-west,Namespace istio-system @prod-west,"Apply Segment ""prod"" to prod-west",false',
    );
  });
});
