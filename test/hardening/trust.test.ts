// What a client may claim and what it may not, over HTTP against real `next start` processes:
// forwarded headers count only behind a trusted proxy, posted paths and names stay literal text in
// markdown, the badge label cannot break its XML, and failed sign-ins are limited per socket address.
import { request as httpRequest } from "node:http";
import { XMLValidator } from "fast-xml-parser";
import { marked } from "marked";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { CommittedInventory } from "@/lib/contract/inventory";
import { fakeSha, makeInventory } from "../factories/inventory";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { startServer, type TestServer } from "../helpers/server";
import { postScan, seedProject } from "./http";

const FORGED = { "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" };

/** A scan whose member names and paths are URLs, www. names, e-mail addresses and bidi spoofs. */
function hostileScan(sha: string, date: string): CommittedInventory {
  const inventory = makeInventory({ sha: fakeSha(sha), date, memberNames: ["UserExecutionEngine", "Evil1", "Evil2", "Evil3", "Evil4"] });
  const hostile = [
    { name: "https://evil.example/ExecutionEngine", file: "www.evil.example/a.py" },
    { name: "www.evil.example", file: "src/mail@evil.example/x.py" },
    { name: "ftp://evil.example/ExecutionEngine", file: "pkg/www.evil.example.py" },
    { name: "Spoof\u202Eyp.ExecutionEngine", file: "pkg/evil\u202Eyp.exe\u2066.py" },
  ];
  const members = inventory.members.map((member, index) => {
    const swap = index === 0 ? undefined : hostile[index - 1];
    return swap ? { ...member, ...swap, key: `${swap.file}::${swap.name}` } : member;
  });
  return { ...inventory, members };
}

/** The hrefs of every link GFM makes of the markdown, autolinks included. */
function linksOf(markdown: string): string[] {
  const html = marked.parse(markdown, { gfm: true, async: false });
  return [...html.matchAll(/<a [^>]*href="([^"]*)"/g)].map((match) => (match[1] ?? "").replace(/&amp;/g, "&"));
}

/** A GET from a chosen loopback source address (fetch cannot pick one): status and headers. */
function getFrom(
  localAddress: string,
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; retryAfter: string | null }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { localAddress, headers }, (response) => {
      response.resume();
      response.on("end", () =>
        resolve({ status: response.statusCode ?? 0, retryAfter: (response.headers["retry-after"] as string | undefined) ?? null }),
      );
    });
    request.on("error", reject);
    request.end();
  });
}

async function seedHostileProject(store: TestDatabase, server: TestServer, slug: string): Promise<{ at: string; since: string }> {
  const project = await seedProject(store.db, slug);
  const before = makeInventory({ sha: fakeSha(`${slug}-1`), date: "2026-10-01T00:00:00Z" });
  const after = hostileScan(`${slug}-2`, "2026-10-09T00:00:00Z");
  for (const inventory of [before, after]) {
    const posted = await postScan(server.url, slug, project.token, inventory);
    expect(posted.status, JSON.stringify(posted.body)).toBe(201);
  }
  return { at: after.commit.sha, since: before.commit.sha };
}

async function reportMarkdown(
  server: TestServer,
  slug: string,
  refs: { at: string; since: string },
  headers: Record<string, string>,
): Promise<string> {
  const response = await fetch(`${server.url}/api/v1/projects/${slug}/report?at=${refs.at}&since=${refs.since}&format=md`, { headers });
  expect(response.status).toBe(200);
  return response.text();
}

async function ogImage(
  server: TestServer,
  slug: string,
  refs: { at: string; since: string },
  headers: Record<string, string>,
): Promise<string> {
  const response = await fetch(`${server.url}/p/${slug}/report?at=${refs.at}&since=${refs.since}`, { headers });
  expect(response.status).toBe(200);
  const html = await response.text();
  const image = /<meta property="og:image" content="([^"]+)"/.exec(html)?.[1];
  expect(image, "the report page names an og:image").toBeDefined();
  return image ?? "";
}

interface Instance {
  store: TestDatabase;
  server: TestServer;
}

/** The three servers start together, from one build of the sources. */
const instances: Partial<Record<"plain" | "proxied" | "private", Instance>> = {};
const env = {
  plain: {},
  proxied: { CONVERGE_TRUST_PROXY: "1", CONVERGE_READ_TOKEN: "read-secret", CONVERGE_AUTH_FAILURE_LIMIT: "2/60s" },
  private: { CONVERGE_READ_TOKEN: "read-secret", CONVERGE_AUTH_FAILURE_LIMIT: "3/60s" },
} as const;

beforeAll(async () => {
  await Promise.all(
    (Object.keys(env) as Array<keyof typeof env>).map(async (name) => {
      const store = await createTestDatabase("sqlite");
      instances[name] = { store, server: await startServer({ databaseUrl: store.url, env: env[name] }) };
    }),
  );
}, 900_000);

afterAll(async () => {
  for (const instance of Object.values(instances)) {
    await instance.server.stop();
    await instance.store.dispose();
  }
});

function instance(name: keyof typeof env): Instance {
  const found = instances[name];
  if (!found) throw new Error(`the ${name} server did not start`);
  return found;
}

describe("without a trusted proxy", () => {
  let server: TestServer;
  let refs: { at: string; since: string };

  beforeAll(async () => {
    const { store, server: started } = instance("plain");
    server = started;
    refs = await seedHostileProject(store, server, "hostile");
  });

  test("a forged X-Forwarded-Host changes neither markdown permalinks nor og:image", async () => {
    const honest = await reportMarkdown(server, "hostile", refs, {});
    const forged = await reportMarkdown(server, "hostile", refs, FORGED);
    expect(forged).toBe(honest);
    expect(forged).not.toContain("evil.example/p/");
    expect(await ogImage(server, "hostile", refs, FORGED)).toBe(await ogImage(server, "hostile", refs, {}));
    expect(await ogImage(server, "hostile", refs, FORGED)).toMatch(new RegExp(`^${server.url}/p/hostile/og\\.png`));
  });

  test("the report's markdown of a hostile scan has no link but Converge's own permalink, and no bidi control", async () => {
    const markdown = await reportMarkdown(server, "hostile", refs, {});
    expect(markdown).toContain("evil.example"); // the hostile names are there, as text
    expect(linksOf(markdown)).toEqual([`${server.url}/p/hostile/report?at=${refs.at}&since=${refs.since}`]);
    expect(markdown).not.toMatch(/[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/);
    expect(markdown).toContain("Spoofyp.ExecutionEngine");
  });

  test("C0 controls in the badge label are dropped, so the SVG is valid XML", async () => {
    const response = await fetch(`${server.url}/p/hostile/badge.svg?label=a%00b%01c%1Fd%7F`);
    const svg = await response.text();
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg).toContain(">abcd</text>");
  });
});

describe("behind a trusted proxy (CONVERGE_TRUST_PROXY=1)", () => {
  let server: TestServer;
  let refs: { at: string; since: string };

  beforeAll(async () => {
    const { store, server: started } = instance("proxied");
    server = started;
    refs = await seedHostileProject(store, server, "proxied");
  });

  test("the proxy's X-Forwarded-Host and -Proto make the links", async () => {
    const auth = { authorization: "Bearer read-secret" };
    expect(await reportMarkdown(server, "proxied", refs, { ...auth, ...FORGED })).toContain("(https://evil.example/p/proxied/report?at=");
    expect(await ogImage(server, "proxied", refs, { ...auth, ...FORGED })).toMatch(/^https:\/\/evil\.example\/p\/proxied\/og\.png/);
  });

  test("failed sign-ins are counted per X-Forwarded-For address, the one the proxy appended", async () => {
    const url = `${server.url}/api/v1/projects`;
    const wrong = (client: string) =>
      getFrom("127.0.0.1", url, { authorization: "Bearer wrong", "x-forwarded-for": `10.0.0.1, ${client}` });
    expect([(await wrong("203.0.113.1")).status, (await wrong("203.0.113.1")).status]).toEqual([401, 401]);
    const blocked = await wrong("203.0.113.1");
    expect(blocked.status).toBe(429);
    expect(Number(blocked.retryAfter)).toBeGreaterThanOrEqual(1);
    // Another client behind the same proxy is not affected.
    expect((await getFrom("127.0.0.1", url, { authorization: "Bearer read-secret", "x-forwarded-for": "203.0.113.2" })).status).toBe(200);
  });
});

describe("failed sign-ins on a private instance without a proxy", () => {
  test("are limited per socket address: a forged X-Forwarded-For neither evades the limit nor blocks anyone else", async () => {
    const { server } = instance("private");
    const url = `${server.url}/api/v1/projects`;
    const page = `${server.url}/`;
    // A missing token is how a browser asks for the sign-in prompt: never counted.
    for (let i = 0; i < 5; i += 1) expect((await getFrom("127.0.0.2", url, {})).status).toBe(401);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      // A new X-Forwarded-For each time, and a victim's address in it: both ignored.
      statuses.push((await getFrom("127.0.0.2", url, { authorization: "Bearer wrong", "x-forwarded-for": `198.51.100.${i}` })).status);
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
    // Blocked: even the right token waits, on pages and the API alike, and is told how long.
    const right = { authorization: "Bearer read-secret" };
    const blocked = await getFrom("127.0.0.2", url, right);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.retryAfter)).toBeGreaterThanOrEqual(1);
    expect((await getFrom("127.0.0.2", page, right)).status).toBe(429);
    // Another socket address is not affected.
    expect((await getFrom("127.0.0.3", url, right)).status).toBe(200);
    expect((await getFrom("127.0.0.3", url, { ...right, "x-forwarded-for": "127.0.0.2" })).status).toBe(200);
  });
});
