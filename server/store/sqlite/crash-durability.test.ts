import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDirs } from './record-fixtures';
import { openSqliteRecordStore } from './sqlite-record-store';

const here = import.meta.dirname;
const repoRoot = path.resolve(here, '../../..');

/** Runs a child that stores one committed batch, announces it, starts a big batch and waits to be killed. */
function runChild(dataDir: string, onLine: (line: string, kill: () => void) => void): Promise<NodeJS.Signals | null> {
  const script = path.join(dataDir, 'child.ts');
  fs.writeFileSync(
    script,
    `import { openSqliteRecordStore } from ${JSON.stringify(path.join(here, 'sqlite-record-store.ts'))};
import { decodedMessage } from ${JSON.stringify(path.join(here, 'record-fixtures.ts'))};
async function main() {
  const store = openSqliteRecordStore({ dataDir: ${JSON.stringify(dataDir)} });
  await store.insertBatch(Array.from({ length: 100 }, (_, offset) => decodedMessage({ offset })));
  process.stdout.write('committed\\n');
  const big = Array.from({ length: 20000 }, (_, i) => decodedMessage({ offset: 100 + i }));
  process.stdout.write('writing\\n');
  await new Promise((resolve) => setTimeout(resolve, 50));
  await store.insertBatch(big);
  setInterval(() => {}, 1000);
}
void main();
`,
  );
  const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    for (const line of chunk.split('\n').filter(Boolean)) onLine(line, () => child.kill('SIGKILL'));
  });
  return new Promise((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
}

describe('durability', () => {
  it('keeps every committed batch and no part of an interrupted one after kill -9', async () => {
    const dataDir = makeTempDir();
    const signal = await runChild(dataDir, (line, kill) => {
      if (line === 'writing') setTimeout(kill, 250);
    });
    expect(signal).toBe('SIGKILL');
    const store = openSqliteRecordStore({ dataDir });
    const { recordCount } = await store.stats();
    expect([100, 20100]).toContain(recordCount);
    expect(await store.getRecord('orders-events:0:99')).toMatchObject({ offset: 99 });
    expect((await store.queryRecords({ q: 'order-1042', limit: 500 })).items.length).toBe(Math.min(recordCount, 500));
    await store.close();
    removeTempDirs();
  }, 60_000);
});
