import Link from 'next/link';

export default function RecordNotFound() {
  return (
    <>
      <h1>Record not found</h1>
      <div className="empty">
        No stored record has this id (expected <span className="mono">topic:partition:offset</span>). It may not be collected yet, or
        retention removed it. <Link href="/records">Back to the timeline</Link>
      </div>
    </>
  );
}
