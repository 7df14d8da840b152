import 'server-only';
import { NextResponse } from 'next/server';
import type { z } from 'zod';
import { createLogger } from '../telemetry/logger';

const log = createLogger('api');

export type Parsed<T> = { ok: true; data: T } | { ok: false; response: NextResponse };

/** Validates query parameters; an invalid or repeated parameter → 422 with every reason. */
export function parseSearchParams<S extends z.ZodType>(schema: S, params: URLSearchParams): Parsed<z.infer<S>> {
  const repeated = [...new Set([...params.keys()].filter((k) => params.getAll(k).length > 1))];
  if (repeated.length > 0) {
    const issues = repeated.map((k) => ({ path: [k], message: 'give this parameter once' }));
    return { ok: false, response: NextResponse.json({ error: 'invalid query parameters', issues }, { status: 422 }) };
  }
  return parseInput(schema, Object.fromEntries(params), 'invalid query parameters');
}

export function parseInput<S extends z.ZodType>(schema: S, input: unknown, error: string): Parsed<z.infer<S>> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, data: parsed.data };
  const issues = parsed.error.issues.map((i) => ({ path: i.path, message: i.message }));
  return { ok: false, response: NextResponse.json({ error, issues }, { status: 422 }) };
}

/** Runs one service call and maps known failures to statuses; unknown ones are logged, never leaked. */
export async function respondWith(work: () => Promise<unknown>): Promise<NextResponse> {
  try {
    const result = await work();
    return result instanceof NextResponse ? result : NextResponse.json(result);
  } catch (error) {
    if (errorCode(error) === 'INVALID_CURSOR') {
      return NextResponse.json({ error: 'invalid query parameters', issues: [{ path: ['cursor'], message: (error as Error).message }] }, { status: 422 });
    }
    log.error('request failed', { error });
    return NextResponse.json({ error: 'internal error, see the server log' }, { status: 500 });
  }
}

/** Errors are matched by their `code`: the runtime on globalThis may come from another bundle's copy of a class. */
function errorCode(error: unknown): unknown {
  return typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
}
