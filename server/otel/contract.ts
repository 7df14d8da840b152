/** Plain descriptions of the OpenTelemetry spans Lens exports: one PRODUCER span per stored record. */

export type SpanAttributeValue = string | number | boolean | string[];
export type SpanAttributes = Record<string, SpanAttributeValue>;

export interface SpanRef {
  /** 32 lowercase hex */
  traceId: string;
  /** 16 lowercase hex */
  spanId: string;
}

export interface RecordSpanLink extends SpanRef {
  attributes: SpanAttributes;
}

export interface RecordSpan extends SpanRef {
  /** `topic:partition:offset` of the record */
  recordId: string;
  parentSpanId: string | null;
  name: string;
  /** the emitting service, as the span's `service.name` */
  serviceName: string;
  /** epoch ms */
  startMs: number;
  endMs: number;
  attributes: SpanAttributes;
  status: { code: 'unset' } | { code: 'error'; message: string };
  /** the causal parent, when the service's own span (traceparent) or another trace took the parent's place */
  links: RecordSpanLink[];
}
