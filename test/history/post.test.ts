import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Inventory } from "@/lib/contract/inventory";
import type { Db } from "@/lib/db/client";
import { createBackfillCommand } from "@/cli/commands/backfill";
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

  const env = () =>
    ({ CONVERGE_URL: server.url, CONVERGE_PROJECT: server.slug, CONVERGE_TOKEN: server.token }) as unknown as NodeJS.ProcessEnv;
  const posts = () => server.log.filter((e) => e.method === "POST");

  test("an interrupted backfill resumes: the re-run posts only what is missing, a finished one posts nothing", async () => {
    // Batches of three commits; the server stops accepting after the first batch (a 4xx is never retried: the run stops there).
    const backfill = createBackfillCommand({ batch: { maxCommits: 3 } });
    server.intercept = (request, log) =>
      request.method === "POST" && log.some((e) => e.method === "POST" && e.status === 200)
        ? Response.json(
            { error: { code: "payload_too_large", message: "the request body is larger than 1048576 bytes", status: 413 } },
            { status: 413 },
          )
        : null;
    const first = capture(env());
    expect(await backfill([fixture.dir, "--every", "commit", "--no-cache", "--post"], first)).toBe(2);
    expect(first.err).toContain(
      `ERROR: the server refused the batch of 3 scans ${fixture.commits[3]?.slice(0, 12)}..${fixture.commits[5]?.slice(0, 12)}: 413 the request body is larger than 1048576 bytes`,
    );
    expect(first.err).toContain("3 scan(s) were posted before it; run the same command again to resume.");
    expect(first.out).toBe("");
    expect(await db.scan.count()).toBe(3);

    server.intercept = null;
    server.log.length = 0;
    const second = capture(env());
    expect(await backfill([fixture.dir, "--every", "commit", "--no-cache", "--post"], second)).toBe(0);
    expect(server.log[0]).toEqual({ method: "GET", path: `/api/v1/projects/${server.slug}/scans?fields=sha`, status: 200 });
    expect(posts().map((e) => e.status)).toEqual([200, 200]);
    expect(second.err).toMatch(/9 of 9 commits sampled \(every commit\); 6 scanned, 3 already on the server; .*; 6 posted \(6 created\);/);

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
            {
              error: {
                code: "invalid_body",
                message: "the body does not match the inventory contract (schemaVersion)",
                status: 422,
                issues: [{ path: "schemaVersion", message: "Invalid input: expected 1", code: "invalid_value" }],
              },
            },
            { status: 422 },
          )
        : null;
    server.log.length = 0;
    const refused = capture(env());
    expect(
      await main(
        ["scan", fixture.dir, "--format", "json", "--post", server.url, "--project", server.slug, "--token", server.token],
        refused,
      ),
    ).toBe(2);
    expect(refused.err).toBe(
      `ERROR: the server refused the scan of ${head.slice(0, 12)}: 422 the body does not match the inventory contract (schemaVersion)\n  schemaVersion: Invalid input: expected 1\n`,
    );
    expect(posts()).toHaveLength(1);
    server.intercept = null;
  });

  test("a wrong backfill is corrected with --replace: every commit is posted again and the stored counts are the new ones", async () => {
    const outside = mkdtempSync(join(tmpdir(), "converge-replace-"));
    try {
      // The wrong plan: a pattern that also catches the adapter's name, with a target of 99.
      writeFileSync(join(outside, "wrong.json"), JSON.stringify({ pattern: "Engine", target: 99 }));
      writeFileSync(
        join(outside, "right.json"),
        JSON.stringify({ pattern: "ExecutionEngine$", target: 2, primary: "UserExecutionEngine" }),
      );
      const stored = async () =>
        (
          await db.scan.findMany({
            orderBy: { commitSha: "asc" },
            select: { commitSha: true, target: true, plan: true, memberCount: true, countedCount: true },
          })
        ).filter((s) => fixture.commits.includes(s.commitSha));

      const before = await stored();
      const kept = capture(env(), outside);
      expect(await main(["backfill", fixture.dir, "--every", "commit", "--no-cache", "--config", "wrong.json", "--post"], kept)).toBe(0);
      // Without --replace the stored scans stay as they are.
      expect(await stored()).toEqual(before);

      server.log.length = 0;
      const replaced = capture(env(), outside);
      expect(
        await main(["backfill", fixture.dir, "--every", "commit", "--no-cache", "--config", "right.json", "--post", "--replace"], replaced),
      ).toBe(0);
      // No "what is stored" listing, and the batch asks to replace.
      expect(server.log.filter((e) => e.method === "GET")).toEqual([]);
      expect(posts().map((e) => e.path)).toEqual([`/api/v1/projects/${server.slug}/scans?replace=1`]);
      expect(replaced.err).toMatch(/; 9 scanned; .*; 9 posted \(9 replaced\);/);
      expect(replaced.err).toContain("backfill plan: 9 commits: plan from right.json\n");

      const after = await stored();
      const expected = parseNdjson(capture(env(), outside), [
        "backfill",
        fixture.dir,
        "--every",
        "commit",
        "--no-cache",
        "--config",
        "right.json",
      ]);
      const inventories = await expected;
      expect(after.map((s) => s.commitSha).sort()).toEqual([...fixture.commits].sort());
      for (const scan of after) {
        const inventory = inventories.find((i) => i.commit.sha === scan.commitSha);
        expect((scan.plan as { pattern?: string }).pattern).toBe("ExecutionEngine$");
        expect(scan.target).toBe(2);
        expect(scan.memberCount).toBe(inventory?.totals.members);
        expect(scan.countedCount).toBe(inventory?.totals.counted);
      }
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});

async function parseNdjson(io: ReturnType<typeof capture>, argv: string[]): Promise<Inventory[]> {
  expect(await main(argv, io)).toBe(0);
  return io.out
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as Inventory);
}
