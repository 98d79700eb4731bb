/**
 * npm run bench:ingest — the write path under load: POST /api/v1/projects/{slug}/scans against
 * `next start` on loopback (built once into a temp copy, see test/helpers/server.ts), with autocannon.
 * For SQLite and PostgreSQL, 30- and 500-member scans, 1, 10 and 50 connections it prints req/s and
 * p50/p99 latency of three paths:
 *   new     every request posts a NEW commit (unique SHA): a real write, 201
 *   reject  the same body with totals that do not match its members: fully parsed, then 422
 *   repeat  a commit already stored (idempotent re-post): 200, no write
 * Goals (SQLite, 30 members, 10 connections): new ≥ 500 req/s with p99 ≤ 50 ms; reject p99 ≤ 20 ms.
 *
 *   BENCH_SECONDS=5  BENCH_DIALECTS=sqlite,postgres  BENCH_SIZES=30,500  BENCH_CONNECTIONS=1,10,50
 *   BENCH_PATHS=new,reject,repeat   TEST_POSTGRES_URL (admin connection for the throwaway database)
 */
import { randomBytes } from "node:crypto";
import autocannon from "autocannon";
import { generateToken, hashToken } from "@/lib/auth/tokens";
import type { CommittedInventory } from "@/lib/contract/inventory";
import { createProject } from "@/lib/ingest";
import { fakeSha, makeInventory } from "../test/factories/inventory";
import { createTestDatabase, testDialects } from "../test/helpers/database";
import { startServer } from "../test/helpers/server";
import { fixed, printTable } from "./lib/table";

type Path = "new" | "reject" | "repeat";

const list = (value: string | undefined, fallback: string) =>
  (value ?? fallback)
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const DIALECTS = list(process.env.BENCH_DIALECTS, testDialects().join(",")) as Array<"sqlite" | "postgres">;
const SIZES = list(process.env.BENCH_SIZES, "30,500").map(Number);
const CONNECTIONS = list(process.env.BENCH_CONNECTIONS, "1,10,50").map(Number);
const PATHS = list(process.env.BENCH_PATHS, "new,reject,repeat") as Path[];

interface Row {
  dialect: string;
  members: number;
  connections: number;
  path: Path;
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  statuses: string;
  errors: number;
}

/** The inventory as JSON text with its SHA cut out, so each request costs one string concatenation. */
function template(inventory: CommittedInventory): { before: string; after: string } {
  const marker = "f".repeat(40);
  const text = JSON.stringify({ ...inventory, commit: { ...inventory.commit, sha: marker } });
  const at = text.indexOf(marker);
  return { before: text.slice(0, at), after: text.slice(at + marker.length) };
}

async function run(url: string, token: string, connections: number, body: () => string, seconds = SECONDS) {
  return autocannon({
    url,
    method: "POST",
    connections,
    duration: seconds,
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    requests: [{ setupRequest: (request) => ({ ...request, body: body() }) }],
  });
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
        const { before, after } = template(inventory);
        const run_id = randomBytes(4).toString("hex");
        let counter = 0;
        const fresh = () => `${before}${run_id}${(counter++).toString(16).padStart(32, "0")}${after}`;
        const stored = JSON.stringify(inventory);
        const rejected = JSON.stringify({ ...inventory, totals: { ...inventory.totals, counted: inventory.totals.counted + 1 } });
        // Warm up: engines exist, JIT and plan caches are hot.
        await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
          body: stored,
        });
        await run(url, token, 4, fresh, 1);
        for (const connections of CONNECTIONS) {
          for (const path of PATHS) {
            const body = path === "new" ? fresh : path === "reject" ? () => rejected : () => stored;
            const result = await run(url, token, connections, body);
            rows.push({
              dialect,
              members,
              connections,
              path,
              requests: result.requests.total,
              rps: result.requests.average,
              p50: result.latency.p50,
              p99: result.latency.p99,
              statuses: statuses(result),
              errors: result.errors + result.timeouts,
            });
            process.stderr.write(
              `  ${dialect} ${members} members ${connections} conn ${path}: ${fixed(result.requests.average, 0)} req/s, p99 ${result.latency.p99} ms\n`,
            );
          }
        }
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
  const header = ["store", "members", "conn", "path", "requests", "req/s", "p50 ms", "p99 ms", "statuses", "errors"];
  console.log(
    printTable(
      header,
      rows.map((row) => [
        row.dialect,
        row.members,
        row.connections,
        row.path,
        row.requests,
        fixed(row.rps, 0),
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
