import { kafkaKeyText } from '../kafka';
import type { IngestedRecord, RecordView } from '../store/contract';

/** The API view of a freshly ingested record, for live listeners (the store builds the same view from rows). */
export function toRecordViews(records: readonly IngestedRecord[]): RecordView[] {
  return records.map(({ message, decoded }) => ({
    id: `${message.topic}:${message.partition}:${message.offset}`,
    topic: message.topic,
    partition: message.partition,
    offset: message.offset,
    timestamp: new Date(message.timestamp).toISOString(),
    key: kafkaKeyText(message.key),
    headers: message.headers,
    kind: decoded.kind,
    format: decoded.format,
    legacy: decoded.kind === 'undecodable' ? false : decoded.legacy,
    ...(decoded.kind === 'undecodable' ? { error: decoded.reason } : { record: decoded.record, warnings: decoded.warnings }),
    size: message.value?.length ?? 0,
  }));
}
