/**
 * npm run bench:ingest — the write path under load: POST /api/v1/projects/{slug}/scans against
 * `next start` on loopback (built once into a temp copy, see test/helpers/server.ts), with autocannon.
 * For SQLite and PostgreSQL, 30- and 500-member scans, 1, 10 and 50 connections it prints req/s and
 * p50/p99 latency of three paths:
 *   new     every request posts a NEW commit (unique SHA): a real write, 201
 *   reject  the same body with totals that do not match its members: fully parsed, then 422
 *   repeat  a commit already stored (idempotent re-post): 200, no write
 *   batch      NDJSON batches of BENCH_BATCH new commits per request (at most 8 MB each), the path
 *              backfill --post takes: 200 with one result per commit
 *   portfolio  the same through POST /api/v1/repositories/{repo}/scans, four families per commit
 * scans/s counts stored scans (a batch request stores many; a portfolio commit stores one per family);
 * p50/p99 are per request. Batch paths run at BENCH_BATCH_CONNECTIONS (a backfill posts one at a time),
 * BENCH_BATCH_REQUESTS requests per cell.
 * Goals (SQLite, 30 members, 10 connections): new ≥ 500 req/s with p99 ≤ 50 ms; reject p99 ≤ 20 ms;
 * batch (SQLite, 30 members) ≥ 1,000 scans/s, against the single posts of the same run.
 *
 *   BENCH_SECONDS=5  BENCH_DIALECTS=sqlite,postgres  BENCH_SIZES=30,500  BENCH_CONNECTIONS=1,10,50
 *   BENCH_PATHS=new,reject,repeat,batch,portfolio  BENCH_BATCH=200  BENCH_BATCH_CONNECTIONS=1,2
 *   TEST_POSTGRES_URL (admin connection for the throwaway database)
 */
import { randomBytes } from "node:crypto";
import autocannon from "autocannon";
import { generateToken, hashToken } from "@/lib/auth/tokens";
import { createProject, createRepository } from "@/lib/ingest";
import { fakeSha, makeInventory } from "../test/factories/inventory";
import { createTestDatabase, testDialects } from "../test/helpers/database";
import { makePortfolio } from "../test/ingest/repositories.factory";
import { startServer } from "../test/helpers/server";
import { fixed, printTable } from "./lib/table";

type Path = "new" | "reject" | "repeat" | "batch" | "portfolio";

const list = (value: string | undefined, fallback: string) =>
  (value ?? fallback)
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const DIALECTS = list(process.env.BENCH_DIALECTS, testDialects().join(",")) as Array<"sqlite" | "postgres">;
const SIZES = list(process.env.BENCH_SIZES, "30,500").map(Number);
const CONNECTIONS = list(process.env.BENCH_CONNECTIONS, "1,10,50").map(Number);
const PATHS = list(process.env.BENCH_PATHS, "new,reject,repeat,batch,portfolio") as Path[];
const BATCH = Number(process.env.BENCH_BATCH ?? 200);
const BATCH_CONNECTIONS = list(process.env.BENCH_BATCH_CONNECTIONS, "1,2").map(Number);
/** Requests per batch cell: a fixed count, since one batch request may take longer than a timed cell. */
const BATCH_REQUESTS = Number(process.env.BENCH_BATCH_REQUESTS ?? 8);
const SINGLE_PATHS = PATHS.filter((path) => path === "new" || path === "reject" || path === "repeat");
const BATCH_PATHS = PATHS.filter((path) => path === "batch" || path === "portfolio");
/** A batch request's NDJSON stays below this (the CLI's own batches are at most 8 MB). */
const BATCH_BYTES = 8 * 1024 * 1024;
const PORTFOLIO_FAMILIES = 4;

interface Row {
  dialect: string;
  members: number;
  connections: number;
  path: Path;
  requests: number;
  rps: number;
  /** Scans stored per request (1 for single posts). */
  perRequest: number;
  p50: number;
  p99: number;
  statuses: string;
  errors: number;
}

const MARKER = "f".repeat(40);

/** JSON text with every SHA cut out, so each request costs string concatenations only. */
function template(value: unknown): string[] {
  return JSON.stringify(value).split(MARKER);
}

/** A fresh 40-hex SHA per call: a run prefix and a counter. */
function shaSource(): () => string {
  const runId = randomBytes(4).toString("hex");
  let counter = 0;
  return () => `${runId}${(counter++).toString(16).padStart(32, "0")}`;
}

async function run(
  url: string,
  token: string,
  connections: number,
  body: () => string,
  seconds = SECONDS,
  contentType = "application/json",
  amount?: number,
) {
  // A cell lasts `seconds`, or (batch paths, whose requests may take seconds each) `amount` requests.
  return autocannon({
    url,
    method: "POST",
    connections,
    ...(amount ? { amount } : { duration: seconds }),
    timeout: 60,
    headers: { "content-type": contentType, authorization: `Bearer ${token}` },
    requests: [{ setupRequest: (request) => ({ ...request, body: body() }) }],
  });
}

function row(dialect: string, members: number, connections: number, path: Path, perRequest: number, result: autocannon.Result): Row {
  process.stderr.write(
    `  ${dialect} ${members} members ${connections} conn ${path}: ${fixed(result.requests.average, 1)} req/s (${fixed(result.requests.average * perRequest, 0)} scans/s), p99 ${result.latency.p99} ms\n`,
  );
  return {
    dialect,
    members,
    connections,
    path,
    requests: result.requests.total,
    rps: result.requests.average,
    perRequest,
    p50: result.latency.p50,
    p99: result.latency.p99,
    statuses: statuses(result),
    errors: result.errors + result.timeouts,
  };
}

/**
 * Batches of new commits: a project's NDJSON of single inventories, or a repository's NDJSON of
 * portfolios (PORTFOLIO_FAMILIES families of `members` each). Every line gets a fresh SHA.
 */
async function benchBatches(dialect: string, db: Parameters<typeof createProject>[0], serverUrl: string, members: number): Promise<Row[]> {
  const rows: Row[] = [];
  const sha = shaSource();
  for (const path of BATCH_PATHS) {
    let url: string;
    let token: string;
    let line: string[];
    let scansPerLine: number;
    if (path === "batch") {
      token = generateToken();
      const slug = `batch-${members}`;
      await createProject(db, { slug, name: slug, repoUrl: null, tokenHash: hashToken(token) });
      url = `${serverUrl}/api/v1/projects/${slug}/scans`;
      line = template(makeInventory({ members, sha: MARKER }));
      scansPerLine = 1;
    } else {
      const slug = `portfolio-${members}`;
      const created = await createRepository(db, { slug, name: slug, repoUrl: null });
      if (!created) throw new Error(`repository ${slug} exists`);
      token = created.token;
      url = `${serverUrl}/api/v1/repositories/${slug}/scans`;
      const families = Array.from({ length: PORTFOLIO_FAMILIES }, (_, index) => ({ slug: `family-${index}`, members }));
      line = template(makePortfolio(families, { sha: MARKER }));
      scansPerLine = PORTFOLIO_FAMILIES;
    }
    const lineBytes = line.join(MARKER).length + 1;
    // The same number of scans per request on both paths: a portfolio commit holds PORTFOLIO_FAMILIES scans.
    const lines = Math.max(1, Math.min(Math.ceil(BATCH / scansPerLine), Math.floor(BATCH_BYTES / lineBytes)));
    const body = () => {
      const out: string[] = [];
      for (let index = 0; index < lines; index += 1) out.push(line.join(sha()));
      return out.join("\n");
    };
    await run(url, token, 1, body, 1, "application/x-ndjson", 1);
    for (const connections of BATCH_CONNECTIONS) {
      const result = await run(url, token, connections, body, SECONDS, "application/x-ndjson", Math.max(BATCH_REQUESTS, connections * 2));
      rows.push(row(dialect, members, connections, path, lines * scansPerLine, result));
    }
  }
  return rows;
}

function statuses(result: autocannon.Result): string {
  const stats = (result as unknown as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats ?? {};
  return Object.entries(stats)
    .map(([code, { count }]) => `${code}×${count}`)
    .join(" ");
}

async function benchDialect(dialect: "sqlite" | "postgres"): Promise<Row[]> {
  const store = await createTestDatabase(dialect);
  const rows: Row[] = [];
  try {
    const server = await startServer({ databaseUrl: store.url, env: { CONVERGE_RATE_LIMIT: "off" } });
    try {
      for (const members of SIZES) {
        const token = generateToken();
        const slug = `bench-${members}`;
        await createProject(store.db, { slug, name: slug, repoUrl: null, tokenHash: hashToken(token) });
        const url = `${server.url}/api/v1/projects/${slug}/scans`;
        const inventory = makeInventory({ members, sha: fakeSha(`${slug}-seed`) });
        const parts = template({ ...inventory, commit: { ...inventory.commit, sha: MARKER } });
        const sha = shaSource();
        const fresh = () => parts.join(sha());
        const stored = JSON.stringify(inventory);
        const rejected = JSON.stringify({ ...inventory, totals: { ...inventory.totals, counted: inventory.totals.counted + 1 } });
        // Warm up: engines exist, JIT and plan caches are hot.
        await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
          body: stored,
        });
        if (SINGLE_PATHS.length > 0) await run(url, token, 4, fresh, 1);
        for (const connections of CONNECTIONS) {
          for (const path of SINGLE_PATHS) {
            const body = path === "new" ? fresh : path === "reject" ? () => rejected : () => stored;
            rows.push(row(dialect, members, connections, path, 1, await run(url, token, connections, body)));
          }
        }
        rows.push(...(await benchBatches(dialect, store.db, server.url, members)));
      }
    } finally {
      await server.stop();
    }
  } finally {
    await store.dispose();
  }
  return rows;
}

async function main(): Promise<number> {
  process.stderr.write(`[bench:ingest] ${SECONDS} s per cell; building and starting next start (first build takes a while)\n`);
  const rows: Row[] = [];
  for (const dialect of DIALECTS) rows.push(...(await benchDialect(dialect)));
  const header = ["store", "members", "conn", "path", "requests", "req/s", "scans/s", "p50 ms", "p99 ms", "statuses", "errors"];
  console.log(
    printTable(
      header,
      rows.map((row) => [
        row.dialect,
        row.members,
        row.connections,
        row.path,
        row.requests,
        fixed(row.rps, row.perRequest > 1 ? 1 : 0),
        fixed(row.rps * row.perRequest, 0),
        row.p50,
        row.p99,
        row.statuses,
        row.errors,
      ]),
    ),
  );
  const cell = (path: Path) =>
    rows.find((row) => row.dialect === "sqlite" && row.members === 30 && row.connections === 10 && row.path === path);
  const write = cell("new");
  const reject = cell("reject");
  if (write && reject) {
    const writeOk = write.rps >= 500 && write.p99 <= 50;
    const rejectOk = reject.p99 <= 20;
    console.log(
      `\ngoals (SQLite, 30 members, 10 connections): new ${fixed(write.rps, 0)} req/s p99 ${write.p99} ms (≥ 500, ≤ 50): ${writeOk ? "met" : "NOT met"}; ` +
        `reject p99 ${reject.p99} ms (≤ 20): ${rejectOk ? "met" : "NOT met"}`,
    );
  }
  const batch = rows
    .filter((row) => row.dialect === "sqlite" && row.members === 30 && row.path === "batch")
    .sort((a, b) => b.rps * b.perRequest - a.rps * a.perRequest)[0];
  const single = rows
    .filter((row) => row.dialect === "sqlite" && row.members === 30 && row.path === "new")
    .sort((a, b) => b.rps - a.rps)[0];
  if (batch) {
    const scans = batch.rps * batch.perRequest;
    console.log(
      `goal (SQLite, 30 members): batch ${fixed(scans, 0)} scans/s at ${batch.connections} conn, p99 ${batch.p99} ms per request of ${batch.perRequest} scans (≥ 1,000): ${scans >= 1000 ? "met" : "NOT met"}` +
        (single
          ? `; single posts in this run: ${fixed(single.rps, 0)} scans/s at best (${single.connections} conn, p99 ${single.p99} ms), ×${fixed(scans / single.rps, 1)}`
          : ""),
    );
  }
  const broken = rows.filter((row) => row.errors > 0 || row.statuses.split(" ").some((s) => s.startsWith("5")));
  if (broken.length > 0) {
    console.error(`\n${broken.length} cell(s) had transport errors or 5xx answers`);
    return 1;
  }
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`[bench:ingest] failed: ${error instanceof Error ? error.stack : String(error)}`);
    process.exitCode = 2;
  },
);
