'use client';

import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { type ReactNode, useId, useState } from 'react';

import type { FindingDto, LiveFleetResponse } from '@/lib/api/contract';
import { findingKey } from '@/lib/graph/finding-key';
import { type FieldError, type Intent, type IntentType, parseIntent } from '@/lib/plan/intent';
import { cn } from '@/lib/ui/cn';

import { FindingItem } from '../findings/finding-item';
import { useFindings, useLiveFleet } from '../queries/hooks';
import { ErrorNote, Skeleton } from '../ui/skeleton';
import { button, control, link, muted, panel, primaryButton } from '../ui/styles';
import { fixHref } from './fix-link';
import { PlanFlow } from './plan-flow';
import { Stepper } from './stepper';

/**
 * `/plans/new?type=…`: every intent other than creating a segment (that is `/segments/new`),
 * prefilled from the URL (`Fix…` buttons link here), then the same review and apply as the
 * wizard. The fields are the intent's, named as in `lib/plan/intent.ts`.
 */

const TITLES: Record<Exclude<IntentType, 'create-segment'>, string> = {
  fix: 'Fix a finding',
  'move-cluster': 'Move a cluster to another segment',
  'set-scope': 'Expose a service or namespace',
  'delete-segment': 'Delete a segment',
};
type FlowType = keyof typeof TITLES;
const FLOW_TYPES = Object.keys(TITLES) as FlowType[];
const STEPS = ['Change', 'Review', 'Apply'] as const;

/** The control's accessibility attributes, tying it to its label and its error. */
interface LabelledProps {
  id: string;
  'aria-invalid': boolean;
  'aria-describedby': string | undefined;
}

/** A labelled form control with its error under it. */
function Labelled({
  label,
  error,
  children,
}: {
  label: string;
  error?: string | undefined;
  children: (attributes: LabelledProps) => ReactNode;
}) {
  const id = useId();
  return (
    <div className="grid gap-1">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      {children({
        id,
        'aria-invalid': Boolean(error),
        'aria-describedby': error ? `${id}-err` : undefined,
      })}
      {error && (
        <p id={`${id}-err`} className="text-sev-error text-xs">
          {error}
        </p>
      )}
    </div>
  );
}

function Select({
  label,
  value,
  onChange,
  options,
  error,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  options: { value: string; label: string }[];
  error?: string | undefined;
}) {
  return (
    <Labelled label={label} error={error}>
      {(attributes) => (
        <select
          {...attributes}
          className={control}
          value={value}
          onChange={(e) => onChange(e.target.value)}
        >
          <option value="">—</option>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Labelled>
  );
}

function Text({
  label,
  value,
  onChange,
  error,
  placeholder,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  error?: string | undefined;
  placeholder?: string;
}) {
  return (
    <Labelled label={label} error={error}>
      {(attributes) => (
        <input
          {...attributes}
          className={cn(control, 'font-mono')}
          value={value}
          placeholder={placeholder}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </Labelled>
  );
}

/** The segment a SEG202/SEG203 finding is about: its Segment object, or the label's value. */
function segmentOf(finding: FindingDto, fleet: LiveFleetResponse): string | undefined {
  const segment = finding.objects.find((o) => o.kind === 'Segment')?.name;
  if (segment) return segment;
  const cluster = fleet.clusters.find((c) => c.id === finding.clusters[0]);
  return cluster?.segmentLabel;
}

/** The domains Segment `segment` has across the fleet, each with the clusters holding it. */
function domainsOf(fleet: LiveFleetResponse, segment: string | undefined) {
  const s = fleet.segments.find((x) => x.name === segment);
  return (s?.domains ?? []).map((d) => ({
    domain: d,
    holders: (s?.holders ?? []).filter((h) => h.domain === d).map((h) => h.cluster),
  }));
}

/** Whether a fix needs a choice from the user before its plan can be made. */
function needsChoice(finding: FindingDto, fleet: LiveFleetResponse): boolean {
  if (finding.code === 'SEG202' || finding.code === 'SEG203') return true;
  if (finding.code === 'SEG201') return domainsOf(fleet, segmentOf(finding, fleet)).length > 1;
  return false;
}

/** The intent of a fix from the form: the finding, and the choice its code needs. */
function fixIntentOf(fields: Record<string, string>): unknown {
  const relabel = fields.mode === 'relabel';
  return {
    type: 'fix',
    finding: fields.finding,
    ...(!relabel && fields.domain ? { domain: fields.domain } : {}),
    ...(relabel ? { relabel: fields.relabel === 'default' ? null : fields.relabel } : {}),
  };
}

function DomainChoice({
  legend,
  fleet,
  segment,
  value,
  onChange,
  error,
}: {
  legend: string;
  fleet: LiveFleetResponse;
  segment: string | undefined;
  value: string;
  onChange: (d: string) => void;
  error?: string | undefined;
}) {
  return (
    <fieldset className="grid gap-1 text-sm">
      <legend className="font-medium">{legend}</legend>
      {domainsOf(fleet, segment).map(({ domain, holders }) => (
        <label key={domain} className="flex items-center gap-2">
          <input
            type="radio"
            name="domain"
            value={domain}
            checked={value === domain}
            onChange={() => onChange(domain)}
          />
          <span className="font-mono">{domain}</span>
          <span className={muted}>held by {holders.join(', ')}</span>
        </label>
      ))}
      {error && <p className="text-sev-error text-xs">{error}</p>}
    </fieldset>
  );
}

/** What the fix of one finding will do, and the choice some codes need. */
function FixFields({
  finding,
  findings,
  fleet,
  fields,
  set,
  errorOf,
}: {
  finding: FindingDto | undefined;
  /** The live findings: SEG201 points at the SEG202 that blocks it. */
  findings: FindingDto[];
  fleet: LiveFleetResponse;
  fields: Record<string, string>;
  set: (k: string) => (v: string) => void;
  errorOf: (path: string) => string | undefined;
}) {
  const domainId = useId();
  if (!finding)
    return (
      <p role="alert" className="text-sev-error text-sm">
        This finding is not in the fleet: it may have been fixed already.{' '}
        <Link className={link} href="/findings">
          All findings
        </Link>
      </p>
    );
  const segment = segmentOf(finding, fleet);
  const domains = domainsOf(fleet, segment);
  const cluster = finding.clusters[0] ?? '';
  const seg202 = findings.find(
    (f) => f.code === 'SEG202' && f.objects.some((o) => o.kind === 'Segment' && o.name === segment),
  );
  return (
    <div className="grid gap-3">
      <FindingItem finding={finding} fixable={false} />
      {finding.code === 'SEG202' && (
        <DomainChoice
          legend={`Which domain wins for segment ${segment}? Holders of the other are changed to it.`}
          fleet={fleet}
          segment={segment}
          value={fields.domain ?? ''}
          onChange={set('domain')}
          error={errorOf('domain')}
        />
      )}
      {finding.code === 'SEG201' && domains.length > 1 && (
        <p role="status" className="text-sm text-amber-800 dark:text-amber-200">
          Segment {segment} has {domains.length} domains across the fleet (
          {domains.map((d) => d.domain).join(', ')}): Segscope does not overwrite a Segment the user
          did not ask to change, so this fix is refused until SEG202 is fixed.{' '}
          {seg202 ? (
            <Link className={link} href={fixHref(seg202)}>
              Fix SEG202 for {segment} first
            </Link>
          ) : (
            <Link className={link} href="/findings?code=SEG202">
              See SEG202
            </Link>
          )}
        </p>
      )}
      {finding.code === 'SEG203' && (
        <fieldset className="grid gap-2 text-sm">
          <legend className="font-medium">
            {cluster} is labelled {segment}, but no Segment {segment} exists there. Fix by:
          </legend>
          <label className="flex flex-wrap items-center gap-2">
            <input
              type="radio"
              name="mode"
              checked={fields.mode !== 'relabel'}
              onChange={() => set('mode')('create')}
            />
            creating Segment <span className="font-mono">{segment}</span>
            {domains.length === 1 ? (
              <span>
                with its domain <span className="font-mono">{domains[0]?.domain}</span>, everywhere
                it is needed
              </span>
            ) : (
              <span className="sr-only">with domain</span>
            )}
          </label>
          {fields.mode !== 'relabel' && domains.length !== 1 && (
            <div className="ml-6 grid max-w-sm gap-1">
              <label htmlFor={domainId} className="text-xs font-medium">
                Domain of the new segment
              </label>
              <input
                id={domainId}
                className={cn(control, 'font-mono')}
                value={fields.domain ?? ''}
                placeholder={`${segment ?? 'name'}.mesh`}
                aria-invalid={Boolean(errorOf('domain'))}
                onChange={(e) => set('domain')(e.target.value)}
              />
              {errorOf('domain') && <p className="text-sev-error text-xs">{errorOf('domain')}</p>}
            </div>
          )}
          <label className="flex flex-wrap items-center gap-2">
            <input
              type="radio"
              name="mode"
              checked={fields.mode === 'relabel'}
              onChange={() => set('mode')('relabel')}
            />
            correcting the label of {cluster} to
            <select
              aria-label="Segment to label the cluster with"
              className={control}
              value={fields.relabel || 'default'}
              onChange={(e) => {
                set('mode')('relabel');
                set('relabel')(e.target.value);
              }}
            >
              <option value="default">no segment (remove the label)</option>
              {fleet.segments
                .filter((s) => !s.implicit && s.name !== segment)
                .map((s) => (
                  <option key={s.name} value={s.name}>
                    {s.name} ({s.domain})
                  </option>
                ))}
            </select>
          </label>
          {errorOf('relabel') && <p className="text-sev-error text-xs">{errorOf('relabel')}</p>}
        </fieldset>
      )}
    </div>
  );
}

/** A new URL (a "Fix…" link followed from inside the flow) is a new change: fresh state. */
export function IntentFlow() {
  const params = useSearchParams();
  return <IntentFlowOf key={params.toString()} />;
}

function IntentFlowOf() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const fleet = useLiveFleet();
  const findings = useFindings();
  const initial = params.get('type');
  const type: FlowType = FLOW_TYPES.includes(initial as FlowType) ? (initial as FlowType) : 'fix';
  const get = (k: string) => params.get(k) ?? '';
  const [fields, setFields] = useState<Record<string, string>>({
    cluster: get('cluster'),
    segment: get('segment'),
    namespace: get('namespace'),
    service: get('service'),
    scope: get('scope') || 'global',
    name: get('name'),
    domain: get('domain'),
    finding: get('finding'),
    mode: get('mode'),
    relabel: get('relabel'),
  });
  const [submitted, setSubmitted] = useState<Intent>();
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [applying, setApplying] = useState(false);
  const set = (k: string) => (v: string) => {
    setFields((f) => ({ ...f, [k]: v }));
    setSubmitted(undefined);
  };
  const errorOf = (path: string) => errors.find((e) => e.path === path)?.message;
  // The finding as first seen: once fixed it leaves the live list, and the flow must stay.
  const live = (findings.data?.findings ?? []).find((f) => findingKey(f) === fields.finding);
  const [seen, setSeen] = useState<FindingDto>();
  if (live && !seen && fleet.data) {
    // Adjusting state while rendering (React's pattern for state derived from new data).
    setSeen(live);
    // A fix without a choice to make is previewed at once: "Fix…" opens on the plan.
    if (type === 'fix' && !needsChoice(live, fleet.data))
      setSubmitted({ type: 'fix', finding: findingKey(live) });
  }

  if (fleet.isPending) return <Skeleton label="Loading the fleet" className="h-96" />;
  if (!fleet.data) return <ErrorNote title="The fleet cannot be read" error={fleet.error!} />;
  const data = fleet.data;
  const finding = seen ?? live;
  const gone = seen !== undefined && findings.data !== undefined && !live;
  const clusterOptions = data.clusters.map((c) => ({ value: c.id, label: c.displayName }));
  const segmentOptions = data.segments.map((s) => ({
    value: s.name,
    label: `${s.name} (${s.domain})`,
  }));

  const intentOf = (): unknown => {
    switch (type) {
      case 'fix':
        return fixIntentOf(fields);
      case 'move-cluster':
        return { type, cluster: fields.cluster, segment: fields.segment };
      case 'set-scope':
        return {
          type,
          cluster: fields.cluster,
          namespace: fields.namespace,
          ...(fields.service ? { service: fields.service } : {}),
          scope: fields.scope === 'remove' ? null : fields.scope,
        };
      case 'delete-segment':
        return { type, name: fields.name };
    }
  };
  const preview = () => {
    const parsed = parseIntent(intentOf());
    if (!parsed.ok) {
      setErrors(parsed.errors);
      return;
    }
    if (type === 'fix' && finding?.code === 'SEG202' && !fields.domain) {
      setErrors([{ path: 'domain', message: 'pick the domain that wins' }]);
      return;
    }
    setErrors([]);
    setSubmitted(parsed.intent);
  };

  return (
    <div className="grid gap-4">
      <header className="grid gap-2">
        <h1 className="text-xl font-semibold">{TITLES[type]}</h1>
        <Stepper steps={STEPS} current={!submitted ? 0 : applying ? 2 : 1} />
      </header>
      <form
        aria-label="Change"
        className={cn(panel, 'grid gap-4 p-4')}
        onSubmit={(e) => {
          e.preventDefault();
          preview();
        }}
      >
        <div className="flex flex-wrap items-center gap-2 text-sm">
          <span className={muted}>Change:</span>
          {FLOW_TYPES.filter((t) => t !== 'fix' || type === 'fix').map((t) => (
            <button
              key={t}
              type="button"
              aria-pressed={t === type}
              className={cn(button, t === type && 'bg-indigo-50 dark:bg-indigo-950')}
              onClick={() => {
                setSubmitted(undefined);
                setErrors([]);
                router.replace(`${pathname}?type=${t}`);
              }}
            >
              {TITLES[t]}
            </button>
          ))}
          <Link className={cn(button)} href="/segments/new">
            Create a segment
          </Link>
        </div>
        {type === 'fix' && gone && (
          <p
            role="status"
            aria-label="Finding gone"
            className="text-sm font-medium text-emerald-700 dark:text-emerald-300"
          >
            {seen.code} is no longer reported: the live fleet no longer has this finding.
          </p>
        )}
        {type === 'fix' && (
          <FixFields
            finding={finding}
            findings={findings.data?.findings ?? []}
            fleet={data}
            fields={fields}
            set={set}
            errorOf={errorOf}
          />
        )}
        {type === 'move-cluster' && (
          <div className="grid gap-3 sm:grid-cols-2">
            <Select
              label="Cluster"
              value={fields.cluster ?? ''}
              onChange={set('cluster')}
              options={clusterOptions}
              error={errorOf('cluster')}
            />
            <Select
              label="Target segment"
              value={fields.segment ?? ''}
              onChange={set('segment')}
              options={segmentOptions}
              error={errorOf('segment')}
            />
          </div>
        )}
        {type === 'set-scope' && (
          <div className="grid gap-3 sm:grid-cols-2">
            <Select
              label="Cluster"
              value={fields.cluster ?? ''}
              onChange={set('cluster')}
              options={clusterOptions}
              error={errorOf('cluster')}
            />
            <Text
              label="Namespace"
              value={fields.namespace ?? ''}
              onChange={set('namespace')}
              error={errorOf('namespace')}
              placeholder="payments"
            />
            <Text
              label="Service (empty: the whole namespace)"
              value={fields.service ?? ''}
              onChange={set('service')}
              error={errorOf('service')}
              placeholder="checkout"
            />
            <Select
              label="Scope (solo.io/service-scope)"
              value={fields.scope ?? ''}
              onChange={set('scope')}
              options={[
                { value: 'global', label: 'global: every peered cluster' },
                { value: 'segment', label: 'segment: its segment only' },
                { value: 'remove', label: 'remove the label' },
              ]}
              error={errorOf('scope')}
            />
          </div>
        )}
        {type === 'delete-segment' && (
          <Select
            label="Segment"
            value={fields.name ?? ''}
            onChange={set('name')}
            options={segmentOptions.filter((s) => s.value !== 'default')}
            error={errorOf('name')}
          />
        )}
        {errors.some((e) => e.path === '(body)' || e.path === 'type') && (
          <p role="alert" className="text-sev-error text-sm">
            {errors.map((e) => e.message).join('; ')}
          </p>
        )}
        <div>
          <button type="submit" className={primaryButton} disabled={type === 'fix' && !finding}>
            Preview
          </button>
        </div>
      </form>
      {submitted && (
        <PlanFlow
          intent={submitted}
          onBack={() => setSubmitted(undefined)}
          onApplying={() => setApplying(true)}
        />
      )}
    </div>
  );
}
