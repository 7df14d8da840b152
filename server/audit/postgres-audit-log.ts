import pg from 'pg';
import { migrateOnFirstUse, postgresConnection } from '../store/postgres/schema';
import type { AuditEntry, AuditEntryInput, AuditLog, AuditQuery } from './contract';
import { auditListSql, entryFromRow, InvalidAuditCursorError, type AuditRow } from './sqlite-audit-log';

export interface PostgresAuditLogOptions {
  url: string;
  /** an existing schema to keep the table in (tests use one each) */
  schema?: string;
}

/** The audit log in the shared PostgreSQL database (LENS_DATABASE_URL): one log for every dashboard instance. */
export function openPostgresAuditLog(options: PostgresAuditLogOptions): AuditLog {
  const pool = new pg.Pool({
    ...postgresConnection(options.url, 'eventy-lens-audit', options.schema),
    max: 4,
  });
  pool.on('error', () => undefined);
  const ready = migrateOnFirstUse(pool);
  void ready().catch(() => undefined);
  let closed: Promise<void> | null = null;
  return {
    async append(entry: AuditEntryInput): Promise<AuditEntry> {
      await ready();
      const at = new Date().toISOString();
      const details = entry.details ?? {};
      const { actor, origin } = entry;
      const { rows } = await pool.query<{ id: string }>(
        `INSERT INTO audit_entries (at, actor_name, actor_role, actor_via, ip, user_agent, action, target, result, details)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
        [at, actor.name, actor.role, actor.via, origin.ip, origin.userAgent, entry.action, entry.target, entry.result, JSON.stringify(details)],
      );
      return { ...entry, id: Number(rows[0]?.id), at, details };
    },
    async list(query: AuditQuery) {
      await ready();
      const { sql, params } = auditListSql(query);
      let n = 0;
      const { rows } = await pool.query<AuditRow & { id: string }>(sql.replace(/\?/g, () => `$${++n}`), params);
      const items = rows.slice(0, query.limit).map((row) => entryFromRow({ ...row, id: Number(row.id) }));
      const last = items.at(-1);
      return { items, nextCursor: rows.length > query.limit && last ? String(last.id) : null };
    },
    close: () => (closed ??= pool.end()),
  };
}

export { InvalidAuditCursorError };
