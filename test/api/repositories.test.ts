// Repository ingest over HTTP against a real `next start` (loopback only): batches (gzip, NDJSON),
// the whole body validated first, caps on the decompressed size, token rules and rate limits, and
// the commits a backfill resumes from.
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { PortfolioBatchResponseSchema, PortfolioPostResponseSchema, RepositoryCommitsResponseSchema } from "@/lib/contract/responses";
import { createRepository } from "@/lib/ingest";
import { fakeSha, makeInventory } from "../factories/inventory";
import { createTestDatabase, testDialects, type TestDatabase } from "../helpers/database";
import { startServer, type TestServer } from "../helpers/server";
import { makePortfolio } from "../ingest/repositories.factory";

type ErrorBody = { error: { code: string; status: number; message: string; issues?: Array<{ path: string }> } };

/** Writes each token may make per minute on this server. */
const RATE_LIMIT = 6;

describe.each(testDialects())("repository ingest over HTTP on %s", (dialect) => {
  let store: TestDatabase;
  let server: TestServer;
  let seq = 0;

  beforeAll(async () => {
    store = await createTestDatabase(dialect);
    server = await startServer({ databaseUrl: store.url, env: { CONVERGE_RATE_LIMIT: `${RATE_LIMIT}/60s` } });
  }, 900_000);

  afterAll(async () => {
    await server?.stop();
    await store?.dispose();
  });

  /** A fresh repository per test: its own token, so its own rate-limit bucket. */
  async function repository(): Promise<{ slug: string; token: string }> {
    seq += 1;
    const slug = `repo${seq}`;
    const created = await createRepository(store.db, { slug, name: `Repository ${seq}`, repoUrl: null });
    if (!created) throw new Error(`repository ${slug} exists`);
    return { slug, token: created.token };
  }

  function post(slug: string, token: string, body: BodyInit, headers: Record<string, string> = {}, path = "repositories") {
    return fetch(`${server.url}/api/v1/${path}/${slug}/scans`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}`, ...headers },
      body,
    });
  }

  const countsOf = async (repositorySlug: string) => ({
    projects: await store.db.project.count({ where: { repository: { slug: repositorySlug } } }),
    scans: await store.db.scan.count({ where: { project: { repository: { slug: repositorySlug } } } }),
    observations: await store.db.observation.count({ where: { scan: { project: { repository: { slug: repositorySlug } } } } }),
  });

  test("a gzipped NDJSON batch: one result per commit, the family projects open, and the commits to resume from", async () => {
    const repo = await repository();
    const portfolios = [0, 1, 2].map((week) =>
      makePortfolio(
        [
          { slug: "websocket", members: 3 },
          { slug: "db", members: 2 },
        ],
        { sha: fakeSha(`${repo.slug}-${week}`), date: `2026-10-0${week + 1}T00:00:00Z` },
      ),
    );
    const single = await post(repo.slug, repo.token, JSON.stringify(portfolios[0]));
    expect(single.status).toBe(201);
    expect(PortfolioPostResponseSchema.parse(await single.json()).families.map((family) => family.project)).toEqual([
      `${repo.slug}--websocket`,
      `${repo.slug}--db`,
    ]);
    const ndjson = gzipSync(Buffer.from(portfolios.map((portfolio) => JSON.stringify(portfolio)).join("\n")));
    const response = await post(repo.slug, repo.token, ndjson, { "content-type": "application/x-ndjson", "content-encoding": "gzip" });
    expect(response.status).toBe(200);
    const body = PortfolioBatchResponseSchema.parse(await response.json());
    expect(body.results.map((result) => [result.sha, result.status])).toEqual(
      portfolios.map((portfolio, index) => [portfolio.commit.sha, index === 0 ? "existing" : "created"]),
    );
    expect(body.counts).toEqual({ created: 2, existing: 1, replaced: 0 });
    expect(await countsOf(repo.slug)).toEqual({ projects: 2, scans: 6, observations: 15 });

    const commits = await fetch(`${server.url}/api/v1/repositories/${repo.slug}/commits`);
    expect(commits.status).toBe(200);
    expect(RepositoryCommitsResponseSchema.parse(await commits.json())).toEqual({
      commits: portfolios.map((portfolio) => ({ sha: portfolio.commit.sha, families: ["db", "websocket"] })),
    });
    const page = await fetch(`${server.url}/api/v1/projects/${repo.slug}--websocket`);
    expect(page.status).toBe(200);
    expect((await fetch(`${server.url}/api/v1/repositories/nope/commits`)).status).toBe(404);
  });

  test("one invalid family in a batch: 422 naming its index and key, nothing stored; the decompressed cap is 413", async () => {
    const repo = await repository();
    const portfolios = [0, 1].map((index) =>
      makePortfolio([{ slug: "websocket" }, { slug: "db" }], { sha: fakeSha(`${repo.slug}-${index}`) }),
    );
    const broken = structuredClone(portfolios);
    const family = broken[1]?.families[0];
    if (!family) throw new Error("no family");
    family.totals.counted += 2;
    const invalid = await post(repo.slug, repo.token, JSON.stringify(broken));
    expect(invalid.status).toBe(422);
    const body = (await invalid.json()) as ErrorBody;
    expect(body.error.code).toBe("invalid_body");
    expect(body.error.issues?.map((issue) => issue.path)).toEqual(["[1].families[0].totals"]);
    expect(body.error.message).toBe("invalid elements, nothing was stored: [1].families[0].totals");

    const bomb = gzipSync(Buffer.from(`[{"pad":"${"0".repeat(40 * 1024 * 1024)}"}]`));
    const tooLarge = await post(repo.slug, repo.token, bomb, { "content-encoding": "gzip" });
    expect(tooLarge.status).toBe(413);
    expect(((await tooLarge.json()) as ErrorBody).error.code).toBe("payload_too_large");
    expect(await countsOf(repo.slug)).toEqual({ projects: 0, scans: 0, observations: 0 });
  });

  test("tokens: unknown repository and bad token 401, another repository's token 403, the family routes take the repository token", async () => {
    const repo = await repository();
    const other = await repository();
    const body = JSON.stringify(makePortfolio([{ slug: "websocket" }], { sha: fakeSha(`${repo.slug}-tokens`) }));
    const statuses = [
      (await post(repo.slug, "cvg_wrong", body)).status,
      (await post("missing", "cvg_wrong", body)).status,
      (await post("missing", repo.token, body)).status,
      (await post(repo.slug, other.token, body)).status,
      (await post(repo.slug, repo.token, body)).status,
    ];
    expect(statuses).toEqual([401, 401, 403, 403, 201]);
    const family = `${repo.slug}--websocket`;
    const direct = await post(family, repo.token, JSON.stringify(makeInventory({ sha: fakeSha(`${repo.slug}-direct`) })), {}, "projects");
    expect(direct.status).toBe(201);
    const foreign = await post(family, other.token, JSON.stringify(makeInventory()), {}, "projects");
    expect(foreign.status).toBe(403);
    const bad = (await foreign.json()) as ErrorBody;
    expect(bad.error.message).not.toContain(other.token);
  });

  test("rate limit: the repository token's writes share one budget across the repository and its family routes", async () => {
    const repo = await repository();
    const statuses: number[] = [];
    const first = makePortfolio([{ slug: "websocket" }], { sha: fakeSha(`${repo.slug}-0`) });
    statuses.push((await post(repo.slug, repo.token, JSON.stringify(first))).status);
    for (let index = 1; index < RATE_LIMIT; index += 1) {
      const inventory = makeInventory({ sha: fakeSha(`${repo.slug}-${index}`) });
      statuses.push((await post(`${repo.slug}--websocket`, repo.token, JSON.stringify(inventory), {}, "projects")).status);
    }
    const limited = await post(repo.slug, repo.token, JSON.stringify(makePortfolio([{ slug: "websocket" }])));
    statuses.push(limited.status);
    expect(statuses).toEqual([201, ...Array(RATE_LIMIT - 1).fill(201), 429]);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
  });
});
