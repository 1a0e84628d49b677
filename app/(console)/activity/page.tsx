import { ActivityView } from '@/components/activity/activity-view';

export default function ActivityPage() {
  return <ActivityView />;
}
