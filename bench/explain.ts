/**
 * Explain benchmark (`npm run bench -- explain`): `converge explain` against a plain scan of the same
 * tree in the same run: the Python standard library (or BENCH_ROOT) for a pattern that hits many files
 * and one that hits a few, and a real TypeScript repository (this one, or BENCH_REPO). Goal: explain ≤ 2× the plain scan. Also prints how many
 * files the occurrence pass parses that the scan's definition-site prefilter skips. A printed table,
 * not a timed test.
 */
import { execFileSync } from "node:child_process";
import { resolveConfig } from "@/lib/scanner/config";
import { explainDirectory } from "@/lib/scanner/explain";
import { scanDirectory } from "@/lib/scanner/scan";
import { fixed, printTable } from "./lib/table";

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
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

const THIS_REPOSITORY = new URL("..", import.meta.url).pathname;

async function measure(root: string, pattern: string) {
  // The default test excludes apply (Lib/test is left out and counted), as a user's first run would.
  const config = resolveConfig({ pattern, exclude: ["**/site-packages/**", "**/test/**", "**/tests/**"] });
  const scanTimes: number[] = [];
  const explainTimes: number[] = [];
  let scanParsed = 0;
  let explained: Awaited<ReturnType<typeof explainDirectory>> | null = null;
  for (let i = 0; i < RUNS; i++) {
    // Alternate so page cache and JIT warmth favour neither.
    const scan = await scanDirectory(root, { config, commit: COMMIT });
    scanTimes.push(scan.stats.ms);
    scanParsed = scan.stats.parsedFiles;
    explained = await explainDirectory(root, { config });
    explainTimes.push(explained.stats.ms);
  }
  const result = explained as Awaited<ReturnType<typeof explainDirectory>>;
  const explain = result.explains[0];
  if (!explain) throw new Error("no explain");
  return {
    scanMs: median(scanTimes),
    explainMs: median(explainTimes),
    scanParsed,
    occurrenceParsed: result.stats.parsedFiles,
    prefilterParsed: result.stats.prefilterParsedFiles,
    hits: explain.hits.length,
    excludedHits: explain.excluded.reduce((sum, e) => sum + e.hits, 0),
  };
}

async function main(): Promise<void> {
  const python = stdlib();
  // A real TypeScript repository too: this one (BENCH_REPO to pick another).
  const repository = process.env.BENCH_REPO ?? THIS_REPOSITORY;
  console.log(`Python standard library: ${python} · repository: ${repository} · ${RUNS} runs each, median`);
  const rows: Array<Array<string | number>> = [];
  const scenarios = [
    { label: "stdlib", root: python, pattern: "Error" },
    { label: "stdlib", root: python, pattern: "Executor" },
    { label: "repository", root: repository, pattern: "Schema" },
  ];
  for (const { label, root, pattern } of scenarios) {
    process.stderr.write(`${label} /${pattern}/…\n`);
    const m = await measure(root, pattern);
    rows.push([
      label,
      `/${pattern}/`,
      fixed(m.scanMs, 0),
      fixed(m.explainMs, 0),
      `${fixed(m.explainMs / m.scanMs, 2)}×`,
      m.scanParsed,
      m.occurrenceParsed,
      m.occurrenceParsed - m.prefilterParsed,
      m.hits,
      m.excludedHits,
    ]);
  }
  console.log(
    printTable(
      [
        "tree",
        "pattern",
        "scan ms",
        "explain ms",
        "explain/scan (goal ≤ 2×)",
        "scan parsed",
        "occurrence pass parsed",
        "parsed beyond the prefilter",
        "hits",
        "hits left out",
      ],
      rows,
    ),
  );
  console.log(
    "explain = one in-thread walk: every file read once, each scanned file holding a family literal parsed once for both the\n" +
      "members (the scan's extractor) and the occurrences; the scan parses only definition sites, with worker threads.",
  );
}

await main();
