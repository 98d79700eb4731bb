import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { generateToken, hashToken } from "@/lib/auth/tokens";
import type { Db } from "@/lib/db/client";
import { handleScanPost } from "@/lib/api/scans";
import { createProject, ingestInventory } from "@/lib/ingest";
import { getProjectScans, getProjectView, getScanDetail } from "@/lib/queries";
import { createTestDatabase, testDialects } from "../helpers/database";
import { fakeSha, makeInventory } from "../factories/inventory";

describe.each(testDialects())("ingest on %s", (dialect) => {
  let db: Db;
  let dispose: () => Promise<void>;
  let project: { id: number; slug: string };
  let token: string;

  beforeEach(async () => {
    const store = await createTestDatabase(dialect);
    db = store.db;
    dispose = store.dispose;
    token = generateToken();
    project = await createProject(db, { slug: "demo", name: "Demo", repoUrl: null, tokenHash: hashToken(token) });
  });

  afterEach(async () => {
    await dispose();
  });

  test("stores a scan with aggregates equal to its observations, and returns the members exactly", async () => {
    const inventory = makeInventory({ members: 12, failedFiles: 1 });
    const result = await ingestInventory(db, project, inventory);
    expect(result.created).toBe(true);
    expect(result.scan.totals).toEqual(inventory.totals);
    expect(result.scan.complete).toBe(false);
    expect(result.scan.files).toEqual({ scanned: 12, skipped: 0, failed: 1 });

    const detail = await getScanDetail(db, project.id, inventory.commit.sha);
    const byKey = (a: { key: string }, b: { key: string }) => a.key.localeCompare(b.key);
    expect(detail?.members.sort(byKey)).toEqual([...inventory.members].sort(byKey));
    expect(detail?.checkResults).toEqual(inventory.checks);
    expect(detail?.plan).toEqual(inventory.plan);
    expect(detail?.fileIssues.failed).toEqual(inventory.files.failed);
    expect(await db.observation.count()).toBe(12);
  });

  test("is idempotent per project and commit, also under concurrent posts", async () => {
    const inventory = makeInventory({ sha: fakeSha("same") });
    const results = await Promise.all(Array.from({ length: 10 }, () => ingestInventory(db, project, inventory)));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.scan.id)).size).toBe(1);
    expect(await db.scan.count()).toBe(1);
    expect(await db.observation.count()).toBe(inventory.members.length);
  });

  test("keeps engines across scans and widens first/last seen for out-of-order posts", async () => {
    const late = makeInventory({ sha: fakeSha("late"), date: "2026-11-10T00:00:00Z", members: 3 });
    const early = makeInventory({ sha: fakeSha("early"), date: "2026-10-01T00:00:00Z", members: 4 });
    await ingestInventory(db, project, late);
    await ingestInventory(db, project, early);
    const engines = await db.engine.findMany({ orderBy: { key: "asc" } });
    expect(engines).toHaveLength(4);
    const first = engines.find((engine) => engine.name === "Engine0ExecutionEngine");
    expect(first?.firstSeenAt.toISOString()).toBe("2026-10-01T00:00:00.000Z");
    expect(first?.lastSeenAt.toISOString()).toBe("2026-11-10T00:00:00.000Z");
    const view = await getProjectView(
      db,
      { ...project, name: "Demo", repoUrl: null },
      { range: "all", granularity: "scan", stack: "classification", format: "json" },
    );
    expect(view.points.map((point) => point.sha)).toEqual([early.commit.sha, late.commit.sha]);
    const scans = await getProjectScans(db, project.id, { limit: 1 });
    expect(scans.map((scan) => scan.commit.sha)).toEqual([late.commit.sha]);
  });
});

describe.each(testDialects())("POST handler on %s", (dialect) => {
  let db: Db;
  let dispose: () => Promise<void>;
  let token: string;

  beforeEach(async () => {
    const store = await createTestDatabase(dialect);
    db = store.db;
    dispose = store.dispose;
    token = generateToken();
    await createProject(db, { slug: "alpha", name: "Alpha", repoUrl: null, tokenHash: hashToken(token) });
  });

  afterEach(async () => {
    await dispose();
  });

  function post(body: string, headers: Record<string, string> = {}, slug = "alpha"): Promise<Response> {
    return handleScanPost(
      db,
      new Request(`http://localhost/api/v1/projects/${slug}/scans`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}`, ...headers },
        body,
      }),
      slug,
    );
  }

  test("answers each failure with its status and the one error shape", async () => {
    const valid = JSON.stringify(makeInventory());
    const cases: Array<[Promise<Response>, number, string]> = [
      [post(valid, { authorization: "" }), 401, "unauthorized"],
      [post(valid, { authorization: "Bearer cvg_wrong" }), 401, "unauthorized"],
      // Token first: an unknown project answers like a bad token, so slugs cannot be listed.
      [post(valid, { authorization: "Bearer cvg_wrong" }, "missing"), 401, "unauthorized"],
      [post(valid, {}, "missing"), 403, "forbidden"],
      [post(valid, { "content-type": "text/plain" }), 415, "unsupported_media_type"],
      [post("{oops"), 400, "invalid_json"],
      [post(JSON.stringify({ schemaVersion: 1 })), 422, "invalid_body"],
      [post(`"${"x".repeat(1024 * 1024 + 1)}"`), 413, "payload_too_large"],
    ];
    for (const [pending, status, code] of cases) {
      const response = await pending;
      expect(response.status).toBe(status);
      const body = (await response.json()) as { error: { code: string; status: number; message: string } };
      expect(body.error).toMatchObject({ code, status });
      expect(body.error.message).not.toContain(token);
    }
    expect(await db.scan.count()).toBe(0);
  });

  test("a token of another project is 403", async () => {
    const other = generateToken();
    await createProject(db, { slug: "beta", name: "Beta", repoUrl: null, tokenHash: hashToken(other) });
    const response = await post(JSON.stringify(makeInventory()), { authorization: `Bearer ${other}` });
    expect(response.status).toBe(403);
  });

  test("201 for a new commit, 200 for the same commit again", async () => {
    const body = JSON.stringify(makeInventory({ sha: fakeSha("x") }));
    expect((await post(body)).status).toBe(201);
    const again = await post(body);
    expect(again.status).toBe(200);
    expect(((await again.json()) as { created: boolean }).created).toBe(false);
    expect(await db.scan.count()).toBe(1);
  });

  test("422 names the invalid fields", async () => {
    const inventory = makeInventory();
    const response = await post(JSON.stringify({ ...inventory, totals: { ...inventory.totals, counted: 99 } }));
    expect(response.status).toBe(422);
    const body = (await response.json()) as { error: { issues: Array<{ path: string }> } };
    expect(body.error.issues.map((issue) => issue.path)).toEqual(["totals"]);
  });
});
