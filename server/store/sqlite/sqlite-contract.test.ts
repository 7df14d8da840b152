import { describe } from 'vitest';
import { describeFlowCounts } from '../contract-suite/flow-counts.contract';
import { describeStoreBasics } from '../contract-suite/store-basics.contract';
import { sqliteHarness } from '../contract-suite/store-harness';
import { describeTraceList } from '../contract-suite/trace-list.contract';

// the RecordStore contract suites, on the embedded SQLite store (postgres-contract.pg.test.ts runs them on PostgreSQL)
describe('SQLite store: basics', () => describeStoreBasics(sqliteHarness()));
describe('SQLite store: flow counts', () => describeFlowCounts(sqliteHarness()));
describe('SQLite store: trace list', () => describeTraceList(sqliteHarness()));
