'use client';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { JobView } from '@/server/deadletters/contract';
import { jobQueryOptions } from '../../_lib/queries';
import { cancelJob } from './replay-api';
import styles from '../replays.module.css';

export function percentDone(job: Pick<JobView, 'total' | 'done' | 'skipped' | 'failed'>): number {
  return job.total === 0 ? 100 : Math.floor(((job.done + job.skipped + job.failed) / job.total) * 100);
}

export function ProgressBar({ job }: { job: JobView }) {
  const pct = percentDone(job);
  return (
    <div className={styles.progress} role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct} aria-label={job.description} data-testid="replay-progress">
      <div className={styles.progressFill} style={{ width: `${pct}%` }} />
      <span className={styles.progressText}>
        {pct} % · {job.done} of {job.total} sent{job.skipped > 0 ? `, ${job.skipped} skipped` : ''}
      </span>
    </div>
  );
}

/** A replay job's progress, polled until it stops, with cancel while it runs. */
export function JobProgress({ jobId, canOperate }: { jobId: string; canOperate: boolean }) {
  const job = useQuery(jobQueryOptions(jobId));
  const [problem, setProblem] = useState<string | null>(null);
  if (job.isError) return <div className="alert" role="alert">Cannot read job {jobId}: {job.error.message}</div>;
  const j = job.data;
  if (j === undefined) return <p role="status">Starting the replay…</p>;
  const active = j.state === 'queued' || j.state === 'running';
  return (
    <section className={styles.job} data-testid="replay-job" data-state={j.state}>
      <p>
        <strong>{j.description}</strong> · <span data-testid="replay-job-state">{j.state}</span>
      </p>
      <ProgressBar job={j} />
      {j.errors.length > 0 && (
        <ul className={styles.errors}>
          {j.errors.slice(0, 10).map((e) => (
            <li key={e.id}>
              <span className="mono">{e.id}</span>: {e.reason}
            </li>
          ))}
        </ul>
      )}
      {active && canOperate && (
        <button type="button" data-testid="replay-cancel" onClick={() => void cancelJob(jobId).then((call) => (call.ok ? void job.refetch() : setProblem(call.error)))}>
          Cancel
        </button>
      )}
      {problem && <div className="alert" role="alert">{problem}</div>}
    </section>
  );
}
