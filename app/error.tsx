"use client";

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <section className="panel empty" role="alert">
      <h1>Something went wrong</h1>
      <p className="muted">{error.digest ? `Reference ${error.digest}` : "The page could not be loaded."}</p>
      <button type="button" onClick={reset}>
        Try again
      </button>
    </section>
  );
}
