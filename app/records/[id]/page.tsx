import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { readRecordDetail } from '@/server/http/record-detail';
import { getLensRuntime } from '@/server/runtime';
import { recordIdSchema } from '@/server/store/contract';
import { RecordDetailView } from '../_components/record-detail-view';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ id: string }> };

/** The raw path segment once decoded (Next.js hands it over still percent-encoded for some characters). */
async function recordId(params: Props['params']): Promise<string> {
  const { id } = await params;
  try {
    return decodeURIComponent(id);
  } catch {
    return id;
  }
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Record ${await recordId(params)}` };
}

export default async function RecordPage({ params }: Props) {
  const id = recordIdSchema.safeParse(await recordId(params));
  if (!id.success) notFound();
  const detail = await readRecordDetail(getLensRuntime().store, id.data);
  if (detail === null) notFound();
  return (
    <>
      <nav className="breadcrumbs" aria-label="breadcrumbs">
        <Link href="/records">Records</Link> / <span className="mono">{detail.id}</span>
      </nav>
      <RecordDetailView detail={detail} />
    </>
  );
}
