export { openSqliteAuditLog, InvalidAuditCursorError } from './sqlite-audit-log';
export { auditActions, auditResults, auditQuerySchema } from './contract';
export type { AuditLog, AuditEntry, AuditEntryInput, AuditQuery, AuditAction, AuditResult } from './contract';
export { collectAuditEntries, exportFileName, exportLimit } from './export-audit';
