/**
 * Run as a child process by requeue-crash.kafka.test.ts: runs a bulk-requeue job against the real broker and
 * SIGKILLs itself right after the broker acknowledged its n-th batch, before the log marks it: the worst moment.
 * Usage: node --import tsx crash-child.fixture.ts <dataDir> <jobId> <crashAfterWrites> <log location as JSON>
 */
import { loadConfig } from '../config';
import { createKafkaAccess, type KafkaAccess } from '../kafka';
import { openSqliteRecordStore } from '../store';
import { createDeadLetterActions } from './dead-letter-actions';

const [dataDir = '', jobId = '', crashAfter = '1', location = '{}'] = process.argv.slice(2);
const at = JSON.parse(location) as { dataDir?: string; databaseUrl?: string };
const config = loadConfig({ LENS_KAFKA_BROKERS: process.env.LENS_TEST_BROKERS ?? '127.0.0.1:9092', LENS_DATA_DIR: dataDir });
const kafka = createKafkaAccess(config.kafka, '-crash-child');
const crashing: KafkaAccess = {
  ...kafka,
  async connectRecordWriter() {
    const writer = await kafka.connectRecordWriter();
    let writes = 0;
    return {
      async write(topic, records) {
        const written = await writer.write(topic, records);
        writes += 1;
        if (writes >= Number(crashAfter)) process.kill(process.pid, 'SIGKILL');
        return written;
      },
      close: () => writer.close(),
    };
  },
};
const store = openSqliteRecordStore({ dataDir });
const actions = createDeadLetterActions({ dataDir: at.dataDir ?? dataDir, databaseUrl: at.databaseUrl, kafka: crashing, store, deadLetters: config.deadLetters, requeue: config.requeue, recoverAtStart: false, batchSize: 50 });
void actions.runner.run(jobId);
