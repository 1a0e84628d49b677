import { Overview } from '@/components/graph/overview';
import { ClientPage } from '@/components/ui/client-page';
import { Skeleton } from '@/components/ui/skeleton';

export default function OverviewPage() {
  return (
    <ClientPage fallback={<Skeleton label="Loading the fleet" className="h-[560px]" />}>
      <Overview />
    </ClientPage>
  );
}
