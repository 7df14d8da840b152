import { z } from 'zod';
import type { Trace } from '../link/contract';
import type { StoredTraceSummary } from '../store/contract';

export const correlationIdSchema = z.string().min(1, 'expected a correlation id').max(500, 'a correlation id has at most 500 characters');

/** The `{correlationId}` path segment as Next.js hands it over: still URL-encoded (ids carry ':' and '/'). */
export const correlationIdParamSchema = z
  .string()
  .transform((raw, ctx) => {
    try {
      return decodeURIComponent(raw);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'malformed URL encoding' });
      return z.NEVER;
    }
  })
  .pipe(correlationIdSchema);

/** What `GET /api/traces/{correlationId}` returns. */
export interface TraceAnswer extends Trace {
  /** more records carry this correlation id than we link; the newest ones were kept */
  truncated: boolean;
  /** false when the broker did not answer: edges inferred from consumer groups are missing */
  consumptionKnown: boolean;
}

export type TraceResult = { found: true; trace: TraceAnswer } | { found: false; reason: string };

/** One row of `GET /api/traces`: the store's summary with the trace id it would export under. */
export interface TraceSummary extends Omit<StoredTraceSummary, 'errorCount' | 'traceparent'> {
  /** 32 hex digits: the services' own (traceparent) when they sent one, else derived from the correlation id */
  traceId: string;
}

export interface TraceListPage {
  items: TraceSummary[];
  nextCursor: string | null;
}
