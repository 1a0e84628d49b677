import { Suspense } from 'react';

import { CreateSegmentWizard } from '@/components/plans/create-segment-wizard';
import { Skeleton } from '@/components/ui/skeleton';

export default function NewSegmentPage() {
  return (
    <Suspense fallback={<Skeleton label="Loading the wizard" className="h-96" />}>
      <CreateSegmentWizard />
    </Suspense>
  );
}
