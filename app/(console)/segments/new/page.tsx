import { CreateSegmentWizard } from '@/components/plans/create-segment-wizard';
import { ClientPage } from '@/components/ui/client-page';
import { Skeleton } from '@/components/ui/skeleton';

export default function NewSegmentPage() {
  return (
    <ClientPage fallback={<Skeleton label="Loading the wizard" className="h-96" />}>
      <CreateSegmentWizard />
    </ClientPage>
  );
}
