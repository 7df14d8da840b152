/** Writes a service's records to Kafka like eventy does: JSON value, key = partition_key, no headers. */
import { encodeEventyJson } from '../../../server/decode';
import type { KafkaProducer } from '../../../server/kafka';
import { malformedValue, pickMalformedKind } from '../malformed-values';
import { chance, type Rng } from '../random-source';
import type { TrafficStats } from '../traffic-stats';
import type { ShopOutput } from './shop-service';

export interface RecordWriter {
  write(output: ShopOutput): Promise<void>;
  close(): Promise<void>;
}

export interface RecordWriterOptions {
  malformedRate: number;
  rng: Rng;
  stats: TrafficStats;
}

export function createRecordWriter(producer: KafkaProducer, options: RecordWriterOptions): RecordWriter {
  const { malformedRate, rng, stats } = options;
  return {
    async write({ topic, record }) {
      const malformed = malformedRate > 0 && chance(rng, malformedRate);
      const value = malformed ? malformedValue(record, pickMalformedKind(rng), rng) : encodeEventyJson(record);
      await producer.send(topic, [{ key: record.partition_key, value }]);
      stats.recordProduced(topic, malformed);
    },
    close: () => producer.close(),
  };
}
