import fs from 'node:fs';
import { describe } from 'vitest';
import { tempDir } from '../../testing/kafka-fixtures';
import { describeParkLog } from './park-log.contract';
import { openParkLog } from './park-log';

const dirs: string[] = [];

describe('the SQLite park log', () =>
  describeParkLog({
    open: (at) => {
      const dir = at ?? tempDir('lens-park-log');
      if (at === undefined) dirs.push(dir);
      return Promise.resolve({ log: openParkLog(dir), at: dir });
    },
    cleanup: () => {
      for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
      return Promise.resolve();
    },
  }));
