import type { Metadata } from 'next';
import { ComingSoon } from '../_components/coming-soon';

export const metadata: Metadata = { title: 'Dead letters' };

export default function DeadLettersPage() {
  return <ComingSoon title="Dead letters" what="dead-lettered records grouped by cause, with safe requeue and replay." />;
}
