import fs from 'node:fs';
import { Kafka, logLevel, type LogEntry, type SASLOptions } from 'kafkajs';
import type { LensConfig } from '../config';
import { createLogger } from '../telemetry/logger';

const log = createLogger('kafka');

// Our producers bound their retries on purpose: an operator action must fail visibly, not hang.
const expectedWarnings = new Set(['Limiting retries for the idempotent producer may invalidate EoS guarantees']);

/** kafkajs logs every reconnect attempt as ERROR; the collector reports state itself, so these are warnings. */
function kafkaLogCreator() {
  return ({ level, log: entry }: LogEntry) => {
    const { message, ...fields } = entry;
    delete (fields as Record<string, unknown>).timestamp;
    if (level <= logLevel.WARN && !expectedWarnings.has(message)) log.warn(message, fields);
    else log.debug(message, fields);
  };
}

function saslOptions(sasl: NonNullable<LensConfig['kafka']['sasl']>): SASLOptions {
  return { mechanism: sasl.mechanism, username: sasl.username, password: sasl.password };
}

export function createKafkajsClient(config: LensConfig['kafka'], clientIdSuffix = ''): Kafka {
  const ssl = config.ssl
    ? config.sslCaFile
      ? { ca: [fs.readFileSync(config.sslCaFile, 'utf8')] }
      : true
    : undefined;
  return new Kafka({
    clientId: `${config.clientId}${clientIdSuffix}`,
    brokers: config.brokers,
    ...(ssl === undefined ? {} : { ssl }),
    ...(config.sasl ? { sasl: saslOptions(config.sasl) } : {}),
    connectionTimeout: 3000,
    requestTimeout: 30000,
    logLevel: logLevel.WARN,
    logCreator: kafkaLogCreator,
    retry: { initialRetryTime: 300, maxRetryTime: 10_000, retries: 8 },
  });
}
