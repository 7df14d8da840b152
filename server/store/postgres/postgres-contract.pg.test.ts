import { describe } from 'vitest';
import { describeFlowCounts } from '../contract-suite/flow-counts.contract';
import { describeStoreBasics } from '../contract-suite/store-basics.contract';
import { postgresHarness } from '../contract-suite/store-harness';
import { describeTraceList } from '../contract-suite/trace-list.contract';

// the same RecordStore contract suites as sqlite-contract.test.ts, on a real PostgreSQL server (LENS_TEST_DATABASE_URL)
describe('PostgreSQL store: basics', () => describeStoreBasics(postgresHarness()));
describe('PostgreSQL store: flow counts', () => describeFlowCounts(postgresHarness()));
describe('PostgreSQL store: trace list', () => describeTraceList(postgresHarness()));
