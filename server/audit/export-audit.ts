import type { AuditEntry, AuditLog, AuditQuery } from './contract';

/** An export is every entry of the filters, newest first, up to this many. */
export const exportLimit = 100_000;

/** All entries matching the filters (the query's cursor and limit are ignored), page by page through the log's cursor. */
export async function collectAuditEntries(
  log: AuditLog,
  query: AuditQuery,
  { limit = exportLimit, pageSize = 1000 }: { limit?: number; pageSize?: number } = {},
): Promise<{ items: AuditEntry[]; truncated: boolean }> {
  const items: AuditEntry[] = [];
  let cursor: string | undefined;
  for (;;) {
    const { cursor: _ignored, ...filters } = query;
    const page = await log.list({ ...filters, limit: pageSize, ...(cursor === undefined ? {} : { cursor }) });
    items.push(...page.items);
    if (items.length >= limit) return { items: items.slice(0, limit), truncated: true };
    if (page.nextCursor === null) return { items, truncated: false };
    cursor = page.nextCursor;
  }
}

export function exportFileName(now = new Date()): string {
  return `eventy-lens-audit-${now.toISOString().replace(/[:.]/g, '-')}.json`;
}
