// A server that answers something other than the API contract (lib/contract/responses.ts) is a clear
// error naming the field, and the command exits 2: checked against a local HTTP server that answers
// each path with a scripted body.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { EXIT } from "@/cli/errors";
import { main } from "@/cli/main";
import type { ScanSummary } from "@/lib/contract/responses";
import { capture } from "@/test/history/io";
import { fetchStoredShas, postInventory, ServerError, type ServerTarget } from "./http";

const SHA = "a".repeat(40);

/** A scan summary exactly as the contract describes it. */
const summary: ScanSummary = {
  id: 1,
  commit: { sha: SHA, date: "2026-11-02T12:00:00.000Z", branch: "main", message: "m" },
  scanner: { name: "converge", version: "test" },
  target: 2,
  countUnit: "names",
  totals: {
    members: 1,
    names: 1,
    counted: 1,
    byClassification: { primary: 1, core: 0, adapter: 0, factory: 0, legacy: 0, interface: 0, support: 0 },
    byPhase: { unphased: 1 },
    countedByClassification: { primary: 1, core: 0, adapter: 0, factory: 0, legacy: 0, interface: 0, support: 0 },
    countedByPhase: { unphased: 1 },
  },
  checks: { passed: 1, failed: 0 },
  files: { scanned: 1, skipped: 0, failed: 0 },
  complete: true,
  receivedAt: "2026-11-02T12:00:01.000Z",
};

interface Scripted {
  method: string;
  /** Path and query, e.g. `/api/v1/projects/engines/scans?fields=sha`. */
  path: string;
  status: number;
  body: unknown;
}

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function serve(script: Scripted[]): Promise<string> {
  const server = createServer((req, res) => {
    const answer = script.find((entry) => entry.method === req.method && entry.path === req.url);
    res.writeHead(answer?.status ?? 404, { "content-type": "application/json" });
    res.end(JSON.stringify(answer?.body ?? { error: { code: "not_found", message: `no script for ${req.url}`, status: 404 } }));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const target = (url: string): ServerTarget => ({ url, project: "engines", token: "cvg_test", readToken: null });
const noRetry = { delaysMs: [], maxRateLimitWaits: 0, maxRetryAfterMs: 0, sleep: async () => undefined };

describe("the CLI reads the server through the contract", () => {
  test("check --branch: a scan detail without its members and plan exits 2 naming them", async () => {
    const url = await serve([
      { method: "GET", path: "/api/v1/projects/engines/scans?branch=main&limit=1", status: 200, body: { scans: [summary] } },
      { method: "GET", path: `/api/v1/projects/engines/scans/${SHA}`, status: 200, body: { scan: summary } },
    ]);
    const dir = mkdtempSync(join(tmpdir(), "converge-contract-"));
    try {
      writeFileSync(join(dir, "engine.py"), "class UserExecutionEngine:\n    pass\n");
      const io = capture(undefined, dir);
      expect(await main(["check", ".", "--branch", "main", "--url", url, "--project", "engines"], io)).toBe(EXIT.badInput);
      expect(io.err).toContain(
        `cannot read the baseline from the server: the server's answer to scan ${SHA} does not match the API contract`,
      );
      expect(io.err).toMatch(/scan\.plan: .*expected object/);
      expect(io.err).toMatch(/scan\.members: .*expected array/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("check --branch: a scan list that is not a list exits 2 naming `scans`", async () => {
    const url = await serve([
      { method: "GET", path: "/api/v1/projects/engines/scans?branch=main&limit=1", status: 200, body: { scans: { latest: SHA } } },
    ]);
    const io = capture();
    expect(await main(["check", ".", "--branch", "main", "--url", url, "--project", "engines"], io)).toBe(EXIT.badInput);
    expect(io.err).toMatch(/the scan list does not match the API contract: scans: .*expected array/);
  });

  test("scans delete: a count that is not a number exits 2 naming `deleted`", async () => {
    const url = await serve([{ method: "DELETE", path: "/api/v1/projects/engines/scans?all=1", status: 200, body: { deleted: "3" } }]);
    const io = capture();
    expect(await main(["scans", "delete", "--all", "--url", url, "--project", "engines", "--token", "cvg_test"], io)).toBe(EXIT.badInput);
    expect(io.err).toMatch(/^ERROR: the server's answer to the delete does not match the API contract: deleted: .*expected number/);
    expect(io.err).not.toContain("cvg_test");
  });

  test("stored commits: a SHA that is not a string is named by its index", async () => {
    const url = await serve([
      { method: "GET", path: "/api/v1/projects/engines/scans?fields=sha", status: 200, body: { commits: [SHA, 7] } },
    ]);
    const failure = await fetchStoredShas(target(url), noRetry).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ServerError);
    expect(String(failure)).toMatch(/\?fields=sha does not match the API contract: commits\.1: .*expected string/);
    const ok = await serve([{ method: "GET", path: "/api/v1/projects/engines/scans?fields=sha", status: 200, body: { commits: [SHA] } }]);
    expect(await fetchStoredShas(target(ok), noRetry)).toEqual(new Set([SHA]));
  });

  test("a post's reply: the status says stored; a url that is not a string is an error, an empty body is not", async () => {
    const url = await serve([{ method: "POST", path: "/api/v1/projects/engines/scans", status: 201, body: { created: true, url: 5 } }]);
    await expect(postInventory(target(url), { any: "inventory" }, noRetry)).rejects.toThrow(
      /the scan post does not match the API contract: url: .*expected string/,
    );
    const good = await serve([
      {
        method: "POST",
        path: "/api/v1/projects/engines/scans",
        status: 200,
        body: { created: true, replaced: true, url: `/p/engines/scans/${SHA}`, scan: summary },
      },
    ]);
    expect(await postInventory(target(good), { any: "inventory" }, noRetry)).toEqual({
      created: false,
      replaced: true,
      url: `${good}/p/engines/scans/${SHA}`,
    });
  });
});
