/**
 * Realistic stored Eventy records, generated in Kafka-time order and deterministic for a seed: traces of ~20
 * records sharing a correlation id, chained as the services of bench-topology.ts would chain them, with ~0.5%
 * undecodable values. Streams, so 10M records need no more memory than 1M.
 */
import { decodeEventyValue, encodeEventyJson, formatEventyDateIso } from '../../server/decode';
import type { EventyRecord } from '../../server/decode/contract';
import type { IngestedRecord } from '../../server/store';
import { benchServices, buildCities, buildVocabulary, drawRank, recordNames, seededRandom, serviceByName, zipfCumulative, type BenchService } from './bench-topology';
import { createDraftHeap, type Draft } from './draft-heap';

/** Bump when the records change, so cached stores of older records are not reused. */
export const generatorVersion = 1;

export interface GenerateOptions {
  total: number;
  seed: number;
  /** Kafka time of the newest trace start, epoch ms */
  endMs: number;
  spanMs: number;
  /** one correlation this large is woven in mid-span (the 10,000-record trace); 0 for none */
  largeTraceRecords: number;
  partitions: number;
}

/** What the benchmark draws its query parameters from. */
export interface GeneratedFacts {
  records: number;
  undecodable: number;
  traces: number;
  typicalCorrelationIds: string[];
  largeCorrelationId: string | null;
  sources: string[];
  cities: string[];
  commonWords: string[];
  /** words that occur in 5..50 records */
  rareWords: string[];
  kinds: Record<'event' | 'request' | 'response', number>;
}

const undecodableShare = 0.005;
const base64url = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const people = ['Zoë Müller', 'Ana Souza', 'Li Wei', 'John Smith', 'Fatima Zahra', 'Olga Ivanova', 'Kenji Sato', 'Amélie Roux'];
const errors: [number, string][] = [[402, 'card declined by issuer'], [409, 'insufficient stock for reservation'], [422, 'address could not be validated'], [504, 'upstream timeout while processing']];

export function generateRecords(options: GenerateOptions): { records: Generator<IngestedRecord>; facts: () => GeneratedFacts } {
  const random = seededRandom(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const int = (below: number): number => Math.floor(random() * below);
  const vocabulary = buildVocabulary(20_000, random);
  const wordCounts = new Uint32Array(vocabulary.length);
  const zipf = zipfCumulative(vocabulary.length);
  const cities = buildCities(200, random);
  const heap = createDraftHeap();
  const offsets = new Map<string, number>();
  const facts: GeneratedFacts = {
    records: 0, undecodable: 0, traces: 0, typicalCorrelationIds: [], largeCorrelationId: null,
    sources: benchServices.map((s) => `urn:${s.name}`), cities, commonWords: vocabulary.slice(0, 10), rareWords: [],
    kinds: { event: 0, request: 0, response: 0 },
  };

  function word(): string {
    const rank = drawRank(zipf, random());
    wordCounts[rank]!++;
    return vocabulary[rank]!;
  }
  const words = (count: number): string => Array.from({ length: count }, word).join(' ');
  const hex8 = (): string => int(2 ** 32).toString(16).padStart(8, '0');
  function uuid(): string {
    const a = hex8(), b = hex8(), c = hex8(), d = hex8();
    return `${a}-${b.slice(0, 4)}-4${b.slice(5)}-${'89ab'[int(4)]}${c.slice(1, 4)}-${c.slice(4)}${d}`;
  }

  function payload(service: BenchService): Record<string, unknown> {
    const noun = service.noun.toLowerCase();
    const data: Record<string, unknown> = { [`${noun}_id`]: `${noun}-${int(1_000_000)}`, amount_cents: int(200_000), currency: pick(['EUR', 'USD', 'GBP']) };
    if (random() < 0.6) {
      data['customer'] = { id: `cus-${int(50_000)}`, name: pick(people), address: { street: `${1 + int(200)} ${word()} street`, city: pick(cities), country: pick(['FR', 'DE', 'ES', 'GB']) } };
    }
    data['lines'] = Array.from({ length: 1 + int(4) }, () => ({ sku: `sku-${int(5000)}`, title: words(3), qty: 1 + int(5), unit_cents: 100 + int(20_000) }));
    data['note'] = words(8 + int(13));
    data['tags'] = [word(), word()];
    return data;
  }

  function record(type: EventyRecord['type'], owner: BenchService, source: BenchService, name: string, correlationId: string, ts: number): EventyRecord {
    const dateMs = ts - int(5);
    return {
      type, namespace: `urn:${owner.name}`, name, protocol_version: '3.0.0', version: `1.${int(3)}.0`, source: `urn:${source.name}`,
      uuid: uuid(), correlation_id: correlationId, partition_key: `${owner.noun.toLowerCase()}-${int(100_000)}`,
      date_timestamp: dateMs, date_iso8601: formatEventyDateIso(dateMs), context: { [`urn:${source.name}`]: { user_id: `u-${int(20_000)}`, tenant: pick(['eu-west', 'us-east']) } },
      data: payload(source),
    };
  }

  const gap = (): number => (random() < 0.02 ? 1000 + int(60_000) : 2 + Math.round(-Math.log(1 - random()) * 150));

  /** One business operation: an entry service acts, listeners react to events, callers get responses. */
  function planTrace(startMs: number, length: number): string {
    const entry = pick(benchServices);
    const label = pick([`POST_/api/${entry.noun.toLowerCase()}s`, recordNames(entry).events[0], `/api/${entry.noun.toLowerCase()}s/import`]);
    const correlationId = `${entry.name}:${label}:${Array.from({ length: 11 }, () => base64url[int(64)]).join('')}`;
    let actor = entry;
    let t = startMs;
    let planned = 0;
    const push = (topic: string, body: EventyRecord): void => void heap.push({ ts: t, topic, record: body });
    while (planned < length) {
      if (planned === 0 || random() < 0.5 || planned === length - 1) {
        push(`${actor.name}-events`, record('EVENT', actor, actor, pick(recordNames(actor).events), correlationId, t));
        planned++;
        const listeners = benchServices.filter((s) => s.listensTo.includes(actor.name));
        actor = listeners.length > 0 ? pick(listeners) : actor;
      } else {
        const target = serviceByName.get(pick(actor.calls))!;
        const names = recordNames(target);
        const request = record('REQUEST', target, actor, names.request, correlationId, t);
        push(`${target.name}-requests`, request);
        t += gap();
        const ok = random() >= 0.08;
        const [code, message] = pick(errors);
        push(`${target.name}-responses`, {
          ...record('RESPONSE', target, target, names.response, correlationId, t),
          destination: `urn:${actor.name}`, request_uuid: request.uuid, ok, error_code: ok ? null : code, error_message: ok ? null : message,
          ...(ok ? {} : { data: {} }),
        });
        planned += 2;
      }
      t += gap();
    }
    facts.traces++;
    return correlationId;
  }

  function ingested(draft: Draft): IngestedRecord {
    const key = draft.record.partition_key!;
    const partition = (key.charCodeAt(key.length - 1) + key.length) % options.partitions;
    const slot = `${draft.topic}:${partition}`;
    const offset = offsets.get(slot) ?? 0;
    offsets.set(slot, offset + 1);
    const value = encodeEventyJson(draft.record);
    const message = { topic: draft.topic, partition, offset, timestamp: draft.ts, key: Buffer.from(key), value, headers: [] };
    facts.records++;
    if (random() < undecodableShare) {
      facts.undecodable++;
      const cut = value.subarray(0, value.length >> 1);
      return { message: { ...message, value: cut }, decoded: decodeEventyValue(cut) };
    }
    const kind = draft.record.type === 'EVENT' ? 'event' : draft.record.type === 'REQUEST' ? 'request' : 'response';
    facts.kinds[kind]++;
    return { message, decoded: { kind, format: 'json', legacy: false, record: draft.record, dateMs: draft.record.date_timestamp, warnings: [] } };
  }

  function* records(): Generator<IngestedRecord> {
    const typical = options.total - options.largeTraceRecords;
    const traceCount = Math.max(1, Math.ceil(typical / 20));
    const every = options.spanMs / traceCount;
    const firstMs = options.endMs - options.spanMs;
    let largePlanned = options.largeTraceRecords === 0;
    for (let k = 0; facts.records + heap.size() < options.total; k++) {
      const startMs = Math.round(firstMs + (k + random() * 0.5) * every);
      while (heap.size() > 0 && heap.peek()!.ts <= startMs && facts.records < options.total) yield ingested(heap.pop()!);
      if (!largePlanned && startMs >= firstMs + options.spanMs / 2) {
        facts.largeCorrelationId = planTrace(startMs, options.largeTraceRecords);
        largePlanned = true;
        continue;
      }
      const id = planTrace(startMs, 10 + int(21));
      // reservoir sample of typical correlation ids
      if (facts.typicalCorrelationIds.length < 2000) facts.typicalCorrelationIds.push(id);
      else if (random() < 2000 / facts.traces) facts.typicalCorrelationIds[int(2000)] = id;
    }
    while (heap.size() > 0 && facts.records < options.total) yield ingested(heap.pop()!);
    facts.rareWords = vocabulary.filter((_, rank) => wordCounts[rank]! >= 5 && wordCounts[rank]! <= 50).slice(0, 2000);
  }

  return { records: records(), facts: () => facts };
}
