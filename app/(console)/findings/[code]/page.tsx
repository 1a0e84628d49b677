import { notFound } from 'next/navigation';

import { FindingDocView } from '@/components/findings/finding-doc-view';
import { FINDING_CODES } from '@/lib/analyze/catalogue';
import { findingDoc, isFindingCode } from '@/lib/findings-docs/docs';

export function generateStaticParams() {
  return FINDING_CODES.map((code) => ({ code }));
}

export default async function FindingCodePage({ params }: { params: Promise<{ code: string }> }) {
  const { code } = await params;
  const upper = code.toUpperCase();
  if (!isFindingCode(upper)) notFound();
  return <FindingDocView doc={findingDoc(upper)} />;
}
