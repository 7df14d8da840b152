import type { RecordStore, RecordView } from '../store/contract';

/** Raw value bytes shown on the record detail: at most this many, whatever the record's size. */
export const rawPreviewBytes = 64 * 1024;

export interface RawPreview {
  base64: string;
  /** bytes in `base64` */
  shownBytes: number;
  /** size of the Kafka value */
  size: number;
  /** fewer bytes shown than the value has */
  truncated: boolean;
}

/** What `GET /api/records/{id}` returns: the record view plus a bounded preview of its raw bytes. */
export interface RecordDetail extends RecordView {
  raw: RawPreview | null;
}

export async function readRecordDetail(store: RecordStore, id: string): Promise<RecordDetail | null> {
  const [record, raw] = await Promise.all([store.getRecord(id), store.getRawValue(id)]);
  if (record === null) return null;
  if (raw === null) return { ...record, raw: null };
  const shown = raw.bytes.subarray(0, rawPreviewBytes);
  return {
    ...record,
    raw: {
      base64: shown.toString('base64'),
      shownBytes: shown.length,
      size: raw.size,
      truncated: raw.truncated || shown.length < raw.size,
    },
  };
}
