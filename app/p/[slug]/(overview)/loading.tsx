export default function Loading() {
  return (
    <section aria-busy="true" aria-label="Loading project">
      <div className="skeleton" style={{ height: 32, width: 320, marginBottom: 16 }} />
      <div className="skeleton" style={{ height: 90, marginBottom: 16 }} />
      <div className="skeleton" style={{ height: 340 }} />
    </section>
  );
}
