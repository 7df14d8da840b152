/**
 * `npm run bench:tail:browser`: the live tail end to end. Starts the built app (`next start`, NEXT_DIST_DIR or
 * `.next`) on a free port with its own data dir, topic pattern and group; opens /records?topic=… in Debian's
 * chromium, turns the live tail on, then produces records one at a time ~20 ms apart and measures produce
 * (broker ack) → row in the page's DOM per record, against the p95 ≤ 500 ms target. In the same run: the
 * SSE frame's arrival in the page, and a bare kafkajs consumer of the same records as the baseline.
 */
import { randomBytes } from 'node:crypto';
import { chromium, type Browser } from '@playwright/test';
import { loadConfig } from '../../server/config';
import { createKafkaAccess } from '../../server/kafka';
import { createTopics, tempDir, waitFor } from '../../testing/kafka-fixtures';
import { builtDistDir, startLensServer, type LensServer } from './lens-server';
import { observeRowArrivals, readArrivals, recordSseArrivals, rowsSeen, type PageArrival } from './page-arrivals';
import { latencies, latencyLine, producePaced, say, startBareConsumer, tailBenchMessage, tailKeys, tailSpacingMs, verdictLines, wallNow, warmUpKey } from './tail-measure';

const total = Number(process.env.BENCH_RECORDS ?? 300);
const brokers = process.env.LENS_KAFKA_BROKERS ?? '127.0.0.1:9092';
const config = loadConfig({ LENS_KAFKA_BROKERS: brokers });
const kafka = createKafkaAccess(config.kafka, '-bench');
const prefix = `bench-tailbrowser-${randomBytes(4).toString('hex')}-`;
const topic = `${prefix}orders`;
const groups = { lens: `${prefix}lens`, bare: `${prefix}bare` };
const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** key → arrival time; the key is found in the row's text (`tail-<n>` cannot occur in any other column of these records). */
function byKey(arrivals: readonly PageArrival[]): Map<string, number> {
  return new Map(arrivals.flatMap(({ at, text }) => {
    const key = /tail-\d+|warm-up/.exec(text)?.[0];
    return key === undefined ? [] : [[key, at] as const];
  }));
}

async function main() {
  const distDir = builtDistDir();
  if (distDir === null) {
    say(`no build in ${process.env.NEXT_DIST_DIR || '.next'}: run \`next build\` first (with the same NEXT_DIST_DIR, if you set one)`);
    process.exit(2);
  }
  await createTopics(kafka, [topic], 1);
  let server: LensServer | null = null;
  let browser: Browser | null = null;
  const bare = await startBareConsumer(config.kafka, topic, groups.bare);
  const producer = await kafka.connectProducer();
  try {
    server = await startLensServer({
      LENS_KAFKA_BROKERS: brokers,
      LENS_DATA_DIR: tempDir('lens-bench-tail-browser'),
      LENS_TOPICS: `^${prefix}`,
      LENS_GROUP_ID: groups.lens,
      LENS_LOG_LEVEL: 'warn',
    });
    say(`${distDir} served at ${server.baseUrl}; chromium opens /records?topic=${topic}`);
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: chromiumArgs });
    // tall enough that a whole collector batch of new rows fits above the fold, where the virtualizer renders them
    const page = await browser.newPage({ viewport: { width: 1400, height: 2400 } });
    // tsx compiles with keepNames, so the functions handed to the page call esbuild's __name helper
    await page.addInitScript({ content: 'globalThis.__name = (fn) => fn;' });
    await page.addInitScript(recordSseArrivals);
    await page.goto(`${server.baseUrl}/records?topic=${encodeURIComponent(topic)}`);
    const toggle = page.getByTestId('live-toggle');
    // a click before hydration does nothing: click until the button says it is on
    await waitFor(async () => (await toggle.getAttribute('aria-pressed')) === 'true' || void (await toggle.click()), 'the live tail to turn on', 30_000, 500);
    await page.getByTestId('tail-status').filter({ hasText: 'streaming' }).waitFor({ timeout: 30_000 });
    await page.evaluate(observeRowArrivals);

    await producer.send(topic, [tailBenchMessage(warmUpKey)]);
    await waitFor(async () => (await page.evaluate(rowsSeen)) > 0 && bare.arrivedAt.has(warmUpKey), 'the warm-up record in the page and the bare consumer', 60_000, 50);
    const before = wallNow();
    const pageNow = await page.evaluate(() => performance.timeOrigin + performance.now());
    const after = wallNow();
    say(`page clock − script clock: ${(pageNow - (before + after) / 2).toFixed(1)} ms (± ${((after - before) / 2).toFixed(1)} ms)`);

    say(`producing ${total} records to ${topic}, one every ${tailSpacingMs} ms...`);
    const sends = await producePaced(producer, topic, tailKeys(total));
    await waitFor(async () => (await page.evaluate(rowsSeen)) > total && bare.arrivedAt.size > total, 'every record in the page and the bare consumer', 30_000, 100).catch(
      (e: unknown) => say(String(e)),
    );
    const arrivals = await page.evaluate(readArrivals);
    const base = latencies(sends.ackedAt, bare.arrivedAt);
    const sse = latencies(sends.ackedAt, byKey(arrivals.sse));
    const dom = latencies(sends.ackedAt, byKey(arrivals.dom));
    say(
      [
        '',
        latencyLine('produce: send called → broker ack', total, latencies(sends.calledAt, sends.ackedAt)),
        latencyLine('(a) ack → bare kafkajs consumer', total, base),
        latencyLine('(b) ack → SSE frame in the page', total, sse),
        latencyLine('(c) ack → row in the DOM', total, dom),
        `rows seen: ${arrivals.dom.length} unique data-record-ids (${total} + the warm-up); the table scrolled at most ${arrivals.maxScrollTop}px from its top`,
        ...verdictLines(total, dom, base, ['PASS', 'FAIL']),
        '',
      ].join('\n'),
    );
    return dom.length === total;
  } finally {
    await browser?.close();
    await server?.stop();
    await producer.close();
    await bare.stop();
    const admin = await kafka.connectAdmin();
    await admin.deleteTopics([topic]).catch((e: unknown) => say(`could not delete the bench topic: ${String(e)}`));
    await admin.deleteGroups([groups.bare]).catch((e: unknown) => say(`could not delete the baseline group: ${String(e)}`));
    // the app does not leave its group on SIGTERM: the collector's member stays until its 10 s session times out
    await waitFor(() => admin.deleteGroups([groups.lens]).then(() => true), 'the collector group to empty so it can be deleted', 30_000, 1_000).catch(
      (e: unknown) => say(String(e)),
    );
    await admin.close();
  }
}

main().then(
  (complete) => process.exit(complete ? 0 : 1),
  (error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exit(1);
  },
);
