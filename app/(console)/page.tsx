import { Suspense } from 'react';

import { Overview } from '@/components/graph/overview';
import { Skeleton } from '@/components/ui/skeleton';

export default function OverviewPage() {
  return (
    <Suspense fallback={<Skeleton label="Loading the fleet" className="h-[560px]" />}>
      <Overview />
    </Suspense>
  );
}
