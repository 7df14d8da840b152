import Link from 'next/link';
import { AutoRefresh } from './_components/auto-refresh';
import { LatestRecords } from './_components/latest-records';
import { readHealth } from '@/server/runtime/health';
import { getLensRuntime } from '@/server/runtime';

export const dynamic = 'force-dynamic';

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

type Retention = Awaited<ReturnType<typeof readHealth>>['store']['retention'];

/** The retention policy and what its last pass did (GET /api/health has the same). */
function RetentionCard({ retention, formatBytes: bytes }: { retention: Retention; formatBytes: (n: number) => string }) {
  const limits = [retention.maxAgeDays === null ? null : `${retention.maxAgeDays} days`, retention.maxBytes === null ? null : bytes(retention.maxBytes)].filter(Boolean);
  const last = retention.lastRun;
  return (
    <div className="card" data-testid="retention">
      <div className="label">Retention</div>
      <div className="value">{limits.length === 0 ? 'keeps everything' : `keeps ${limits.join(' / ')}`}</div>
      <div className="muted">
        {last === null
          ? retention.running
            ? 'first pass running…'
            : 'no pass yet'
          : last.skipped
            ? `last pass ${new Date(last.at).toISOString().slice(11, 19)} UTC: another instance was running one`
            : `last pass ${new Date(last.at).toISOString().slice(11, 19)} UTC: ${last.deletedRecords.toLocaleString('en')} deleted, ${last.keptProtected.toLocaleString('en')} kept for dead letters and the audit log`}
      </div>
      {retention.lastError && <div className="error-text">Retention failed: {retention.lastError.message}</div>}
    </div>
  );
}

export default async function OverviewPage() {
  const [health, latest] = await Promise.all([readHealth(), getLensRuntime().store.queryRecords({ limit: 25 }).catch(() => null)]);
  const { collector, broker, store } = health;
  return (
    <>
      <AutoRefresh seconds={5} />
      <h1>Overview</h1>
      <section className="cards" aria-label="status">
        <div className="card">
          <div className="label">Collector</div>
          <div className={`value state ${collector.state}`} data-testid="collector-state">
            {collector.state}
          </div>
        </div>
        <div className="card">
          <div className="label">Broker {broker.brokers.join(', ')}</div>
          <div className={`value state ${broker.reachable ? 'connected' : 'broker-down'}`} data-testid="broker-state">
            {broker.reachable ? 'reachable' : 'unreachable'}
          </div>
          {broker.error && <div className="error-text">{broker.error}</div>}
        </div>
        <div className="card">
          <div className="label">Stored records</div>
          {store.reachable ? (
            <div className="value" data-testid="record-count">
              {store.recordCount.toLocaleString('en')}
            </div>
          ) : (
            <>
              <div className="value state store-down" data-testid="store-state">
                store unreachable
              </div>
              <div className="error-text">{store.error}</div>
            </>
          )}
        </div>
        <div className="card">
          <div className="label">Store size ({store.engine === 'postgres' ? 'PostgreSQL, shared' : 'SQLite file'})</div>
          <div className="value">{store.reachable ? formatBytes(store.sizeBytes) : '—'}</div>
        </div>
        <RetentionCard retention={store.retention} formatBytes={formatBytes} />
      </section>
      {collector.lastError && collector.state !== 'connected' && <p className="error-text">Last error: {collector.lastError}</p>}

      <h2>Topics</h2>
      {!store.reachable ? (
        <div className="error-text">The store did not answer; the topics and their counts show once it is back.</div>
      ) : store.topics.length === 0 ? (
        <div className="empty">No records stored yet. Topics matching /{collector.topicPattern}/ are collected as they appear.</div>
      ) : (
        <table data-testid="topics">
          <thead>
            <tr>
              <th>Topic</th>
              <th className="num">Records</th>
              <th className="num">Undecodable</th>
            </tr>
          </thead>
          <tbody>
            {store.topics.map((t) => (
              <tr key={t.topic}>
                <td className="mono">{t.topic}</td>
                <td className="num">{t.records.toLocaleString('en')}</td>
                <td className="num">{t.undecodable.toLocaleString('en')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2>
        Latest records <Link href="/records" className="heading-link">open the timeline</Link>
      </h2>
      {latest === null ? <div className="error-text">The store did not answer; the latest records show once it is back.</div> : <LatestRecords records={latest.items} />}
    </>
  );
}
