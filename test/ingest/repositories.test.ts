import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { handleRepositoryScanPost } from "@/lib/api/repository-ingest";
import { handleScanPost } from "@/lib/api/scans";
import { generateToken, hashToken } from "@/lib/auth/tokens";
import { IngestPortfolioSchema } from "@/lib/contract/inventory";
import type { Db } from "@/lib/db/client";
import {
  authorizeProjectWrite,
  authorizeRepositoryWrite,
  CHUNK_COMMITS,
  createProject,
  createRepository,
  deleteRepository,
  ingestBatch,
  ingestPortfolio,
  ingestPortfolioBatch,
  IngestRejected,
  listRepositories,
  listRepositoryCommits,
  rotateRepositoryToken,
  type IngestRepository,
} from "@/lib/ingest";
import { fakeSha, makeInventory } from "../factories/inventory";
import { createTestDatabase, testDialects } from "../helpers/database";
import { makePortfolio } from "./repositories.factory";

/** Row counts of every table a scan writes to, read from the store itself. */
async function tableCounts(db: Db) {
  return {
    projects: await db.project.count(),
    scans: await db.scan.count(),
    observations: await db.observation.count(),
    engines: await db.engine.count(),
    checks: await db.checkResult.count(),
  };
}

const EMPTY = { projects: 0, scans: 0, observations: 0, engines: 0, checks: 0 };
const CHECKS_PER_SCAN = makeInventory().checks.length;

describe.each(testDialects())("repositories on %s", (dialect) => {
  let db: Db;
  let dispose: () => Promise<void>;
  let repository: IngestRepository;
  let token: string;

  beforeEach(async () => {
    const store = await createTestDatabase(dialect);
    db = store.db;
    dispose = store.dispose;
    const created = await createRepository(db, {
      slug: "acme",
      name: "Acme",
      repoUrl: "https://github.com/acme/app/blob/{commit}/{file}#L{line}",
    });
    if (!created) throw new Error("repository not created");
    repository = { id: created.repository.id, slug: "acme", repoUrl: created.repository.repoUrl };
    token = created.token;
  });

  afterEach(async () => {
    await dispose();
  });

  function post(body: string, slug = "acme", headers: Record<string, string> = {}): Promise<Response> {
    return handleRepositoryScanPost(
      db,
      new Request(`http://localhost/api/v1/repositories/${slug}/scans`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}`, ...headers },
        body,
      }),
      slug,
    );
  }

  test("a portfolio creates each family's project on first sight and stores every family's scan", async () => {
    const portfolio = makePortfolio([
      { slug: "websocket", name: "WebSocket manager", issue: "https://github.com/acme/app/issues/1104", members: 4 },
      { slug: "registry", name: "Agent registry", members: 3 },
    ]);
    const stored = await ingestPortfolio(db, repository, portfolio);
    expect(stored).toEqual({
      sha: portfolio.commit.sha,
      status: "created",
      families: [
        { family: "websocket", project: "acme--websocket", status: "created" },
        { family: "registry", project: "acme--registry", status: "created" },
      ],
    });
    const projects = await db.project.findMany({
      orderBy: { slug: "asc" },
      select: { slug: true, name: true, family: true, issueUrl: true, repoUrl: true, repositoryId: true, tokenHash: true },
    });
    expect(projects).toEqual([
      {
        slug: "acme--registry",
        name: "Agent registry",
        family: "registry",
        issueUrl: null,
        repoUrl: repository.repoUrl,
        repositoryId: repository.id,
        tokenHash: null,
      },
      {
        slug: "acme--websocket",
        name: "WebSocket manager",
        family: "websocket",
        issueUrl: "https://github.com/acme/app/issues/1104",
        repoUrl: repository.repoUrl,
        repositoryId: repository.id,
        tokenHash: null,
      },
    ]);
    expect(await tableCounts(db)).toEqual({ projects: 2, scans: 2, observations: 7, engines: 7, checks: 2 * CHECKS_PER_SCAN });

    // The same commit again: kept; with replace: written again, nothing doubled.
    expect((await ingestPortfolio(db, repository, portfolio)).status).toBe("existing");
    const replaced = await ingestPortfolio(db, repository, portfolio, { replace: true });
    expect(replaced.families.map((family) => family.status)).toEqual(["replaced", "replaced"]);
    expect(replaced.status).toBe("replaced");
    expect(await tableCounts(db)).toEqual({ projects: 2, scans: 2, observations: 7, engines: 7, checks: 2 * CHECKS_PER_SCAN });
  });

  test("a family's name and issue follow its newest commit, never an older one posted later", async () => {
    const at = (date: string, name: string, issue: string | null) =>
      makePortfolio([{ slug: "db", name, issue, members: 2 }], { sha: fakeSha(date), date });
    await ingestPortfolio(db, repository, at("2026-10-01T00:00:00Z", "Database", null));
    await ingestPortfolio(db, repository, at("2026-10-08T00:00:00Z", "Database layer", "https://github.com/acme/app/issues/799"));
    await ingestPortfolio(db, repository, at("2026-09-01T00:00:00Z", "Old name", null));
    const project = await db.project.findUnique({ where: { slug: "acme--db" }, select: { name: true, issueUrl: true } });
    expect(project).toEqual({ name: "Database layer", issueUrl: "https://github.com/acme/app/issues/799" });
  });

  test("a multi-family post where one family fails validation stores nothing for any family (422 names it)", async () => {
    const portfolio = makePortfolio([
      { slug: "websocket", members: 3 },
      { slug: "registry", members: 2 },
    ]);
    const broken = structuredClone(portfolio);
    const second = broken.families[1];
    if (!second) throw new Error("no second family");
    second.totals.counted += 1;
    const response = await post(JSON.stringify(broken));
    expect(response.status).toBe(422);
    const body = (await response.json()) as { error: { code: string; issues: Array<{ path: string }> } };
    expect(body.error.code).toBe("invalid_body");
    expect(body.error.issues.map((issue) => issue.path)).toEqual(["families.1.totals"]);
    expect(await tableCounts(db)).toEqual(EMPTY);
  });

  test("a family whose project slug would be too long is refused before anything is written", async () => {
    const long = "f".repeat(60);
    const portfolio = makePortfolio([
      { slug: "websocket", members: 3 },
      { slug: long, members: 2 },
    ]);
    const response = await post(JSON.stringify(portfolio));
    expect(response.status).toBe(422);
    const body = (await response.json()) as { error: { message: string; issues: Array<{ path: string; message: string }> } };
    expect(body.error.issues.map((issue) => issue.path)).toEqual(["families[1].slug"]);
    expect(body.error.issues[0]?.message).toContain(`would be project "acme--${long}" (66 characters; at most 63)`);
    await expect(ingestPortfolio(db, repository, portfolio)).rejects.toBeInstanceOf(IngestRejected);
    expect(await tableCounts(db)).toEqual(EMPTY);
  });

  test("a store error inside the transaction leaves nothing: no project, scan, engine or check", async () => {
    await ingestPortfolio(db, repository, makePortfolio([{ slug: "websocket", members: 2 }]));
    const before = await tableCounts(db);
    // The observations are written last: every project, scan, engine and check row of the commit exists by then.
    await db.$executeRawUnsafe(`ALTER TABLE "Observation" RENAME TO "ObservationAway"`);
    try {
      const portfolio = makePortfolio([
        { slug: "websocket", members: 3 },
        { slug: "registry", members: 2 },
        { slug: "db", members: 1 },
      ]);
      await expect(ingestPortfolio(db, repository, portfolio)).rejects.toThrow();
    } finally {
      await db.$executeRawUnsafe(`ALTER TABLE "ObservationAway" RENAME TO "Observation"`);
    }
    expect(await tableCounts(db)).toEqual(before);
    expect(before).toEqual({ projects: 1, scans: 1, observations: 2, engines: 2, checks: CHECKS_PER_SCAN });
  });

  test("a batch says per commit what happened, and a family new in a later commit is created then", async () => {
    const dates = ["2026-10-01T00:00:00Z", "2026-10-08T00:00:00Z", "2026-10-15T00:00:00Z"];
    const [first, second, third] = dates.map((date, index) =>
      makePortfolio(
        index < 2
          ? [
              { slug: "websocket", members: 3 + index },
              { slug: "registry", members: 2 },
            ]
          : [
              { slug: "websocket", members: 2 },
              { slug: "registry", members: 2 },
              { slug: "db", members: 4 },
            ],
        { sha: fakeSha(date), date },
      ),
    );
    if (!first || !second || !third) throw new Error("three portfolios");
    await ingestPortfolio(db, repository, first);
    const results = await ingestPortfolioBatch(db, repository, [first, second, third]);
    expect(results).toEqual([
      {
        sha: first.commit.sha,
        status: "existing",
        families: [
          { family: "websocket", project: "acme--websocket", status: "existing" },
          { family: "registry", project: "acme--registry", status: "existing" },
        ],
      },
      {
        sha: second.commit.sha,
        status: "created",
        families: [
          { family: "websocket", project: "acme--websocket", status: "created" },
          { family: "registry", project: "acme--registry", status: "created" },
        ],
      },
      {
        sha: third.commit.sha,
        status: "created",
        families: [
          { family: "websocket", project: "acme--websocket", status: "created" },
          { family: "registry", project: "acme--registry", status: "created" },
          { family: "db", project: "acme--db", status: "created" },
        ],
      },
    ]);
    expect(await listRepositoryCommits(db, repository.id)).toEqual([
      { sha: first.commit.sha, families: ["registry", "websocket"] },
      { sha: second.commit.sha, families: ["registry", "websocket"] },
      { sha: third.commit.sha, families: ["db", "registry", "websocket"] },
    ]);
    // Engines span the batch: websocket's first member was seen from the first commit to the third.
    const engine = await db.engine.findFirst({
      where: { project: { slug: "acme--websocket" }, name: "websocket0ExecutionEngine" },
      select: { firstSeenAt: true, lastSeenAt: true },
    });
    expect(engine).toEqual({ firstSeenAt: new Date(dates[0] as string), lastSeenAt: new Date(dates[2] as string) });
    // Replacing the second commit with fewer members narrows the engine that only it had.
    const replaced = await ingestPortfolioBatch(db, repository, [second], { replace: true });
    expect(replaced.map((result) => result.status)).toEqual(["replaced"]);
    expect(await db.scan.count()).toBe(7);
  });

  test("a project batch: exact status per commit, across chunks, in one call", async () => {
    const project = await createProject(db, { slug: "solo", name: "Solo", repoUrl: null, tokenHash: hashToken(generateToken()) });
    const count = CHUNK_COMMITS + 3;
    const inventories = Array.from({ length: count }, (_, index) =>
      makeInventory({
        sha: fakeSha(`solo-${index}`),
        date: new Date(Date.UTC(2026, 0, 1) + index * 3_600_000).toISOString(),
        members: 1 + (index % 3),
      }),
    );
    const stored = [inventories[2], inventories[CHUNK_COMMITS + 1]].filter((inventory) => inventory !== undefined);
    await ingestBatch(db, project, stored);
    const results = await ingestBatch(db, project, inventories);
    expect(results).toHaveLength(count);
    const existing = results.flatMap((result, index) => (result.status === "existing" ? [index] : []));
    expect(existing).toEqual([2, CHUNK_COMMITS + 1]);
    expect(results.filter((result) => result.status === "created")).toHaveLength(count - 2);
    expect(results.map((result) => result.sha)).toEqual(inventories.map((inventory) => inventory.commit.sha));
    const members = inventories.reduce((sum, inventory) => sum + inventory.members.length, 0);
    expect(await tableCounts(db)).toEqual({
      projects: 1,
      scans: count,
      observations: members,
      engines: 3,
      checks: count * CHECKS_PER_SCAN,
    });
    const replaced = await ingestBatch(db, project, inventories.slice(0, 2), { replace: true });
    expect(replaced.map((result) => result.status)).toEqual(["replaced", "replaced"]);
    await expect(
      ingestBatch(
        db,
        project,
        [inventories[0], inventories[0]].filter((i) => i !== undefined),
      ),
    ).rejects.toThrow("[1].commit.sha: commit");
  });

  test("a family project slug held by a standalone project is refused, nothing stored", async () => {
    await createProject(db, { slug: "acme--db", name: "Standalone", repoUrl: null, tokenHash: hashToken(generateToken()) });
    const response = await post(JSON.stringify(makePortfolio([{ slug: "websocket" }, { slug: "db" }])));
    expect(response.status).toBe(422);
    const body = (await response.json()) as { error: { message: string } };
    expect(body.error.message).toContain('project "acme--db" already exists outside repository "acme"');
    expect(await tableCounts(db)).toEqual({ ...EMPTY, projects: 1 });
  });

  test("tokens: the repository token opens the repository and its families' write routes, and nothing else", async () => {
    await ingestPortfolio(db, repository, makePortfolio([{ slug: "websocket" }]));
    const other = await createRepository(db, { slug: "other", name: "Other", repoUrl: null });
    const soloToken = generateToken();
    await createProject(db, { slug: "solo", name: "Solo", repoUrl: null, tokenHash: hashToken(soloToken) });
    const credentials = (value: string | null) => ({ token: value, address: "127.0.0.1" });

    expect((await authorizeRepositoryWrite(db, credentials(token), "acme")).kind).toBe("authorized");
    expect((await authorizeProjectWrite(db, credentials(token), "acme--websocket")).kind).toBe("authorized");
    expect((await authorizeProjectWrite(db, credentials(token), "solo")).kind).toBe("other-project");
    expect((await authorizeRepositoryWrite(db, credentials(other?.token ?? null), "acme")).kind).toBe("other-project");
    expect((await authorizeRepositoryWrite(db, credentials(soloToken), "acme")).kind).toBe("other-project");
    expect((await authorizeProjectWrite(db, credentials(other?.token ?? null), "acme--websocket")).kind).toBe("other-project");
    expect((await authorizeRepositoryWrite(db, credentials("cvg_wrong"), "acme")).kind).toBe("invalid-token");
    expect((await authorizeRepositoryWrite(db, credentials("cvg_wrong"), "missing")).kind).toBe("invalid-token");
    expect((await authorizeRepositoryWrite(db, credentials(null), "acme")).kind).toBe("missing-token");
    // The family project's own write route takes the repository token (a single inventory).
    const single = await handleScanPost(
      db,
      new Request("http://localhost/api/v1/projects/acme--websocket/scans", {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify(makeInventory({ sha: fakeSha("direct") })),
      }),
      "acme--websocket",
    );
    expect(single.status).toBe(201);
    // After rotation the old token opens nothing: 401 on the repository and on its family.
    const rotated = await rotateRepositoryToken(db, "acme");
    expect(rotated.ok).toBe(true);
    expect((await authorizeRepositoryWrite(db, credentials(token), "acme")).kind).toBe("invalid-token");
    expect((await authorizeProjectWrite(db, credentials(token), "acme--websocket")).kind).toBe("invalid-token");
    if (rotated.ok) expect((await authorizeProjectWrite(db, credentials(rotated.value.token), "acme--websocket")).kind).toBe("authorized");
  });

  test("deleting a repository deletes its family projects with everything under them, and nothing else", async () => {
    await ingestPortfolio(
      db,
      repository,
      makePortfolio([
        { slug: "websocket", members: 3 },
        { slug: "db", members: 2 },
      ]),
    );
    const solo = await createProject(db, { slug: "solo", name: "Solo", repoUrl: null, tokenHash: hashToken(generateToken()) });
    await ingestBatch(db, solo, [makeInventory({ members: 4 })]);
    expect(await listRepositories(db)).toMatchObject([
      {
        slug: "acme",
        families: [
          { family: "db", project: "acme--db", scanCount: 1 },
          { family: "websocket", project: "acme--websocket", scanCount: 1 },
        ],
      },
    ]);
    const deleted = await deleteRepository(db, "acme");
    expect(deleted).toEqual({ ok: true, value: { slug: "acme", projects: ["acme--db", "acme--websocket"], scans: 2, engines: 5 } });
    expect(await tableCounts(db)).toEqual({ projects: 1, scans: 1, observations: 4, engines: 4, checks: CHECKS_PER_SCAN });
    expect(await db.repository.count()).toBe(0);
    expect(await deleteRepository(db, "acme")).toEqual({ ok: false, reason: "not-found" });
  });

  test("the factory's portfolios satisfy the ingest contract", () => {
    expect(IngestPortfolioSchema.safeParse(makePortfolio([{ slug: "a" }, { slug: "b" }])).success).toBe(true);
  });
});
