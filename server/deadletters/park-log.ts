import { openSmallSqliteFile, type MigrationPlan } from '../store';
import type { ParkListQuery, ParkState, ParkView } from './contract';

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
  claim(park: NewPark): { row: ParkRow; created: boolean };
  get(id: string): ParkRow | null;
  find(groupId: string, topic: string, partition: number, offset: number): ParkRow | null;
  markCopied(id: string, dlqOffset: number): void;
  markParked(id: string, at: string): void;
  markUndone(id: string, by: string, at: string): void;
  /** newest first */
  list(query: ParkListQuery): ParkRow[];
  close(): void;
}

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

/** Its own small SQLite file in the data dir: parks outlive record retention and must survive a restart. */
export function openParkLog(dataDir: string, fileName = 'parks.sqlite'): ParkLog {
  const db = openSmallSqliteFile(dataDir, fileName, plan, { synchronous: 'FULL' });
  const insert = db.prepare(
    `INSERT INTO parks (id, group_id, topic, kafka_partition, original_offset, state, dlq_topic, dlq_search_from, stuck_since, parked_by, created_at)
     VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?, ?) ON CONFLICT (group_id, topic, kafka_partition, original_offset) DO NOTHING`,
  );
  const byId = db.prepare('SELECT * FROM parks WHERE id = ?');
  const byRecord = db.prepare('SELECT * FROM parks WHERE group_id = ? AND topic = ? AND kafka_partition = ? AND original_offset = ?');
  const setCopied = db.prepare(`UPDATE parks SET dlq_offset = ?, state = CASE state WHEN 'pending' THEN 'copied' ELSE state END WHERE id = ?`);
  const setParked = db.prepare(`UPDATE parks SET state = 'parked', parked_at = ?, undone_by = NULL, undone_at = NULL WHERE id = ?`);
  const setUndone = db.prepare(`UPDATE parks SET state = 'undone', undone_by = ?, undone_at = ? WHERE id = ?`);

  const find = (groupId: string, topic: string, partition: number, offset: number) => {
    const row = byRecord.get(groupId, topic, partition, offset) as Row | undefined;
    return row === undefined ? null : toParkRow(row);
  };
  return {
    claim(park) {
      const { changes } = insert.run(park.id, park.groupId, park.topic, park.partition, park.offset, park.dlqTopic, park.dlqSearchFrom, park.stuckSince, park.parkedBy, park.createdAt);
      const row = find(park.groupId, park.topic, park.partition, park.offset);
      if (row === null) throw new Error(`park ${park.id} was neither written nor found`);
      return { row, created: Number(changes) === 1 };
    },
    get(id) {
      const row = byId.get(id) as Row | undefined;
      return row === undefined ? null : toParkRow(row);
    },
    find,
    markCopied: (id, dlqOffset) => void setCopied.run(dlqOffset, id),
    markParked: (id, at) => void setParked.run(at, id),
    markUndone: (id, by, at) => void setUndone.run(by, at, id),
    list({ group, topic, limit }) {
      const where: string[] = [];
      const args: (string | number)[] = [];
      if (group !== undefined) {
        where.push('group_id = ?');
        args.push(group);
      }
      if (topic !== undefined) {
        where.push('topic = ?');
        args.push(topic);
      }
      const sql = `SELECT * FROM parks ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, id DESC LIMIT ?`;
      return (db.prepare(sql).all(...args, limit) as Row[]).map(toParkRow);
    },
    close: () => db.close(),
  };
}
