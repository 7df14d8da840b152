import { describe } from 'vitest';
import { tempDir } from '../../testing/kafka-fixtures';
import { describeLagHistoryStore } from './history-store.contract';
import { openLagHistoryStore } from './history-store';

describe('the SQLite lag history', () =>
  describeLagHistoryStore({
    open: (at) => {
      const dir = at ?? tempDir('lag-history');
      return Promise.resolve({ history: openLagHistoryStore(dir), at: dir });
    },
    cleanup: () => Promise.resolve(),
  }));
