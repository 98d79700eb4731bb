/**
 * The store's client for API route handlers, which pass it to lib/queries (reads) and lib/ingest (writes).
 * app/ never imports lib/db itself (see .dependency-cruiser.cjs); pages don't use this either: they call the
 * request-cached loaders in lib/loaders/index.ts, which never hand the client out.
 */
export { type Db, getDb } from "@/lib/db/client";
