/**
 * Usages and explain benchmark (`npm run bench -- explain`, issue #13): the full scan (usages, the
 * reconciliation, left-out files counted) against a plain scan (usages off, a bench-only switch: only
 * definition sites parsed, left-out files not read) in the same run, alternating, and `converge explain`
 * (the same scan + reconcile). Trees: the Python standard library (or BENCH_ROOT) and a real repository,
 * the sentry-python mirror checked out with `git archive HEAD | tar -x` into a temp folder (or BENCH_REPO,
 * a folder). Goal: the full scan ≤ 2× the plain scan. Also prints how many files the usage pass parses that
 * the definition-site prefilter skips. A printed table, not a timed test.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { resolveConfig } from "@/lib/scanner/config";
import { explainDirectory } from "@/lib/scanner/explain";
import { scanDirectory } from "@/lib/scanner/scan";
import { fixed, printTable } from "./lib/table";

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const COMMIT = { sha: null, date: new Date().toISOString(), branch: null, message: null };
const SENTRY_MIRROR = "/work/.mirror/getsentry+sentry-python/repo";

function stdlib(): string {
  if (process.env.BENCH_ROOT) return process.env.BENCH_ROOT;
  for (const python of ["python3", "python"]) {
    try {
      return execFileSync(python, ["-c", "import sysconfig;print(sysconfig.get_paths()['stdlib'])"], { encoding: "utf8" }).trim();
    } catch {
      // try the next interpreter
    }
  }
  throw new Error("no python3 found: set BENCH_ROOT to a large source tree");
}

/** The real repository: BENCH_REPO, else the sentry-python mirror's HEAD in a temp folder (null when neither exists). */
function repository(): { root: string; dispose(): void } | null {
  if (process.env.BENCH_REPO) return { root: process.env.BENCH_REPO, dispose() {} };
  if (!existsSync(SENTRY_MIRROR)) return null;
  const root = mkdtempSync(join(tmpdir(), "converge-bench-sentry-"));
  execFileSync("sh", ["-c", `git --git-dir="${SENTRY_MIRROR}" archive HEAD | tar -x -C "${root}"`]);
  return { root, dispose: () => rmSync(root, { recursive: true, force: true }) };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

async function measure(root: string, pattern: string, workers: number | "auto") {
  // The default test excludes apply (tests are left out and counted), as a user's first run would.
  const config = resolveConfig({ pattern, exclude: ["**/site-packages/**", "**/test/**", "**/tests/**"] });
  const plainTimes: number[] = [];
  const fullTimes: number[] = [];
  const explainTimes: number[] = [];
  const excludedTimes: number[] = [];
  let plain: Awaited<ReturnType<typeof scanDirectory>> | null = null;
  let full: Awaited<ReturnType<typeof scanDirectory>> | null = null;
  for (let i = 0; i < RUNS; i++) {
    // Alternate so page cache and JIT warmth favour neither.
    plain = await scanDirectory(root, { config, commit: COMMIT, usages: false, workers });
    plainTimes.push(plain.stats.ms);
    full = await scanDirectory(root, { config, commit: COMMIT, workers });
    fullTimes.push(full.stats.ms);
    excludedTimes.push(full.stats.excludedMs);
    explainTimes.push((await explainDirectory(root, { config, workers })).stats.ms);
  }
  if (!plain || !full) throw new Error("no run");
  const reconciliation = full.inventory.reconciliation;
  return {
    plainMs: median(plainTimes),
    fullMs: median(fullTimes),
    explainMs: median(explainTimes),
    excludedMs: median(excludedTimes),
    plainParsed: plain.stats.parsedFiles,
    fullParsed: full.stats.parsedFiles,
    excludedRead: full.stats.excludedRead,
    members: full.inventory.members.length,
    legacyUsages: full.inventory.totals.legacyUsages ?? 0,
    hits: reconciliation ? Object.values(reconciliation.byKind).reduce((sum, n) => sum + n, 0) : 0,
    excludedHits: reconciliation?.excluded.reduce((sum, e) => sum + e.hits, 0) ?? 0,
  };
}

async function main(): Promise<void> {
  const python = stdlib();
  const repo = repository();
  console.log(
    `Python standard library: ${python} · repository: ${repo?.root ?? "(none: no BENCH_REPO, no mirror)"} · ${RUNS} runs each, median`,
  );
  const scenarios = [
    { label: "stdlib", root: python, pattern: "Error" },
    { label: "stdlib", root: python, pattern: "Executor" },
    ...(repo
      ? [
          { label: "sentry-python", root: repo.root, pattern: "Integration$" },
          { label: "sentry-python", root: repo.root, pattern: "Transport" },
        ]
      : []),
  ];
  const rows: Array<Array<string | number>> = [];
  try {
    // Default workers ("auto": started once 1 MB of source waits, which the usage pass reaches sooner) and in-thread (the work itself).
    for (const workers of ["auto", 0] as const)
      for (const { label, root, pattern } of scenarios) {
        process.stderr.write(`${label} /${pattern}/ workers ${workers}…\n`);
        const m = await measure(root, pattern, workers);
        rows.push([
          label,
          `/${pattern}/`,
          String(workers),
          fixed(m.plainMs, 0),
          fixed(m.fullMs, 0),
          `${fixed(m.fullMs / m.plainMs, 2)}×`,
          fixed(m.explainMs, 0),
          m.plainParsed,
          m.fullParsed,
          m.fullParsed - m.plainParsed,
          m.excludedRead,
          fixed(m.excludedMs, 0),
          m.members,
          m.legacyUsages,
          m.hits,
          m.excludedHits,
        ]);
      }
  } finally {
    repo?.dispose();
  }
  console.log(
    printTable(
      [
        "tree",
        "pattern",
        "workers",
        "plain ms",
        "usages ms",
        "usages/plain (goal ≤ 2×)",
        "explain ms",
        "plain parsed",
        "usages parsed",
        "parsed beyond the prefilter",
        "left-out files read",
        "left-out ms",
        "members",
        "legacy usages",
        "hits",
        "hits left out",
      ],
      rows,
    ),
  );
  console.log(
    "plain = the scan before #13 (usages off: only files that may define a member are parsed, left-out files unread);\n" +
      "usages = the default scan: every scanned file holding a literal parsed once for members and occurrences, left-out\n" +
      "files read and counted from their text; explain = the same scan + reconcile. Same process, alternating.",
  );
}

await main();
