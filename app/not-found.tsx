import Link from "next/link";
import { connection } from "next/server";

/** Rendered per request, so its scripts carry the CSP nonce that proxy.ts sets (a prerendered page has none). */
export default async function NotFound() {
  await connection();
  return (
    <section className="panel empty">
      <h1>Not found</h1>
      <p className="muted">There is no such project or page.</p>
      <Link href="/">All projects</Link>
    </section>
  );
}
