import { z } from 'zod';
import type { Actor, RequestOrigin } from '../auth/contract';

/** Actions written to the audit log; one entry per attempt, refused and failed ones included. */
export const auditActions = [
  'login',
  'logout',
  'dead-letter.requeue',
  'dead-letter.requeue-bulk',
  'replay',
  'replay.dry-run',
  'job.cancel',
  'job.resume',
  'stuck.park',
  'stuck.unpark',
  /** a refused write to any other endpoint (target: its path) */
  'request.refused',
] as const;
export type AuditAction = (typeof auditActions)[number];

export const auditResults = ['ok', 'refused', 'failed'] as const;
export type AuditResult = (typeof auditResults)[number];

export interface AuditEntryInput {
  actor: Pick<Actor, 'name' | 'role' | 'via'>;
  origin: RequestOrigin;
  action: AuditAction;
  /** what was acted on: a dead-letter id, `group/topic/partition`, a job id, a target topic… */
  target: string;
  result: AuditResult;
  /** action-specific facts (edited-value diff, counts, new record ids, the refusal reason); never secrets */
  details?: Record<string, unknown>;
}

export interface AuditEntry extends AuditEntryInput {
  id: number;
  /** ISO 8601 UTC */
  at: string;
  details: Record<string, unknown>;
}

export const auditQuerySchema = z
  .object({
    actor: z.string().min(1).max(200).optional(),
    action: z.enum(auditActions).optional(),
    target: z.string().min(1).max(1000).optional(),
    result: z.enum(auditResults).optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
    cursor: z.string().min(1).max(100).optional(),
  })
  .strict();
export type AuditQuery = z.infer<typeof auditQuerySchema>;

/** Append-only: entries are never updated or deleted (the SQLite file refuses it with triggers). */
export interface AuditLog {
  append(entry: AuditEntryInput): Promise<AuditEntry>;
  /** newest first */
  list(query: AuditQuery): Promise<{ items: AuditEntry[]; nextCursor: string | null }>;
  close(): Promise<void>;
}
