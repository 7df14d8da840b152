import type { KafkaHeader } from '../kafka/contract';
import type { RecordView } from '../store/contract';
import { lensHeaders, type DeadLetterConvention, type DeadLetterProvenance, type DeadLetterTopicsConfig, type ParseProvenance } from './contract';
import { decodeHeaderNumber, headerBytes } from './header-number';

const spring = {
  topic: 'kafka_dlt-original-topic',
  partition: 'kafka_dlt-original-partition',
  offset: 'kafka_dlt-original-offset',
  timestamp: 'kafka_dlt-original-timestamp',
  group: 'kafka_dlt-original-consumer-group',
  errorClass: 'kafka_dlt-exception-fqcn',
  causeClass: 'kafka_dlt-exception-cause-fqcn',
  errorMessage: 'kafka_dlt-exception-message',
} as const;

const connect = {
  topic: '__connect.errors.topic',
  partition: '__connect.errors.partition',
  offset: '__connect.errors.offset',
  errorClass: '__connect.errors.exception.class.name',
  errorMessage: '__connect.errors.exception.message',
  connector: '__connect.errors.connector.name',
} as const;

/** Our headers that say a record failed (park); the requeue/replay ones alone do not make a convention. */
const lensFailureHeaders: readonly string[] = [
  lensHeaders.originalTopic,
  lensHeaders.originalPartition,
  lensHeaders.originalOffset,
  lensHeaders.errorClass,
  lensHeaders.errorMessage,
  lensHeaders.failedAt,
  lensHeaders.parkId,
];

/** A topic-name memo per pattern: the collector asks once per record, the answer changes only with the name. */
const topicMemo = new WeakMap<RegExp, Map<string, boolean>>();

/** Whether `topic` is a dead-letter topic under LENS_DLQ_TOPICS (cached per topic name). */
export function isDeadLetterTopic(topic: string, config: Pick<DeadLetterTopicsConfig, 'pattern'>): boolean {
  let memo = topicMemo.get(config.pattern);
  if (memo === undefined) topicMemo.set(config.pattern, (memo = new Map<string, boolean>()));
  let answer = memo.get(topic);
  if (answer === undefined) {
    config.pattern.lastIndex = 0;
    answer = config.pattern.test(topic);
    if (memo.size < 100_000) memo.set(topic, answer);
  }
  return answer;
}

const dlqSuffix = /[._-](?:dlq|dlt)$/i;
const dlqPrefix = /^(?:dead-?letters?|dlq|dlt)[._-]/i;

/** The original topic of a dead-letter topic: LENS_DLQ_ORIGINAL_TOPICS, else its name without the DLQ suffix or prefix. */
export function originalTopicOf(dlqTopic: string, config: Pick<DeadLetterTopicsConfig, 'originalTopics'>): string | null {
  const configured = Object.hasOwn(config.originalTopics, dlqTopic) ? config.originalTopics[dlqTopic] : undefined;
  if (configured !== undefined) return configured;
  const stripped = dlqTopic.replace(dlqSuffix, '');
  if (stripped !== dlqTopic) return stripped === '' ? null : stripped;
  const unprefixed = dlqTopic.replace(dlqPrefix, '');
  return unprefixed !== dlqTopic && unprefixed !== '' ? unprefixed : null;
}

/** The last value of a header as text (Spring may append a header again on a second failure: the newest wins). */
function lastHeader(headers: readonly KafkaHeader[], key: string): KafkaHeader | undefined {
  for (let i = headers.length - 1; i >= 0; i--) if (headers[i]!.key === key) return headers[i];
  return undefined;
}

function text(headers: readonly KafkaHeader[], key: string): string | null {
  const header = lastHeader(headers, key);
  if (header === undefined) return null;
  const value = header.encoding === 'utf8' ? header.value : headerBytes(header).toString('utf8');
  return value === '' ? null : value;
}

function number(headers: readonly KafkaHeader[], key: string): number | null {
  const header = lastHeader(headers, key);
  return header === undefined ? null : decodeHeaderNumber(headerBytes(header), key.startsWith('eventy-lens-') ? 'text' : 'text-or-binary');
}

function isoFromMs(ms: number | null): string | null {
  if (ms === null || ms < 0 || ms > 8.64e15) return null;
  return new Date(ms).toISOString();
}

function isoFromText(value: string | null): string | null {
  if (value === null) return null;
  if (/^\d{1,16}$/.test(value)) return isoFromMs(Number(value));
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

function conventionOf(headers: readonly KafkaHeader[]): DeadLetterConvention {
  const keys = new Set(headers.map((h) => h.key));
  if (lensFailureHeaders.some((key) => keys.has(key))) return 'eventy-lens';
  if (headers.some((h) => h.key.startsWith('kafka_dlt-'))) return 'spring';
  if (headers.some((h) => h.key.startsWith('__connect.errors.'))) return 'connect';
  return 'plain';
}

/** Spring wraps the listener's exception; its cause is the error worth grouping by. */
function springErrorClass(headers: readonly KafkaHeader[]): string | null {
  const outer = text(headers, spring.errorClass);
  const cause = text(headers, spring.causeClass);
  if (cause !== null && (outer === null || outer.endsWith('ListenerExecutionFailedException'))) return cause;
  return outer;
}

type HeaderFields = Omit<DeadLetterProvenance, 'convention' | 'failedAt'> & { failedAt: string | null };

function fieldsOf(convention: DeadLetterConvention, h: readonly KafkaHeader[]): HeaderFields {
  switch (convention) {
    case 'eventy-lens':
      return {
        originalTopic: text(h, lensHeaders.originalTopic),
        originalPartition: number(h, lensHeaders.originalPartition),
        originalOffset: number(h, lensHeaders.originalOffset),
        originalTimestamp: isoFromText(text(h, lensHeaders.originalTimestamp)),
        errorClass: text(h, lensHeaders.errorClass),
        errorMessage: text(h, lensHeaders.errorMessage),
        failedAt: isoFromText(text(h, lensHeaders.failedAt)),
        consumerGroup: text(h, lensHeaders.consumerGroup),
      };
    case 'spring':
      return {
        originalTopic: text(h, spring.topic),
        originalPartition: number(h, spring.partition),
        originalOffset: number(h, spring.offset),
        originalTimestamp: isoFromMs(number(h, spring.timestamp)),
        errorClass: springErrorClass(h),
        errorMessage: text(h, spring.errorMessage),
        failedAt: null,
        consumerGroup: text(h, spring.group),
      };
    case 'connect':
      return {
        originalTopic: text(h, connect.topic),
        originalPartition: number(h, connect.partition),
        originalOffset: number(h, connect.offset),
        originalTimestamp: null,
        errorClass: text(h, connect.errorClass),
        errorMessage: text(h, connect.errorMessage),
        failedAt: null,
        // a sink connector's consumer group is `connect-<connector name>`
        consumerGroup: ((name) => (name === null ? null : `connect-${name}`))(text(h, connect.connector)),
      };
    case 'plain':
      return { originalTopic: null, originalPartition: null, originalOffset: null, originalTimestamp: null, errorClass: null, errorMessage: null, failedAt: null, consumerGroup: null };
  }
}

/** The provenance of a record on a dead-letter topic: its headers (ours, Spring, Kafka Connect), else the config. */
export const parseProvenance: ParseProvenance = (record: RecordView, config: DeadLetterTopicsConfig): DeadLetterProvenance => {
  const convention = conventionOf(record.headers);
  const fields = fieldsOf(convention, record.headers);
  return {
    convention,
    ...fields,
    originalTopic: fields.originalTopic ?? originalTopicOf(record.topic, config),
    failedAt: fields.failedAt ?? record.timestamp,
  };
};

/** `eventy-lens-requeue-count` of a dead letter: it was requeued that many times and failed again (0 if absent or unreadable). */
export function failedAgainCount(headers: readonly KafkaHeader[]): number {
  const count = number(headers, lensHeaders.requeueCount);
  return count !== null && count > 0 ? count : 0;
}
