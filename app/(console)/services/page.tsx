import { Suspense } from 'react';

import { ServicesView } from '@/components/services/services-view';
import { AfterHydration } from '@/components/ui/after-hydration';
import { Skeleton } from '@/components/ui/skeleton';

export default function ServicesPage() {
  return (
    <Suspense fallback={<Skeleton label="Loading services" className="h-96" />}>
      <AfterHydration fallback={<Skeleton label="Loading services" className="h-96" />}>
        <ServicesView />
      </AfterHydration>
    </Suspense>
  );
}
