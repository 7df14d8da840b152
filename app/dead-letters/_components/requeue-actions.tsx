'use client';
import { useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useMemo, useState } from 'react';
import type { DeadLetterDetail, RequeueAnswer } from '@/server/deadletters/contract';
import { timelineSearch } from '../../_lib/timeline-filters';
import styles from '../dead-letters.module.css';
import { requeueDeadLetter, type CallProblem } from './requeue-api';
import { diffLines, editableText, jsonProblem } from './value-diff';

type Step =
  | { kind: 'idle' }
  | { kind: 'edit'; text: string }
  | { kind: 'confirm'; value: string | null }
  | { kind: 'sending'; value: string | null }
  | { kind: 'problem'; value: string | null; problem: CallProblem }
  | { kind: 'done'; answer: RequeueAnswer };

/** The timeline showing one record selected. */
export function timelineRecordHref(id: string): string {
  const topic = id.slice(0, id.lastIndexOf(':', id.lastIndexOf(':') - 1));
  return `/records${timelineSearch({ topic }, { record: id })}`;
}

function ValueDiff({ before, after }: { before: string; after: string }) {
  const lines = useMemo(() => diffLines(before, after), [before, after]);
  const changed = lines.filter((line) => line.op !== 'same').length;
  return (
    <div data-testid="dl-diff">
      <p className="muted">{changed === 0 ? 'No change to the value.' : `${changed} changed line${changed === 1 ? '' : 's'}:`}</p>
      <pre className={styles.diff}>
        {lines.map((line, index) => (
          <div key={index} className={line.op === 'added' ? styles.added : line.op === 'removed' ? styles.removed : undefined}>
            {line.op === 'added' ? '+ ' : line.op === 'removed' ? '- ' : '  '}
            {line.text}
          </div>
        ))}
      </pre>
    </div>
  );
}

function Problem({ problem }: { problem: CallProblem }) {
  return (
    <div className="alert" role="alert" data-testid="dl-requeue-problem">
      {problem.error}
      {problem.issues.length > 0 && (
        <ul>
          {problem.issues.map((issue) => (
            <li key={issue}>{issue}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/**
 * Requeue one dead letter, as is or edited: the target is named before anything is sent, an edit is shown
 * as a diff first, the server's reasons are shown as they come, and a dead letter that failed again needs a
 * second, explicit confirmation (409).
 */
export function RequeueActions({ deadLetter, canOperate }: { deadLetter: DeadLetterDetail; canOperate: boolean }) {
  const queryClient = useQueryClient();
  const original = useMemo(() => editableText(deadLetter.record.record, deadLetter.record.raw?.base64 ?? null), [deadLetter.record]);
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const [topic, setTopic] = useState(deadLetter.provenance.originalTopic ?? '');
  const truncated = deadLetter.record.raw?.truncated ?? false;
  const validTopic = /^[A-Za-z0-9._-]{1,249}$/.test(topic);

  const send = async (value: string | null, confirmFailedAgain: boolean) => {
    setStep({ kind: 'sending', value });
    // the original topic is the server's default: name a topic only when the operator chose another one
    const chosen = topic === deadLetter.provenance.originalTopic ? {} : { topic };
    const body = { ...chosen, ...(value === null ? {} : { value }), ...(confirmFailedAgain ? { confirmFailedAgain } : {}) };
    const call = await requeueDeadLetter(deadLetter.id, body);
    if (call.ok) {
      setStep({ kind: 'done', answer: call.answer });
      void queryClient.invalidateQueries({ queryKey: ['dead-letter', deadLetter.id] });
      void queryClient.invalidateQueries({ queryKey: ['dead-letters'] });
    } else {
      setStep({ kind: 'problem', value, problem: call.problem });
    }
  };

  if (!canOperate) {
    return (
      <p className="muted" data-testid="dl-actions-viewer">
        Requeue and edit are for operators.
      </p>
    );
  }

  switch (step.kind) {
    case 'idle':
      return (
        <div className={styles.actions} data-testid="dl-actions">
          <button type="button" className="primary" onClick={() => setStep({ kind: 'confirm', value: null })} data-testid="dl-requeue">
            Requeue…
          </button>
          <button
            type="button"
            onClick={() => setStep({ kind: 'edit', text: original })}
            disabled={truncated}
            title={truncated ? 'The stored value is only a preview of a large value; it cannot be edited here' : undefined}
            data-testid="dl-edit"
          >
            Edit and requeue…
          </button>
        </div>
      );
    case 'edit': {
      const problem = jsonProblem(step.text);
      return (
        <div className={styles.editor}>
          <label htmlFor="dl-edit-value">Value (JSON; checked as an Eventy record of the same kind before it is sent)</label>
          <textarea
            id="dl-edit-value"
            className={styles.textarea}
            value={step.text}
            spellCheck={false}
            onChange={(event) => setStep({ kind: 'edit', text: event.target.value })}
            data-testid="dl-edit-value"
          />
          {problem !== null && (
            <p className="error-text" role="status" data-testid="dl-edit-error">
              Not valid JSON: {problem}
            </p>
          )}
          <div className={styles.actions}>
            <button type="button" className="primary" disabled={problem !== null} onClick={() => setStep({ kind: 'confirm', value: step.text })} data-testid="dl-review">
              Review changes
            </button>
            <button type="button" onClick={() => setStep({ kind: 'idle' })}>
              Cancel
            </button>
          </div>
        </div>
      );
    }
    case 'confirm':
      return (
        <div className={styles.confirm} role="dialog" aria-label="confirm requeue" data-testid="dl-confirm">
          <label>
            Target topic{' '}
            <input value={topic} onChange={(event) => setTopic(event.target.value.trim())} placeholder="topic to send to" data-testid="dl-target-topic" />
          </label>
          {deadLetter.provenance.originalTopic === null && <p className="muted">The dead letter does not say where it came from: choose the topic.</p>}
          {step.value !== null && <ValueDiff before={original} after={step.value} />}
          {deadLetter.failedAgain > 0 && (
            <p className="alert warn">
              This record already failed again after {deadLetter.failedAgain} requeue{deadLetter.failedAgain === 1 ? '' : 's'}.
            </p>
          )}
          <p>
            Send <span className="mono">{deadLetter.id}</span> {step.value === null ? 'as it is' : 'with the edited value'} to <strong className="mono">{topic || '…'}</strong>?
          </p>
          <div className={styles.actions}>
            <button type="button" className="primary" disabled={!validTopic} onClick={() => void send(step.value, false)} data-testid="dl-confirm-requeue">
              Requeue to {topic || '…'}
            </button>
            {step.value !== null && (
              <button type="button" onClick={() => setStep({ kind: 'edit', text: step.value ?? original })}>
                Back to editing
              </button>
            )}
            <button type="button" onClick={() => setStep({ kind: 'idle' })}>
              Cancel
            </button>
          </div>
        </div>
      );
    case 'sending':
      return (
        <p role="status" data-testid="dl-sending">
          Requeueing to {topic}…
        </p>
      );
    case 'problem': {
      const { problem, value } = step;
      const again = problem.status === 409 && problem.reason === 'failed-again';
      return (
        <div className={styles.confirm}>
          <Problem problem={problem} />
          <div className={styles.actions}>
            {again && (
              <button type="button" className="primary" onClick={() => void send(value, true)} data-testid="dl-requeue-anyway">
                It failed again — requeue anyway to {topic}
              </button>
            )}
            {value !== null && (
              <button type="button" onClick={() => setStep({ kind: 'edit', text: value })} data-testid="dl-back-to-edit">
                Back to editing
              </button>
            )}
            <button type="button" onClick={() => setStep({ kind: 'idle' })}>
              Close
            </button>
          </div>
        </div>
      );
    }
    case 'done':
      return (
        <div className={styles.result} role="status" data-testid="dl-requeue-result">
          {step.answer.status === 'already-requeued' ? 'Already requeued before' : 'Requeued'} →{' '}
          <Link href={timelineRecordHref(step.answer.target)} className="mono" data-testid="dl-new-record">
            {step.answer.target}
          </Link>{' '}
          <span className="muted">(open it in the timeline)</span>
        </div>
      );
  }
}
