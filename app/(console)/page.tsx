import { Suspense } from 'react';

import { Overview } from '@/components/graph/overview';
import { AfterHydration } from '@/components/ui/after-hydration';
import { Skeleton } from '@/components/ui/skeleton';

export default function OverviewPage() {
  return (
    <Suspense fallback={<Skeleton label="Loading the fleet" className="h-[560px]" />}>
      <AfterHydration fallback={<Skeleton label="Loading the fleet" className="h-[560px]" />}>
        <Overview />
      </AfterHydration>
    </Suspense>
  );
}
