// `converge scan --post` with a families config, end to end: the CLI posts the portfolio through a
// real HTTP server in front of the real repository ingest handler into a real store (SQLite, and
// PostgreSQL when it runs here); every family's scan of the commit is read back from the database.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { main } from "@/cli/main";
import type { CommandIo } from "@/cli/errors";
import { handleRepositoryScanPost } from "@/lib/api/repository-ingest";
import { PortfolioInventorySchema } from "@/lib/contract/inventory";
import type { Db } from "@/lib/db/client";
import { createRepository } from "@/lib/ingest/repositories";
import { createTestDatabase, testDialects, type TestDatabase } from "../helpers/database";
import { buildPortfolioFixture, type PortfolioFixture } from "../helpers/portfolio-fixture";

/** POST /api/v1/repositories/{repo}/scans, as the app's route wires it. */
async function startRepositoryServer(db: Db): Promise<{ url: string; posts: number[]; close(): Promise<void> }> {
  const posts: number[] = [];
  const server: Server = createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const match = /^\/api\/v1\/repositories\/([^/]+)\/scans$/.exec(url.pathname);
      const response =
        match && req.method === "POST"
          ? await handleRepositoryScanPost(
              db,
              new Request(url, { method: "POST", headers, body: Uint8Array.from(Buffer.concat(chunks)) }),
              decodeURIComponent(match[1] as string),
            )
          : Response.json({ error: { code: "not_found", message: "no route", status: 404 } }, { status: 404 });
      posts.push(response.status);
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    })().catch((error: unknown) => {
      res.writeHead(500);
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    posts,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function io(env: Record<string, string>): CommandIo & { out: string; err: string } {
  const state: CommandIo & { out: string; err: string } = {
    out: "",
    err: "",
    stdout: (text) => {
      state.out += text;
    },
    stderr: (text) => {
      state.err += text;
    },
    env: env as NodeJS.ProcessEnv,
    cwd: process.cwd(),
    interactive: false,
  };
  return state;
}

describe.each(testDialects())("converge scan --post of a portfolio into a real store (%s)", (dialect) => {
  let fixture: PortfolioFixture;
  let store: TestDatabase;
  let server: Awaited<ReturnType<typeof startRepositoryServer>>;
  let token: string;

  beforeAll(async () => {
    fixture = buildPortfolioFixture();
    store = await createTestDatabase(dialect);
    server = await startRepositoryServer(store.db);
    const created = await createRepository(store.db, { slug: "netra", name: "Netra", repoUrl: "https://github.com/acme/netra" });
    if (!created) throw new Error("the repository exists already");
    token = created.token;
  });

  afterAll(async () => {
    await server?.close();
    await store?.dispose();
    fixture?.dispose();
  });

  test("every family of the commit is stored in its project; posting again stores nothing new", async () => {
    const env = { CONVERGE_URL: server.url, CONVERGE_REPOSITORY: "netra", CONVERGE_TOKEN: token };
    const head = fixture.commits.at(-1) as string;
    const first = io(env);
    expect(await main(["scan", fixture.dir, "--format", "json", "--post"], first)).toBe(0);
    expect(first.err).toBe(`posted: ${head.slice(0, 12)} in repository netra\n`);
    const portfolio = PortfolioInventorySchema.parse(JSON.parse(first.out));

    const projects = await store.db.project.findMany({
      where: { repository: { slug: "netra" } },
      orderBy: { id: "asc" },
      select: { slug: true, family: true, name: true, issueUrl: true, scans: { select: { commitSha: true, memberCount: true } } },
    });
    expect(projects).toEqual(
      portfolio.families.map((family) => ({
        slug: `netra--${family.slug}`,
        family: family.slug,
        name: family.name,
        issueUrl: family.issue,
        scans: [{ commitSha: head, memberCount: family.members.length }],
      })),
    );
    expect(projects.map((p) => p.scans[0]?.memberCount)).toEqual([5, 4, 4]);

    const again = io(env);
    expect(await main(["scan", fixture.dir, "--format", "json", "--post"], again)).toBe(0);
    expect(again.err).toBe(`already stored: ${head.slice(0, 12)} in repository netra\n`);
    expect(server.posts).toEqual([201, 200]);
    expect(await store.db.scan.count()).toBe(3);

    const refused = io({ ...env, CONVERGE_TOKEN: "not-the-token" });
    expect(await main(["scan", fixture.dir, "--post"], refused)).toBe(2);
    expect(refused.err).toMatch(new RegExp(`^ERROR: the server refused the scan of ${head.slice(0, 12)}: `));
    expect(await store.db.scan.count()).toBe(3);
  });
});
