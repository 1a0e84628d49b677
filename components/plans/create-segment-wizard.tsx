'use client';

import type { Core } from 'cytoscape';
import dynamic from 'next/dynamic';
import { useSearchParams } from 'next/navigation';
import { useId, useMemo, useRef, useState } from 'react';

import type { FindingDto, LiveFleetResponse } from '@/lib/api/contract';
import { clusterNodeId, toGraphElements } from '@/lib/graph/elements';
import { CreateSegmentIntentSchema, type FieldError, type Intent } from '@/lib/plan/intent';
import { requiredHolders } from '@/lib/plan/holders';
import { fleetFieldErrors, previewHostnames, type HostnamePreview } from '@/lib/plan/wizard';
import { cn } from '@/lib/ui/cn';

import { useFindings, useLiveFleet, useServices } from '../queries/hooks';
import { ErrorNote, Skeleton } from '../ui/skeleton';
import { button, control, muted, panel, primaryButton } from '../ui/styles';
import { PlanFlow } from './plan-flow';
import { Stepper } from './stepper';

const FleetGraph = dynamic(() => import('../graph/fleet-graph').then((m) => m.FleetGraph), {
  ssr: false,
  loading: () => (
    <div role="region" aria-label="Pick members on the graph" aria-busy="true" className="h-full" />
  ),
});

const STEPS = ['Name and domain', 'Members', 'Review', 'Apply'] as const;

const problemOf = (
  schema: {
    safeParse: (v: unknown) => { success: boolean; error?: { issues: { message: string }[] } };
  },
  value: string,
) => {
  const parsed = schema.safeParse(value);
  return parsed.success ? undefined : parsed.error?.issues[0]?.message;
};

/** A text field validated as the user types, its error announced and tied to the input. */
function Field({
  label,
  value,
  onChange,
  error,
  hint,
  placeholder,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  error?: string;
  hint: string;
  placeholder: string;
}) {
  const id = useId();
  const showError = error !== undefined && value !== '';
  return (
    <div className="grid gap-1">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      <input
        id={id}
        className={cn(control, 'font-mono', showError && 'border-red-500 dark:border-red-500')}
        value={value}
        placeholder={placeholder}
        autoComplete="off"
        spellCheck={false}
        aria-invalid={showError}
        aria-describedby={`${id}-msg`}
        onChange={(e) => onChange(e.target.value)}
      />
      <p
        id={`${id}-msg`}
        aria-live="polite"
        className={cn('text-xs', showError ? 'text-sev-error' : muted)}
      >
        {showError ? error : hint}
      </p>
    </div>
  );
}

function HostnameList({
  hostnames,
  members,
}: {
  hostnames: HostnamePreview[];
  members: readonly string[];
}) {
  return (
    <section aria-label="Hostnames" className={cn(panel, 'p-4')}>
      <h3 className="font-semibold">Hostnames it will produce</h3>
      <p className={`mt-1 text-xs ${muted}`}>
        {members.length === 0
          ? 'Every global service of the fleet, as it would be named once its cluster joins.'
          : `The global services of ${members.join(', ')}, named in the new domain.`}
      </p>
      {hostnames.length === 0 ? (
        <p className={`mt-2 text-sm ${muted}`}>No global service.</p>
      ) : (
        <ul aria-live="polite" className="mt-2 grid max-h-72 gap-0.5 overflow-y-auto text-sm">
          {hostnames.map((h) => (
            <li key={h.hostname}>
              <span className="font-mono">{h.hostname}</span>
              {h.from.length > 0 && <span className={muted}> · {h.from.join(', ')}</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Members picked in a list or by clicking a cluster on the graph; the holders it implies. */
function MemberPicker({
  name,
  fleet,
  findings,
  members,
  setMembers,
  errors,
}: {
  name: string;
  fleet: LiveFleetResponse;
  findings: FindingDto[];
  members: string[];
  setMembers: (m: string[]) => void;
  errors: FieldError[];
}) {
  const cyRef = useRef<Core | null>(null);
  const toggle = (id: string) =>
    setMembers(members.includes(id) ? members.filter((m) => m !== id) : [...members, id]);
  // The picked members are shown as a selected finding would be: highlighted, the rest faded.
  const elements = useMemo(
    () =>
      toGraphElements(
        fleet,
        findings,
        members.length
          ? {
              selectedFinding: {
                code: 'PICK',
                severity: 'info',
                title: 'Members',
                message: '',
                clusters: members,
                objects: [],
                fix: '',
              },
            }
          : {},
      ),
    [fleet, findings, members],
  );
  const holders = requiredHolders(name, members, fleet.edges);
  const clusters = [...fleet.clusters].sort((a, b) => a.id.localeCompare(b.id));
  return (
    <div className="grid gap-4 lg:grid-cols-[18rem_1fr]">
      <fieldset className={cn(panel, 'p-4')}>
        <legend className="px-1 font-semibold">Member clusters</legend>
        <ul className="grid gap-1 text-sm">
          {clusters.map((c) => {
            const error = errors.find((e) => e.path === `clusters.${members.indexOf(c.id)}`);
            return (
              <li key={c.id}>
                <label className="flex items-center gap-2">
                  <input
                    type="checkbox"
                    checked={members.includes(c.id)}
                    disabled={c.state !== 'ready' && !members.includes(c.id)}
                    onChange={() => toggle(c.id)}
                  />
                  <span className="font-medium">{c.displayName}</span>
                  <span className={`text-xs ${muted}`}>
                    {c.segment ?? 'default'}
                    {c.segmentFallback ? ` (label ${c.segmentLabel}, missing)` : ''}
                    {c.state !== 'ready' ? ' · not reachable' : ''}
                  </span>
                </label>
                {error && <p className="text-sev-error ml-6 text-xs">{error.message}</p>}
              </li>
            );
          })}
        </ul>
      </fieldset>
      <div className="grid gap-2">
        <p className={`text-sm ${muted}`}>Or click clusters on the graph to add or remove them.</p>
        <div className="h-[360px] overflow-hidden rounded-lg border border-slate-200 bg-[var(--graph-bg)] dark:border-slate-800">
          <FleetGraph
            elements={elements}
            onSelect={(id) => {
              const cluster = fleet.clusters.find((c) => clusterNodeId(c.id) === id);
              if (cluster && cluster.state === 'ready') toggle(cluster.id);
            }}
            cyRef={cyRef}
            label="Pick members on the graph"
          />
        </div>
      </div>
      <section
        aria-label="Clusters that must hold the Segment"
        className={cn(panel, 'p-4 lg:col-span-2')}
      >
        <h3 className="font-semibold">Clusters that must hold the Segment</h3>
        {holders.length === 0 ? (
          <p className={`mt-1 text-sm ${muted}`}>Pick at least one member.</p>
        ) : (
          <>
            <p className={`mt-1 text-sm ${muted}`}>
              The Segment is applied to every one of them, and confirmed, before any member is
              labelled: a cluster that peers with a member but lacks the Segment stops discovering
              it (SEG201), and a member labelled before its Segment exists silently stays in the
              default segment (SEG203).
            </p>
            <ul className="mt-2 grid gap-1 text-sm">
              {holders.map((h) => (
                <li key={h.cluster} aria-label={`Holder ${h.cluster}`}>
                  <span className="font-medium">{h.cluster}</span>{' '}
                  {h.role === 'member' ? (
                    <span>— member: holds the Segment, then gets the label</span>
                  ) : (
                    <span className="text-indigo-700 dark:text-indigo-300">
                      — added by Segscope: {h.reason}
                    </span>
                  )}
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
    </div>
  );
}

/** `/segments/new`: the four steps of creating a segment (issue 13 §2). */
export function CreateSegmentWizard() {
  const params = useSearchParams();
  const fleet = useLiveFleet();
  const findings = useFindings();
  const services = useServices();
  const [step, setStep] = useState(0);
  const [name, setName] = useState(params.get('name') ?? '');
  const [domain, setDomain] = useState(params.get('domain') ?? '');
  const [members, setMembers] = useState<string[]>(
    (params.get('clusters') ?? '').split(',').filter(Boolean),
  );

  const shape = CreateSegmentIntentSchema.shape;
  const fleetErrors = fleet.data
    ? fleetFieldErrors(fleet.data, { name, domain, clusters: members })
    : [];
  const nameError =
    problemOf(shape.name, name) ?? fleetErrors.find((e) => e.path === 'name')?.message;
  const domainError =
    problemOf(shape.domain, domain) ?? fleetErrors.find((e) => e.path === 'domain')?.message;
  const existing = fleet.data?.segments.find((s) => !s.implicit && s.name === name.trim());
  const memberErrors = fleetErrors.filter((e) => e.path.startsWith('clusters'));
  const hostnames = useMemo(
    () =>
      previewHostnames(
        services.data?.services ?? [],
        members,
        domain.trim() && !problemOf(shape.domain, domain) ? domain.trim() : '<domain>',
      ),
    [services.data, members, domain, shape.domain],
  );

  if (fleet.isPending) return <Skeleton label="Loading the fleet" className="h-96" />;
  if (!fleet.data) return <ErrorNote title="The fleet cannot be read" error={fleet.error!} />;

  const intent: Intent = {
    type: 'create-segment',
    name: name.trim(),
    domain: domain.trim(),
    clusters: members,
  };
  const step1Ok = !nameError && !domainError && name !== '' && domain !== '';
  const step2Ok = members.length > 0 && memberErrors.length === 0;

  return (
    <div className="grid gap-4">
      <header className="grid gap-2">
        <h1 className="text-xl font-semibold">Create segment</h1>
        <Stepper steps={STEPS} current={step} />
      </header>
      {step === 0 && (
        <form
          aria-label="Name and domain"
          className="grid gap-4 lg:grid-cols-[22rem_1fr]"
          onSubmit={(e) => {
            e.preventDefault();
            if (step1Ok) setStep(1);
          }}
        >
          <div className={cn(panel, 'grid content-start gap-4 p-4')}>
            <Field
              label="Segment name"
              value={name}
              onChange={setName}
              error={nameError}
              hint="A DNS-1123 label, not default; also the label value admin.solo.io/segment."
              placeholder="payments"
            />
            <Field
              label="Domain"
              value={domain}
              onChange={setDomain}
              error={domainError}
              hint="Global services get <svc>.<ns>.<domain>; unique in the fleet, not mesh.internal."
              placeholder="mesh.acme"
            />
            {existing && (
              <p role="status" className="text-sm text-amber-800 dark:text-amber-200">
                Segment {existing.name} already exists ({existing.domains.join(', ')}): the plan
                adds it where it is missing and shows any other domain as a conflict.
              </p>
            )}
            <div>
              <button type="submit" className={primaryButton} disabled={!step1Ok}>
                Next: members
              </button>
            </div>
          </div>
          <HostnameList hostnames={hostnames} members={members} />
        </form>
      )}
      {step === 1 && (
        <div className="grid gap-4">
          <MemberPicker
            name={intent.name}
            fleet={fleet.data}
            findings={findings.data?.findings ?? []}
            members={members}
            setMembers={setMembers}
            errors={memberErrors}
          />
          <HostnameList hostnames={hostnames} members={members} />
          <div className="flex gap-2">
            <button type="button" className={button} onClick={() => setStep(0)}>
              Back
            </button>
            <button
              type="button"
              className={primaryButton}
              disabled={!step2Ok}
              onClick={() => setStep(2)}
            >
              Next: review
            </button>
          </div>
        </div>
      )}
      {step >= 2 && (
        <div className="grid gap-4">
          <p className="text-sm">
            Segment <span className="font-mono font-semibold">{intent.name}</span> with domain{' '}
            <span className="font-mono font-semibold">{intent.domain}</span>, members{' '}
            {members.join(', ')}.{' '}
            <button type="button" className="underline" onClick={() => setStep(1)}>
              Change
            </button>
          </p>
          <PlanFlow intent={intent} onBack={() => setStep(1)} onApplying={() => setStep(3)} />
        </div>
      )}
    </div>
  );
}
