import type { Metadata } from 'next';
import { ComingSoon } from '../_components/coming-soon';

export const metadata: Metadata = { title: 'Traces' };

export default function TracesPage() {
  return <ComingSoon title="Traces" what="the list of recent traces with filters. One trace is already served as JSON at /api/traces/{correlationId}." />;
}
