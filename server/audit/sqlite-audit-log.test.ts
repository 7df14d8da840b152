import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe } from 'vitest';
import { tempDir } from '../../testing/kafka-fixtures';
import { describeAuditLog } from './audit-log.contract';
import { openSqliteAuditLog } from './sqlite-audit-log';

describe('the SQLite audit log', () =>
  describeAuditLog({
    open: (at) => {
      const dir = at ?? tempDir('audit');
      return Promise.resolve({ log: openSqliteAuditLog(dir), at: dir });
    },
    tamper: (at, sql) => {
      const other = new DatabaseSync(path.join(at, 'audit.sqlite'));
      try {
        other.exec(sql);
        return Promise.resolve();
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      } finally {
        other.close();
      }
    },
    cleanup: () => Promise.resolve(),
  }));
