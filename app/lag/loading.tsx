export default function LagLoading() {
  return (
    <>
      <h1>Consumer lag</h1>
      <div className="empty" data-testid="lag-loading" aria-busy="true">
        Reading committed offsets and high watermarks…
      </div>
    </>
  );
}
