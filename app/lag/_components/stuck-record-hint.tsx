'use client';
import { useQuery } from '@tanstack/react-query';
import { recordQueryOptions } from '@/app/_lib/queries';

/**
 * What the record at the stuck offset is, from the store: eventy stops the whole service on one record it cannot
 * handle, so every partition of the group stands still, and only one of them holds the poison.
 */
export function StuckRecordHint({ recordId }: { recordId: string }) {
  const { data, isError } = useQuery({ ...recordQueryOptions(recordId), retry: 2 });
  if (isError || data === undefined) return null;
  if (data.kind === 'undecodable') {
    return (
      <p data-testid="park-record-hint" data-decodes="false">
        This record does not decode ({data.error ?? 'unknown reason'}): most likely what stops the service.
      </p>
    );
  }
  return (
    <p className="alert" data-testid="park-record-hint" data-decodes="true">
      This record decodes as an Eventy {data.kind} {data.record?.name ?? ''}. A service that stopped on a record stops
      every partition it reads: check whether another stuck partition of this group holds the record it cannot process
      before parking this one.
    </p>
  );
}
