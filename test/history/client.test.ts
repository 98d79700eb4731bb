import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, test } from "vitest";
import { DEFAULT_RETRY, postInventory, ServerError, type RetryPolicy, type ServerTarget } from "@/cli/client/http";
import { makeInventory } from "../factories/inventory";

type Reply = { status: number; headers?: Record<string, string>; body?: unknown };

/** A real server on 127.0.0.1 that answers POSTs from a script, one reply per request. */
async function scripted(replies: Reply[]): Promise<{ url: string; hits: () => number; server: Server }> {
  let hits = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      const reply = replies[Math.min(hits, replies.length - 1)] as Reply;
      hits++;
      res.writeHead(reply.status, { "content-type": "application/json", ...reply.headers });
      res.end(JSON.stringify(reply.body ?? { created: reply.status === 201, url: "/p/engines/scans/abc" }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits: () => hits, server };
}

function recordingPolicy(): RetryPolicy & { slept: number[] } {
  const slept: number[] = [];
  return { ...DEFAULT_RETRY, slept, sleep: async (ms) => void slept.push(ms) };
}

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

const target = (url: string): ServerTarget => ({ url, project: "engines", token: "cvg_test", readToken: null });
const error = (status: number, message: string) => ({ error: { code: "x", message, status } });

describe("posting with retry", () => {
  test("the defaults are three retries after 1, 2 and 4 s", () => {
    expect(DEFAULT_RETRY.delaysMs).toEqual([1_000, 2_000, 4_000]);
  });

  test("503s are retried with 1/2/4 s backoff until the server recovers", async () => {
    const s = await scripted([{ status: 503, body: error(503, "down") }, { status: 503, body: error(503, "down") }, { status: 201 }]);
    servers.push(s.server);
    const policy = recordingPolicy();
    const result = await postInventory(target(s.url), makeInventory(), policy);
    expect(result.created).toBe(true);
    expect(s.hits()).toBe(3);
    expect(policy.slept).toEqual([1_000, 2_000]);
  });

  test("a server that stays down fails after exactly 3 retries", async () => {
    const s = await scripted([{ status: 503, body: error(503, "maintenance") }]);
    servers.push(s.server);
    const policy = recordingPolicy();
    await expect(postInventory(target(s.url), makeInventory(), policy)).rejects.toThrow("503 maintenance (after 3 retries)");
    expect(s.hits()).toBe(4);
    expect(policy.slept).toEqual([1_000, 2_000, 4_000]);
  });

  test("429 waits exactly as long as Retry-After says", async () => {
    const s = await scripted([
      { status: 429, headers: { "retry-after": "7" }, body: error(429, "slow down") },
      { status: 200, body: { created: false, url: null } },
    ]);
    servers.push(s.server);
    const policy = recordingPolicy();
    expect(await postInventory(target(s.url), makeInventory(), policy)).toEqual({ created: false, replaced: false, url: null });
    expect(policy.slept).toEqual([7_000]);
  });

  test("422 is never retried: the server's message and issues come back", async () => {
    const s = await scripted([
      {
        status: 422,
        body: {
          error: {
            code: "invalid_body",
            message: "the body does not match the inventory contract (totals)",
            status: 422,
            issues: [{ path: "totals", message: "totals do not match the members" }],
          },
        },
      },
    ]);
    servers.push(s.server);
    const policy = recordingPolicy();
    const failure = await postInventory(target(s.url), makeInventory(), policy).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ServerError);
    expect((failure as ServerError).status).toBe(422);
    expect((failure as ServerError).message).toBe(
      "422 the body does not match the inventory contract (totals)\n  totals: totals do not match the members",
    );
    expect(s.hits()).toBe(1);
    expect(policy.slept).toEqual([]);
  });

  test("network errors (nothing listening) are retried, then reported", async () => {
    const s = await scripted([{ status: 201 }]);
    const url = s.url;
    s.server.close();
    const policy = recordingPolicy();
    await expect(postInventory(target(url), makeInventory(), policy)).rejects.toThrow(
      /cannot reach http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\) after 3 retries/,
    );
    expect(policy.slept).toEqual([1_000, 2_000, 4_000]);
  });
});
