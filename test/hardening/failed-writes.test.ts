// Issue 16 item 9: failed authentications on the write routes are limited per client address, over HTTP
// against a real `next start`. Every write route counts (POST scans, POST ?replace=1, DELETE scans,
// POST and DELETE annotations); an address out of failures gets 429 + Retry-After on every write,
// before anything is looked up (an unknown slug gets 429 too), and other addresses are not affected.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { fakeSha, makeInventory } from "../factories/inventory";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { startServer, type TestServer } from "../helpers/server";
import { type Sent, seedProject, sendFrom } from "./http";

const LIMIT = 5;

describe("failed write authentications per client address", () => {
  let store: TestDatabase;
  let server: TestServer;
  let project: { slug: string; token: string };
  let other: { slug: string; token: string };

  beforeAll(async () => {
    store = await createTestDatabase("sqlite");
    server = await startServer({ databaseUrl: store.url, env: { CONVERGE_AUTH_FAILURE_LIMIT: `${LIMIT}/60s` } });
    project = await seedProject(store.db, "writes");
    other = await seedProject(store.db, "other");
  }, 600_000);

  afterAll(async () => {
    await server?.stop();
    await store?.dispose();
  });

  const json = { "content-type": "application/json" };
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const scan = (seed: string) => JSON.stringify(makeInventory({ sha: fakeSha(seed), date: "2026-10-01T00:00:00Z" }));
  const note = JSON.stringify({ date: "2026-10-02", text: "offsite" });

  /** One attempt on each write route, each failing authentication in its own way. */
  function failures(address: string, slug: string): Array<() => Promise<Sent>> {
    const base = `${server.url}/api/v1/projects/${slug}`;
    return [
      () => sendFrom(address, `${base}/scans`, { method: "POST", headers: json, body: scan("missing") }),
      () => sendFrom(address, `${base}/scans`, { method: "POST", headers: { ...json, ...bearer("cvg_wrong") }, body: scan("wrong") }),
      () =>
        sendFrom(address, `${base}/scans?replace=1`, {
          method: "POST",
          headers: { ...json, ...bearer(`${project.token}x`) },
          body: scan("r"),
        }),
      () => sendFrom(address, `${base}/scans?all=1`, { method: "DELETE", headers: { authorization: "Basic Y2k6eA==" } }),
      () => sendFrom(address, `${base}/annotations`, { method: "POST", headers: { ...json, ...bearer("cvg_guess") }, body: note }),
    ];
  }

  test(`${LIMIT} failures on the write routes, then 429 for every write from that address; another address is unaffected`, async () => {
    const attempts = failures("127.0.0.21", project.slug);
    expect(attempts).toHaveLength(LIMIT);
    const statuses: number[] = [];
    for (const attempt of attempts) statuses.push((await attempt()).status);
    expect(statuses).toEqual(Array(LIMIT).fill(401));

    // The (N+1)th: refused before any lookup, with the right token, on every route, and for an unknown slug.
    const base = `${server.url}/api/v1/projects`;
    const right = { ...json, ...bearer(project.token) };
    const blocked = [
      await sendFrom("127.0.0.21", `${base}/writes/scans`, { method: "POST", headers: right, body: scan("blocked-1") }),
      await sendFrom("127.0.0.21", `${base}/writes/scans?replace=1`, { method: "POST", headers: right, body: scan("blocked-2") }),
      await sendFrom("127.0.0.21", `${base}/writes/scans?all=1`, { method: "DELETE", headers: right }),
      await sendFrom("127.0.0.21", `${base}/writes/annotations`, { method: "POST", headers: right, body: note }),
      await sendFrom("127.0.0.21", `${base}/writes/annotations/1`, { method: "DELETE", headers: right }),
      await sendFrom("127.0.0.21", `${base}/no-such-project/scans`, { method: "POST", headers: right, body: scan("blocked-3") }),
    ];
    for (const response of blocked) {
      expect(response.status, response.body).toBe(429);
      expect(Number(response.headers["retry-after"])).toBeGreaterThanOrEqual(1);
      expect(JSON.parse(response.body)).toEqual({
        error: { code: "rate_limited", status: 429, message: expect.stringContaining("failed sign-ins from this address") },
      });
      expect(response.body).not.toContain(project.token);
    }
    // Nothing was written while blocked.
    expect(await store.db.scan.count()).toBe(0);

    // Another client address writes as usual, and its scan is stored.
    const elsewhere = await sendFrom("127.0.0.22", `${base}/writes/scans`, { method: "POST", headers: right, body: scan("elsewhere") });
    expect(elsewhere.status, elsewhere.body).toBe(201);
    expect(await store.db.scan.count()).toBe(1);
  });

  test("a valid token of another project (403) is not a failed authentication", async () => {
    const base = `${server.url}/api/v1/projects/${project.slug}/scans`;
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT * 2; i += 1) {
      statuses.push(
        (await sendFrom("127.0.0.23", base, { method: "POST", headers: { ...json, ...bearer(other.token) }, body: scan(`o${i}`) })).status,
      );
    }
    expect(statuses).toEqual(Array(LIMIT * 2).fill(403));
    const own = await sendFrom("127.0.0.23", `${server.url}/api/v1/projects/${other.slug}/scans`, {
      method: "POST",
      headers: { ...json, ...bearer(other.token) },
      body: scan("own"),
    });
    expect(own.status, own.body).toBe(201);
  });

  test("an unknown slug counts like a bad token: the same N failures, then 429", async () => {
    const attempts = failures("127.0.0.24", "no-such-project");
    for (const attempt of attempts) expect((await attempt()).status).toBe(401);
    const next = await attempts[0]?.();
    expect(next?.status).toBe(429);
  });
});
