import { Suspense } from 'react';

import { FindingsView } from '@/components/findings/findings-view';
import { AfterHydration } from '@/components/ui/after-hydration';
import { Skeleton } from '@/components/ui/skeleton';

export default function FindingsPage() {
  return (
    <Suspense fallback={<Skeleton label="Loading findings" className="h-96" />}>
      <AfterHydration fallback={<Skeleton label="Loading findings" className="h-96" />}>
        <FindingsView />
      </AfterHydration>
    </Suspense>
  );
}
