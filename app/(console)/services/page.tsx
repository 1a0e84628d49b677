import { ServicesView } from '@/components/services/services-view';
import { ClientPage } from '@/components/ui/client-page';
import { Skeleton } from '@/components/ui/skeleton';

export default function ServicesPage() {
  return (
    <ClientPage fallback={<Skeleton label="Loading services" className="h-96" />}>
      <ServicesView />
    </ClientPage>
  );
}
