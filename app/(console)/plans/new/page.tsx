import { Suspense } from 'react';

import { IntentFlow } from '@/components/plans/intent-flow';
import { Skeleton } from '@/components/ui/skeleton';

export default function NewPlanPage() {
  return (
    <Suspense fallback={<Skeleton label="Loading the change" className="h-96" />}>
      <IntentFlow />
    </Suspense>
  );
}
