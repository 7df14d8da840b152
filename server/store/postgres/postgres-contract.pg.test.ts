import { describe } from 'vitest';
import { describeDeadLetters } from '../contract-suite/dead-letters.contract';
import { describeFlowCounts } from '../contract-suite/flow-counts.contract';
import { describeStoreBasics } from '../contract-suite/store-basics.contract';
import { postgresHarness } from '../contract-suite/store-harness';
import { describeRecordQueries } from '../contract-suite/record-query.contract';
import { describeRetention } from '../contract-suite/retention.contract';
import { describeTraceList } from '../contract-suite/trace-list.contract';

// the same RecordStore contract suites as sqlite-contract.test.ts, on a real PostgreSQL server (LENS_TEST_DATABASE_URL)
describe('PostgreSQL store: basics', () => describeStoreBasics(postgresHarness()));
describe('PostgreSQL store: flow counts', () => describeFlowCounts(postgresHarness()));
describe('PostgreSQL store: trace list', () => describeTraceList(postgresHarness()));
describe('PostgreSQL store: retention', () => describeRetention(postgresHarness()));
describe('PostgreSQL store: dead letters and failed responses', () => describeDeadLetters(postgresHarness()));
describe('PostgreSQL store: record queries', () => describeRecordQueries(postgresHarness()));
