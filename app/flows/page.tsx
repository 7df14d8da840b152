import type { Metadata } from 'next';
import { ComingSoon } from '../_components/coming-soon';

export const metadata: Metadata = { title: 'Flows' };

export default function FlowsPage() {
  return <ComingSoon title="Flows" what="the graph of which service sends which records to whom, with rates, errors and hop latency." />;
}
