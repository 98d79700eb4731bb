import Link from "next/link";

export default function NotFound() {
  return (
    <section className="panel empty">
      <h1>Not found</h1>
      <p className="muted">There is no such project or page.</p>
      <Link href="/">All projects</Link>
    </section>
  );
}
