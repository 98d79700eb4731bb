// Tokens, share keys, read access and the rate limiter, without a server; the CLI's token commands
// against real stores.
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { parseRateLimit, RateLimiter } from "@/lib/auth/rate-limit";
import { canReadShared, hasReadAccess, isSharedPath, readAccessDenied } from "@/lib/auth/read-access";
import { sharedReadDenied } from "@/lib/auth/share";
import { generateShareKey, generateToken, hashToken, secretMatches, tokenMatches } from "@/lib/auth/tokens";
import { handleScanPost } from "@/lib/api/scans";
import { getProjectShareKey } from "@/lib/queries";
import { runProject } from "../../cli/commands/project";
import { makeInventory } from "../factories/inventory";
import { createTestDatabase, testDialects, type TestDatabase } from "../helpers/database";

const PRIVATE = { CONVERGE_READ_TOKEN: "s3cret" } as unknown as NodeJS.ProcessEnv;
const PUBLIC = {} as unknown as NodeJS.ProcessEnv;
const get = (url: string, authorization?: string) => new Request(url, authorization ? { headers: { authorization } } : {});
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;

describe("tokens and secrets", () => {
  test("only the hash is compared; a revoked (null) hash matches nothing", () => {
    const token = generateToken();
    expect(token).toMatch(/^cvg_[A-Za-z0-9_-]{43}$/);
    expect(tokenMatches(token, hashToken(token))).toBe(true);
    expect(tokenMatches(`${token}x`, hashToken(token))).toBe(false);
    expect(tokenMatches(token, null)).toBe(false);
    expect(tokenMatches(token, "not-hex")).toBe(false);
    expect(generateShareKey()).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(secretMatches("a", "a")).toBe(true);
    expect(secretMatches("a", "ab")).toBe(false);
  });
});

describe("read access", () => {
  test("public by default: everything is readable", () => {
    expect(hasReadAccess(get("http://x/api/v1/projects"), PUBLIC)).toBe(true);
    expect(readAccessDenied(get("http://x/"), PUBLIC)).toBeNull();
    expect(canReadShared(get("http://x/p/a/badge.svg"), { shareKey: null }, PUBLIC)).toBe(true);
  });

  test("with CONVERGE_READ_TOKEN: Bearer or Basic (token as password) opens reads, nothing else does", async () => {
    expect(hasReadAccess(get("http://x/"), PRIVATE)).toBe(false);
    expect(hasReadAccess(get("http://x/", "Bearer s3cret"), PRIVATE)).toBe(true);
    expect(hasReadAccess(get("http://x/", basic("anyone", "s3cret")), PRIVATE)).toBe(true);
    expect(hasReadAccess(get("http://x/", basic("s3cret", "")), PRIVATE)).toBe(false);
    expect(hasReadAccess(get("http://x/", "Bearer s3cretx"), PRIVATE)).toBe(false);
    expect(hasReadAccess(get("http://x/", "Basic !!!"), PRIVATE)).toBe(false);
    const denied = readAccessDenied(get("http://x/api/v1/projects"), PRIVATE);
    expect(denied?.status).toBe(401);
    expect(denied?.headers.get("www-authenticate")).toBe('Basic realm="converge", charset="UTF-8"');
    expect(await denied?.json()).toEqual({ error: { code: "unauthorized", message: expect.any(String), status: 401 } });
  });

  test("a share key opens the shared routes of its own project only", () => {
    const project = { shareKey: "key-a" };
    expect(canReadShared(get("http://x/p/a/badge.svg?key=key-a"), project, PRIVATE)).toBe(true);
    expect(canReadShared(get("http://x/p/a/badge.svg?key=key-b"), project, PRIVATE)).toBe(false);
    expect(canReadShared(get("http://x/p/a/badge.svg"), project, PRIVATE)).toBe(false);
    expect(canReadShared(get("http://x/p/a/badge.svg?key="), { shareKey: null }, PRIVATE)).toBe(false);
    expect(canReadShared(get("http://x/p/a/og.png", "Bearer s3cret"), project, PRIVATE)).toBe(true);
    expect(isSharedPath("/p/a/badge.svg")).toBe(true);
    expect(isSharedPath("/p/a/og.png")).toBe(true);
    expect(isSharedPath("/p/a")).toBe(false);
    expect(isSharedPath("/p/a/badge.svg/x")).toBe(false);
    expect(isSharedPath("/api/v1/projects/a/scans")).toBe(false);
  });
});

describe("rate limiter", () => {
  test("parses the setting, and refuses a malformed one instead of turning the limit off", () => {
    expect(parseRateLimit(undefined)).toEqual({ limit: 600, windowMs: 60_000 });
    expect(parseRateLimit("10/1s")).toEqual({ limit: 10, windowMs: 1_000 });
    expect(parseRateLimit("1000 / 1h")).toEqual({ limit: 1000, windowMs: 3_600_000 });
    expect(parseRateLimit("5/m")).toEqual({ limit: 5, windowMs: 60_000 });
    expect(parseRateLimit("off")).toBeNull();
    expect(parseRateLimit("0")).toBeNull();
    for (const bad of ["ten/1s", "10", "10/1d", "-1/1s", "10/0s"]) expect(() => parseRateLimit(bad)).toThrow(/CONVERGE_RATE_LIMIT/);
  });

  test("a bucket per key: burst up to the limit, then 429 with the seconds until one request refills", () => {
    const limiter = new RateLimiter({ limit: 3, windowMs: 60_000 });
    const t = 1_000_000;
    expect([1, 2, 3].map(() => limiter.take("a", t).ok)).toEqual([true, true, true]);
    expect(limiter.take("a", t)).toEqual({ ok: false, retryAfterSeconds: 20 });
    expect(limiter.take("b", t).ok).toBe(true);
    expect(limiter.take("a", t + 19_000).ok).toBe(false);
    expect(limiter.take("a", t + 20_000).ok).toBe(true);
    expect(limiter.take("a", t + 20_000).ok).toBe(false);
  });

  test("memory stays bounded: least recently used keys are dropped", () => {
    const limiter = new RateLimiter({ limit: 1, windowMs: 60_000 }, 100);
    for (let i = 0; i < 1_000; i++) limiter.take(`k${i}`, 0);
    expect(limiter.take("k999", 0).ok).toBe(false);
    expect((limiter as unknown as { buckets: Map<string, unknown> }).buckets.size).toBeLessThanOrEqual(100);
  });
});

describe.each(testDialects())("project token commands on %s", (dialect) => {
  let store: TestDatabase;
  let out: string[];
  const io = () => ({
    stdout: (text: string) => out.push(text),
    stderr: (text: string) => out.push(text),
    env: { DATABASE_URL: store.url, CONVERGE_RATE_LIMIT: "off" } as unknown as NodeJS.ProcessEnv,
    cwd: process.cwd(),
    interactive: false,
  });
  const post = (token: string) =>
    handleScanPost(
      store.db,
      new Request("http://127.0.0.1/api/v1/projects/cli/scans", {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify(makeInventory()),
      }),
      "cli",
    );
  const run = async (...argv: string[]) => {
    out = [];
    const code = await runProject(argv, io());
    return { code, text: out.join("") };
  };

  beforeEach(async () => {
    store = await createTestDatabase(dialect);
  });

  afterEach(async () => {
    await store.dispose();
  });

  test("create prints the token and share key once; rotate-token replaces the token; revoke-token ends it", async () => {
    const created = await run("create", "cli", "--name", "CLI", "--json");
    expect(created.code).toBe(0);
    const { token, shareKey } = JSON.parse(created.text) as { token: string; shareKey: string };
    expect(await getProjectShareKey(store.db, "cli")).toBe(shareKey);
    const stored = await store.db.project.findUnique({ where: { slug: "cli" } });
    expect(stored?.tokenHash).toBe(hashToken(token));
    expect(JSON.stringify(stored)).not.toContain(token);
    expect((await post(token)).status).toBe(201);

    const rotated = await run("rotate-token", "cli", "--json");
    const next = (JSON.parse(rotated.text) as { token: string }).token;
    expect((await post(token)).status).toBe(401);
    expect((await post(next)).status).toBe(201);

    const revoked = await run("revoke-token", "cli");
    expect(revoked).toEqual({ code: 0, text: expect.stringContaining("Revoked") });
    expect(revoked.text).not.toContain(next);
    const after = await post(next);
    expect(after.status).toBe(401);
    expect(JSON.stringify(await after.json())).not.toContain(next);
    expect((await store.db.project.findUnique({ where: { slug: "cli" } }))?.tokenHash).toBeNull();

    const reissued = await run("rotate-token", "cli", "--json");
    expect((await post((JSON.parse(reissued.text) as { token: string }).token)).status).toBe(201);
    await expect(run("revoke-token", "nope")).rejects.toThrow(/no project "nope"/);
  });

  test("share-key shows the key, --rotate replaces it, and the badge check follows", async () => {
    await run("create", "cli", "--name", "CLI");
    const shown = await run("share-key", "cli", "--json");
    const { shareKey } = JSON.parse(shown.text) as { shareKey: string };
    const rotated = JSON.parse((await run("share-key", "cli", "--rotate", "--json")).text) as { shareKey: string };
    expect(rotated.shareKey).not.toBe(shareKey);
    const previous = process.env.CONVERGE_READ_TOKEN;
    process.env.CONVERGE_READ_TOKEN = "s3cret";
    try {
      expect(await sharedReadDenied(store.db, get(`http://x/p/cli/badge.svg?key=${rotated.shareKey}`), "cli")).toBeNull();
      expect((await sharedReadDenied(store.db, get(`http://x/p/cli/badge.svg?key=${shareKey}`), "cli"))?.status).toBe(401);
      expect((await sharedReadDenied(store.db, get(`http://x/p/nope/badge.svg?key=${rotated.shareKey}`), "nope"))?.status).toBe(401);
    } finally {
      if (previous === undefined) delete process.env.CONVERGE_READ_TOKEN;
      else process.env.CONVERGE_READ_TOKEN = previous;
    }
  });
});
