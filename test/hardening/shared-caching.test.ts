// Issue 16 items 2 and 8, over HTTP against real `next start` processes: who may cache the badge and the
// preview image (public instance, private with the read token, private with the share key), and the
// preview image rendered once per picture, with ETag and 304.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { getProjectShareKey } from "@/lib/queries";
import { fakeSha, makeInventory } from "../factories/inventory";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { startServer, type TestServer } from "../helpers/server";
import { postScan, seedProject } from "./http";

const READ_TOKEN = "read-secret-for-caching";
const basic = (password: string) => `Basic ${Buffer.from(`viewer:${password}`).toString("base64")}`;
const SHARED = ["badge.svg", "og.png"] as const;
const PUBLIC_POLICY: Record<(typeof SHARED)[number], string> = {
  "badge.svg": "public, max-age=300, s-maxage=300",
  "og.png": "public, max-age=300",
};

interface Instance {
  store: TestDatabase;
  server: TestServer;
}

const instances: Partial<Record<"public" | "private", Instance>> = {};

beforeAll(async () => {
  const env = { public: {}, private: { CONVERGE_READ_TOKEN: READ_TOKEN } };
  await Promise.all(
    (["public", "private"] as const).map(async (name) => {
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

function instance(name: "public" | "private"): Instance {
  const found = instances[name];
  if (!found) throw new Error(`the ${name} server did not start`);
  return found;
}

/** A project with two weekly scans, posted through the API. */
async function seedScanned(store: TestDatabase, server: TestServer, slug: string): Promise<{ token: string; shas: string[] }> {
  const project = await seedProject(store.db, slug);
  const shas: string[] = [];
  for (const [index, date] of ["2026-10-01T00:00:00Z", "2026-10-08T00:00:00Z"].entries()) {
    const inventory = makeInventory({ sha: fakeSha(`${slug}-${index}`), date, members: 6 - index });
    const posted = await postScan(server.url, slug, project.token, inventory);
    expect(posted.status, JSON.stringify(posted.body)).toBe(201);
    shas.push(inventory.commit.sha);
  }
  return { token: project.token, shas };
}

const varyNames = (response: Response) =>
  (response.headers.get("vary") ?? "")
    .split(",")
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);

describe("a public instance", () => {
  test("badge and preview image keep their public caching, varying on nothing the client sends", async () => {
    const { store, server } = instance("public");
    await seedScanned(store, server, "open");
    for (const route of SHARED) {
      const response = await fetch(`${server.url}/p/open/${route}`);
      expect(response.status).toBe(200);
      expect(response.headers.get("cache-control")).toBe(PUBLIC_POLICY[route]);
      expect(varyNames(response)).not.toContain("authorization");
      expect(response.headers.get("etag")).toMatch(/^"[\w-]+"$/);
      await response.arrayBuffer();
    }
  });
});

describe("a private instance (CONVERGE_READ_TOKEN)", () => {
  let server: TestServer;
  let shareKey: string;

  beforeAll(async () => {
    const { store, server: started } = instance("private");
    server = started;
    await seedScanned(store, server, "closed");
    shareKey = (await getProjectShareKey(store.db, "closed")) ?? "";
    expect(shareKey).not.toBe("");
  });

  test.each(SHARED)(
    "%s let in by the read token: private, no-store and Vary: Authorization (Bearer and Basic, 200 and 304)",
    async (route) => {
      for (const authorization of [`Bearer ${READ_TOKEN}`, basic(READ_TOKEN)]) {
        const response = await fetch(`${server.url}/p/closed/${route}`, { headers: { authorization } });
        expect(response.status).toBe(200);
        expect(response.headers.get("cache-control")).toBe("private, no-store");
        expect(varyNames(response)).toContain("authorization");
        const etag = response.headers.get("etag") ?? "";
        await response.arrayBuffer();
        const revalidated = await fetch(`${server.url}/p/closed/${route}`, { headers: { authorization, "if-none-match": etag } });
        expect(revalidated.status).toBe(304);
        expect(revalidated.headers.get("cache-control")).toBe("private, no-store");
        expect(varyNames(revalidated)).toContain("authorization");
      }
    },
  );

  test.each(SHARED)("%s let in by the share key: the public policy, varying on nothing (the key is in the URL)", async (route) => {
    const url = `${server.url}/p/closed/${route}?key=${encodeURIComponent(shareKey)}`;
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe(PUBLIC_POLICY[route]);
    expect(varyNames(response)).not.toContain("authorization");
    await response.arrayBuffer();
    // The key decides even when a read token comes along: the answer depends on the URL alone.
    const both = await fetch(url, { headers: { authorization: `Bearer ${READ_TOKEN}` } });
    expect(both.headers.get("cache-control")).toBe(PUBLIC_POLICY[route]);
    await both.arrayBuffer();
    // A wrong key with the read token: the token let it in.
    const wrongKey = await fetch(`${server.url}/p/closed/${route}?key=nope`, { headers: { authorization: `Bearer ${READ_TOKEN}` } });
    expect(wrongKey.status).toBe(200);
    expect(wrongKey.headers.get("cache-control")).toBe("private, no-store");
    await wrongKey.arrayBuffer();
  });

  test.each(SHARED)("%s without a key or token, or with a wrong one: 401, never stored", async (route) => {
    for (const url of [`${server.url}/p/closed/${route}`, `${server.url}/p/closed/${route}?key=wrong`]) {
      const response = await fetch(url);
      expect(response.status).toBe(401);
      expect(response.headers.get("cache-control")).toBe("no-store");
      await response.arrayBuffer();
    }
  });
});

describe("the preview image is rendered once per picture", () => {
  let server: TestServer;
  let store: TestDatabase;
  let seeded: { token: string; shas: string[] };
  const og = (query = "", headers: Record<string, string> = {}) => fetch(`${server.url}/p/pictures/og.png${query}`, { headers });

  beforeAll(async () => {
    ({ store, server } = instance("public"));
    seeded = await seedScanned(store, server, "pictures");
  });

  test("a second request is served from memory with the same bytes and ETag; If-None-Match gets 304", async () => {
    const first = await og();
    const firstBytes = Buffer.from(await first.arrayBuffer());
    expect(first.headers.get("content-type")).toBe("image/png");
    expect(first.headers.get("x-converge-og-cache")).toBe("miss");
    expect(firstBytes.subarray(1, 4).toString("latin1")).toBe("PNG");
    expect([firstBytes.readUInt32BE(16), firstBytes.readUInt32BE(20)]).toEqual([1200, 630]);
    const second = await og();
    expect(second.headers.get("x-converge-og-cache")).toBe("hit");
    expect(second.headers.get("etag")).toBe(first.headers.get("etag"));
    expect(Buffer.from(await second.arrayBuffer()).equals(firstBytes)).toBe(true);
    const etag = first.headers.get("etag") ?? "";
    const notModified = await og("", { "if-none-match": etag });
    expect(notModified.status).toBe(304);
    expect(notModified.headers.get("etag")).toBe(etag);
    expect((await notModified.arrayBuffer()).byteLength).toBe(0);
    expect((await og("", { "if-none-match": `"other", W/${etag}` })).status).toBe(304);
    expect((await og("", { "if-none-match": '"other"' })).status).toBe(200);
  });

  test("40 different query strings that draw the same picture cost no render and leave a cheap read fast", async () => {
    const baseline = await og();
    await baseline.arrayBuffer();
    const started = performance.now();
    const burst = Array.from({ length: 40 }, (_, i) =>
      og(`?n=${i}&engine=${i % 2 ? "no/such.py::Engine" : ""}`).then(async (response) => ({
        cache: response.headers.get("x-converge-og-cache"),
        etag: response.headers.get("etag"),
        bytes: (await response.arrayBuffer()).byteLength,
      })),
    );
    const readStarted = performance.now();
    const read = await fetch(`${server.url}/api/v1/projects/pictures`);
    await read.arrayBuffer();
    const readMs = performance.now() - readStarted;
    const results = await Promise.all(burst);
    const burstMs = performance.now() - started;
    expect(results.map((result) => result.cache)).toEqual(Array(40).fill("hit"));
    expect(new Set(results.map((result) => result.etag))).toEqual(new Set([baseline.headers.get("etag")]));
    console.log(
      `[og cache] 40 query strings, one picture: ${burstMs.toFixed(0)} ms in all; an API read during the burst: ${readMs.toFixed(0)} ms`,
    );
  });

  test("another picture is another entry: a pinned report, then a new scan", async () => {
    const latest = await og();
    await latest.arrayBuffer();
    const pinned = await og(`?at=${seeded.shas[0]}`);
    await pinned.arrayBuffer();
    expect(pinned.headers.get("etag")).not.toBe(latest.headers.get("etag"));
    expect(pinned.headers.get("x-converge-og-cache")).toBe("miss");
    const inventory = makeInventory({ sha: fakeSha("pictures-new"), date: "2026-10-15T00:00:00Z", members: 3 });
    expect((await postScan(server.url, "pictures", seeded.token, inventory)).status).toBe(201);
    const after = await og();
    await after.arrayBuffer();
    expect(after.headers.get("x-converge-og-cache")).toBe("miss");
    expect(after.headers.get("etag")).not.toBe(latest.headers.get("etag"));
  });
});
