import { describe, expect, it } from 'vitest';
import { replayBodySchema } from '@/server/deadletters/contract';
import { fieldsFromParams, replayBodyOf } from './replay-form';

describe('replay form', () => {
  it('starts from a trace when the URL names a correlation id (the trace page links so)', () => {
    const fields = fieldsFromParams(new URLSearchParams({ correlationId: 'orders:POST_/api/orders:q8Zr1YwK3bE' }));
    expect(fields.mode).toBe('trace');
    expect(replayBodyOf({ ...fields, target: ' orders-replay ' }, true)).toEqual({ source: { correlationId: 'orders:POST_/api/orders:q8Zr1YwK3bE' }, target: 'orders-replay', dryRun: true });
  });

  it('sends only the range fields that are filled, as numbers and ISO instants, in a body the API accepts', () => {
    const fields = { ...fieldsFromParams(new URLSearchParams({ topic: 'orders-events', target: 'orders-replay' })), partition: '1', toOffset: '40', from: '2026-11-23T10:00:00', rate: '50' };
    const body = replayBodyOf(fields, false);
    expect(body).toEqual({ source: { topic: 'orders-events', partition: 1, toOffset: 40, from: new Date('2026-11-23T10:00:00').toISOString() }, target: 'orders-replay', dryRun: false, ratePerSecond: 50 });
    expect(replayBodySchema.safeParse(body).success).toBe(true);
  });
});
