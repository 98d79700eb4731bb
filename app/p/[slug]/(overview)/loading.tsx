export default function Loading() {
  return (
    <div aria-busy="true" aria-label="Loading project">
      <div className="skeleton" style={{ height: 32, width: 320, marginBottom: 16 }} />
      <div className="skeleton" style={{ height: 90, marginBottom: 16 }} />
      <div className="skeleton" style={{ height: 340 }} />
    </div>
  );
}
