import { describe } from 'vitest';
import { describeDeadLetters } from '../contract-suite/dead-letters.contract';
import { describeFlowCounts } from '../contract-suite/flow-counts.contract';
import { describeStoreBasics } from '../contract-suite/store-basics.contract';
import { sqliteHarness } from '../contract-suite/store-harness';
import { describeRecordQueries } from '../contract-suite/record-query.contract';
import { describeRetention } from '../contract-suite/retention.contract';
import { describeTraceList } from '../contract-suite/trace-list.contract';

// the RecordStore contract suites, on the embedded SQLite store (postgres-contract.pg.test.ts runs them on PostgreSQL)
describe('SQLite store: basics', () => describeStoreBasics(sqliteHarness()));
describe('SQLite store: flow counts', () => describeFlowCounts(sqliteHarness()));
describe('SQLite store: trace list', () => describeTraceList(sqliteHarness()));
describe('SQLite store: retention', () => describeRetention(sqliteHarness()));
describe('SQLite store: dead letters and failed responses', () => describeDeadLetters(sqliteHarness()));
describe('SQLite store: record queries', () => describeRecordQueries(sqliteHarness()));
