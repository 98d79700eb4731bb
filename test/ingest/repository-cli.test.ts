import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { main } from "@/cli/main";
import { handleRepositoryScanPost } from "@/lib/api/repository-ingest";
import { hashToken } from "@/lib/auth/tokens";
import { createTestDatabase, testDialects, type TestDatabase } from "../helpers/database";
import { makePortfolio } from "./repositories.factory";

describe.each(testDialects())("converge repo on %s", (dialect) => {
  let store: TestDatabase;
  let out: string[];
  let err: string[];

  const run = async (...argv: string[]) => {
    out = [];
    err = [];
    const code = await main(["repo", ...argv], {
      stdout: (text) => out.push(text),
      stderr: (text) => err.push(text),
      env: { DATABASE_URL: store.url } as unknown as NodeJS.ProcessEnv,
      cwd: process.cwd(),
      interactive: false,
    });
    return { code, text: out.join(""), error: err.join("") };
  };

  const portfolio = makePortfolio([
    { slug: "websocket", members: 2 },
    { slug: "db", members: 3 },
  ]);
  const post = (token: string) =>
    handleRepositoryScanPost(
      store.db,
      new Request("http://127.0.0.1/api/v1/repositories/acme/scans", {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify(portfolio),
      }),
      "acme",
    );

  beforeEach(async () => {
    store = await createTestDatabase(dialect);
  });

  afterEach(async () => {
    await store.dispose();
  });

  test("create prints the token once, rotate-token replaces it, list shows the families, delete takes them along", async () => {
    const created = await run("create", "acme", "--name", "Acme backend", "--repo-url", "https://github.com/acme/backend", "--json");
    expect(created.code).toBe(0);
    const { token, shareKey, repoUrl } = JSON.parse(created.text) as { token: string; shareKey: string; repoUrl: string };
    expect(repoUrl).toBe("https://github.com/acme/backend/blob/{commit}/{file}#L{line}");
    const stored = await store.db.repository.findUnique({ where: { slug: "acme" } });
    expect(stored).toMatchObject({ name: "Acme backend", tokenHash: hashToken(token), shareKey });
    expect((await post(token)).status).toBe(201);

    const again = await run("create", "acme", "--name", "Again");
    expect(again).toMatchObject({ code: 2, error: 'ERROR: repository "acme" already exists\n' });

    const rotated = await run("rotate-token", "acme", "--json");
    const next = (JSON.parse(rotated.text) as { token: string }).token;
    expect((await post(token)).status).toBe(401);
    expect((await post(next)).status).toBe(200);

    const listed = await run("list");
    expect(listed.text).toBe(`${"acme".padEnd(24)} ${"Acme backend".padEnd(32)} db (1), websocket (1)\n`);
    const key = await run("share-key", "acme", "--json");
    expect(JSON.parse(key.text)).toEqual({ slug: "acme", shareKey, rotated: false });

    const refused = await run("delete", "acme");
    expect(refused).toMatchObject({ code: 2, error: expect.stringContaining("add --yes") });
    const deleted = await run("delete", "acme", "--yes");
    expect(deleted.text).toBe("Deleted repository acme: 2 family projects, 2 scans and 5 members with their history.\n");
    expect(await store.db.project.count()).toBe(0);
    expect(await store.db.scan.count()).toBe(0);
    expect((await run("list")).text).toBe("No repositories yet. Create one with: converge repo create <slug> --name NAME\n");
    expect(await run("rotate-token", "acme")).toMatchObject({ code: 2, error: 'ERROR: no repository "acme"\n' });
    expect(await run("create", "Bad Slug", "--name", "x")).toMatchObject({
      code: 2,
      error: expect.stringContaining("repo create: slug: a slug is"),
    });
  });
});
