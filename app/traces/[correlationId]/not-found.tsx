import Link from 'next/link';

export default function TraceNotFound() {
  return (
    <>
      <h1>Trace not found</h1>
      <div className="empty" data-testid="trace-not-found">
        No stored record carries this correlation id. It may not be collected yet, retention may have removed it, or the link is mistyped.{' '}
        <Link href="/traces">Recent traces</Link> · <Link href="/records">Search the records</Link>
      </div>
    </>
  );
}
