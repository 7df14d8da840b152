/** The made-up system the benchmark records come from: 10 services, who listens to whom, 40 record names, words. */
import type { ServiceConsumption } from '../../server/link';

export interface BenchService {
  name: string;
  noun: string;
  /** services whose events this one handles */
  listensTo: string[];
  /** services this one sends requests to */
  calls: string[];
}

export const benchServices: readonly BenchService[] = [
  { name: 'orders', noun: 'Order', listensTo: ['payments', 'shipping'], calls: ['billing', 'stock', 'users'] },
  { name: 'billing', noun: 'Invoice', listensTo: ['orders'], calls: ['payments', 'invoicing'] },
  { name: 'payments', noun: 'Payment', listensTo: ['billing'], calls: ['users'] },
  { name: 'stock', noun: 'Stock', listensTo: ['orders', 'catalog'], calls: ['catalog'] },
  { name: 'shipping', noun: 'Shipment', listensTo: ['orders', 'stock'], calls: ['stock', 'users'] },
  { name: 'notify', noun: 'Notification', listensTo: ['orders', 'payments', 'shipping'], calls: ['users'] },
  { name: 'users', noun: 'User', listensTo: ['orders'], calls: ['notify'] },
  { name: 'catalog', noun: 'Product', listensTo: ['stock'], calls: ['search'] },
  { name: 'search', noun: 'SearchIndex', listensTo: ['catalog'], calls: ['catalog'] },
  { name: 'invoicing', noun: 'Receipt', listensTo: ['billing'], calls: ['notify'] },
];

export const serviceByName = new Map(benchServices.map((s) => [s.name, s]));

/** Four names per service: two events, one request, one response (the response names its request). */
export function recordNames(service: BenchService): { events: [string, string]; request: string; response: string } {
  return {
    events: [`${service.noun}Created`, `${service.noun}Updated`],
    request: `Process${service.noun}`,
    response: `Process${service.noun}Result`,
  };
}

/** What each service's consumer group reads, matching how the generator chains records. */
export function benchConsumption(): ServiceConsumption {
  const topicsByService: Record<string, string[]> = {};
  for (const service of benchServices) {
    const callers = benchServices.filter((s) => s.calls.includes(service.name)).length > 0;
    topicsByService[service.name] = [
      ...(callers ? [`${service.name}-requests`] : []),
      ...service.listensTo.map((s) => `${s}-events`),
      ...service.calls.map((s) => `${s}-responses`),
    ].sort();
  }
  return { topicsByService };
}

const syllables = 'ka lo mi ne ru sa te vo zu bri dra fen gor hul jin kor lum mar nol pex quo rin sol tav ul ven wix yar zen'.split(' ');
const citySyllables = 'ber burg dor field ham holm ing lake mont port ridge stead ton vale wick worth'.split(' ');

/** `count` distinct pseudo-words, most frequent first, that never collide with city names. */
export function buildVocabulary(count: number, random: () => number): string[] {
  const words = new Set<string>();
  while (words.size < count) {
    const parts = 2 + Math.floor(random() * 2);
    let word = '';
    for (let i = 0; i < parts; i++) word += syllables[Math.floor(random() * syllables.length)];
    words.add(word);
  }
  return [...words];
}

/** City names: the only words that appear in one nested place (`data.customer.address.city`) and nowhere else. */
export function buildCities(count: number, random: () => number): string[] {
  const cities = new Set<string>();
  while (cities.size < count) {
    const stem = syllables[Math.floor(random() * syllables.length)]!;
    const tail = citySyllables[Math.floor(random() * citySyllables.length)]!;
    const mid = citySyllables[Math.floor(random() * citySyllables.length)]!;
    cities.add(`${stem[0]!.toUpperCase()}${stem.slice(1)}${mid}${tail}`);
  }
  return [...cities];
}

/** Cumulative Zipf weights (s = 1) over `count` ranks, for drawing words by binary search. */
export function zipfCumulative(count: number): Float64Array {
  const cumulative = new Float64Array(count);
  let sum = 0;
  for (let rank = 0; rank < count; rank++) cumulative[rank] = sum += 1 / (rank + 1);
  for (let rank = 0; rank < count; rank++) cumulative[rank]! /= sum;
  return cumulative;
}

export function drawRank(cumulative: Float64Array, u: number): number {
  let low = 0;
  let high = cumulative.length - 1;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (cumulative[mid]! < u) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** mulberry32: a small seeded PRNG, so a run can produce the same records again (for Kafka, for the cache). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
