import { SpanKind, SpanStatusCode, TraceFlags, type SpanContext } from '@opentelemetry/api';
import { hrTimeDuration, millisToHrTime } from '@opentelemetry/core';
import { resourceFromAttributes, type Resource } from '@opentelemetry/resources';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import type { RecordSpan, SpanRef } from './contract';

const scope = { name: 'eventy-lens', version: '0.1.0' };

function spanContext(ref: SpanRef, isRemote: boolean): SpanContext {
  return { traceId: ref.traceId, spanId: ref.spanId, traceFlags: TraceFlags.SAMPLED, isRemote };
}

/**
 * Builds SDK span objects with predetermined ids and times, as the OTLP exporters take them: a span made through a
 * Tracer would get fresh random ids and the current time. One Resource per service, as OTLP groups spans by it.
 */
export function createReadableSpanFactory(): (span: RecordSpan) => ReadableSpan {
  const resources = new Map<string, Resource>();
  const resourceOf = (serviceName: string): Resource => {
    let resource = resources.get(serviceName);
    if (!resource) {
      resource = resourceFromAttributes({ 'service.name': serviceName, 'telemetry.sdk.language': 'nodejs', 'eventy.exported_by': 'eventy-lens' });
      resources.set(serviceName, resource);
    }
    return resource;
  };
  return (span) => {
    const startTime = millisToHrTime(span.startMs);
    const endTime = millisToHrTime(Math.max(span.endMs, span.startMs));
    const own = spanContext(span, false);
    return {
      name: span.name,
      kind: SpanKind.PRODUCER,
      spanContext: () => own,
      ...(span.parentSpanId === null ? {} : { parentSpanContext: spanContext({ traceId: span.traceId, spanId: span.parentSpanId }, true) }),
      startTime,
      endTime,
      duration: hrTimeDuration(startTime, endTime),
      status: span.status.code === 'error' ? { code: SpanStatusCode.ERROR, message: span.status.message } : { code: SpanStatusCode.UNSET },
      attributes: span.attributes,
      links: span.links.map((link) => ({ context: spanContext(link, true), attributes: link.attributes })),
      events: [],
      ended: true,
      resource: resourceOf(span.serviceName),
      instrumentationScope: scope,
      droppedAttributesCount: 0,
      droppedEventsCount: 0,
      droppedLinksCount: 0,
    };
  };
}
