import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { handleAnnotationDelete, handleAnnotationPost } from "@/lib/api/annotations";
import { generateToken, hashToken } from "@/lib/auth/tokens";
import type { Db } from "@/lib/db/client";
import { createProject } from "@/lib/ingest";
import { createTestDatabase, type TestDatabase } from "../../test/helpers/database";
import { main } from "../main";

/** The annotation routes of the real handlers on a real store, behind a plain HTTP server. */
function serve(db: Db): Promise<Server> {
  const server = createServer(async (incoming, outgoing) => {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const url = new URL(incoming.url ?? "/", "http://127.0.0.1");
    const request = new Request(url, {
      method: incoming.method ?? "GET",
      headers: Object.entries(incoming.headers).flatMap(([name, value]) =>
        typeof value === "string" ? [[name, value] as [string, string]] : [],
      ),
      ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {}),
    });
    const match = /^\/api\/v1\/projects\/([^/]+)\/annotations(?:\/([^/]+))?$/.exec(url.pathname);
    const slug = decodeURIComponent(match?.[1] ?? "");
    const response =
      match?.[2] !== undefined ? await handleAnnotationDelete(request, slug, match[2], db) : await handleAnnotationPost(request, slug, db);
    outgoing.writeHead(response.status, { "content-type": "application/json" });
    outgoing.end(await response.text());
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

function run(argv: string[], env: NodeJS.ProcessEnv) {
  let out = "";
  let err = "";
  const io = {
    stdout: (text: string) => (out += text),
    stderr: (text: string) => (err += text),
    env,
    cwd: process.cwd(),
    interactive: false,
  };
  return main(argv, io).then((code) => ({ code, out, err }));
}

describe("converge annotate", () => {
  let store: TestDatabase;
  let server: Server;
  let env: NodeJS.ProcessEnv;
  let token: string;

  beforeAll(async () => {
    store = await createTestDatabase("sqlite");
    token = generateToken();
    await createProject(store.db, { slug: "engines", name: "Engines", repoUrl: null, tokenHash: hashToken(token) });
    server = await serve(store.db);
    env = {
      NODE_ENV: "test",
      CONVERGE_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      CONVERGE_PROJECT: "engines",
      CONVERGE_TOKEN: token,
    };
  });

  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await store?.dispose();
  });

  test("adds a note, then deletes it by id", async () => {
    const added = await run(
      ["annotate", "--date", "2026-11-17", "--text", "Adapters frozen", "--url", "https://example.com/x", "--json"],
      env,
    );
    expect(added.err).toBe("");
    expect(added.code).toBe(0);
    const { annotation } = JSON.parse(added.out) as { annotation: { noteId: number; text: string; date: string; url: string } };
    expect(annotation).toMatchObject({ text: "Adapters frozen", date: "2026-11-17T00:00:00.000Z", url: "https://example.com/x" });
    expect(await store.db.annotation.count()).toBe(1);

    const deleted = await run(["annotate", "delete", String(annotation.noteId)], env);
    expect(deleted).toEqual({ code: 0, out: `Deleted note ${annotation.noteId} of engines.\n`, err: "" });
    expect(await store.db.annotation.count()).toBe(0);
    const again = await run(["annotate", "delete", String(annotation.noteId)], env);
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/the server refused: 404/);
  });

  test.each([
    [["--date", "2026-11-17"], /needs --text/],
    [["--text", "x"], /needs --date/],
    [["--date", "17/11/2026", "--text", "x"], /date: must be YYYY-MM-DD/],
    [["--date", "2026-11-17", "--text", "  "], /text: must not be empty/],
    [["--date", "2026-11-17", "--text", "x", "--url", "javascript:alert(1)"], /url: must be an absolute http\(s\) URL/],
    [["delete", "abc"], /needs the note's id/],
  ])("exit 2 before any request for %j", async (args, message) => {
    const result = await run(["annotate", ...args], env);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(message);
    expect(await store.db.annotation.count()).toBe(0);
  });

  test("a wrong token exits 2 with the server's message and without the token", async () => {
    const result = await run(["annotate", "--date", "2026-11-17", "--text", "x", "--token", "cvg_secret_wrong"], env);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/401/);
    expect(result.err).not.toContain("cvg_secret_wrong");
  });
});
