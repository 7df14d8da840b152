'use client';
import Link from 'next/link';
import type { ReactNode } from 'react';
import type { RecordDetail } from '@/server/http/record-detail';
import { KindBadge } from '../../_components/kind-badge';
import { LocalTime } from '../../_components/local-time';
import { recordsHref } from '../../_lib/timeline-filters';
import { CopyButton } from './copy-button';
import { JsonTree } from './json-tree';
import { RawBytes } from './raw-bytes';

function Field({ label, children, mono = false }: { label: string; children: ReactNode; mono?: boolean }) {
  if (children === undefined || children === null || children === '') return null;
  return (
    <>
      <dt>{label}</dt>
      <dd className={mono ? 'mono' : undefined}>{children}</dd>
    </>
  );
}

/** "record date is 1.2 s before the Kafka timestamp": producers stamp `date`, the broker stamps the timestamp. */
function clockGap(recordDate: string | null | undefined, kafkaTimestamp: string): string | null {
  if (!recordDate) return null;
  const gap = Date.parse(kafkaTimestamp) - Date.parse(recordDate);
  if (!Number.isFinite(gap)) return null;
  if (gap === 0) return 'same as the Kafka timestamp';
  const amount = Math.abs(gap) < 1000 ? `${Math.abs(gap)} ms` : `${(Math.abs(gap) / 1000).toFixed(1)} s`;
  return gap > 0 ? `${amount} before the Kafka timestamp` : `${amount} after the Kafka timestamp (clock skew?)`;
}

function RelatedLinks({ detail }: { detail: RecordDetail }) {
  const r = detail.record;
  if (!r) return null;
  return (
    <ul className="related-links" aria-label="related records">
      <li>
        <Link href={recordsHref({ correlationId: r.correlation_id })}>All records of this correlation</Link>
      </li>
      <li>
        <Link href={`/traces/${encodeURIComponent(r.correlation_id)}`} data-testid="trace-link">
          Trace
        </Link>
      </li>
      {detail.kind === 'response' && r.request_uuid && (
        <li>
          <Link href={recordsHref({ uuid: r.request_uuid, kind: 'request' })}>The request this responds to</Link>
        </li>
      )}
      {detail.kind === 'request' && (
        <li>
          <Link href={recordsHref({ requestUuid: r.uuid, kind: 'response' })}>The responses to this request</Link>
        </li>
      )}
    </ul>
  );
}

/** Everything known about one stored record; all payload text is rendered as text. */
export function RecordDetailView({ detail }: { detail: RecordDetail }) {
  const r = detail.record;
  const gap = clockGap(r?.date_iso8601, detail.timestamp);
  return (
    <article className="record-detail" data-testid="record-detail" aria-label={`record ${detail.id}`}>
      <header className="record-detail-header">
        <KindBadge record={detail} />
        <h2>{r?.name ?? 'Undecodable record'}</h2>
        <span className="mono muted">{detail.id}</span>
        <CopyButton text={detail.id} label="Copy id" />
      </header>

      {detail.kind === 'undecodable' && (
        <div className="alert" role="alert" data-testid="undecodable-reason">
          <strong>Could not decode this value:</strong> {detail.error}
        </div>
      )}
      {r?.ok === false && (
        <div className="alert" role="alert" data-testid="error-response">
          <strong>Error response{r.error_code !== null && r.error_code !== undefined ? ` ${r.error_code}` : ''}:</strong> {r.error_message ?? '(no message)'}
        </div>
      )}
      {detail.warnings && detail.warnings.length > 0 && (
        <ul className="warnings" aria-label="decoding warnings">
          {detail.warnings.map((warning) => (
            <li key={warning}>{warning}</li>
          ))}
        </ul>
      )}

      <RelatedLinks detail={detail} />

      <section aria-label="fields">
        <dl className="fields">
          {r && (
            <>
              <Field label="Type">{r.type}</Field>
              <Field label="Namespace">{r.namespace}</Field>
              <Field label="Source">{r.source}</Field>
              <Field label="Destination">{r.destination}</Field>
              <Field label="UUID" mono>
                {r.uuid}
              </Field>
              <Field label="Correlation id" mono>
                <Link href={recordsHref({ correlationId: r.correlation_id })}>{r.correlation_id}</Link>
              </Field>
              <Field label="Request uuid" mono>
                {r.request_uuid}
              </Field>
              <Field label="Partition key" mono>
                {r.partition_key}
              </Field>
              <Field label="Versions">
                record {r.version} · protocol {r.protocol_version}
                {detail.legacy ? ' (legacy)' : ''}
              </Field>
              <Field label="Record date">
                {r.date_iso8601 ? (
                  <>
                    <LocalTime iso={new Date(r.date_iso8601).toISOString()} /> {gap && <span className="muted">({gap})</span>}
                  </>
                ) : null}
              </Field>
            </>
          )}
          <Field label="Kafka timestamp">
            <LocalTime iso={detail.timestamp} />
          </Field>
          <Field label="Position" mono>
            <Link href={recordsHref({ topic: detail.topic })}>{detail.topic}</Link> · partition {detail.partition} · offset {detail.offset}
          </Field>
          <Field label="Key" mono>
            {detail.key}
          </Field>
          <Field label="Size">{`${detail.size.toLocaleString('en')} bytes · ${detail.format}`}</Field>
        </dl>
      </section>

      <section aria-label="headers">
        <h3>Headers</h3>
        {detail.headers.length === 0 ? (
          <p className="muted">No headers.</p>
        ) : (
          <table className="headers-table">
            <tbody>
              {detail.headers.map((header, index) => (
                <tr key={`${header.key}-${index}`}>
                  <th className="mono">{header.key}</th>
                  <td className="mono">
                    {header.value}
                    {header.encoding === 'base64' && <span className="muted"> (base64)</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      {r && (
        <>
          <section aria-label="data">
            <h3>Data</h3>
            <JsonTree value={r.data} label="data" />
          </section>
          <section aria-label="context">
            <h3>Context</h3>
            <JsonTree value={r.context} label="context" />
          </section>
        </>
      )}

      <section aria-label="raw value">
        <h3>Raw value</h3>
        <RawBytes raw={detail.raw} />
      </section>
    </article>
  );
}
