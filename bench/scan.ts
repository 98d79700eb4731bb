/**
 * Scanner benchmark (`npm run bench:scan`): scans a large real tree (the Python standard library by
 * default, or BENCH_ROOT) with a pattern that hits many files and one that hits none, and prints
 * wall time, MB/s, files/s, the ratio to `rg -l`, the ratio to parsing every file, and peak RSS.
 * A printed table, not a timed test.
 *
 * A portfolio table (issue #12) scans the same tree with a four-family config and with the first of
 * those families alone, alternating in the same process: one pass for all families should cost at
 * most 1.5× one family. `BENCH_SCAN_ONLY=portfolio` prints only that table.
 *
 * A last table compares the bare TypeScript/JavaScript grammars with the scanner's parsers (the
 * same grammars plus the bridge for syntax they lag behind, lib/scanner/grammar-gaps.ts) on every
 * TS/JS file of BENCH_TS_ROOT (default: this repository): files with a syntax error and MB/s.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { Language, Parser } from "web-tree-sitter";
import { createParsers } from "@/lib/scanner/parsers";
import { resolveConfig, type ResolvedConfig, type ResolvedPortfolio } from "@/lib/scanner/config";
import { scanDirectory, type ScanResult } from "@/lib/scanner/scan";
import { maxRssSoFar, withPeakRss } from "./lib/rss";
import { fixed, printTable } from "./lib/table";

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const EXCLUDE = ["**/site-packages/**"];
const RG_GLOBS = [
  "-g",
  "*.{py,pyi,ts,tsx,mts,cts,js,jsx,mjs,cjs}",
  "-g",
  "!**/site-packages/**",
  "-g",
  "!**/__pycache__/**",
  "-g",
  "!**/node_modules/**",
];
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
    const run = spawnSync("rg", ["-l", "--no-ignore", "--hidden", ...RG_GLOBS, pattern, root], {
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    });
    const ms = performance.now() - started;
    if (i > 0) times.push(ms); // the first run warms the page cache
    files = run.stdout.split("\n").filter(Boolean).length;
  }
  return { ms: median(times), files };
}

async function timedScan(
  root: string,
  pattern: string,
  noPrefilter = false,
  runs = RUNS,
): Promise<{ ms: number; result: ScanResult; peakRss: number }> {
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

const SKIPPED_FOLDERS = new Set(["node_modules", ".git", ".next", "dist", "build", "coverage", "bench"]);
const SCRIPT_GRAMMARS: Record<string, "typescript" | "tsx" | "javascript"> = {
  ".ts": "typescript",
  ".mts": "typescript",
  ".cts": "typescript",
  ".tsx": "tsx",
  ".js": "javascript",
  ".mjs": "javascript",
  ".cjs": "javascript",
  ".jsx": "javascript",
};
const BARE_WASM = {
  typescript: "tree-sitter-typescript/tree-sitter-typescript.wasm",
  tsx: "tree-sitter-typescript/tree-sitter-tsx.wasm",
  javascript: "tree-sitter-javascript/tree-sitter-javascript.wasm",
} as const;

function scriptFiles(root: string): Array<{ file: string; grammar: keyof typeof BARE_WASM; text: string }> {
  const out: Array<{ file: string; grammar: keyof typeof BARE_WASM; text: string }> = [];
  const visit = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory() && !SKIPPED_FOLDERS.has(entry.name)) visit(join(dir, entry.name));
      const grammar = entry.isFile() ? SCRIPT_GRAMMARS[entry.name.slice(entry.name.lastIndexOf("."))] : undefined;
      if (grammar && !entry.name.endsWith(".d.ts"))
        out.push({ file: join(dir, entry.name), grammar, text: readFileSync(join(dir, entry.name), "utf8") });
    }
  };
  visit(root);
  return out;
}

/** Bare grammars against the scanner's parsers on the same files, same run: errors and speed. */
async function grammarTable(): Promise<string> {
  const root = process.env.BENCH_TS_ROOT ?? process.cwd();
  const files = scriptFiles(root);
  const megabytes = files.reduce((sum, f) => sum + Buffer.byteLength(f.text), 0) / 1e6;
  const require = createRequire(import.meta.url);
  await Parser.init();
  const bare = new Map<string, Parser>();
  for (const [grammar, wasm] of Object.entries(BARE_WASM)) {
    const parser = new Parser();
    parser.setLanguage(await Language.load(readFileSync(require.resolve(wasm))));
    bare.set(grammar, parser);
  }
  const scanner = await createParsers(["typescript", "tsx", "javascript"]);
  const contenders = [
    {
      label: "bare grammars (tree-sitter-typescript 0.23.2, -javascript 0.25.0)",
      parse: (f: (typeof files)[number]) => bare.get(f.grammar)?.parse(f.text) ?? null,
    },
    { label: "scanner parsers (grammars + bridge)", parse: (f: (typeof files)[number]) => scanner.get(f.grammar).parse(f.text) },
  ];
  const rows: Array<Array<string | number>> = [];
  for (const contender of contenders) {
    const times: number[] = [];
    let failing: string[] = [];
    for (let run = 0; run < RUNS + 1; run++) {
      failing = [];
      const started = performance.now();
      for (const file of files) {
        const tree = contender.parse(file);
        if (!tree || tree.rootNode.hasError) failing.push(file.file.slice(root.length + 1));
        tree?.delete();
      }
      if (run > 0) times.push(performance.now() - started); // the first run pays the compiler's load
    }
    const ms = median(times);
    rows.push([
      contender.label,
      files.length,
      failing.length,
      `${fixed(ms, 0)} ms`,
      fixed(megabytes / (ms / 1000), 1),
      failing.slice(0, 3).join(", "),
    ]);
  }
  return (
    `grammars · ${root} · ${files.length} TS/JS files · ${fixed(megabytes, 1)} MB · ${RUNS} runs, median\n\n` +
    printTable(["parsers", "files", "syntax errors", "wall", "MB/s", "first failing files"], rows)
  );
}

const family = (slug: string, pattern: string): ResolvedConfig => ({
  ...resolveConfig({ pattern, exclude: EXCLUDE }),
  slug,
  name: slug,
});

/** Four families against the first alone on the same tree, same run: wall ratio (goal ≤ 1.5×). */
async function portfolioTable(root: string): Promise<string> {
  const pairs: Array<{ label: string; families: ResolvedConfig[] }> = [
    {
      label: "hit none",
      families: [
        family("engines", "ExecutionEngine"),
        family("websocket", "WebSocketManager"),
        family("registry", "AgentRegistry$"),
        family("database", "DatabaseManager"),
      ],
    },
    {
      // Related consolidations in one package (asyncio): their files overlap, one parse serves several.
      label: "related families",
      families: [
        family("loops", "EventLoop$"),
        family("transports", "Transport$"),
        family("executors", "Executor$"),
        family("selectors", "Selector$"),
      ],
    },
    {
      // Unrelated and broad: the union of what they parse is most of the cost (shown as parsed MB).
      label: "broad families",
      families: [
        family("handlers", "Handler$"),
        family("parsers", "Parser$"),
        family("clients", "Client$"),
        family("managers", "Manager$"),
      ],
    },
  ];
  const rows: Array<Array<string | number>> = [];
  const goals: string[] = [];
  // In-thread (workers 0): the ratio measures the one pass, not worker start-up (which only the bigger scan would pay).
  const scan = async (portfolio: ResolvedPortfolio) => scanDirectory(root, { portfolio, commit: COMMIT, workers: 0 });
  for (const pair of pairs) {
    const one: ResolvedPortfolio = { source: null, multi: false, families: [pair.families[0] as ResolvedConfig] };
    const four: ResolvedPortfolio = { source: null, multi: true, families: pair.families };
    const times = { one: [] as number[], four: [] as number[], separate: [] as number[] };
    const last: { one: ScanResult | null; four: ScanResult | null; separate: ScanResult[] } = { one: null, four: null, separate: [] };
    process.stderr.write(`portfolio, ${pair.label}: one family, four in one pass, four one-family scans…\n`);
    // Alternating runs: every variant sees the same machine load on a shared box.
    for (let run = 0; run < RUNS; run++) {
      last.one = await scan(one);
      times.one.push(last.one.stats.ms);
      last.four = await scan(four);
      times.four.push(last.four.stats.ms);
      last.separate = [];
      for (const config of pair.families) last.separate.push(await scan({ source: null, multi: false, families: [config] }));
      times.separate.push(last.separate.reduce((ms, result) => ms + result.stats.ms, 0));
    }
    const ms = { one: median(times.one), four: median(times.four), separate: median(times.separate) };
    const ratio = ms.four / ms.one;
    const patterns = (families: readonly ResolvedConfig[]) => families.map((f) => `/${f.pattern}/`).join(" ");
    const row = (label: string, results: ScanResult[], wall: number, families: readonly ResolvedConfig[]) => {
      const sum = (pick: (result: ScanResult) => number) => results.reduce((n, result) => n + pick(result), 0);
      rows.push([
        label,
        patterns(families),
        sum((r) => r.stats.files),
        sum((r) => r.stats.parsedFiles),
        fixed(sum((r) => r.stats.parsedBytes) / 1e6, 2),
        sum((r) => r.stats.familyExtractions),
        sum((r) => r.families.reduce((n, f) => n + f.inventory.members.length, 0)),
        `${fixed(wall, 0)} ms`,
        `${fixed(wall / ms.one, 2)}×`,
      ]);
    };
    row(`${pair.label}: one family`, [last.one as ScanResult], ms.one, one.families);
    row(`${pair.label}: four, one pass`, [last.four as ScanResult], ms.four, pair.families);
    row(`${pair.label}: four scans`, last.separate, ms.separate, pair.families);
    const parsedRatio = (last.four?.stats.parsedBytes ?? 0) / Math.max(1, last.one?.stats.parsedBytes ?? 0);
    goals.push(
      `${pair.label}: four families ≤ 1.5× one family: ${ratio <= 1.5 ? "met" : "MISSED"} (${fixed(ratio, 2)}×; the one pass parses ${fixed(parsedRatio, 1)}× the bytes; four separate scans take ${fixed(ms.separate / ms.one, 2)}×)`,
    );
  }
  return (
    `portfolio · ${root} · four families in one pass against one family and against four one-family scans · in-thread · ${RUNS} runs each, alternating, median\n\n` +
    printTable(
      ["scenario", "families", "files read", "parsed", "parsed MB", "family extractions", "members", "wall", "vs one family"],
      rows,
    ) +
    `\n\n${goals.map((g) => `  ${g}`).join("\n")}\n`
  );
}

async function main(): Promise<void> {
  const root = stdlib();
  if (process.env.BENCH_SCAN_ONLY === "portfolio") {
    process.stdout.write(`\n${await portfolioTable(root)}`);
    return;
  }
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
  goals.push(
    `peak RSS ≤ 300 MB: ${peak <= 300 * 1_048_576 ? "met" : "MISSED"} (${fixed(peak / 1_048_576, 0)} MB for the whole bench process)`,
  );
  const size = rows.length > 0 ? parseAll.result.stats.bytesRead / 1e6 : 0;
  process.stdout.write(
    `\nconverge scan benchmark · ${root} · ${parseAll.result.stats.files} files · ${fixed(size, 1)} MB · ${RUNS} runs, median\n\n` +
      printTable(
        [
          "scenario",
          "pattern",
          "files",
          "parsed",
          "members",
          "wall",
          "MB/s",
          "files/s",
          "rg -l",
          "vs rg",
          "vs parse all",
          "workers",
          "peak RSS",
        ],
        rows,
      ) +
      `\n\n${goals.map((g) => `  ${g}`).join("\n")}\n`,
  );
  process.stdout.write(`\n${await portfolioTable(root)}`);
  process.stderr.write("grammars: bare against the scanner's parsers…\n");
  process.stdout.write(`\n${await grammarTable()}\n`);
}

await main();
