/** Demo traffic: a small shop of eventy services on Kafka. `tsx scripts/demo/traffic.ts`; DEMO_RATE, DEMO_MALFORMED_RATE, DEMO_DURATION_S, DEMO_INSTANCES. */
import { hostname } from 'node:os';
import { ConfigError, loadConfig, type LensConfig } from '../../server/config';
import { createKafkaAccess } from '../../server/kafka';
import { DemoOptionsError, parseDemoOptions, type DemoOptions } from './demo-options';
import { urlSafeToken, type Rng } from './random-source';
import { createBillingService } from './services/billing';
import { startEntryPoint, type EntryPoint } from './services/entry-point';
import { createInventoryService } from './services/inventory';
import { createNotificationsService } from './services/notifications';
import { createOrdersService } from './services/orders';
import { createRecordWriter, type RecordWriter } from './services/record-writer';
import { startParticipant, type RunningParticipant } from './services/run-participant';
import type { ShopService } from './services/shop-service';
import { createShippingService } from './services/shipping';
import { createShopTopics } from './shop-topics';
import { createTrafficStats, formatStatsLine, totalProduced, type TrafficStats } from './traffic-stats';

const STATS_EVERY_MS = 10_000;
/** after the endpoints stop, in-flight orders get this long to settle, so the groups stop with little lag */
const DRAIN_MS = 1500;
const say = (line: string) => process.stdout.write(`${line}\n`);

interface RunningShop {
  participants: RunningParticipant[];
  writers: RecordWriter[];
  entryPoints: EntryPoint[];
}

async function startShop(kafka: LensConfig['kafka'], options: DemoOptions, stats: TrafficStats, rng: Rng): Promise<RunningShop> {
  const podSuffix = urlSafeToken(rng, 3).toLowerCase().replace(/[^a-z0-9]/g, 'x');
  const orders = createOrdersService(rng, Math.floor(Date.now() / 100) % 100_000_000);
  const services: ShopService[] = [orders, createBillingService(rng), createInventoryService(rng), createShippingService(rng), createNotificationsService(rng)];
  const shop: RunningShop = { participants: [], writers: [], entryPoints: [] };
  const writers = new Map<string, RecordWriter>();
  for (const service of services) {
    // eventy's client.id is the host name: make each instance look like a pod of its service
    const accessFor = (instance: number) => createKafkaAccess({ ...kafka, clientId: service.name }, `-${podSuffix}-${instance}`);
    const writer = createRecordWriter(await accessFor(0).connectProducer(), { malformedRate: options.malformedRate, rng, stats });
    writers.set(service.name, writer);
    shop.writers.push(writer);
    shop.participants.push(await startParticipant(service, { accessFor, writer, rng, stats, instances: options.instancesPerService }));
  }
  const ordersWriter = writers.get('orders')!;
  shop.entryPoints.push(startEntryPoint('checkout', options.ordersPerSecond, rng, ordersWriter, (now) => orders.placeOrder(now)));
  shop.entryPoints.push(startEntryPoint('cart-quote', options.ordersPerSecond / 2, rng, ordersWriter, (now) => orders.quoteCart(now)));
  return shop;
}

async function stopShop(shop: RunningShop): Promise<void> {
  await Promise.all(shop.entryPoints.map((e) => e.stop()));
  await new Promise((resolve) => setTimeout(resolve, DRAIN_MS));
  await Promise.all(shop.participants.map((p) => p.stop()));
  await Promise.all(shop.writers.map((w) => w.close()));
}

async function main(): Promise<void> {
  const options = parseDemoOptions(process.env);
  const config = loadConfig();
  const rng: Rng = Math.random;
  const stats = createTrafficStats();
  const access = createKafkaAccess(config.kafka, `-demo-${hostname()}`);
  const admin = await access.connectAdmin();
  const created = await createShopTopics(admin).finally(() => admin.close());
  say(`demo: brokers ${config.kafka.brokers.join(',')}; created ${created.length} topic(s); ${options.ordersPerSecond} orders/s, ${options.instancesPerService} instance(s) per service`);

  const shop = await startShop(config.kafka, options, stats, rng);
  const startedAt = Date.now();
  let previousTotal = 0;
  let previousAt = startedAt;
  const report = () => {
    const counts = stats.counts();
    const now = Date.now();
    say(formatStatsLine(counts, (now - startedAt) / 1000, previousTotal, (now - previousAt) / 1000));
    previousTotal = totalProduced(counts);
    previousAt = now;
  };
  const statsTimer = setInterval(report, STATS_EVERY_MS);

  let stopping: Promise<void> | undefined;
  const stop = (why: string) => {
    stopping ??= (async () => {
      say(`demo: ${why}, stopping`);
      clearInterval(statsTimer);
      clearTimeout(durationTimer);
      await stopShop(shop);
      report();
    })();
    return stopping;
  };
  const durationTimer = options.durationS === undefined ? undefined : setTimeout(() => void stop(`${options.durationS}s elapsed`).then(() => process.exit(0)), options.durationS * 1000);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void stop(signal).then(() => process.exit(0), () => process.exit(1)));
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DemoOptionsError) process.stderr.write(`${error.message}\n`);
  else process.stderr.write(`demo: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
