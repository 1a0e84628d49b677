import { SegmentDetail } from '@/components/segments/segments-view';

export default async function SegmentPage({ params }: { params: Promise<{ name: string }> }) {
  const { name } = await params;
  return <SegmentDetail name={decodeURIComponent(name)} />;
}
