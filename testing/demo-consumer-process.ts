/** Runs one of the demo consumers (scripts/demo/consumers) as a child process and follows its JSON-line reports. */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { testBrokers, waitFor } from './kafka-fixtures';

export interface ConsumerReport {
  event: string;
  topic?: string;
  partition?: number;
  offset?: number;
  [key: string]: unknown;
}

export interface DemoConsumerProcess {
  reports: ConsumerReport[];
  /** resolves with the first report that matches, waiting up to `timeoutMs` */
  waitForReport(match: (r: ConsumerReport) => boolean, what: string, timeoutMs?: number): Promise<ConsumerReport>;
  /** resolves with the exit code once the process ended */
  exited: Promise<number | null>;
  /** SIGTERM, then the exit code */
  stop(): Promise<number | null>;
  child: ChildProcess;
}

// __dirname, not import.meta: Playwright loads this file as CommonJS
const repoRoot = path.resolve(__dirname, '..');

export function startDemoConsumer(script: 'eventy-stopping-consumer' | 'spring-dlt-consumer', env: Record<string, string>): DemoConsumerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'scripts/demo/consumers', `${script}.ts`)], {
    cwd: repoRoot,
    env: { ...process.env, LENS_KAFKA_BROKERS: testBrokers, LENS_LOG_LEVEL: 'error', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const reports: ConsumerReport[] = [];
  let buffered = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) if (line.trim() !== '') reports.push(JSON.parse(line) as ConsumerReport);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    reports,
    child,
    exited,
    waitForReport: (match, what, timeoutMs = 60_000) => waitFor(() => reports.find(match), what, timeoutMs),
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
