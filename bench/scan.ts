/**
 * Scanner benchmark (`npm run bench:scan`): scans a large real tree (the Python standard library by
 * default, or BENCH_ROOT) with a pattern that hits many files and one that hits none, and prints
 * wall time, MB/s, files/s, the ratio to `rg -l`, the ratio to parsing every file, and peak RSS.
 * A printed table, not a timed test.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { resolveConfig } from "../lib/scanner/config";
import { scanDirectory, type ScanResult } from "../lib/scanner/scan";
import { maxRssSoFar, withPeakRss } from "./lib/rss";
import { fixed, printTable } from "./lib/table";

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const EXCLUDE = ["**/site-packages/**"];
const RG_GLOBS = ["-g", "*.{py,pyi,ts,tsx,mts,cts,js,jsx,mjs,cjs}", "-g", "!**/site-packages/**", "-g", "!**/__pycache__/**", "-g", "!**/node_modules/**"];
const COMMIT = { sha: null, date: new Date().toISOString(), branch: null, message: null };

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

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

function ripgrep(root: string, pattern: string): { ms: number; files: number } | null {
  const probe = spawnSync("rg", ["--version"], { encoding: "utf8" });
  if (probe.error || probe.status !== 0) return null;
  const times: number[] = [];
  let files = 0;
  for (let i = 0; i < RUNS + 1; i++) {
    const started = performance.now();
    const run = spawnSync("rg", ["-l", "--no-ignore", "--hidden", ...RG_GLOBS, pattern, root], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    const ms = performance.now() - started;
    if (i > 0) times.push(ms); // the first run warms the page cache
    files = run.stdout.split("\n").filter(Boolean).length;
  }
  return { ms: median(times), files };
}

async function timedScan(root: string, pattern: string, noPrefilter = false, runs = RUNS): Promise<{ ms: number; result: ScanResult; peakRss: number }> {
  const config = resolveConfig({ pattern, exclude: EXCLUDE });
  const times: number[] = [];
  let last: ScanResult | null = null;
  let peak = 0;
  for (let i = 0; i < runs; i++) {
    const { result, peakRss } = await withPeakRss(() => scanDirectory(root, { config, commit: COMMIT, noPrefilter }));
    times.push(result.stats.ms);
    peak = Math.max(peak, peakRss);
    last = result;
  }
  return { ms: median(times), result: last as ScanResult, peakRss: peak };
}

async function main(): Promise<void> {
  const root = stdlib();
  process.stderr.write(`bench:scan on ${root} (${RUNS} runs each, median)\n`);
  // Warm-up: page cache, JIT, grammar compilation.
  await scanDirectory(root, { config: resolveConfig({ pattern: "ExecutionEngine", exclude: EXCLUDE }), commit: COMMIT });

  const scenarios = [
    { label: "hits none", pattern: "ExecutionEngine" },
    { label: "hits many", pattern: "Error" },
  ];
  process.stderr.write("parsing every file (no prefilter)…\n");
  const parseAll = await timedScan(root, "ExecutionEngine", true, 1);

  const rows: Array<Array<string | number>> = [];
  const goals: string[] = [];
  for (const scenario of scenarios) {
    process.stderr.write(`${scenario.label}: /${scenario.pattern}/…\n`);
    const { ms, result, peakRss } = await timedScan(root, scenario.pattern);
    const rg = ripgrep(root, scenario.pattern);
    const mb = result.stats.bytesRead / 1e6;
    const rgRatio = rg ? ms / rg.ms : Number.NaN;
    const parseRatio = parseAll.ms / ms;
    rows.push([
      scenario.label,
      `/${scenario.pattern}/`,
      result.stats.files,
      result.stats.parsedFiles,
      result.inventory.members.length,
      `${fixed(ms, 0)} ms`,
      fixed(mb / (ms / 1000), 1),
      fixed(result.stats.files / (ms / 1000), 0),
      rg ? `${fixed(rg.ms, 0)} ms` : "n/a",
      rg ? `${fixed(rgRatio, 1)}×` : "n/a",
      `${fixed(parseRatio, 1)}×`,
      result.stats.workers,
      `${fixed(peakRss / 1_048_576, 0)} MB`,
    ]);
    const rgGoal = scenario.label === "hits none" ? 3 : 5;
    goals.push(`${scenario.label}: ≤ ${rgGoal}× ripgrep: ${rg ? (rgRatio <= rgGoal ? "met" : "MISSED") : "n/a (rg not installed)"}`);
    goals.push(`${scenario.label}: ≥ 5× faster than parsing all: ${parseRatio >= 5 ? "met" : "MISSED"}`);
  }
  rows.push([
    "parse all",
    "/ExecutionEngine/",
    parseAll.result.stats.files,
    parseAll.result.stats.parsedFiles,
    parseAll.result.inventory.members.length,
    `${fixed(parseAll.ms, 0)} ms`,
    fixed(parseAll.result.stats.bytesRead / 1e6 / (parseAll.ms / 1000), 1),
    fixed(parseAll.result.stats.files / (parseAll.ms / 1000), 0),
    "",
    "",
    "1.0×",
    parseAll.result.stats.workers,
    `${fixed(parseAll.peakRss / 1_048_576, 0)} MB`,
  ]);

  const peak = maxRssSoFar();
  goals.push(`peak RSS ≤ 300 MB: ${peak <= 300 * 1_048_576 ? "met" : "MISSED"} (${fixed(peak / 1_048_576, 0)} MB for the whole bench process)`);
  const size = rows.length > 0 ? parseAll.result.stats.bytesRead / 1e6 : 0;
  process.stdout.write(
    `\nconverge scan benchmark · ${root} · ${parseAll.result.stats.files} files · ${fixed(size, 1)} MB · ${RUNS} runs, median\n\n` +
      printTable(["scenario", "pattern", "files", "parsed", "members", "wall", "MB/s", "files/s", "rg -l", "vs rg", "vs parse all", "workers", "peak RSS"], rows) +
      `\n\n${goals.map((g) => `  ${g}`).join("\n")}\n`,
  );
}

await main();
