import { describe, expect, it } from 'vitest';
import { encodeEventyJson } from '../decode';
import type { ConsumedMessage } from '../kafka';
import { testEvent } from '../../testing/eventy-records';
import { lensHeaders } from './contract';
import { parkIdOf, parkedCopy } from './park-copy';

const facts = { parkId: 'park-1', groupId: 'audit-log', parkedBy: 'alice', stuckSince: '2026-11-23T10:00:00.000Z', parkedAt: '2026-11-23T10:07:00.000Z' };

function message(value: Buffer | null, headers: ConsumedMessage['headers'] = []): ConsumedMessage {
  return { topic: 'orders-events', partition: 2, offset: 41, timestamp: 1_700_000_000_123, key: Buffer.from('order-7'), value, headers };
}

const text = (copy: ReturnType<typeof parkedCopy>, key: string) => copy.headers.filter((h) => h.key === key).map((h) => h.value.toString('utf8'));

describe('parkedCopy', () => {
  it('keeps key, value and partition, and says where the record came from, why and who parked it', () => {
    const value = Buffer.from('{"type": "EVENT", "name', 'utf8');
    const copy = parkedCopy(message(value), facts);
    expect(copy).toMatchObject({ key: Buffer.from('order-7'), value, partition: 2 });
    expect(text(copy, lensHeaders.originalTopic)).toEqual(['orders-events']);
    expect(text(copy, lensHeaders.originalPartition)).toEqual(['2']);
    expect(text(copy, lensHeaders.originalOffset)).toEqual(['41']);
    expect(text(copy, lensHeaders.originalTimestamp)).toEqual(['1700000000123']);
    expect(text(copy, lensHeaders.errorClass)).toEqual(['eventy-lens.Undecodable']);
    expect(text(copy, lensHeaders.errorMessage)[0]).toMatch(/^orders-events:2 stuck at offset 41 for group audit-log since 2026-11-23T10:00:00.000Z: .+; parked by alice$/);
    expect(text(copy, lensHeaders.failedAt)).toEqual([facts.stuckSince]);
    expect(text(copy, lensHeaders.consumerGroup)).toEqual(['audit-log']);
    expect(text(copy, lensHeaders.parkedBy)).toEqual(['alice']);
    expect(text(copy, lensHeaders.parkId)).toEqual(['park-1']);
  });

  it('calls a record that decodes simply parked, and takes the park time when nobody knew since when it was stuck', () => {
    const copy = parkedCopy(message(encodeEventyJson(testEvent())), { ...facts, stuckSince: null });
    expect(text(copy, lensHeaders.errorClass)).toEqual(['eventy-lens.Parked']);
    expect(text(copy, lensHeaders.errorMessage)).toEqual(['orders-events:2 stuck at offset 41 for group audit-log; parked by alice']);
    expect(text(copy, lensHeaders.failedAt)).toEqual([facts.parkedAt]);
  });

  it("keeps the record's own headers, binary ones byte for byte, and replaces our provenance of an earlier move", () => {
    const headers: ConsumedMessage['headers'] = [
      { key: 'traceparent', value: '00-abc-def-01', encoding: 'utf8' },
      { key: 'bin', value: Buffer.from([0xff, 0x00]).toString('base64'), encoding: 'base64' },
      { key: lensHeaders.requeueCount, value: '2', encoding: 'utf8' },
      { key: lensHeaders.originalOffset, value: '7', encoding: 'utf8' },
    ];
    const copy = parkedCopy(message(null, headers), facts);
    expect(text(copy, 'traceparent')).toEqual(['00-abc-def-01']);
    expect(copy.headers.find((h) => h.key === 'bin')?.value).toEqual(Buffer.from([0xff, 0x00]));
    expect(text(copy, lensHeaders.requeueCount)).toEqual(['2']);
    expect(text(copy, lensHeaders.originalOffset)).toEqual(['41']);
    expect(text(copy, lensHeaders.errorMessage)[0]).toContain('tombstone');
  });

  it('finds the park id on a copy read back', () => {
    expect(parkIdOf(message(null, [{ key: lensHeaders.parkId, value: 'park-9', encoding: 'utf8' }]))).toBe('park-9');
    expect(parkIdOf(message(null))).toBeNull();
  });
});
