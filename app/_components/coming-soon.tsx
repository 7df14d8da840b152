import Link from 'next/link';

/** Placeholder for a page whose issue has not landed yet; points to what already works. */
export function ComingSoon({ title, what }: { title: string; what: string }) {
  return (
    <>
      <h1>{title}</h1>
      <div className="empty" data-testid="coming-soon">
        <p>Coming soon: {what}</p>
        <p>
          Meanwhile, the <Link href="/records">records timeline</Link> shows every stored record.
        </p>
      </div>
    </>
  );
}
