import { gzipSync } from "node:zlib";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { handleRepositoryScanPost } from "@/lib/api/repository-ingest";
import { handleScanPost } from "@/lib/api/scans";
import { generateToken, hashToken } from "@/lib/auth/tokens";
import { INGEST_LIMITS, PortfolioBatchResponseSchema, ScanBatchResponseSchema } from "@/lib/contract/responses";
import type { Db } from "@/lib/db/client";
import { createProject, createRepository } from "@/lib/ingest";
import { fakeSha, makeInventory } from "../factories/inventory";
import { createTestDatabase, testDialects } from "../helpers/database";
import { makePortfolio } from "./repositories.factory";

type ErrorBody = { error: { code: string; message: string; issues?: Array<{ path: string; message: string }> } };

describe.each(testDialects())("batch ingest handlers on %s", (dialect) => {
  let db: Db;
  let dispose: () => Promise<void>;
  let projectToken: string;
  let repositoryToken: string;

  beforeEach(async () => {
    const store = await createTestDatabase(dialect);
    db = store.db;
    dispose = store.dispose;
    projectToken = generateToken();
    await createProject(db, { slug: "alpha", name: "Alpha", repoUrl: null, tokenHash: hashToken(projectToken) });
    const repository = await createRepository(db, { slug: "acme", name: "Acme", repoUrl: null });
    repositoryToken = repository?.token ?? "";
  });

  afterEach(async () => {
    await dispose();
  });

  function postProject(body: BodyInit, headers: Record<string, string> = {}, query = ""): Promise<Response> {
    return handleScanPost(
      db,
      new Request(`http://localhost/api/v1/projects/alpha/scans${query}`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${projectToken}`, ...headers },
        body,
      }),
      "alpha",
    );
  }

  function postRepository(body: BodyInit, headers: Record<string, string> = {}, query = ""): Promise<Response> {
    return handleRepositoryScanPost(
      db,
      new Request(`http://localhost/api/v1/repositories/acme/scans${query}`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${repositoryToken}`, ...headers },
        body,
      }),
      "acme",
    );
  }

  const inventories = (count: number, seed: string) =>
    Array.from({ length: count }, (_, index) => makeInventory({ sha: fakeSha(`${seed}-${index}`), members: 2 }));

  test("a JSON array, NDJSON and gzip NDJSON each give one result per commit, in order", async () => {
    const [a, b, c, d] = inventories(4, "forms");
    if (!a || !b || !c || !d) throw new Error("four inventories");
    const first = await postProject(JSON.stringify([a, b]));
    expect(first.status).toBe(200);
    expect(ScanBatchResponseSchema.parse(await first.json())).toEqual({
      results: [
        { sha: a.commit.sha, status: "created", url: `/p/alpha/scans/${a.commit.sha}` },
        { sha: b.commit.sha, status: "created", url: `/p/alpha/scans/${b.commit.sha}` },
      ],
      counts: { created: 2, existing: 0, replaced: 0 },
    });
    const ndjson = `${[b, c].map((inventory) => JSON.stringify(inventory)).join("\n")}\n\n`;
    const second = await postProject(ndjson, { "content-type": "application/x-ndjson" });
    const secondBody = ScanBatchResponseSchema.parse(await second.json());
    expect(secondBody.results.map((result) => [result.sha, result.status])).toEqual([
      [b.commit.sha, "existing"],
      [c.commit.sha, "created"],
    ]);
    const gzipped = gzipSync(Buffer.from([a, d].map((inventory) => JSON.stringify(inventory)).join("\n")));
    const third = await postProject(gzipped, { "content-type": "application/x-ndjson", "content-encoding": "gzip" }, "?replace=1");
    expect(ScanBatchResponseSchema.parse(await third.json()).counts).toEqual({ created: 1, existing: 0, replaced: 1 });
    expect(await db.scan.count()).toBe(4);
    expect(await db.observation.count()).toBe(8);
  });

  test("one invalid element anywhere: 422 naming its index and key, nothing stored", async () => {
    const batch = inventories(5, "invalid");
    const third = structuredClone(batch[3]);
    if (!third) throw new Error("no element 3");
    third.totals.counted += 1;
    batch[3] = third;
    const response = await postProject(JSON.stringify(batch));
    expect(response.status).toBe(422);
    const body = (await response.json()) as ErrorBody;
    expect(body.error.code).toBe("invalid_body");
    expect(body.error.issues?.map((issue) => issue.path)).toEqual(["[3].totals"]);
    expect(body.error.message).toContain("[3].totals");

    const portfolios = [0, 1, 2, 3].map((index) =>
      makePortfolio([{ slug: "websocket" }, { slug: "registry" }], { sha: fakeSha(`p-${index}`) }),
    );
    const broken = structuredClone(portfolios[3]);
    const family = broken?.families[1];
    if (!broken || !family) throw new Error("no portfolio 3");
    family.totals.names += 1;
    portfolios[3] = broken;
    const ndjson = portfolios.map((portfolio) => JSON.stringify(portfolio)).join("\n");
    const repositoryResponse = await postRepository(ndjson, { "content-type": "application/x-ndjson" });
    expect(repositoryResponse.status).toBe(422);
    const repositoryBody = (await repositoryResponse.json()) as ErrorBody;
    expect(repositoryBody.error.issues?.map((issue) => issue.path)).toEqual(["[3].families[1].totals"]);
    expect(await db.scan.count()).toBe(0);
    expect(await db.project.count()).toBe(1);
  });

  test("the same commit twice in one batch is 422 naming both places; a bad NDJSON line is 400 naming the line", async () => {
    const [a, b] = inventories(2, "dup");
    const response = await postProject(JSON.stringify([a, b, a]));
    expect(response.status).toBe(422);
    const body = (await response.json()) as ErrorBody;
    expect(body.error.issues).toEqual(
      [{ path: "[2].commit.sha", message: `commit ${a?.commit.sha} is also at [0]: send each commit once` }].map((issue) => ({
        ...issue,
        code: "custom",
      })),
    );
    const lines = `${JSON.stringify(a)}\n{oops\n`;
    const bad = await postProject(lines, { "content-type": "application/x-ndjson" });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as ErrorBody).error.message).toMatch(/^line 2 is not valid JSON/);
    expect(await db.scan.count()).toBe(0);
  });

  test("the batch cap applies to the decompressed size: 413; a single element keeps its 1 MB cap", async () => {
    const padding = "x".repeat(INGEST_LIMITS.batchBytes);
    const bomb = gzipSync(Buffer.from(`[{"padding":"${padding}"}]`));
    expect(bomb.byteLength).toBeLessThan(100_000);
    const tooLarge = await postProject(bomb, { "content-encoding": "gzip" });
    expect(tooLarge.status).toBe(413);
    expect(((await tooLarge.json()) as ErrorBody).error.code).toBe("payload_too_large");
    const single = await postRepository(JSON.stringify({ padding: "x".repeat(INGEST_LIMITS.singleBytes) }));
    expect(single.status).toBe(413);
    const many = Array.from({ length: INGEST_LIMITS.batchCommits + 1 }, () => ({}));
    const tooMany = await postProject(JSON.stringify(many));
    expect(tooMany.status).toBe(413);
    expect(((await tooMany.json()) as ErrorBody).error.message).toBe(
      `the batch holds ${INGEST_LIMITS.batchCommits + 1} elements; at most ${INGEST_LIMITS.batchCommits} per request`,
    );
    expect(await db.scan.count()).toBe(0);
  });

  test("a repository batch: one result per commit with each family's status and page", async () => {
    const first = makePortfolio([{ slug: "websocket" }], { sha: fakeSha("r1"), date: "2026-10-01T00:00:00Z" });
    const second = makePortfolio([{ slug: "websocket" }, { slug: "db" }], { sha: fakeSha("r2"), date: "2026-10-08T00:00:00Z" });
    const single = await postRepository(JSON.stringify(first));
    expect(single.status).toBe(201);
    const batch = await postRepository(gzipSync(Buffer.from(JSON.stringify([first, second]))), { "content-encoding": "gzip" });
    expect(batch.status).toBe(200);
    expect(PortfolioBatchResponseSchema.parse(await batch.json())).toEqual({
      results: [
        {
          sha: first.commit.sha,
          status: "existing",
          families: [
            { family: "websocket", project: "acme--websocket", status: "existing", url: `/p/acme--websocket/scans/${first.commit.sha}` },
          ],
        },
        {
          sha: second.commit.sha,
          status: "created",
          families: [
            { family: "websocket", project: "acme--websocket", status: "created", url: `/p/acme--websocket/scans/${second.commit.sha}` },
            { family: "db", project: "acme--db", status: "created", url: `/p/acme--db/scans/${second.commit.sha}` },
          ],
        },
      ],
      counts: { created: 1, existing: 1, replaced: 0 },
    });
    const again = await postRepository(JSON.stringify(first));
    expect(again.status).toBe(200);
  });
});
