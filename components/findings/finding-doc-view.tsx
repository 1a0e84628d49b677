import Link from 'next/link';

import { familyName, type FindingDoc } from '@/lib/findings-docs/docs';

import { link, muted, panel } from '../ui/styles';
import { SeverityBadge } from './severity-badge';

const Section = ({ title, children }: { title: string; children: React.ReactNode }) => (
  <section className="grid gap-1">
    <h2 className="text-base font-semibold">{title}</h2>
    <div className="text-sm leading-relaxed">{children}</div>
  </section>
);

/** `/findings/<CODE>`: what the code means, how it is detected, why it matters, example, fix. */
export function FindingDocView({ doc }: { doc: FindingDoc }) {
  return (
    <article aria-labelledby="doc-title" className={`${panel} grid max-w-3xl gap-5 p-6`}>
      <header className="grid gap-2">
        <p className={`text-sm ${muted}`}>
          <Link className={link} href="/findings">
            Findings
          </Link>{' '}
          / {familyName(doc.family)}
        </p>
        <h1 id="doc-title" className="text-2xl font-semibold">
          <span className="font-mono">{doc.code}</span> {doc.title}
        </h1>
        <p className="flex items-center gap-2 text-sm">
          <SeverityBadge severity={doc.severity} />
          <span className={muted}>Wave {doc.wave}</span>
        </p>
      </header>
      <Section title="What it means">{doc.meaning}</Section>
      <Section title="How it is detected">{doc.detection}</Section>
      <Section title="Why it matters">{doc.why}</Section>
      <Section title="Example">
        <pre className="overflow-x-auto rounded-md bg-slate-100 p-3 text-xs whitespace-pre-wrap dark:bg-slate-800">
          {doc.example}
        </pre>
      </Section>
      <Section title="How to fix it">{doc.fix}</Section>
      <Section title="How to suppress it">{doc.suppress}</Section>
      {doc.basis && <p className={`text-xs ${muted}`}>Evidence: {doc.basis}</p>}
      <p className="text-sm">
        <Link className={link} href={`/findings?code=${doc.code}`}>
          Current {doc.code} findings in the fleet →
        </Link>
      </p>
    </article>
  );
}
