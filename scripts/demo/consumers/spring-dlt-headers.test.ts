import { describe, expect, it } from 'vitest';
import { readSpringDltHeaders, springDltHeaders, springDltHeaderNames } from './spring-dlt-headers';

const failure = { exceptionClass: 'org.springframework.kafka.listener.ListenerExecutionFailedException', causeClass: 'com.fasterxml.jackson.core.JsonParseException', message: 'Unexpected end-of-input' };

describe('Spring dead-letter headers', () => {
  it('writes the partition as a 4-byte and offset and timestamp as 8-byte big-endian integers, as Java ByteBuffer does', () => {
    const headers = springDltHeaders({ topic: 'orders-events', partition: 2, offset: 258, timestamp: 1_705_314_600_150 }, 'fraud-check', failure);
    expect(headers[springDltHeaderNames.originalPartition]).toEqual(Buffer.from([0, 0, 0, 2]));
    expect(headers[springDltHeaderNames.originalOffset]).toEqual(Buffer.from([0, 0, 0, 0, 0, 0, 1, 2]));
    expect(headers[springDltHeaderNames.originalTimestamp]?.toString('hex')).toBe('0000018d0cabc4d6');
    expect(headers[springDltHeaderNames.originalTopic]?.toString('utf8')).toBe('orders-events');
  });

  it('reads back what it wrote', () => {
    const headers = springDltHeaders({ topic: 't', partition: 7, offset: 2 ** 40, timestamp: 1_700_000_000_000 }, 'g', failure);
    expect(readSpringDltHeaders(headers)).toEqual({ topic: 't', partition: 7, offset: 2 ** 40, timestamp: 1_700_000_000_000, groupId: 'g', exceptionClass: failure.exceptionClass, message: failure.message });
  });
});
