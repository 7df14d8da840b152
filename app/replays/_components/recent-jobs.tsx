'use client';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { JobView } from '@/server/deadletters/contract';
import { LocalTime } from '../../_components/local-time';
import { fetchJson } from '../../_lib/api-client';
import { ProgressBar } from './job-progress';
import { resumeJob } from './replay-api';
import styles from '../replays.module.css';

/** The latest jobs (replays and bulk requeues), refreshed every two seconds; interrupted or failed ones can resume. */
export function RecentJobs({ canOperate }: { canOperate: boolean }) {
  const jobs = useQuery({
    queryKey: ['jobs'] as const,
    queryFn: ({ signal }) => fetchJson<{ items: JobView[] }>('/api/jobs?limit=20', signal),
    refetchInterval: 2000,
  });
  const [problem, setProblem] = useState<string | null>(null);
  if (jobs.isPending) return <p className="muted">Loading recent jobs…</p>;
  if (jobs.isError) return <div className="alert" role="alert">Cannot list jobs: {jobs.error.message}</div>;
  if (jobs.data.items.length === 0) return <div className="empty">No replay or bulk requeue yet.</div>;
  return (
    <>
      {problem && <div className="alert" role="alert">{problem}</div>}
      <table className={styles.table} data-testid="recent-jobs">
        <thead>
          <tr>
            <th>Started</th>
            <th>Kind</th>
            <th>What</th>
            <th>State</th>
            <th>Progress</th>
            <th>By</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {jobs.data.items.map((job) => (
            <tr key={job.id} data-testid="recent-job">
              <td>
                <LocalTime iso={job.createdAt} compact />
              </td>
              <td>{job.kind}</td>
              <td className={styles.what}>{job.description}</td>
              <td>{job.state}</td>
              <td>
                <ProgressBar job={job} />
              </td>
              <td>{job.createdBy}</td>
              <td>
                {canOperate && (job.state === 'interrupted' || job.state === 'failed') && (
                  <button type="button" onClick={() => void resumeJob(job.id).then((call) => (call.ok ? void jobs.refetch() : setProblem(call.error)))}>
                    Resume
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
