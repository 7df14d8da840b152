import type { Metadata } from 'next';
import { Suspense } from 'react';
import { DeadLettersView } from './_components/dead-letters-view';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Dead letters' };

export default function DeadLettersPage() {
  return (
    <Suspense fallback={<div className="empty">Loading dead letters…</div>}>
      <DeadLettersView />
    </Suspense>
  );
}
