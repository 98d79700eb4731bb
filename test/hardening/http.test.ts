// Limits, auth, rate limits, private reads, headers and production error bodies, over HTTP against
// real `next start` processes (loopback only).
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { generateToken, hashToken } from "@/lib/auth/tokens";
import { LIMITS } from "@/lib/contract/inventory";
import { revokeProjectToken, rotateProjectToken } from "@/lib/ingest";
import { getProjectShareKey } from "@/lib/queries";
import { fakeSha, makeInventory, makeMember } from "../factories/inventory";
import { createTestDatabase, testDialects, type TestDatabase } from "../helpers/database";
import { startServer, type TestServer } from "../helpers/server";
import { postScan, seedProject } from "./http";

const MB = 1024 * 1024;
const READ_TOKEN = "read-secret-for-tests";
const basic = (password: string) => `Basic ${Buffer.from(`ci:${password}`).toString("base64")}`;

function expectErrorShape(body: unknown, status: number, code?: string): void {
  expect(body).toEqual({
    error: expect.objectContaining({ code: code ?? expect.any(String), message: expect.any(String), status }),
  });
}

describe.each(testDialects())("private instance with a rate limit on %s", (dialect) => {
  let store: TestDatabase;
  let server: TestServer;
  const tokens: string[] = [];
  let seq = 0;
  const project = async () => {
    seq += 1;
    const seeded = await seedProject(store.db, `p${seq}`);
    tokens.push(seeded.token);
    return seeded;
  };

  beforeAll(async () => {
    store = await createTestDatabase(dialect);
    server = await startServer({ databaseUrl: store.url, env: { CONVERGE_RATE_LIMIT: "5/60s", CONVERGE_READ_TOKEN: READ_TOKEN } });
  }, 600_000);

  afterAll(async () => {
    await server?.stop();
    await store?.dispose();
  });

  test("limits: 1 MB after decompression (413), gzip accepted, a gzip bomb cut off, 10,000 members, string caps", async () => {
    const p = await project();
    const plain = await postScan(server.url, p.slug, p.token, `{"pad":"${"x".repeat(MB)}"}`);
    expect(plain.status).toBe(413);
    expectErrorShape(plain.body, 413, "payload_too_large");

    const bomb = gzipSync(Buffer.from(`{"pad":"${"0".repeat(64 * MB)}"}`));
    expect(bomb.length).toBeLessThan(100_000);
    const bombResponse = await fetch(`${server.url}/api/v1/projects/${p.slug}/scans`, {
      method: "POST",
      headers: { "content-type": "application/json", "content-encoding": "gzip", authorization: `Bearer ${p.token}` },
      body: bomb,
    });
    expect(bombResponse.status).toBe(413);
    expectErrorShape(await bombResponse.json(), 413, "payload_too_large");

    const zipped = await fetch(`${server.url}/api/v1/projects/${p.slug}/scans`, {
      method: "POST",
      headers: { "content-type": "application/json", "content-encoding": "gzip", authorization: `Bearer ${p.token}` },
      body: gzipSync(JSON.stringify(makeInventory({ members: 40 }))),
    });
    expect(zipped.status).toBe(201);

    const q = await project();
    // A full member is about 300 bytes, so 10,001 of them never fit in 1 MB: the member cap is
    // checked on placeholders, before any member is looked at.
    const overCap = await postScan(
      server.url,
      q.slug,
      q.token,
      JSON.stringify({ ...makeInventory(), members: Array(LIMITS.maxMembers + 1).fill(0) }),
    );
    expect(overCap.status).toBe(422);
    expect((overCap.body as { error: { issues: Array<{ path: string; code: string }> } }).error.issues).toContainEqual({
      path: "members",
      code: "too_big",
      message: expect.any(String),
    });
    const atCap = JSON.stringify(Array.from({ length: LIMITS.maxMembers }, (_, i) => ({ ...makeMember(i, "core"), key: `${i}` })));
    expect(atCap.length).toBeGreaterThan(MB);
    const longName = makeInventory({ members: 2 });
    const renamed = { ...longName, scanner: { name: "n".repeat(LIMITS.maxName + 1), version: "1" } };
    const capped = await postScan(server.url, q.slug, q.token, renamed);
    expect(capped.status).toBe(422);
    expect((capped.body as { error: { issues: Array<{ path: string }> } }).error.issues.map((issue) => issue.path)).toEqual([
      "scanner.name",
    ]);
  });

  test("auth: a token of project A gets 403 on project B; revoked and rotated tokens get 401; reads need the read token, writes do not", async () => {
    const a = await project();
    const b = await project();
    const inventory = makeInventory({ sha: fakeSha(`${dialect}-auth`) });
    const cross = await postScan(server.url, b.slug, a.token, inventory);
    expect(cross.status).toBe(403);
    expectErrorShape(cross.body, 403, "forbidden");
    expect(JSON.stringify(cross.body)).not.toContain(a.token);
    expect((await postScan(server.url, a.slug, a.token, inventory)).status).toBe(201);

    await revokeProjectToken(store.db, a.slug);
    const revoked = await postScan(server.url, a.slug, a.token, makeInventory());
    expect(revoked.status).toBe(401);
    expectErrorShape(revoked.body, 401, "unauthorized");

    const fresh = generateToken();
    tokens.push(fresh);
    await rotateProjectToken(store.db, a.slug, hashToken(fresh));
    expect((await postScan(server.url, a.slug, a.token, makeInventory())).status).toBe(401);
    expect((await postScan(server.url, a.slug, fresh, makeInventory())).status).toBe(201);
  });

  test("per-token rate limit: 429 with Retry-After once the bucket is empty; another token is unaffected", async () => {
    const limited = await project();
    const other = await project();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push((await postScan(server.url, limited.slug, limited.token, makeInventory({ members: 3 }))).status);
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429]);
    const rejected = await postScan(server.url, limited.slug, limited.token, makeInventory());
    expect(rejected.status).toBe(429);
    expectErrorShape(rejected.body, 429, "rate_limited");
    const retryAfter = Number(rejected.headers.get("retry-after"));
    expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 12).toBe(true);
    expect((await postScan(server.url, other.slug, other.token, makeInventory())).status).toBe(201);
  });

  test("private reads: pages and the read API answer 401 with a Basic challenge unless the read token comes along", async () => {
    const p = await project();
    expect((await postScan(server.url, p.slug, p.token, makeInventory())).status).toBe(201);
    for (const path of [
      "/api/v1/projects",
      `/api/v1/projects/${p.slug}`,
      `/api/v1/projects/${p.slug}/scans`,
      `/api/v1/projects/${p.slug}/timeline`,
    ]) {
      const denied = await fetch(`${server.url}${path}`);
      expect(denied.status, path).toBe(401);
      expect(denied.headers.get("www-authenticate")).toMatch(/^Basic realm="converge"/);
      expectErrorShape(await denied.json(), 401, "unauthorized");
      expect((await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${READ_TOKEN}` } })).status, path).toBe(200);
      expect((await fetch(`${server.url}${path}`, { headers: { authorization: basic(READ_TOKEN) } })).status, path).toBe(200);
      expect((await fetch(`${server.url}${path}`, { headers: { authorization: basic("wrong") } })).status, path).toBe(401);
      // A project's ingest token is not a read token.
      expect((await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${p.token}` } })).status, path).toBe(401);
    }
    for (const path of ["/", `/p/${p.slug}`]) {
      const denied = await fetch(`${server.url}${path}`);
      expect(denied.status, path).toBe(401);
      expect(denied.headers.get("www-authenticate")).toMatch(/^Basic /);
      expect(await denied.text()).not.toContain(p.slug);
      const page = await fetch(`${server.url}${path}`, { headers: { authorization: basic(READ_TOKEN) } });
      expect(page.status, path).toBe(200);
    }
  });

  test("private badge and preview image: only with the project's own share key (or the read token)", async () => {
    const p = await project();
    const other = await project();
    expect((await postScan(server.url, p.slug, p.token, makeInventory())).status).toBe(201);
    const key = await getProjectShareKey(store.db, p.slug);
    const otherKey = await getProjectShareKey(store.db, other.slug);
    const badge = (query: string, headers: Record<string, string> = {}) =>
      fetch(`${server.url}/p/${p.slug}/badge.svg${query}`, { headers });
    expect((await badge("")).status).toBe(401);
    expect((await badge(`?key=${encodeURIComponent(otherKey ?? "")}`)).status).toBe(401);
    const shared = await badge(`?key=${encodeURIComponent(key ?? "")}`);
    expect(shared.status).toBe(200);
    expect(shared.headers.get("content-type")).toMatch(/^image\/svg\+xml/);
    expect((await badge("", { authorization: `Bearer ${READ_TOKEN}` })).status).toBe(200);
    const preview = await fetch(`${server.url}/p/${p.slug}/og.png?key=${encodeURIComponent(key ?? "")}`);
    expect(preview.status).toBe(200);
    expect(preview.headers.get("content-type")).toBe("image/png");
    expect((await fetch(`${server.url}/p/${p.slug}/og.png`)).status).toBe(401);
    // The key opens nothing else.
    expect((await fetch(`${server.url}/p/${p.slug}?key=${encodeURIComponent(key ?? "")}`)).status).toBe(401);
    expect((await fetch(`${server.url}/api/v1/projects/${p.slug}?key=${encodeURIComponent(key ?? "")}`)).status).toBe(401);
  });

  test("tokens never appear in the server's logs", () => {
    const output = server.output();
    expect(tokens.length).toBeGreaterThan(5);
    for (const token of [...tokens, READ_TOKEN]) expect(output).not.toContain(token);
  });
});

describe("headers and production error bodies", () => {
  let store: TestDatabase;
  let server: TestServer;
  let broken: TestServer;

  beforeAll(async () => {
    store = await createTestDatabase("sqlite");
    // A store that does not exist: every database call fails, so every route takes its error path.
    [server, broken] = await Promise.all([
      startServer({ databaseUrl: store.url }),
      startServer({ databaseUrl: `postgres://converge@127.0.0.1:1/converge_no_such_db` }),
    ]);
  }, 600_000);

  afterAll(async () => {
    await Promise.all([server?.stop(), broken?.stop()]);
    await store?.dispose();
  });

  test("pages carry a nonce CSP that matches their scripts, and nosniff; the API carries its own CSP", async () => {
    const page = await fetch(`${server.url}/`);
    expect(page.status).toBe(200);
    const csp = page.headers.get("content-security-policy") ?? "";
    const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
    expect(nonce).toBeDefined();
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain("'unsafe-eval'");
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    const html = await page.text();
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) expect(script).toContain(`nonce="${nonce}"`);
    expect(page.headers.get("x-content-type-options")).toBe("nosniff");
    const again = await fetch(`${server.url}/`);
    expect(again.headers.get("content-security-policy")).not.toBe(csp);

    const api = await fetch(`${server.url}/api/v1/projects`);
    expect(api.headers.get("x-content-type-options")).toBe("nosniff");
    expect(api.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
  });

  test("a 500 is the one error body without a stack trace, file path or driver message", async () => {
    const api = await fetch(`${broken.url}/api/v1/projects`);
    expect(api.status).toBe(500);
    expect(await api.json()).toEqual({ error: { code: "internal", message: "internal error", status: 500 } });
    const post = await postScan(broken.url, "any", "cvg_token", makeInventory());
    expect(post.status).toBe(500);
    expect(post.body).toEqual({ error: { code: "internal", message: "internal error", status: 500 } });
    const page = await fetch(`${broken.url}/`);
    expect(page.status).toBe(500);
    const html = await page.text();
    expect(html).not.toMatch(/\n\s+at |\.tsx?:\d+|node_modules|ECONNREFUSED|converge_no_such_db/);
  });
});
