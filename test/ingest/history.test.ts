// Correcting history on both stores: replace a wrong scan, delete ranges, delete a project, each in
// one transaction (a failure injected by a database trigger midway leaves the old state), and the
// token checked before the slug. Every assertion reads the tables themselves.
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { handleScanPost, handleScansDelete } from "@/lib/api/scans";
import { generateToken, hashToken } from "@/lib/auth/tokens";
import type { CommittedInventory } from "@/lib/contract/inventory";
import type { Db } from "@/lib/db/client";
import type { Dialect } from "@/lib/db/url";
import { createProject, deleteProject, ingestInventory } from "@/lib/ingest";
import { main } from "@/cli/main";
import { fakeSha, makeInventory } from "../factories/inventory";
import { createTestDatabase, testDialects, type TestDatabase } from "../helpers/database";
import { capture } from "../history/io";
import { startIngestServer } from "../history/server";

const SLUG = "alpha";
const COMMIT = fakeSha("corrected");

/** Rows per table: what "nothing left behind" and "the new counts" are checked against. */
async function tableCounts(db: Db) {
  const [projects, scans, observations, checks, engines] = await Promise.all([
    db.project.count(),
    db.scan.count(),
    db.observation.count(),
    db.checkResult.count(),
    db.engine.count(),
  ]);
  return { projects, scans, observations, checks, engines };
}

/** A real failure inside the transaction: a trigger that raises when `when` holds for the row. */
async function failWhen(db: Db, dialect: Dialect, event: "INSERT" | "DELETE", table: string, when: string): Promise<void> {
  const row = event === "INSERT" ? "NEW" : "OLD";
  if (dialect === "sqlite") {
    await db.$executeRawUnsafe(
      `CREATE TRIGGER "fail_${table}" BEFORE ${event} ON "${table}" WHEN ${row}.${when} BEGIN SELECT RAISE(ABORT, 'injected failure'); END`,
    );
    return;
  }
  await db.$executeRawUnsafe(
    `CREATE OR REPLACE FUNCTION fail_now() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$ LANGUAGE plpgsql`,
  );
  await db.$executeRawUnsafe(
    `CREATE TRIGGER "fail_${table}" BEFORE ${event} ON "${table}" FOR EACH ROW WHEN (${row}.${when}) EXECUTE FUNCTION fail_now()`,
  );
}

describe.each(testDialects())("correcting history on %s", (dialect) => {
  let store: TestDatabase;
  let db: Db;
  let token: string;
  let project: { id: number; slug: string };

  beforeEach(async () => {
    store = await createTestDatabase(dialect);
    db = store.db;
    token = generateToken();
    project = await createProject(db, { slug: SLUG, name: "Alpha", repoUrl: null, tokenHash: hashToken(token) });
  });

  afterEach(async () => {
    await store.dispose();
  });

  function request(method: "POST" | "DELETE", query: string, options: { body?: string; token?: string; slug?: string } = {}): Request {
    const slug = options.slug ?? SLUG;
    return new Request(`http://localhost/api/v1/projects/${slug}/scans${query}`, {
      method,
      headers: { "content-type": "application/json", authorization: `Bearer ${options.token ?? token}` },
      ...(options.body === undefined ? {} : { body: options.body }),
    });
  }

  const post = (inventory: CommittedInventory, query = "") =>
    handleScanPost(db, request("POST", query, { body: JSON.stringify(inventory) }), SLUG);
  const remove = (query: string, options: { token?: string; slug?: string } = {}) =>
    handleScansDelete(db, request("DELETE", query, options), options.slug ?? SLUG);

  const wrong = () =>
    makeInventory({
      sha: COMMIT,
      date: "2026-12-01T12:00:00Z",
      memberNames: ["AEngine", "BEngine", "CEngine", "DEngine", "EEngine", "FEngine"],
    });
  const right = () =>
    makeInventory({ sha: COMMIT, date: "2026-11-01T12:00:00Z", memberNames: ["AEngine", "XEngine", "YEngine"], target: 2 });

  test("a second post of a commit changes nothing; ?replace=1 stores the new scan, engines recomputed", async () => {
    await ingestInventory(db, project, makeInventory({ sha: fakeSha("earlier"), date: "2026-10-01T12:00:00Z", memberNames: ["AEngine"] }));
    expect((await post(wrong())).status).toBe(201);

    const kept = await post(right());
    expect(kept.status).toBe(200);
    expect(await kept.json()).toMatchObject({ created: false, replaced: false });
    expect((await db.scan.findFirstOrThrow({ where: { commitSha: COMMIT } })).memberCount).toBe(6);

    const replaced = await post(right(), "?replace=1");
    expect(replaced.status).toBe(200);
    expect(await replaced.json()).toMatchObject({ created: true, replaced: true });

    const corrected = right();
    const scan = await db.scan.findFirstOrThrow({ where: { commitSha: COMMIT } });
    expect(scan).toMatchObject({
      memberCount: corrected.totals.members,
      nameCount: corrected.totals.names,
      countedCount: corrected.totals.counted,
      countUnit: "names",
      target: 2,
      committedAt: new Date("2026-11-01T12:00:00Z"),
    });
    expect(scan.countedByClass).toEqual(corrected.totals.countedByClassification);
    expect(await db.observation.count({ where: { scanId: scan.id } })).toBe(3);
    expect(await db.checkResult.count({ where: { scanId: scan.id } })).toBe(corrected.checks.length);
    expect(await tableCounts(db)).toEqual({ projects: 1, scans: 2, observations: 4, checks: corrected.checks.length * 2, engines: 3 });
    // AEngine was last seen in the wrong scan (1 Dec); the corrected one is from 1 Nov.
    const a = await db.engine.findFirstOrThrow({ where: { name: "AEngine" } });
    expect([a.firstSeenAt.toISOString(), a.lastSeenAt.toISOString()]).toEqual(["2026-10-01T12:00:00.000Z", "2026-11-01T12:00:00.000Z"]);
    expect((await db.engine.findMany({ select: { name: true }, orderBy: { name: "asc" } })).map((e) => e.name)).toEqual([
      "AEngine",
      "XEngine",
      "YEngine",
    ]);
  });

  test("?replace=1 for a commit not stored yet creates it (201)", async () => {
    const response = await post(right(), "?replace=1");
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ created: true, replaced: false });
    expect(await tableCounts(db)).toMatchObject({ scans: 1, observations: 3, engines: 3 });
  });

  test("a replace that fails midway leaves the old scan as it was", async () => {
    await post(wrong());
    const before = await tableCounts(db);
    const scanBefore = await db.scan.findFirstOrThrow({ where: { commitSha: COMMIT } });
    await failWhen(db, dialect, "INSERT", "Observation", `"name" = 'YEngine'`);
    await expect(ingestInventory(db, project, right(), { replace: true })).rejects.toThrow();
    expect(await tableCounts(db)).toEqual(before);
    expect(await db.scan.findFirstOrThrow({ where: { commitSha: COMMIT } })).toEqual(scanBefore);
  });

  test("DELETE ?since&until removes the scans committed in those days, inclusive, and their orphan engines", async () => {
    const days = ["2026-10-01", "2026-10-02", "2026-10-03", "2026-10-04"];
    for (const [index, day] of days.entries()) {
      await ingestInventory(
        db,
        project,
        makeInventory({ sha: fakeSha(day), date: `${day}T23:30:00Z`, memberNames: ["Kept", `Only${index}`] }),
      );
    }
    const response = await remove("?since=2026-10-02&until=2026-10-03");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ deleted: 2 });
    const scans = await db.scan.findMany({ select: { commitSha: true }, orderBy: { committedAt: "asc" } });
    expect(scans.map((scan) => scan.commitSha)).toEqual([fakeSha("2026-10-01"), fakeSha("2026-10-04")]);
    expect(await tableCounts(db)).toMatchObject({ scans: 2, observations: 4, engines: 3 });
    expect(await db.engine.count({ where: { name: { in: ["Only1", "Only2"] } } })).toBe(0);
  });

  test("DELETE ?all=1 leaves no scan, observation, check or engine of the project", async () => {
    for (const day of ["2026-10-01", "2026-10-08"])
      await ingestInventory(db, project, makeInventory({ sha: fakeSha(day), date: `${day}T12:00:00Z` }));
    const response = await remove("?all=1");
    expect(await response.json()).toEqual({ deleted: 2 });
    expect(await tableCounts(db)).toEqual({ projects: 1, scans: 0, observations: 0, checks: 0, engines: 0 });
  });

  test("a delete that fails midway deletes nothing", async () => {
    for (const day of ["2026-10-01", "2026-10-08"])
      await ingestInventory(db, project, makeInventory({ sha: fakeSha(day), date: `${day}T12:00:00Z` }));
    const before = await tableCounts(db);
    await failWhen(db, dialect, "DELETE", "Scan", `"commitSha" = '${fakeSha("2026-10-08")}'`);
    await expect(remove("?all=1")).rejects.toThrow(/injected failure/);
    expect(await tableCounts(db)).toEqual(before);
  });

  test("DELETE with missing or contradictory parameters is a 400 naming them, and deletes nothing", async () => {
    await ingestInventory(db, project, makeInventory({ sha: fakeSha("one") }));
    const cases: Array<[string, RegExp]> = [
      ["", /all=1, or since and until/],
      ["?since=2026-10-01", /until is missing/],
      ["?until=2026-10-01", /since is missing/],
      ["?all=1&since=2026-10-01&until=2026-10-02", /not both/],
      ["?since=2026-10-05&until=2026-10-01", /since \(2026-10-05\) is after until/],
      ["?since=yesterday&until=2026-10-01", /invalid query parameters/],
      ["?all=1&force=1", /invalid query parameters/],
    ];
    for (const [query, message] of cases) {
      const response = await remove(query);
      expect(response.status, query).toBe(400);
      expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(message);
    }
    expect(await db.scan.count()).toBe(1);
  });

  test("without a valid token, an unknown slug and a known one get the same 401, on POST and DELETE", async () => {
    const bodies: unknown[] = [];
    for (const make of [
      () => handleScanPost(db, request("POST", "", { body: "{}", slug: "nope", token: "cvg_wrong" }), "nope"),
      () => handleScanPost(db, request("POST", "", { body: "{}", token: "cvg_wrong" }), SLUG),
      () => remove("?all=1", { slug: "nope", token: "cvg_wrong" }),
      () => remove("?all=1", { token: "cvg_wrong" }),
    ]) {
      const response = await make();
      expect(response.status).toBe(401);
      bodies.push(await response.json());
    }
    expect(new Set(bodies.map((body) => JSON.stringify(body))).size).toBe(1);
    // A valid token of this project on an unknown slug is 403 whether or not the slug exists: it tells nothing either.
    expect((await remove("?all=1", { slug: "nope" })).status).toBe(403);
  });

  test("deleteProject removes the project and everything under it; a failure midway removes nothing", async () => {
    const other = await createProject(db, { slug: "beta", name: "Beta", repoUrl: null, tokenHash: hashToken(generateToken()) });
    await ingestInventory(db, project, makeInventory({ sha: fakeSha("a1"), date: "2026-10-01T12:00:00Z" }));
    await ingestInventory(db, project, makeInventory({ sha: fakeSha("a2"), date: "2026-10-08T12:00:00Z" }));
    const kept = makeInventory({ sha: fakeSha("b1") });
    await ingestInventory(db, other, kept);

    await failWhen(db, dialect, "DELETE", "Project", `"slug" = '${SLUG}'`);
    const before = await tableCounts(db);
    await expect(deleteProject(db, SLUG)).rejects.toThrow();
    expect(await tableCounts(db)).toEqual(before);
    await db.$executeRawUnsafe(dialect === "sqlite" ? `DROP TRIGGER "fail_Project"` : `DROP TRIGGER "fail_Project" ON "Project"`);

    expect(await deleteProject(db, SLUG)).toEqual({ ok: true, value: { slug: SLUG, scans: 2, engines: 5 } });
    expect(await tableCounts(db)).toEqual({
      projects: 1,
      scans: 1,
      observations: kept.members.length,
      checks: kept.checks.length,
      engines: kept.members.length,
    });
    expect(await deleteProject(db, SLUG)).toEqual({ ok: false, reason: "not-found" });
  });

  test("converge project delete needs --yes off a terminal (exit 2), then deletes everything", async () => {
    await ingestInventory(db, project, makeInventory({ sha: fakeSha("p1") }));
    const env: NodeJS.ProcessEnv = { NODE_ENV: "test", DATABASE_URL: store.url };
    const refused = capture(env);
    expect(await main(["project", "delete", SLUG], refused)).toBe(2);
    expect(refused.err).toMatch(/add --yes/);
    expect((await tableCounts(db)).scans).toBe(1);

    const io = capture(env);
    expect(await main(["project", "delete", SLUG, "--yes", "--json"], io)).toBe(0);
    expect(JSON.parse(io.out)).toMatchObject({ slug: SLUG, scans: 1, deleted: true });
    expect(await tableCounts(db)).toEqual({ projects: 0, scans: 0, observations: 0, checks: 0, engines: 0 });
    expect(await main(["project", "delete", SLUG, "--yes"], capture(env))).toBe(2);
  });

  test("converge scans delete posts the DELETE with the project's token and reports the count", async () => {
    await store.dispose();
    store = await createTestDatabase(dialect);
    db = store.db;
    const server = await startIngestServer(db, "engines");
    try {
      const engines = { id: (await db.project.findUniqueOrThrow({ where: { slug: "engines" } })).id, slug: "engines" };
      for (const day of ["2026-10-01", "2026-10-02", "2026-10-09"]) {
        await ingestInventory(db, engines, makeInventory({ sha: fakeSha(day), date: `${day}T12:00:00Z` }));
      }
      const env: NodeJS.ProcessEnv = {
        NODE_ENV: "test",
        CONVERGE_URL: server.url,
        CONVERGE_PROJECT: "engines",
        CONVERGE_TOKEN: server.token,
      };
      const io = capture(env);
      expect(await main(["scans", "delete", "--since", "2026-10-01", "--until", "2026-10-02"], io)).toBe(0);
      expect(io.out).toBe("Deleted 2 scans of engines.\n");
      expect(await db.scan.count()).toBe(1);

      const missing = capture(env);
      expect(await main(["scans", "delete", "--since", "2026-10-01"], missing)).toBe(2);
      expect(missing.err).toMatch(/--until is missing/);

      const badToken = capture({ ...env, CONVERGE_TOKEN: "cvg_wrong" });
      expect(await main(["scans", "delete", "--all"], badToken)).toBe(2);
      expect(badToken.err).toMatch(/not valid/);
      expect(await db.scan.count()).toBe(1);

      expect(await main(["scans", "delete", "--all", "--json"], io)).toBe(0);
      expect(await tableCounts(db)).toEqual({ projects: 1, scans: 0, observations: 0, checks: 0, engines: 0 });
    } finally {
      await server.close();
    }
  });
});
