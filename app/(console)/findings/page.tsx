import { FindingsView } from '@/components/findings/findings-view';
import { ClientPage } from '@/components/ui/client-page';
import { Skeleton } from '@/components/ui/skeleton';

export default function FindingsPage() {
  return (
    <ClientPage fallback={<Skeleton label="Loading findings" className="h-96" />}>
      <FindingsView />
    </ClientPage>
  );
}
