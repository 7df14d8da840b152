'use client';
import { useQueryClient } from '@tanstack/react-query';
import { useSearchParams } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import type { ReplayAnswer } from '@/server/deadletters/contract';
import { KindBadge } from '../../_components/kind-badge';
import { LocalTime } from '../../_components/local-time';
import { useMe } from '../../_lib/use-me';
import { JobProgress } from './job-progress';
import { RecentJobs } from './recent-jobs';
import { postReplay } from './replay-api';
import { fieldsFromParams, replayBodyOf, type ReplayFields } from './replay-form';
import styles from '../replays.module.css';

type DryRun = Extract<ReplayAnswer, { dryRun: true }>;

/** Replay: pick a source and a target, see exactly what a dry run would send, confirm by count and target, watch the job. */
export function ReplaysView() {
  const params = useSearchParams();
  const { canOperate } = useMe();
  const queryClient = useQueryClient();
  const [fields, setFields] = useState<ReplayFields>(() => fieldsFromParams(new URLSearchParams(params.toString())));
  const [preview, setPreview] = useState<{ answer: DryRun; fields: ReplayFields } | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (key: keyof ReplayFields) => (e: { target: { value: string } }) => {
    setFields({ ...fields, [key]: e.target.value });
    setPreview(null);
  };

  async function dryRun(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setProblem(null);
    const call = await postReplay(replayBodyOf(fields, true));
    setBusy(false);
    if (!call.ok) return setProblem(call.error);
    if (call.answer.dryRun) setPreview({ answer: call.answer, fields });
  }

  async function confirm() {
    if (preview === null) return;
    setBusy(true);
    setProblem(null);
    const call = await postReplay(replayBodyOf(preview.fields, false));
    setBusy(false);
    if (!call.ok) return setProblem(call.error);
    if (!call.answer.dryRun) {
      setJobId(call.answer.jobId);
      setPreview(null);
      void queryClient.invalidateQueries({ queryKey: ['jobs'] });
    }
  }

  return (
    <div>
      <h1>Replays</h1>
      <p className="muted">Re-send stored records (a topic range, or every record of a trace) to a topic, with their key, value and headers, plus eventy-lens-replayed-from and eventy-lens-replay-id. Each record is sent once per replay, even across a restart.</p>
      <form className={styles.form} onSubmit={(e) => void dryRun(e)} data-testid="replay-form">
        <label>
          Source
          <select value={fields.mode} onChange={set('mode')} data-testid="replay-mode">
            <option value="topic">a topic range</option>
            <option value="trace">a trace</option>
          </select>
        </label>
        {fields.mode === 'topic' ? (
          <>
            <label>
              Topic
              <input value={fields.topic} onChange={set('topic')} required data-testid="replay-topic" />
            </label>
            <label>
              Partition
              <input value={fields.partition} onChange={set('partition')} inputMode="numeric" placeholder="all" />
            </label>
            <label>
              From offset
              <input value={fields.fromOffset} onChange={set('fromOffset')} inputMode="numeric" />
            </label>
            <label>
              To offset (incl.)
              <input value={fields.toOffset} onChange={set('toOffset')} inputMode="numeric" />
            </label>
            <label>
              From time
              <input type="datetime-local" step="1" value={fields.from} onChange={set('from')} />
            </label>
            <label>
              To time
              <input type="datetime-local" step="1" value={fields.to} onChange={set('to')} />
            </label>
          </>
        ) : (
          <label>
            Correlation id
            <input value={fields.correlationId} onChange={set('correlationId')} required data-testid="replay-correlation-id" />
          </label>
        )}
        <label>
          Target topic
          <input value={fields.target} onChange={set('target')} required data-testid="replay-target" />
        </label>
        <label>
          Records per second
          <input value={fields.rate} onChange={set('rate')} inputMode="numeric" placeholder="server default" data-testid="replay-rate" />
        </label>
        <div className={styles.actions}>
          <button type="submit" disabled={busy || !canOperate} data-testid="replay-dry-run" title={canOperate ? undefined : 'operators only'}>
            Dry run
          </button>
        </div>
      </form>
      {problem && (
        <div className="alert" role="alert" data-testid="replay-problem">
          {problem}
        </div>
      )}
      {preview && <Preview answer={preview.answer} busy={busy} canOperate={canOperate} onConfirm={() => void confirm()} onBack={() => setPreview(null)} />}
      {jobId && <JobProgress jobId={jobId} canOperate={canOperate} />}
      <section className={styles.section}>
        <h2>Recent jobs</h2>
        <RecentJobs canOperate={canOperate} />
      </section>
    </div>
  );
}

function Preview({ answer, busy, canOperate, onConfirm, onBack }: { answer: DryRun; busy: boolean; canOperate: boolean; onConfirm: () => void; onBack: () => void }) {
  const noun = answer.count === 1 ? 'record' : 'records';
  return (
    <section className={styles.preview} data-testid="replay-preview">
      <p>
        Dry run: <strong data-testid="replay-count">{answer.count}</strong> {noun} would be sent to <strong className="mono">{answer.target}</strong> at up to {answer.ratePerSecond} records/s.
        {answer.count > answer.records.length && ` The first ${answer.records.length} are listed.`}
      </p>
      {answer.records.length > 0 && (
        <table className={styles.table}>
          <thead>
            <tr>
              <th>Record</th>
              <th>Kafka time</th>
              <th>Kind</th>
              <th>Name</th>
              <th>Key</th>
            </tr>
          </thead>
          <tbody>
            {answer.records.map((r) => (
              <tr key={r.id}>
                <td className="mono">{r.id}</td>
                <td>
                  <LocalTime iso={r.timestamp} compact />
                </td>
                <td>
                  <KindBadge record={{ kind: r.kind }} />
                </td>
                <td>{r.name ?? '—'}</td>
                <td className="mono">{r.key ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className={styles.actions}>
        <button type="button" className={styles.confirm} disabled={busy || answer.count === 0 || !canOperate} onClick={onConfirm} data-testid="replay-confirm">
          Replay {answer.count} {noun} to {answer.target}
        </button>
        <button type="button" onClick={onBack}>
          Back
        </button>
      </div>
    </section>
  );
}
