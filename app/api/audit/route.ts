import { NextResponse, type NextRequest } from 'next/server';
import { auditQuerySchema, collectAuditEntries, exportFileName } from '@/server/audit';
import { authorizeRequest } from '@/server/auth';
import { parseSearchParams, respondWith } from '@/server/http/respond';
import { getLensRuntime } from '@/server/runtime';

export const dynamic = 'force-dynamic';

/** Audit entries newest first with cursor paging; `?format=json` downloads every entry of the filters as a file. */
export async function GET(request: NextRequest) {
  const auth = await authorizeRequest(request, 'viewer');
  if (!auth.ok) return auth.response;
  const params = new URLSearchParams(request.nextUrl.searchParams);
  const format = params.get('format');
  params.delete('format');
  if (format !== null && format !== 'json') {
    return NextResponse.json({ error: 'invalid query parameters', issues: [{ path: ['format'], message: 'expected json' }] }, { status: 422 });
  }
  const query = parseSearchParams(auditQuerySchema, params);
  if (!query.ok) return query.response;
  const { audit } = getLensRuntime();
  if (format === null) return respondWith(() => audit.list(query.data));
  return respondWith(async () => {
    const { items, truncated } = await collectAuditEntries(audit, query.data);
    const body = JSON.stringify({ exportedAt: new Date().toISOString(), filters: { ...query.data, cursor: undefined, limit: undefined }, truncated, items }, null, 2);
    return new NextResponse(body, {
      headers: { 'content-type': 'application/json; charset=utf-8', 'content-disposition': `attachment; filename="${exportFileName()}"`, 'cache-control': 'no-store' },
    });
  });
}
