// backfill --post in batches against a local HTTP server that speaks the documented protocol
// (design-12: POST …/scans takes NDJSON, gzip allowed, one result per commit; GET
// /repositories/{repo}/commits lists what each family has): batches by count and by bytes, resume,
// a refused batch, and the flag that names the destination.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { BATCH_MAX_BYTES, BATCH_MAX_COMMITS } from "@/cli/client/batch";
import { DEFAULT_RETRY } from "@/cli/client/http";
import { IngestInventorySchema, IngestPortfolioSchema } from "@/lib/contract/inventory";
import { INGEST_LIMITS, PortfolioBatchResponseSchema, ScanBatchResponseSchema } from "@/lib/contract/responses";
import { main } from "@/cli/main";
import { buildPortfolioFixture, FOUR_FAMILY_CONFIG, SINGLE_FAMILY_CONFIGS, type PortfolioFixture } from "@/test/helpers/portfolio-fixture";
import { capture } from "@/test/history/io";
import { createBackfillCommand } from "./backfill";

interface Request {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** Decompressed body. */
  body: string;
}

/** An in-memory Converge: what each family (or the project) stores per commit, and every request seen. */
interface ProtocolServer {
  url: string;
  token: string;
  requests: Request[];
  /** sha → families stored (a project stores the slug "-"). */
  stored: Map<string, Set<string>>;
  /** Answer this status (an error body) to the POST with this index (0-based), instead of storing. */
  refusePost: { index: number; status: number } | null;
  close(): Promise<void>;
}

function errorBody(status: number, message: string): string {
  return JSON.stringify({ error: { code: "invalid_body", message, status } });
}

async function startProtocolServer(): Promise<ProtocolServer> {
  const state: ProtocolServer = {
    url: "",
    token: "cvg_repository_token",
    requests: [],
    stored: new Map(),
    refusePost: null,
    close: async () => undefined,
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const raw = Buffer.concat(chunks);
      const body = (req.headers["content-encoding"] === "gzip" ? gunzipSync(raw) : raw).toString("utf8");
      const path = req.url ?? "/";
      state.requests.push({ method: req.method ?? "", path, headers: req.headers, body });
      const answer = (status: number, json: string) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(json);
      };
      // Reads are public (a token, when sent, must be right); writes need the token.
      const auth = req.headers.authorization;
      if ((auth !== undefined || req.method !== "GET") && auth !== `Bearer ${state.token}`) return answer(401, errorBody(401, "bad token"));
      const repoCommits = /^\/api\/v1\/repositories\/netra\/commits$/.exec(path);
      if (req.method === "GET" && repoCommits) {
        const commits = [...state.stored].map(([sha, families]) => ({ sha, families: [...families] }));
        return answer(200, JSON.stringify({ commits }));
      }
      if (req.method === "GET" && path === "/api/v1/projects/engines/scans?fields=sha") {
        return answer(200, JSON.stringify({ commits: [...state.stored.keys()] }));
      }
      const scans = /^\/api\/v1\/(repositories\/netra|projects\/engines)\/scans(\?replace=1)?$/.exec(path);
      if (req.method !== "POST" || !scans) return answer(404, errorBody(404, "no route"));
      if (Buffer.byteLength(body) > INGEST_LIMITS.batchBytes) return answer(413, errorBody(413, "the request body is too large"));
      const index = state.requests.filter((r) => r.method === "POST").length - 1;
      if (state.refusePost?.index === index)
        return answer(state.refusePost.status, errorBody(state.refusePost.status, "[1].families[0].totals: refused"));
      if (req.headers["content-type"] !== "application/x-ndjson") return answer(415, errorBody(415, "expected NDJSON"));
      const repository = scans[1] === "repositories/netra";
      const results = body
        .trim()
        .split("\n")
        .map((line) => {
          const value: unknown = JSON.parse(line);
          const sha = repository ? IngestPortfolioSchema.parse(value).commit.sha : IngestInventorySchema.parse(value).commit.sha;
          const families = repository ? IngestPortfolioSchema.parse(value).families.map((f) => f.slug) : ["-"];
          const had = state.stored.get(sha);
          const status: "created" | "existing" | "replaced" =
            had && families.every((f) => had.has(f)) ? (scans[2] ? "replaced" : "existing") : "created";
          state.stored.set(sha, new Set([...(had ?? []), ...families]));
          const url = `/p/engines/scans/${sha}`;
          return repository
            ? { sha, status, families: families.map((family) => ({ family, project: `netra--${family}`, status, url })) }
            : { sha, status, url };
        });
      const counts = { created: 0, existing: 0, replaced: 0 };
      for (const result of results) counts[result.status]++;
      // The answer as the contract has it: a test of the client, not of the server.
      const reply = repository
        ? PortfolioBatchResponseSchema.parse({ results, counts })
        : ScanBatchResponseSchema.parse({ results, counts });
      return answer(200, JSON.stringify(reply));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}

const noWait = { ...DEFAULT_RETRY, sleep: async () => undefined };
const FAMILIES = ["websocket", "agent-registry", "database", "execution"];

describe("backfill --post in batches", () => {
  let fixture: PortfolioFixture;
  let server: ProtocolServer;
  let outside: string;
  let four: string;
  let single: string;

  beforeAll(async () => {
    fixture = buildPortfolioFixture();
    server = await startProtocolServer();
    outside = mkdtempSync(join(tmpdir(), "converge-backfill-post-"));
    four = join(outside, "four.json");
    writeFileSync(four, JSON.stringify(FOUR_FAMILY_CONFIG));
    single = join(outside, "execution.json");
    writeFileSync(single, JSON.stringify(SINGLE_FAMILY_CONFIGS.execution));
  });

  afterAll(async () => {
    await server.close();
    fixture.dispose();
    rmSync(outside, { recursive: true, force: true });
  });

  beforeEach(() => {
    server.requests.length = 0;
    server.stored.clear();
    server.refusePost = null;
  });

  const env = (extra: Record<string, string> = {}) =>
    ({ CONVERGE_URL: server.url, CONVERGE_TOKEN: server.token, ...extra }) as unknown as NodeJS.ProcessEnv;
  const posts = () => server.requests.filter((r) => r.method === "POST");
  const lines = (request: Request) => request.body.trim().split("\n");
  const shaOf = (line: string) => (JSON.parse(line) as { commit: { sha: string } }).commit.sha;

  test("a batch stays below the server's caps", () => {
    expect(BATCH_MAX_BYTES).toBe(8 * 1024 * 1024);
    expect(BATCH_MAX_BYTES).toBeLessThan(INGEST_LIMITS.batchBytes);
    expect(BATCH_MAX_COMMITS).toBe(500);
    expect(BATCH_MAX_COMMITS).toBeLessThanOrEqual(INGEST_LIMITS.batchCommits);
  });

  test("a families config posts portfolios to the repository in gzipped NDJSON batches, by count", async () => {
    const io = capture(env({ CONVERGE_REPOSITORY: "netra" }), outside);
    const command = createBackfillCommand({ retry: noWait, batch: { maxCommits: 3 } });
    expect(await command([fixture.dir, "--every", "commit", "--config", four, "--no-cache", "--post"], io)).toBe(0);
    expect(server.requests[0]).toMatchObject({ method: "GET", path: "/api/v1/repositories/netra/commits" });
    expect(posts().map((r) => r.path)).toEqual(Array(3).fill("/api/v1/repositories/netra/scans"));
    expect(posts().map((r) => lines(r).length)).toEqual([3, 3, 2]);
    for (const request of posts()) {
      expect(request.headers["content-encoding"]).toBe("gzip");
      expect(request.headers["content-type"]).toBe("application/x-ndjson");
      for (const line of lines(request))
        expect(IngestPortfolioSchema.parse(JSON.parse(line)).families.map((f) => f.slug)).toEqual(FAMILIES);
    }
    // Oldest first, every commit once.
    expect(posts().flatMap((r) => lines(r).map(shaOf))).toEqual(fixture.commits);
    expect([...server.stored.keys()]).toEqual(fixture.commits);
    expect(io.out).toBe("");
    expect(io.err).toMatch(/8 of 8 commits sampled \(every commit\); 4 families in one pass; 8 scanned; .*; 8 posted \(8 created\);/);
  });

  test("batches stay below the byte limit", async () => {
    const io = capture(env(), outside);
    const command = createBackfillCommand({ retry: noWait, batch: { maxBytes: 60_000 } });
    expect(await command([fixture.dir, "--every", "commit", "--config", four, "--no-cache", "--post", "--repository", "netra"], io)).toBe(
      0,
    );
    const sizes = posts().map((r) => Buffer.byteLength(r.body));
    expect(sizes.length).toBeGreaterThan(1);
    for (const size of sizes) expect(size).toBeLessThanOrEqual(60_000);
    expect(posts().flatMap((r) => lines(r).map(shaOf))).toEqual(fixture.commits);
  });

  test("a re-run skips a commit only when every family has it", async () => {
    const [c0, c1, c2, c3] = fixture.commits as [string, string, string, string];
    for (const sha of [c0, c1, c2]) server.stored.set(sha, new Set(FAMILIES));
    // Commit 3 lacks the execution family (stored with the three-family config): it is posted again.
    server.stored.set(c3, new Set(FAMILIES.slice(0, 3)));
    const io = capture(env({ CONVERGE_REPOSITORY: "netra" }), outside);
    expect(
      await createBackfillCommand({ retry: noWait })([fixture.dir, "--every", "commit", "--config", four, "--no-cache", "--post"], io),
    ).toBe(0);
    expect(posts()).toHaveLength(1);
    expect(lines(posts()[0] as Request).map(shaOf)).toEqual(fixture.commits.slice(3));
    expect(io.err).toMatch(/; 5 scanned, 3 already on the server; .*; 5 posted \(5 created\);/);
  });

  test("a refused batch stops the run: what was posted before it stays, and the re-run resumes", async () => {
    server.refusePost = { index: 1, status: 422 };
    const command = createBackfillCommand({ retry: noWait, batch: { maxCommits: 3 } });
    const argv = [fixture.dir, "--every", "commit", "--config", four, "--no-cache", "--post", "--repository", "netra"];
    const first = capture(env(), outside);
    expect(await command(argv, first)).toBe(2);
    const [, , , c3, , c5] = fixture.commits as string[];
    expect(first.err).toContain(
      `ERROR: the server refused the batch of 3 scans ${c3?.slice(0, 12)}..${c5?.slice(0, 12)}: 422 [1].families[0].totals: refused\n`,
    );
    expect(first.err).toContain("3 scan(s) were posted before it; run the same command again to resume.");
    expect([...server.stored.keys()]).toEqual(fixture.commits.slice(0, 3));

    server.refusePost = null;
    server.requests.length = 0;
    const second = capture(env(), outside);
    expect(await command(argv, second)).toBe(0);
    expect(posts().flatMap((r) => lines(r).map(shaOf))).toEqual(fixture.commits.slice(3));
    expect([...server.stored.keys()]).toEqual(fixture.commits);
  });

  test("--replace posts every commit again and reports what the server replaced", async () => {
    for (const sha of fixture.commits) server.stored.set(sha, new Set(FAMILIES));
    const io = capture(env({ CONVERGE_REPOSITORY: "netra" }), outside);
    expect(
      await createBackfillCommand({ retry: noWait })(
        [fixture.dir, "--every", "commit", "--config", four, "--no-cache", "--post", "--replace"],
        io,
      ),
    ).toBe(0);
    expect(server.requests.filter((r) => r.method === "GET")).toEqual([]);
    expect(posts().map((r) => r.path)).toEqual(["/api/v1/repositories/netra/scans?replace=1"]);
    expect(io.err).toMatch(/; 8 posted \(8 replaced\);/);
  });

  test("a single-family config posts inventories to the project", async () => {
    const io = capture(env({ CONVERGE_PROJECT: "engines" }), outside);
    expect(
      await createBackfillCommand({ retry: noWait })([fixture.dir, "--every", "commit", "--config", single, "--no-cache", "--post"], io),
    ).toBe(0);
    expect(server.requests[0]).toMatchObject({ method: "GET", path: "/api/v1/projects/engines/scans?fields=sha" });
    expect(posts().map((r) => r.path)).toEqual(["/api/v1/projects/engines/scans"]);
    expect(lines(posts()[0] as Request).map((line) => IngestInventorySchema.parse(JSON.parse(line)).commit.sha)).toEqual(fixture.commits);
  });

  test("the flag must match the config's form: exit 2 naming the right one, before anything is posted", async () => {
    const cases: Array<[string[], Record<string, string>, string]> = [
      [
        ["--config", four, "--project", "engines"],
        {},
        "ERROR: --project is for a single-family config; a config with families posts to a repository: use --repository\n",
      ],
      [
        ["--config", single, "--repository", "netra"],
        { CONVERGE_PROJECT: "engines" },
        "ERROR: --repository is for a config with families; a single-family config posts to a project: use --project\n",
      ],
      [["--config", four], {}, "ERROR: --post needs --repository (or CONVERGE_REPOSITORY)\n"],
    ];
    for (const [flags, extra, message] of cases) {
      const io = capture(env(extra), outside);
      expect(await main(["backfill", fixture.dir, "--every", "commit", "--no-cache", "--post", ...flags], io)).toBe(2);
      expect(io.err).toBe(message);
    }
    expect(server.requests).toEqual([]);
  });
});
