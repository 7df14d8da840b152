/**
 * A record store filled with generated records for benchmarks, cached under the OS temp dir by generator
 * version, size and seed, so a second run skips the minutes of generation; `fresh` always rebuilds it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { postgresMigrations } from '../../server/store/postgres/schema';
import { openRecordStore, type IngestedRecord, type RecordStore } from '../../server/store';
import { generateRecords, generatorVersion, type GeneratedFacts, type GenerateOptions } from './generate-records';

export interface Generation {
  records: number;
  seconds: number;
  /** time spent building records (JS) and inside insertBatch (SQLite + FTS) */
  generateSeconds: number;
  insertSeconds: number;
  batchSize: number;
}

export interface BenchStore {
  store: RecordStore;
  facts: GeneratedFacts;
  dataDir: string;
  /** 'fresh' when generated in this run, else the run that generated it */
  origin: 'fresh' | 'cache';
  generation: Generation;
  /** Kafka time of the newest record's trace start when generated */
  endMs: number;
  sizeBytes: number;
}

interface CacheMeta {
  facts: GeneratedFacts;
  generation: Generation;
  endMs: number;
}

export type BenchStoreOptions = Omit<GenerateOptions, 'endMs'> & {
  fresh: boolean;
  batchSize: number;
  onProgress?: (line: string) => void;
  /** a PostgreSQL server to keep the store in (a database per generation, cached like the SQLite file); SQLite otherwise */
  postgresUrl?: string;
};

export function benchStoreDir(options: Pick<GenerateOptions, 'total' | 'seed' | 'largeTraceRecords'>): string {
  return path.join(os.tmpdir(), 'eventy-lens-bench', `g${generatorVersion}-n${options.total}-t${options.largeTraceRecords}-s${options.seed}`);
}

/** Where a generation lives: a SQLite directory, or a PostgreSQL database named after it (meta.json beside it, in the temp dir). */
function benchLocation(options: BenchStoreOptions): { dataDir: string; databaseUrl: string | undefined; reset: () => Promise<void> } {
  const dir = benchStoreDir(options);
  if (options.postgresUrl === undefined) return { dataDir: dir, databaseUrl: undefined, reset: () => Promise.resolve(fs.rmSync(dir, { recursive: true, force: true })) };
  const dataDir = `${dir}-postgres`;
  const database = `lens_bench_${path.basename(dir).replace(/[^a-z0-9]/gi, '_').toLowerCase()}`.slice(0, 63);
  const url = new URL(options.postgresUrl);
  url.pathname = `/${database}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: options.postgresUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  return {
    dataDir,
    databaseUrl: url.toString(),
    reset: async () => {
      fs.rmSync(dataDir, { recursive: true, force: true });
      await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await admin(`CREATE DATABASE ${database}`);
    },
  };
}

export async function openBenchStore(options: BenchStoreOptions): Promise<BenchStore> {
  const { dataDir, databaseUrl, reset } = benchLocation(options);
  const metaFile = path.join(dataDir, 'meta.json');
  if (!options.fresh && fs.existsSync(metaFile)) {
    const meta = JSON.parse(fs.readFileSync(metaFile, 'utf8')) as CacheMeta;
    const store = openRecordStore({ dataDir, databaseUrl });
    return { store, ...meta, dataDir, origin: 'cache', sizeBytes: (await store.stats()).sizeBytes };
  }
  await reset();
  fs.mkdirSync(dataDir, { recursive: true });
  const store = openRecordStore({ dataDir, databaseUrl });
  // PostgreSQL: load first, index after (what is measured is the queries on the finished indexes, not this load)
  const recreateIndexes = databaseUrl === undefined ? null : await dropRecordIndexes(store, databaseUrl);
  const endMs = Date.now() - 5 * 60_000;
  const { records, facts } = generateRecords({ ...options, endMs });
  let generateMs = 0;
  let insertMs = 0;
  let batch: IngestedRecord[] = [];
  const began = performance.now();
  let mark = began;
  const insert = async (): Promise<void> => {
    const start = performance.now();
    generateMs += start - mark;
    await store.insertBatch(batch);
    mark = performance.now();
    insertMs += mark - start;
    batch = [];
  };
  let lastReport = began;
  for (const record of records) {
    batch.push(record);
    if (batch.length < options.batchSize) continue;
    await insert();
    if (mark - lastReport > 15_000) {
      lastReport = mark;
      options.onProgress?.(`  ${facts().records.toLocaleString('en')} records after ${((mark - began) / 1000).toFixed(0)} s`);
    }
  }
  if (batch.length > 0) await insert();
  if (recreateIndexes !== null) {
    options.onProgress?.('  building the indexes...');
    await recreateIndexes();
  }
  const generation: Generation = {
    records: facts().records,
    seconds: (performance.now() - began) / 1000,
    generateSeconds: generateMs / 1000,
    insertSeconds: insertMs / 1000,
    batchSize: options.batchSize,
  };
  fs.writeFileSync(metaFile, JSON.stringify({ facts: facts(), generation, endMs } satisfies CacheMeta));
  return { store, facts: facts(), generation, endMs, dataDir, origin: 'fresh', sizeBytes: (await store.stats()).sizeBytes };
}

/** Drops the record table's secondary indexes for a bulk load; the answer rebuilds them (as the schema defines them) and analyzes. */
async function dropRecordIndexes(store: RecordStore, databaseUrl: string): Promise<() => Promise<void>> {
  await store.stats(); // the schema is in place once the store answered
  const statements = postgresMigrations.join('\n').match(/CREATE INDEX records_\w+ ON records [^;]+;/g) ?? [];
  const run = async (sql: string) => {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  for (const statement of statements) await run(`DROP INDEX IF EXISTS ${statement.split(' ')[2]}`);
  return async () => {
    for (const statement of statements) await run(statement);
    await run('ANALYZE');
  };
}
