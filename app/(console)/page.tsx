import { FleetOverview } from '@/components/clusters/fleet-overview';

export default function HomePage() {
  return <FleetOverview />;
}
