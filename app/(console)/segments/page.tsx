import { SegmentsView } from '@/components/segments/segments-view';

export default function SegmentsPage() {
  return <SegmentsView />;
}
