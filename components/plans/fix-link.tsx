import Link from 'next/link';

import type { FindingDto } from '@/lib/api/contract';
import { findingKey } from '@/lib/graph/finding-key';
import { isFixable } from '@/lib/plan/wizard';

import { button } from '../ui/styles';

/** Where the "Fix…" flow of a finding lives: `/plans/new` prefilled with the fix intent. */
export const fixHref = (f: Pick<FindingDto, 'code' | 'objects'>) =>
  `/plans/new?${new URLSearchParams({ type: 'fix', finding: findingKey(f) })}`;

/** "Fix…" for a finding whose fix is mechanical; nothing for the others. */
export function FixLink({ finding }: { finding: FindingDto }) {
  if (!isFixable(finding)) return null;
  return (
    <Link
      className={button}
      href={fixHref(finding)}
      aria-label={`Fix ${finding.code} ${finding.clusters.join(', ')}…`}
    >
      Fix…
    </Link>
  );
}
