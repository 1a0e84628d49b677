import { IntentFlow } from '@/components/plans/intent-flow';
import { ClientPage } from '@/components/ui/client-page';
import { Skeleton } from '@/components/ui/skeleton';

export default function NewPlanPage() {
  return (
    <ClientPage fallback={<Skeleton label="Loading the change" className="h-96" />}>
      <IntentFlow />
    </ClientPage>
  );
}
