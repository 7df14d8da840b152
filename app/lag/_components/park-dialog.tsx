'use client';
import Link from 'next/link';
import { useEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { useMe } from '@/app/_lib/use-me';
import type { ParkAnswer } from '@/server/deadletters/contract';
import type { GroupMember } from '@/server/kafka/contract';
import styles from '../lag.module.css';
import { parkRecord, undoPark, type ParkProblem } from './park-api';
import { StuckRecordHint } from './stuck-record-hint';

export interface ParkTarget {
  groupId: string;
  topic: string;
  partition: number;
  /** where the group is stuck: its committed offset */
  offset: number;
  stuckSince: string | null;
  /** the group's members as last sampled */
  members: GroupMember[];
  /** where a parked record goes: `<topic><LENS_PARK_TOPIC_SUFFIX>` */
  dlqTopic: string;
}

const recordHref = (id: string) => `/records/${encodeURIComponent(id)}`;

type Step = { kind: 'confirm'; problem: ParkProblem | null } | { kind: 'busy' } | { kind: 'parked'; answer: ParkAnswer; problem: ParkProblem | null } | { kind: 'undone'; answer: ParkAnswer };

/**
 * "Park poison record…" for operators, on a stuck partition. Stays mounted for every partition so an open dialog
 * survives the page refresh that no longer shows the partition stuck once it is parked.
 */
export function ParkAction({ target, stuck }: { target: ParkTarget; stuck: boolean }) {
  const { canOperate } = useMe();
  const dialog = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);
  // the offset and members when the dialog opened: the page refreshes under it
  const [shown, setShown] = useState(target);
  const [step, setStep] = useState<Step>({ kind: 'confirm', problem: null });

  useEffect(() => {
    if (open && !dialog.current?.open) dialog.current?.showModal();
  }, [open]);

  if (!canOperate || (!stuck && !open)) return null;

  const start = () => {
    setShown(target);
    setStep({ kind: 'confirm', problem: null });
    setOpen(true);
  };
  const park = async () => {
    setStep({ kind: 'busy' });
    const call = await parkRecord(shown.groupId, shown.topic, shown.partition, shown.offset);
    setStep(call.ok ? { kind: 'parked', answer: call.answer, problem: null } : { kind: 'confirm', problem: call.refusal });
  };
  const undo = async (answer: ParkAnswer) => {
    setStep({ kind: 'busy' });
    const call = await undoPark(answer.park.id);
    setStep(call.ok ? { kind: 'undone', answer: call.answer } : { kind: 'parked', answer, problem: call.refusal });
  };
  const members = step.kind === 'confirm' && step.problem?.reason === 'group-active' && step.problem.members?.length ? step.problem.members : shown.members;
  const { dlqTopic } = shown;

  return (
    <>
      <button type="button" className={styles.parkButton} onClick={start} data-testid="park-button">
        Park poison record…
      </button>
      {open &&
        // in <body>, not in the row: the page reorders groups as it refreshes, and a moved modal dialog stops being modal
        createPortal(
          <dialog
            ref={dialog}
            className={styles.parkDialog}
            onClose={() => setOpen(false)}
            aria-labelledby="park-title"
            data-testid="park-dialog"
            data-partition={`${shown.groupId}/${shown.topic}:${shown.partition}`}
          >
            <h2 id="park-title">Park poison record</h2>
            <p>
              Group <strong className="mono">{shown.groupId}</strong> is stuck on <span className="mono">{`${shown.topic}:${shown.partition}`}</span> at offset{' '}
              <Link href={recordHref(`${shown.topic}:${shown.partition}:${shown.offset}`)} className="mono" data-testid="park-record-link">
                {shown.offset}
              </Link>
              {shown.stuckSince && ` since ${new Date(shown.stuckSince).toLocaleString()}`}.
            </p>
            {(step.kind === 'confirm' || step.kind === 'busy') && (
              <>
                <StuckRecordHint recordId={`${shown.topic}:${shown.partition}:${shown.offset}`} />
                <p className={styles.parkExplain}>
                  Parking copies this record — key, value and headers unchanged — to the dead-letter topic <span className="mono">{dlqTopic}</span> (same partition) with
                  headers saying where it came from and who parked it, then moves the group&apos;s committed offset to {shown.offset + 1}, so the service skips it when
                  it starts again. You can requeue the copy later from Dead letters, and undo the park while the service is still stopped.
                </p>
                {members.length > 0 && (
                  <div className="alert" role="alert" data-testid="park-members">
                    <p>Stop the service first — Kafka refuses to move offsets while a consumer is connected. Members of the group:</p>
                    <ul>
                      {members.map((m) => (
                        <li key={m.memberId} className="mono">
                          {m.clientId} on {m.host}
                          {m.assignment.length > 0 && ` — ${m.assignment.map((a) => `${a.topic} [${a.partitions.join(', ')}]`).join('; ')}`}
                        </li>
                      ))}
                    </ul>
                  </div>
                )}
                {step.kind === 'confirm' && step.problem && step.problem.reason !== 'group-active' && (
                  <div className="alert" role="alert" data-testid="park-error">
                    {step.problem.error}
                  </div>
                )}
                <div className={styles.parkButtons}>
                  <button type="button" onClick={() => dialog.current?.close()}>
                    Cancel
                  </button>
                  <button type="button" className="primary" disabled={step.kind === 'busy'} onClick={() => void park()} data-testid="park-confirm">
                    {members.length > 0 ? 'Retry' : `Park record at offset ${shown.offset}`}
                  </button>
                </div>
              </>
            )}
            {step.kind === 'parked' && (
              <>
                <p data-testid="park-result">
                  Parked. The copy is{' '}
                  {step.answer.park.deadLetterId ? (
                    <Link href={recordHref(step.answer.park.deadLetterId)} className="mono" data-testid="park-dead-letter-link">
                      {step.answer.park.deadLetterId}
                    </Link>
                  ) : (
                    'on the dead-letter topic'
                  )}
                  ; group <span className="mono">{shown.groupId}</span> is now at offset <strong data-testid="park-committed">{step.answer.committedOffset}</strong>.
                  {step.answer.park.deadLetterId && (
                    <>
                      {' '}
                      Once collected it is listed under{' '}
                      <Link href={`/dead-letters?deadLetter=${encodeURIComponent(step.answer.park.deadLetterId)}`} data-testid="park-dead-letters-link">
                        Dead letters
                      </Link>
                      , where it can be requeued after the fix.
                    </>
                  )}
                </p>
                {step.problem && (
                  <div className="alert" role="alert" data-testid="park-error">
                    {step.problem.error}
                  </div>
                )}
                <div className={styles.parkButtons}>
                  <button type="button" onClick={() => void undo(step.answer)} data-testid="park-undo">
                    Undo
                  </button>
                  <button type="button" className="primary" onClick={() => dialog.current?.close()}>
                    Close
                  </button>
                </div>
              </>
            )}
            {step.kind === 'undone' && (
              <>
                <p data-testid="park-result">
                  Undone: group <span className="mono">{shown.groupId}</span> is back at offset <strong data-testid="park-committed">{step.answer.committedOffset}</strong>. The copy stays on{' '}
                  <span className="mono">{dlqTopic}</span>.
                </p>
                <div className={styles.parkButtons}>
                  <button type="button" className="primary" onClick={() => dialog.current?.close()}>
                    Close
                  </button>
                </div>
              </>
            )}
          </dialog>,
          document.body,
        )}
    </>
  );
}
