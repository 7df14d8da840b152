import type { ReplayBody } from '@/server/deadletters/contract';

/** The replay form's fields as typed (all text), kept in the URL so a prepared replay can be linked. */
export interface ReplayFields {
  mode: 'topic' | 'trace';
  topic: string;
  partition: string;
  fromOffset: string;
  toOffset: string;
  from: string;
  to: string;
  correlationId: string;
  target: string;
  rate: string;
}

export function fieldsFromParams(params: URLSearchParams): ReplayFields {
  const get = (k: string) => params.get(k) ?? '';
  return {
    mode: params.has('correlationId') ? 'trace' : 'topic',
    topic: get('topic'),
    partition: get('partition'),
    fromOffset: get('fromOffset'),
    toOffset: get('toOffset'),
    from: get('from'),
    to: get('to'),
    correlationId: get('correlationId'),
    target: get('target'),
    rate: get('rate'),
  };
}

const int = (text: string) => (text.trim() === '' ? undefined : Number(text.trim()));
/** A `datetime-local` value is the viewer's local time; the API wants an ISO instant. */
const instant = (text: string) => (text.trim() === '' ? undefined : new Date(text).toISOString());

/** The request body for the fields; the server validates it (422 with the reasons). */
export function replayBodyOf(f: ReplayFields, dryRun: boolean): ReplayBody {
  const source =
    f.mode === 'trace'
      ? { correlationId: f.correlationId.trim() }
      : { topic: f.topic.trim(), partition: int(f.partition), fromOffset: int(f.fromOffset), toOffset: int(f.toOffset), from: instant(f.from), to: instant(f.to) };
  const rate = int(f.rate);
  return JSON.parse(JSON.stringify({ source, target: f.target.trim(), dryRun, ratePerSecond: rate })) as ReplayBody;
}
