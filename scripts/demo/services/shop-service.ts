/** What a simulated eventy service is: the records it handles and what it writes in reaction. */
import type { EventyRecord } from '../../../server/decode/contract';

export interface ShopOutput {
  topic: string;
  record: EventyRecord;
}

/** Work that finishes later, outside the handler (a warehouse picking a parcel, a cron job). */
export interface LaterWork {
  afterMs: number;
  run(now: number): ShopOutput[];
}

export interface Reaction {
  outputs: ShopOutput[];
  later?: LaterWork[];
}

export interface RecordHandler {
  topic: string;
  namespace: string;
  names: readonly string[];
  /** for responses: keep only those addressed to this URN, as eventy does (doc §3.2) */
  destination?: string;
  /** simulated processing time, drawn uniformly in [min, max] ms before the outputs are built */
  workMs: readonly [number, number];
  react(record: EventyRecord, now: number): Reaction;
}

export interface ShopService {
  /** also the consumer group id, as eventy names groups after SERVICE_NAME */
  name: string;
  handlers: readonly RecordHandler[];
}

export function subscribedTopics(service: ShopService): string[] {
  return [...new Set(service.handlers.map((h) => h.topic))].sort();
}

/** The handler for a record read on `topic`; records nothing matches are read and ignored, like eventy does. */
export function matchingHandler(service: ShopService, topic: string, record: EventyRecord): RecordHandler | undefined {
  return service.handlers.find(
    (h) =>
      h.topic === topic &&
      h.namespace === record.namespace &&
      h.names.includes(record.name) &&
      (h.destination === undefined || (record.type === 'RESPONSE' && record.destination === h.destination)),
  );
}

export const reactWith = (...outputs: ShopOutput[]): Reaction => ({ outputs });
