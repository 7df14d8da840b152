import type { Metadata } from 'next';
import { Suspense } from 'react';
import { FlowsView } from './_components/flows-view';

export const metadata: Metadata = { title: 'Flows' };

/** The service graph is fetched and laid out in the browser (ELK), so the server sends only the shell. */
export default function FlowsPage() {
  return (
    <Suspense fallback={<div className="empty">Loading flows…</div>}>
      <FlowsView />
    </Suspense>
  );
}
