import type { Metadata } from 'next';
import { Suspense } from 'react';
import { AuditView } from './_components/audit-view';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Audit log' };

export default function AuditPage() {
  return (
    <Suspense fallback={<div className="empty">Loading the audit log…</div>}>
      <AuditView />
    </Suspense>
  );
}
