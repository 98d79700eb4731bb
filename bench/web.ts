/**
 * npm run bench:web — the dashboard's read path at scale.
 * Seeds 5 projects × 3 years of daily scans × ~40 members with churn (through the real ingest path,
 * cached in bench/.work), builds and serves the app, then prints:
 *   p50/p95 of each page's API over 200 requests (a 404 route is the in-process baseline),
 *   the first-load JS of /p/{slug} (gzip, every script the page loads), and its LCP in headless chromium.
 */
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { chromium } from "@playwright/test";
import {
  CHECK_IDS,
  computeTotals,
  INVENTORY_SCHEMA_VERSION,
  type CheckResult,
  type Classification,
  type CommittedInventory,
  type Member,
} from "@/lib/contract/inventory";
import { hashToken } from "@/lib/auth/tokens";
import { createDb } from "@/lib/db/client";
import { applyMigrations } from "@/lib/db/migrate";
import { createProject, ingestInventory } from "@/lib/ingest";
import { getProject } from "@/lib/queries";
import { fixed, printTable } from "./lib/table";

const ROOT = join(import.meta.dirname, "..");
const WORK = join(ROOT, "bench", ".work");
const SEED_VERSION = 4;
const DB_FILE = join(WORK, `web-v${SEED_VERSION}.db`);
const PROJECTS = 5;
const DAYS = 3 * 365;
const MEMBERS = 40;
const REQUESTS = 200;
const DAY = 86_400_000;
const CLASSES: Classification[] = ["core", "core", "core", "adapter", "factory", "legacy", "interface", "support"];

/** Deterministic pseudo-random numbers (mulberry32), so every run seeds the same history. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hex(value: number, length = 40): string {
  return createHash("sha1").update(String(value)).digest("hex").slice(0, length);
}

interface LiveMember {
  id: number;
  file: string;
  classification: Classification;
  signature: string;
  loc: number;
}

function* history(projectIndex: number): Generator<CommittedInventory> {
  const rand = random(projectIndex + 1);
  let nextId = 0;
  const fresh = (): LiveMember => {
    const id = nextId++;
    return {
      id,
      file: `svc${projectIndex}/engines/engine_${id}.py`,
      classification: id === 0 ? "primary" : CLASSES[id % CLASSES.length]!,
      signature: rand() < 0.5 ? "(context)" : "()",
      loc: 40 + Math.floor(rand() * 300),
    };
  };
  let live = Array.from({ length: MEMBERS }, fresh);
  const start = Date.parse("2023-11-01T09:00:00Z");
  for (let day = 0; day < DAYS; day += 1) {
    // Churn: removals outpace additions, so the count trends down toward the target.
    if (rand() < 0.06 && live.length > 12) {
      const removed = 1 + Math.floor(rand() * (live.length - 1));
      live = live.filter((_, index) => index !== removed);
    }
    if (rand() < 0.03) live.push(fresh());
    if (rand() < 0.02) {
      const member = live[1 + Math.floor(rand() * (live.length - 1))];
      if (member) member.classification = CLASSES[Math.floor(rand() * CLASSES.length)]!;
    }
    if (rand() < 0.01) {
      const member = live[1 + Math.floor(rand() * (live.length - 1))];
      if (member) member.file = member.file.replace("/engines/", "/core/");
    }
    if (rand() < 0.02) {
      const member = live[Math.floor(rand() * live.length)];
      if (member) member.signature = member.signature === "()" ? "(context)" : "()";
    }
    const members: Member[] = live.map((member) => {
      const name = member.id === 0 ? "UserExecutionEngine" : `Engine${member.id}ExecutionEngine`;
      return {
        key: `${member.file}::${name}`,
        name,
        qualifiedName: name,
        kind: "class",
        language: "python",
        file: member.file,
        line: 10,
        endLine: 9 + member.loc,
        loc: member.loc,
        classification: member.classification,
        reason: "bench",
        phase: member.classification === "core" ? "Logic consolidation" : null,
        counted: member.classification !== "support",
        bases: [],
        decorators: [],
        constructor: { params: member.signature === "()" ? [] : ["context"], signature: member.signature },
        methods: ["execute"],
        abstract: false,
        abstractReason: null,
        deprecated: false,
        deprecatedMethods: [],
        aliasOf: null,
        delegatesTo: member.classification === "adapter" ? "UserExecutionEngine" : null,
        emits: member.id % 7 === 0 ? 2 : 0,
        bodyHash: hex(member.id * 97 + projectIndex, 16),
      };
    });
    const totals = computeTotals(members);
    const checks: CheckResult[] = CHECK_IDS.map((id, index) => ({
      id,
      passed: id === "count-within-target" ? totals.counted <= 10 : (day + index) % 90 > 30,
      value: index,
      threshold: null,
      summary: id,
      members: members.slice(0, 3).map((m) => m.key),
    }));
    yield {
      schemaVersion: INVENTORY_SCHEMA_VERSION,
      scanner: { name: "converge", version: "bench" },
      commit: {
        sha: hex(projectIndex * 100_000 + day),
        date: new Date(start + day * DAY).toISOString(),
        branch: "main",
        message: `day ${day}`,
      },
      plan: {
        pattern: "ExecutionEngine",
        primary: "UserExecutionEngine",
        target: 10,
        countSupport: false,
        count: "names",
        phases: [
          { name: "Interface standardization", due: "2024-06-30", target: 32 },
          { name: "Logic consolidation", due: "2025-12-31", target: 18 },
          { name: "Testing and validation", due: "2027-03-31", target: 10 },
        ],
      },
      totals,
      members,
      checks,
      files: { scanned: 2000, skipped: [], failed: day % 97 === 0 ? [{ file: "broken.py", reason: "syntax error" }] : [] },
    };
  }
}

async function seed(): Promise<void> {
  if (existsSync(DB_FILE)) return;
  mkdirSync(WORK, { recursive: true });
  const url = `file:${DB_FILE}.partial`;
  rmSync(`${DB_FILE}.partial`, { force: true });
  await applyMigrations(url);
  const db = createDb(url);
  const started = performance.now();
  for (let p = 0; p < PROJECTS; p += 1) {
    const slug = `svc-${p}`;
    if (!(await getProject(db, slug)))
      await createProject(db, { slug, name: `Service ${p} engines`, repoUrl: null, tokenHash: hashToken(`bench-${p}`) });
    const project = (await getProject(db, slug))!;
    for (const inventory of history(p)) await ingestInventory(db, project, inventory);
    process.stderr.write(`[bench:web] seeded ${slug} (${((performance.now() - started) / 1000).toFixed(0)} s)\n`);
  }
  await db.$disconnect();
  spawnSync("mv", [`${DB_FILE}.partial`, DB_FILE]);
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 3999));
    });
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function main(): Promise<void> {
  await seed();
  const next = join(ROOT, "node_modules", "next", "dist", "bin", "next");
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", DATABASE_URL: `file:${DB_FILE}` };
  if (process.env.BENCH_SKIP_BUILD !== "1") {
    const build = spawnSync(process.execPath, [next, "build"], { cwd: ROOT, env, stdio: ["ignore", "ignore", "inherit"] });
    if (build.status !== 0) throw new Error("next build failed");
  }
  const port = await freePort();
  const server = spawn(process.execPath, [next, "start", "-p", String(port)], { cwd: ROOT, env, stdio: "ignore" });
  const base = `http://127.0.0.1:${port}`;
  try {
    for (let i = 0; i < 100; i += 1) {
      if (
        await fetch(`${base}/api/v1/projects`).then(
          (r) => r.ok,
          () => false,
        )
      )
        break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const slug = "svc-0";
    const scans = (await (await fetch(`${base}/api/v1/projects/${slug}/scans?limit=10`)).json()) as {
      scans: Array<{ commit: { sha: string } }>;
    };
    const sha = scans.scans[0]!.commit.sha;
    const members = (await (await fetch(`${base}/api/v1/projects/${slug}/members`)).json()) as { members: Array<{ key: string }> };
    const key = members.members[1]!.key;
    const endpoints: Array<[string, string]> = [
      ["baseline: unknown project (404)", `/api/v1/projects/no-such-project`],
      ["projects (home)", `/api/v1/projects`],
      ["timeline, all, every scan", `/api/v1/projects/${slug}/timeline`],
      ["timeline, 12w, weekly", `/api/v1/projects/${slug}/timeline?range=12w&granularity=week`],
      ["checks", `/api/v1/projects/${slug}/checks`],
      ["since last week", `/api/v1/projects/${slug}/compare`],
      ["members (latest scan)", `/api/v1/projects/${slug}/members`],
      ["scan detail", `/api/v1/projects/${slug}/scans/${sha}`],
      ["engine history", `/api/v1/projects/${slug}/engines/${key.split("/").map(encodeURIComponent).join("/")}`],
      ["weekly report", `/api/v1/projects/${slug}/report?at=${sha}`],
      ["badge.svg", `/p/${slug}/badge.svg`],
    ];
    const rows: Array<Array<string | number>> = [];
    for (const [label, path] of endpoints) {
      for (let i = 0; i < 5; i += 1) await fetch(base + path).then((r) => r.arrayBuffer());
      const times: number[] = [];
      let bytes = 0;
      for (let i = 0; i < REQUESTS; i += 1) {
        const started = performance.now();
        const response = await fetch(base + path);
        bytes = (await response.arrayBuffer()).byteLength;
        times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      const p95 = percentile(times, 95);
      rows.push([
        label,
        fixed(percentile(times, 50)),
        fixed(p95),
        `${(bytes / 1024).toFixed(1)} kB`,
        label.startsWith("baseline") ? "" : p95 <= 50 ? "met" : "MISSED",
      ]);
    }
    console.log(
      `\nAPI latency over ${REQUESTS} sequential requests each (${PROJECTS} projects × ${DAYS} daily scans × ~${MEMBERS} members; goal p95 ≤ 50 ms)\n`,
    );
    console.log(printTable(["endpoint", "p50 ms", "p95 ms", "body", "goal"], rows));

    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking"],
    });
    try {
      const page = await browser.newPage();
      const scripts = new Map<string, Buffer>();
      page.on("response", async (response) => {
        if (response.request().resourceType() === "script")
          scripts.set(new URL(response.url()).pathname, await response.body().catch(() => Buffer.alloc(0)));
      });
      const html = await (await fetch(`${base}/p/${slug}`)).text();
      await page.goto(`${base}/p/${slug}`, { waitUntil: "networkidle" });
      // First load = the scripts the server-rendered HTML references (what Next calls First Load JS);
      // the chart library is loaded lazily after that and is reported separately.
      const initial = new Set([...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map((match) => new URL(match[1] ?? "", base).pathname));
      const gz = (paths: string[]) => paths.reduce((sum, path) => sum + gzipSync(scripts.get(path) ?? Buffer.alloc(0)).byteLength, 0);
      const jsGzip = gz([...initial]);
      const allGzip = gz([...scripts.keys()]);
      const lcps: number[] = [];
      for (let i = 0; i < 5; i += 1) {
        const fresh = await browser.newPage();
        await fresh.goto(`${base}/p/${slug}`, { waitUntil: "load" });
        const lcp = await fresh.evaluate(
          () =>
            new Promise<number>((resolve) => {
              new PerformanceObserver((list) => {
                const entries = list.getEntries();
                resolve(entries[entries.length - 1]?.startTime ?? NaN);
              }).observe({ type: "largest-contentful-paint", buffered: true });
              setTimeout(() => resolve(NaN), 3000);
            }),
        );
        lcps.push(lcp);
        await fresh.close();
      }
      lcps.sort((a, b) => a - b);
      console.log("\nProject page (/p/svc-0)\n");
      console.log(
        printTable(
          ["measure", "value", "goal", "result"],
          [
            [
              "first-load JS (gzip, scripts in the HTML)",
              `${(jsGzip / 1024).toFixed(0)} kB`,
              "≤ 250 kB",
              jsGzip <= 250 * 1024 ? "met" : "MISSED",
            ],
            ["all JS after load incl. lazy chart (gzip)", `${(allGzip / 1024).toFixed(0)} kB`, "", ""],
            ["LCP, median of 5 loads", `${fixed(lcps[2] ?? NaN, 0)} ms`, "≤ 1000 ms", (lcps[2] ?? Infinity) <= 1000 ? "met" : "MISSED"],
          ],
        ),
      );
    } finally {
      await browser.close();
    }
    console.log("\nThe main chart reads only per-scan aggregates (Scan rows); no observation is read for it.\n");
  } finally {
    server.kill("SIGTERM");
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
