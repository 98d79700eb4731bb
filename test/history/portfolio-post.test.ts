// backfill --post of a families config end to end: the CLI's batches go through a real HTTP server
// in front of the real repository routes' handlers (lib/api/repository-ingest) into a real store
// (SQLite, and PostgreSQL when it runs here); the stored scans are read back from the database.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { postScan } from "@/cli/client/batch";
import { createBackfillCommand } from "@/cli/commands/backfill";
import { handleRepositoryCommitsGet, handleRepositoryScanPost } from "@/lib/api/repository-ingest";
import { PortfolioInventorySchema, type PortfolioInventory } from "@/lib/contract/inventory";
import type { Db } from "@/lib/db/client";
import { createRepository } from "@/lib/ingest/repositories";
import { buildPortfolioFixture, FOUR_FAMILY_CONFIG, THREE_FAMILY_CONFIG, type PortfolioFixture } from "../helpers/portfolio-fixture";
import { createTestDatabase, testDialects, type TestDatabase } from "../helpers/database";
import { capture } from "./io";

interface Exchange {
  method: string;
  path: string;
  status: number;
}

/** The repository routes on 127.0.0.1, as app/api/v1/repositories/[repo]/{scans,commits}/route.ts wire them. */
async function startRepositoryServer(db: Db): Promise<{ url: string; log: Exchange[]; close(): Promise<void> }> {
  const log: Exchange[] = [];
  const server: Server = createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const body = req.method === "POST" ? Uint8Array.from(Buffer.concat(chunks)) : undefined;
      const request = new Request(url, { method: req.method, headers, body });
      const match = /^\/api\/v1\/repositories\/([^/]+)\/(scans|commits)$/.exec(url.pathname);
      const slug = decodeURIComponent(match?.[1] ?? "");
      const response =
        match?.[2] === "scans" && req.method === "POST"
          ? await handleRepositoryScanPost(db, request, slug)
          : match?.[2] === "commits" && req.method === "GET"
            ? await handleRepositoryCommitsGet(db, slug)
            : Response.json({ error: { code: "not_found", message: "no route", status: 404 } }, { status: 404 });
      log.push({ method: req.method ?? "", path: url.pathname + url.search, status: response.status });
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    })().catch((error: unknown) => {
      res.writeHead(500);
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    log,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const FOUR = ["websocket", "agent-registry", "database", "execution"];

describe.each(testDialects())("backfill --post of a portfolio into a real store (%s)", (dialect) => {
  let fixture: PortfolioFixture;
  let store: TestDatabase;
  let server: Awaited<ReturnType<typeof startRepositoryServer>>;
  let token: string;
  let outside: string;

  beforeAll(async () => {
    fixture = buildPortfolioFixture();
    store = await createTestDatabase(dialect);
    server = await startRepositoryServer(store.db);
    const created = await createRepository(store.db, { slug: "netra", name: "Netra", repoUrl: "https://github.com/acme/netra" });
    if (!created) throw new Error("the repository exists already");
    token = created.token;
    outside = mkdtempSync(join(tmpdir(), "converge-portfolio-post-"));
    writeFileSync(join(outside, "three.json"), JSON.stringify(THREE_FAMILY_CONFIG));
    writeFileSync(join(outside, "four.json"), JSON.stringify(FOUR_FAMILY_CONFIG));
  });

  afterAll(async () => {
    await server.close();
    await store.dispose();
    fixture.dispose();
    rmSync(outside, { recursive: true, force: true });
  });

  const env = () => ({ CONVERGE_URL: server.url, CONVERGE_REPOSITORY: "netra", CONVERGE_TOKEN: token }) as unknown as NodeJS.ProcessEnv;
  const backfill = createBackfillCommand({ batch: { maxCommits: 5 } });
  const argv = (config: string) => [fixture.dir, "--every", "commit", "--config", config, "--no-cache", "--post"];
  /** Per family project: the stored commits (oldest first) and their member counts. */
  const stored = async () => {
    const projects = await store.db.project.findMany({
      where: { repository: { slug: "netra" } },
      orderBy: { id: "asc" },
      select: { slug: true, family: true, scans: { orderBy: { committedAt: "asc" }, select: { commitSha: true, memberCount: true } } },
    });
    return projects;
  };

  test("every family of every commit is stored; adding a family posts every commit again for it alone; a re-run posts nothing", async () => {
    const three = capture(env(), outside);
    expect(await backfill(argv("three.json"), three)).toBe(0);
    expect(three.err).toMatch(/8 scanned; .*; 8 posted \(8 created\);/);
    expect(server.log.filter((e) => e.method === "POST").map((e) => [e.path, e.status])).toEqual([
      ["/api/v1/repositories/netra/scans", 200],
      ["/api/v1/repositories/netra/scans", 200],
    ]);
    let projects = await stored();
    expect(projects.map((p) => [p.slug, p.family])).toEqual([
      ["netra--websocket", "websocket"],
      ["netra--agent-registry", "agent-registry"],
      ["netra--database", "database"],
    ]);
    for (const project of projects) expect(project.scans.map((s) => s.commitSha)).toEqual(fixture.commits);

    // The execution family is missing from every stored commit: each is posted again, the others' scans stay as they were.
    server.log.length = 0;
    const four = capture(env(), outside);
    expect(await backfill([...argv("four.json"), "--format", "ndjson"], four)).toBe(0);
    expect(four.err).toMatch(/8 scanned; .*; 8 posted \(8 created\);/);
    const portfolios: PortfolioInventory[] = four.out
      .trim()
      .split("\n")
      .map((line) => PortfolioInventorySchema.parse(JSON.parse(line)));
    projects = await stored();
    expect(projects.map((p) => p.family)).toEqual(FOUR);
    for (const [at, project] of projects.entries()) {
      expect(project.scans.map((s) => s.commitSha)).toEqual(fixture.commits);
      expect(project.scans.map((s) => s.memberCount)).toEqual(portfolios.map((p) => p.families[at]?.totals.members));
    }

    server.log.length = 0;
    const again = capture(env(), outside);
    expect(await backfill(argv("four.json"), again)).toBe(0);
    expect(server.log).toEqual([{ method: "GET", path: "/api/v1/repositories/netra/commits", status: 200 }]);
    expect(again.err).toMatch(/0 scanned, 8 already on the server; .*; 0 posted;/);

    // What `scan --post` sends for one commit: the portfolio alone, stored already (200), each family's outcome.
    const head = portfolios[portfolios.length - 1] as PortfolioInventory;
    const destination = { kind: "repository" as const, target: { url: server.url, repository: "netra", token, readToken: null } };
    const one = await postScan(destination, head);
    expect(one.created).toBe(false);
    expect(one.families?.map((f) => [f.family, f.project, f.status])).toEqual(FOUR.map((f) => [f, `netra--${f}`, "existing"]));
  });
});
