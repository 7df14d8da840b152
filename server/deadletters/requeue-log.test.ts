import fs from 'node:fs';
import { describe } from 'vitest';
import { tempDir } from '../../testing/kafka-fixtures';
import { describeRequeueLog } from './requeue-log.contract';

const dirs: string[] = [];

describe('the SQLite requeue log', () =>
  describeRequeueLog({
    newLocation: () => {
      const dataDir = tempDir('lens-requeue-log');
      dirs.push(dataDir);
      return Promise.resolve({ dataDir });
    },
    cleanup: () => Promise.resolve(dirs.splice(0).forEach((dir) => fs.rmSync(dir, { recursive: true, force: true }))),
  }));
