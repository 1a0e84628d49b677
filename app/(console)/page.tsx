import { FleetOverview } from '@/components/clusters/fleet-overview';
import { FindingsPanel } from '@/components/findings/findings-panel';

export default function HomePage() {
  return (
    <>
      <FleetOverview />
      <FindingsPanel />
    </>
  );
}
