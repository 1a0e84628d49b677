'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';

import type { Intent, PlanDto } from '@/lib/plan/intent';

import { ErrorNote, Skeleton } from '../ui/skeleton';
import { button, muted } from '../ui/styles';
import { AdminNote, useAdminAccess } from './admin-access';
import { PlanApply } from './plan-apply';
import { PlanApiError, requestPlan } from './plan-client';
import { PlanReview } from './plan-review';

/** Query key of one intent's plan: a new intent is a new plan, the same one is kept. */
const planKey = (intent: Intent) => ['plan', JSON.stringify(intent)] as const;

/**
 * Review and apply, the same for every intent: asks the server for the plan of `intent`, shows it
 * (`PlanReview`), applies it (`PlanApply`). Field errors of a 400 go back to the form through
 * `onFieldErrors`-aware callers; here they are listed too, so no intent fails silently.
 */
export function PlanFlow({
  intent,
  onBack,
  onApplying,
}: {
  intent: Intent;
  onBack?: () => void;
  /** Called when the user starts applying (the wizard moves its stepper to Apply). */
  onApplying?: () => void;
}) {
  const access = useAdminAccess();
  const queryClient = useQueryClient();
  const plan = useQuery({
    queryKey: planKey(intent),
    queryFn: () => requestPlan(intent, access.csrfToken),
    // The server makes plans for admins only: its dry run talks to every cluster.
    enabled: access.status === 'admin',
    retry: false,
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
  const fresh = (next?: PlanDto) => {
    if (next) queryClient.setQueryData(planKey(intent), next);
    else void queryClient.invalidateQueries({ queryKey: planKey(intent) });
  };

  return (
    <div className="grid gap-4">
      <AdminNote access={access} />
      {access.status === 'read-only' && (
        <p className={`text-sm ${muted}`}>
          The review (steps and YAML per cluster, what-if, the dry run on every cluster, kubectl
          commands and the bundle) is made by the server for admins: sign in to see it.
        </p>
      )}
      {access.status === 'admin' && plan.isPending && (
        <Skeleton label="Making the plan" className="h-64" />
      )}
      {plan.error && (
        <div className="grid gap-2">
          <ErrorNote title="No plan could be made" error={plan.error} />
          {plan.error instanceof PlanApiError && plan.error.fields.length > 0 && (
            <ul aria-label="Problems" className="text-sev-error list-disc pl-6 text-sm">
              {plan.error.fields.map((f) => (
                <li key={f.path + f.message}>
                  <span className="font-mono">{f.path}</span>: {f.message}
                </li>
              ))}
            </ul>
          )}
          <div className="flex gap-2">
            {onBack && (
              <button type="button" className={button} onClick={onBack}>
                Back
              </button>
            )}
            <button type="button" className={button} onClick={() => void plan.refetch()}>
              Try again
            </button>
          </div>
        </div>
      )}
      {plan.data && (
        <>
          <PlanReview plan={plan.data} />
          <PlanApply
            key={plan.data.id}
            plan={plan.data}
            access={access}
            onFresh={fresh}
            {...(onApplying ? { onApplying } : {})}
          />
        </>
      )}
    </div>
  );
}
