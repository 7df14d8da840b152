import type { MigrationPlan } from '../store';
import type { ParkListQuery, ParkState, ParkView } from './contract';
import type { LogEngine } from './log-engine';
import { openSqliteLogEngine } from './sqlite-log-engine';

const migrations: readonly string[] = [
  `
  CREATE TABLE parks (
    id TEXT PRIMARY KEY,
    group_id TEXT NOT NULL,
    topic TEXT NOT NULL,
    kafka_partition INTEGER NOT NULL,
    original_offset INTEGER NOT NULL,
    state TEXT NOT NULL,
    dlq_topic TEXT NOT NULL,
    -- the dead-letter partition's high watermark before the produce: recovery looks for the copy from there
    dlq_search_from INTEGER NOT NULL,
    dlq_offset INTEGER,
    stuck_since TEXT,
    parked_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    parked_at TEXT,
    undone_by TEXT,
    undone_at TEXT,
    -- one park per record and group: a second request answers the first park
    UNIQUE (group_id, topic, kafka_partition, original_offset)
  );
  CREATE INDEX parks_topic ON parks (topic, created_at);
  `,
];
const plan: MigrationPlan = { what: 'park log', migrations, firstVersion: 1 };

/** What a park row needs when it is first written, before anything is sent. */
export interface NewPark {
  id: string;
  groupId: string;
  topic: string;
  partition: number;
  offset: number;
  dlqTopic: string;
  dlqSearchFrom: number;
  stuckSince: string | null;
  parkedBy: string;
  createdAt: string;
}

export interface ParkRow extends ParkView {
  dlqPartition: number;
  dlqSearchFrom: number;
}

/** The durable park log: written before the copy is produced, so a crash leaves a row that says where to look. */
export interface ParkLog {
  /** inserts the row unless this (group, topic, partition, offset) has one; answers the row that stands */
  claim(park: NewPark): Promise<{ row: ParkRow; created: boolean }>;
  get(id: string): Promise<ParkRow | null>;
  find(groupId: string, topic: string, partition: number, offset: number): Promise<ParkRow | null>;
  markCopied(id: string, dlqOffset: number): Promise<void>;
  markParked(id: string, at: string): Promise<void>;
  markUndone(id: string, by: string, at: string): Promise<void>;
  /** newest first */
  list(query: ParkListQuery): Promise<ParkRow[]>;
  close(): Promise<void>;
}

/** A row as either engine answers it (PostgreSQL answers its bigints as strings). */
type Row = Record<string, string | number | null>;

function toParkRow(r: Row): ParkRow {
  const partition = Number(r['kafka_partition']);
  const dlqTopic = String(r['dlq_topic']);
  const dlqOffset = r['dlq_offset'] === null ? null : Number(r['dlq_offset']);
  return {
    id: String(r['id']),
    groupId: String(r['group_id']),
    topic: String(r['topic']),
    partition,
    offset: Number(r['original_offset']),
    state: String(r['state']) as ParkState,
    dlqTopic,
    dlqPartition: partition,
    dlqSearchFrom: Number(r['dlq_search_from']),
    deadLetterId: dlqOffset === null ? null : `${dlqTopic}:${partition}:${dlqOffset}`,
    stuckSince: r['stuck_since'] === null ? null : String(r['stuck_since']),
    parkedBy: String(r['parked_by']),
    createdAt: String(r['created_at']),
    parkedAt: r['parked_at'] === null ? null : String(r['parked_at']),
    undoneBy: r['undone_by'] === null ? null : String(r['undone_by']),
    undoneAt: r['undone_at'] === null ? null : String(r['undone_at']),
  };
}

/** The park log's SQL, written once for both engines (the `parks` table is the same in SQLite and PostgreSQL). */
export function createParkLog(engine: LogEngine): ParkLog {
  const { sql } = engine;
  const one = async (text: string, params: (string | number)[]) => {
    const [row] = await sql.all<Row>(text, params);
    return row === undefined ? null : toParkRow(row);
  };
  const find = (groupId: string, topic: string, partition: number, offset: number) =>
    one('SELECT * FROM parks WHERE group_id = ? AND topic = ? AND kafka_partition = ? AND original_offset = ?', [groupId, topic, partition, offset]);
  let closed: Promise<void> | null = null;
  return {
    async claim(park) {
      const changed = await sql.run(
        `INSERT INTO parks (id, group_id, topic, kafka_partition, original_offset, state, dlq_topic, dlq_search_from, stuck_since, parked_by, created_at)
         VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?, ?) ON CONFLICT (group_id, topic, kafka_partition, original_offset) DO NOTHING`,
        [park.id, park.groupId, park.topic, park.partition, park.offset, park.dlqTopic, park.dlqSearchFrom, park.stuckSince, park.parkedBy, park.createdAt],
      );
      // a claim that lost to another instance's committed insert reads that row here (each statement sees the latest commit)
      const row = await find(park.groupId, park.topic, park.partition, park.offset);
      if (row === null) throw new Error(`park ${park.id} was neither written nor found`);
      return { row, created: changed === 1 };
    },
    get: (id) => one('SELECT * FROM parks WHERE id = ?', [id]),
    find,
    async markCopied(id, dlqOffset) {
      await sql.run(`UPDATE parks SET dlq_offset = ?, state = CASE state WHEN 'pending' THEN 'copied' ELSE state END WHERE id = ?`, [dlqOffset, id]);
    },
    async markParked(id, at) {
      await sql.run(`UPDATE parks SET state = 'parked', parked_at = ?, undone_by = NULL, undone_at = NULL WHERE id = ?`, [at, id]);
    },
    async markUndone(id, by, at) {
      await sql.run(`UPDATE parks SET state = 'undone', undone_by = ?, undone_at = ? WHERE id = ?`, [by, at, id]);
    },
    async list({ group, topic, limit }) {
      const where: string[] = [];
      const params: (string | number)[] = [];
      if (group !== undefined) {
        where.push('group_id = ?');
        params.push(group);
      }
      if (topic !== undefined) {
        where.push('topic = ?');
        params.push(topic);
      }
      const text = `SELECT * FROM parks ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, id DESC LIMIT ?`;
      return (await sql.all<Row>(text, [...params, limit])).map(toParkRow);
    },
    close: () => (closed ??= engine.close()),
  };
}

/** Its own small SQLite file in the data dir: parks outlive record retention and must survive a restart. */
export function openParkLog(dataDir: string, fileName = 'parks.sqlite'): ParkLog {
  return createParkLog(openSqliteLogEngine(dataDir, fileName, plan));
}
