import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Db } from "@/lib/db/client";
import { main } from "@/cli/main";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { capture } from "./io";
import { buildHistoryFixture, type HistoryFixture } from "./fixture";
import { startIngestServer, type IngestServer } from "./server";

describe("backfill --post against a real server and a real SQLite store", () => {
  let fixture: HistoryFixture;
  let store: TestDatabase;
  let db: Db;
  let server: IngestServer;

  beforeAll(async () => {
    fixture = buildHistoryFixture();
    store = await createTestDatabase("sqlite");
    db = store.db;
    server = await startIngestServer(db);
  });

  afterAll(async () => {
    await server.close();
    await store.dispose();
    fixture.dispose();
  });

  const env = () => ({ CONVERGE_URL: server.url, CONVERGE_PROJECT: server.slug, CONVERGE_TOKEN: server.token }) as unknown as NodeJS.ProcessEnv;
  const posts = () => server.log.filter((e) => e.method === "POST");

  test("an interrupted backfill resumes: the re-run posts only what is missing, a finished one posts nothing", async () => {
    // The server stops accepting after three scans (a 4xx is never retried: the run stops there).
    server.intercept = (request, log) =>
      request.method === "POST" && log.filter((e) => e.method === "POST" && e.status === 201).length >= 3
        ? Response.json({ error: { code: "payload_too_large", message: "the request body is larger than 1048576 bytes", status: 413 } }, { status: 413 })
        : null;
    const first = capture(env());
    expect(await main(["backfill", fixture.dir, "--every", "commit", "--no-cache", "--post"], first)).toBe(2);
    expect(first.err).toContain(`ERROR: the server refused the scan of ${fixture.commits[3]?.slice(0, 12)}: 413 the request body is larger than 1048576 bytes`);
    expect(first.err).toContain("3 scan(s) were posted before it; run the same command again to resume.");
    expect(first.out).toBe("");
    expect(await db.scan.count()).toBe(3);

    server.intercept = null;
    server.log.length = 0;
    const second = capture(env());
    expect(await main(["backfill", fixture.dir, "--every", "commit", "--no-cache", "--post"], second)).toBe(0);
    expect(server.log[0]).toEqual({ method: "GET", path: `/api/v1/projects/${server.slug}/scans?fields=sha`, status: 200 });
    expect(posts().map((e) => e.status)).toEqual([201, 201, 201, 201, 201, 201]);
    expect(second.err).toMatch(/9 of 9 commits sampled \(every commit\); 6 scanned, 3 already on the server; .*; 6 posted;/);

    // Every commit once, inserted in commit order.
    const scans = await db.scan.findMany({ orderBy: { id: "asc" }, select: { commitSha: true } });
    expect(scans.map((s) => s.commitSha)).toEqual(fixture.commits);

    server.log.length = 0;
    const third = capture(env());
    expect(await main(["backfill", fixture.dir, "--every", "commit", "--no-cache", "--post"], third)).toBe(0);
    expect(posts()).toEqual([]);
    expect(third.err).toMatch(/0 scanned, 9 already on the server; .*; 0 posted;/);
    expect(await db.scan.count()).toBe(9);
  });

  test("scan --post stores the checkout's commit once; a 4xx prints the server's error and exits 2", async () => {
    const io = capture(env());
    expect(await main(["scan", fixture.dir, "--format", "json", "--post"], io)).toBe(0);
    const head = fixture.commits[fixture.commits.length - 1] as string;
    expect(io.err).toContain(`already stored: ${head.slice(0, 12)} in ${server.slug}`);

    server.intercept = (request) =>
      request.method === "POST"
        ? Response.json(
            { error: { code: "invalid_body", message: "the body does not match the inventory contract (schemaVersion)", status: 422, issues: [{ path: "schemaVersion", message: "Invalid input: expected 1", code: "invalid_value" }] } },
            { status: 422 },
          )
        : null;
    server.log.length = 0;
    const refused = capture(env());
    expect(await main(["scan", fixture.dir, "--format", "json", "--post", server.url, "--project", server.slug, "--token", server.token], refused)).toBe(2);
    expect(refused.err).toBe(
      `ERROR: the server refused the scan of ${head.slice(0, 12)}: 422 the body does not match the inventory contract (schemaVersion)\n  schemaVersion: Invalid input: expected 1\n`,
    );
    expect(posts()).toHaveLength(1);
    server.intercept = null;
  });
});
