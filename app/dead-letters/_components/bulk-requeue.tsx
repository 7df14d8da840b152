'use client';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { jobQueryOptions } from '../../_lib/queries';
import styles from '../dead-letters.module.css';
import { cancelJob, requeueDeadLetters, type CallProblem } from './requeue-api';

/** A bulk requeue job's progress, polled until it stops, with cancel while it runs. */
export function JobProgress({ jobId, onClose }: { jobId: string; onClose: () => void }) {
  const queryClient = useQueryClient();
  const job = useQuery(jobQueryOptions(jobId));
  const [cancelProblem, setCancelProblem] = useState<string | null>(null);
  const j = job.data;
  const running = j !== undefined && (j.state === 'queued' || j.state === 'running');
  useEffect(() => {
    if (j !== undefined && !running) void queryClient.invalidateQueries({ queryKey: ['dead-letters'] });
  }, [j, running, queryClient]);
  if (job.isError) {
    return (
      <div className="alert" role="alert" data-testid="dl-job">
        Cannot read job {jobId}: {job.error.message} <button onClick={onClose}>Close</button>
      </div>
    );
  }
  if (j === undefined) return <p role="status">Starting the job…</p>;
  const handled = j.done + j.skipped + j.failed;
  const percent = j.total === 0 ? 100 : Math.floor((handled / j.total) * 100);
  return (
    <div className={styles.job} data-testid="dl-job" data-state={j.state}>
      <div>
        <strong>{j.description}</strong> · <span data-testid="dl-job-state">{j.state}</span>
      </div>
      <progress max={100} value={percent} aria-label="requeue progress" />{' '}
      <span data-testid="dl-job-progress">
        {percent} % · {j.done} requeued, {j.skipped} skipped, {j.failed} failed of {j.total}
      </span>
      {j.errors.length > 0 && (
        <ul className={styles.jobErrors}>
          {j.errors.slice(0, 20).map((error) => (
            <li key={error.id}>
              <span className="mono">{error.id}</span>: {error.reason}
            </li>
          ))}
          {j.errors.length > 20 && <li className="muted">and {j.errors.length - 20} more</li>}
        </ul>
      )}
      {cancelProblem !== null && <p className="error-text">{cancelProblem}</p>}
      <div className={styles.actions}>
        {running && (
          <button
            type="button"
            onClick={() =>
              void cancelJob(jobId).then((call) => {
                setCancelProblem(call.ok ? null : `Cancel refused: ${call.problem.error}`);
                void job.refetch();
              })
            }
            data-testid="dl-job-cancel"
          >
            Cancel
          </button>
        )}
        {!running && (
          <button type="button" onClick={onClose}>
            Close
          </button>
        )}
      </div>
    </div>
  );
}

/** "n selected": requeue them as one server-side job, to their original topics or one chosen topic. */
export function BulkRequeueBar({ ids, onStarted, onClear }: { ids: readonly string[]; onStarted: (jobId: string) => void; onClear: () => void }) {
  const [confirming, setConfirming] = useState(false);
  const [topic, setTopic] = useState('');
  const [includeFailedAgain, setIncludeFailedAgain] = useState(false);
  const [problem, setProblem] = useState<CallProblem | null>(null);
  const [sending, setSending] = useState(false);
  const start = async () => {
    setSending(true);
    const call = await requeueDeadLetters({ ids: [...ids], ...(topic === '' ? {} : { topic }), ...(includeFailedAgain ? { confirmFailedAgain: true } : {}) });
    setSending(false);
    if (call.ok) {
      setConfirming(false);
      setProblem(null);
      onStarted(call.answer.jobId);
    } else {
      setProblem(call.problem);
    }
  };
  return (
    <div className={styles.bulk} data-testid="dl-bulk">
      <span>
        {ids.length} selected
      </span>
      {!confirming ? (
        <>
          <button type="button" className="primary" onClick={() => setConfirming(true)} data-testid="dl-bulk-requeue">
            Requeue selected…
          </button>
          <button type="button" onClick={onClear}>
            Clear selection
          </button>
        </>
      ) : (
        <div role="dialog" aria-label="confirm bulk requeue" className={styles.confirm}>
          <label>
            Target topic{' '}
            <input value={topic} onChange={(event) => setTopic(event.target.value.trim())} placeholder="each one's original topic" data-testid="dl-bulk-topic" />
          </label>
          <label>
            <input type="checkbox" checked={includeFailedAgain} onChange={(event) => setIncludeFailedAgain(event.target.checked)} /> also requeue those that failed again after an earlier requeue
          </label>
          <p>
            Requeue {ids.length} dead letter{ids.length === 1 ? '' : 's'} to {topic === '' ? 'their original topics' : <strong className="mono">{topic}</strong>}?
          </p>
          {problem !== null && (
            <div className="alert" role="alert">
              {problem.error}
              {problem.issues.length > 0 && `: ${problem.issues.join('; ')}`}
            </div>
          )}
          <div className={styles.actions}>
            <button type="button" className="primary" disabled={sending || (topic !== '' && !/^[A-Za-z0-9._-]{1,249}$/.test(topic))} onClick={() => void start()} data-testid="dl-bulk-confirm">
              {sending ? 'Starting…' : `Requeue ${ids.length}`}
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
