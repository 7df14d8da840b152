import type { Metadata } from 'next';
import { Suspense } from 'react';
import { ReplaysView } from './_components/replays-view';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Replays' };

export default function ReplaysPage() {
  return (
    <Suspense fallback={<div className="empty">Loading replays…</div>}>
      <ReplaysView />
    </Suspense>
  );
}
