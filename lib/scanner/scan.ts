import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { availableParallelism } from "node:os";
import type { Inventory } from "../contract/inventory";
import type { PlanOrigin } from "../sources/plan";
import { Prefilter } from "../sources/prefilter";
import { openWorkTree, ScanInputError, workTreePlan } from "../sources/worktree";
import { singleFamily, toExtractOptions, type ResolvedConfig, type ResolvedPortfolio } from "./config";
import { createExtractor, type Extractor } from "./extract";
import { commitInfo } from "./git";
import { buildInventory, type CommitInfo } from "./inventory";
import { languageOf } from "./parsers";
import { ExtractPool } from "./pool";
import type { FileExtraction } from "./types";
import { walkFiles, type WalkIssue } from "./walk";

export { ScanInputError };

export interface ScanProgress {
  done: number;
  total: number;
  file: string;
}

export interface ScanOptions {
  /** Use this config instead of discovering one. */
  config?: ResolvedConfig;
  /** Config file path (relative to cwd); otherwise discovered in the root. */
  configPath?: string;
  cwd?: string;
  /** Worker threads for parsing: a number (0 = in-thread) or "auto" (default: all cores, only when parsing pays). */
  workers?: number | "auto";
  /** Skip the literal prefilter and parse every file (benchmarks only). */
  noPrefilter?: boolean;
  /** Follow symlinks whose real path is outside the scanned folder (default: skip and report them). */
  followOutsideSymlinks?: boolean;
  /** Commit to record; default: read from git. */
  commit?: CommitInfo;
  onProgress?: (progress: ScanProgress) => void;
}

export interface ScanStats {
  files: number;
  bytesRead: number;
  parsedFiles: number;
  parsedBytes: number;
  workers: number;
  ms: number;
}

export interface ScanResult {
  inventory: Inventory;
  config: ResolvedConfig;
  /** Where the plan came from (`defaults`: no config file was found; callers warn). */
  plan: PlanOrigin;
  extractions: FileExtraction[];
  stats: ScanStats;
}

/** Parsing is handed to workers once this much source is waiting to be parsed. */
const PARALLEL_THRESHOLD_BYTES = 1_000_000;
const MAX_QUEUED = 4;

/** Reads a file once (open, fstat, read): files over the cap are never read. */
export function readCapped(abs: string, cap: number): { bytes: Buffer } | { oversize: number } | { error: string } {
  let fd: number | null = null;
  try {
    fd = openSync(abs, "r");
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { error: "not a regular file" };
    if (stat.size > cap) return { oversize: stat.size };
    const bytes = Buffer.allocUnsafe(stat.size);
    let offset = 0;
    while (offset < stat.size) {
      const n = readSync(fd, bytes, offset, stat.size - offset, offset);
      if (n === 0) break;
      offset += n;
    }
    return { bytes: offset === stat.size ? bytes : bytes.subarray(0, offset) };
  } catch (error) {
    return { error: (error as NodeJS.ErrnoException).code ?? String(error) };
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/** Interim until the one-pass portfolio scan lands: a single-family plan's family. */
function onlyFamily(portfolio: ResolvedPortfolio): ResolvedConfig {
  const [first] = portfolio.families;
  if (portfolio.multi || !first) throw new Error("a config with families is not scanned yet");
  return first;
}

/** Walks a folder, extracts every file once and builds the inventory: the CLI's `scan`. */
export async function scanDirectory(dir: string, options: ScanOptions = {}): Promise<ScanResult> {
  const started = performance.now();
  const cwd = options.cwd ?? process.cwd();
  const root = openWorkTree(dir, cwd);
  const chosen = options.config
    ? { portfolio: singleFamily(options.config), origin: { kind: "explicit", file: options.config.source ?? "(given)" } as const }
    : await workTreePlan(root, options.configPath, cwd);
  const config = onlyFamily(chosen.portfolio);
  const extractOptions = toExtractOptions(config);
  const prefilter = new Prefilter(config, !options.noPrefilter);

  const walked = walkFiles(root, {
    include: config.include,
    exclude: config.exclude,
    followOutsideSymlinks: options.followOutsideSymlinks,
  });
  const issues: WalkIssue[] = [...walked.issues];
  const results = new Map<string, FileExtraction | Promise<FileExtraction>>();
  const total = walked.files.length;
  const auto = options.workers === undefined || options.workers === "auto";
  const cores = availableParallelism();
  // The main thread reads, then parses alongside the workers: one core is left for it.
  const maxWorkers = auto ? Math.min(cores - 1, 3) : Math.max(0, Math.floor(options.workers as number));
  // "auto" waits until enough source is queued to pay for starting workers; an explicit count starts at once.
  const threshold = auto ? PARALLEL_THRESHOLD_BYTES : 0;

  let pool: ExtractPool | null = null;
  let extractor: Extractor | null = null;
  const waiting: Array<{ file: string; bytes: Uint8Array }> = [];
  let waitingBytes = 0;
  let bytesRead = 0;
  let parsedFiles = 0;
  let parsedBytes = 0;
  let done = 0;
  let lastProgress = 0;
  const dispatch = (file: string, bytes: Uint8Array) => {
    results.set(file, (pool as ExtractPool).run(file, bytes));
  };

  try {
    for (const entry of walked.files) {
      const kind = languageOf(entry.file);
      done++;
      if (options.onProgress && (done === total || performance.now() - lastProgress > 100)) {
        lastProgress = performance.now();
        options.onProgress({ done, total, file: entry.file });
      }
      if (!kind) continue;
      const read = readCapped(entry.abs, extractOptions.maxFileBytes);
      if ("error" in read) {
        issues.push({ kind: "failed", file: entry.file, reason: `unreadable (${read.error})` });
        continue;
      }
      if ("oversize" in read) {
        results.set(entry.file, prefilter.oversize(entry.file, kind.language, read.oversize));
        continue;
      }
      const bytes = read.bytes;
      bytesRead += bytes.byteLength;
      const screened = prefilter.screen(entry.file, kind.language, bytes);
      if (screened) {
        results.set(entry.file, screened);
        continue;
      }
      parsedFiles++;
      parsedBytes += bytes.byteLength;
      if (pool) {
        dispatch(entry.file, bytes);
        // When the workers fall behind, the main thread parses a queued file itself.
        while (pool.pending > MAX_QUEUED) {
          const job = pool.steal();
          if (!job) break;
          extractor ??= await createExtractor(extractOptions, { prefilter: !options.noPrefilter });
          job.resolve(extractor.extractFile(job.file, job.bytes));
          await new Promise((resolve) => setImmediate(resolve));
        }
        continue;
      }
      waiting.push({ file: entry.file, bytes });
      waitingBytes += bytes.byteLength;
      if (maxWorkers > 0 && waitingBytes >= threshold) {
        const candidate = new ExtractPool(extractOptions, maxWorkers, { prefilter: !options.noPrefilter });
        try {
          await candidate.whenReady();
          pool = candidate;
        } catch {
          await candidate.close();
          waitingBytes = -Infinity; // workers cannot start here: stay in-thread
          continue;
        }
        for (const job of waiting.splice(0)) dispatch(job.file, job.bytes);
      }
    }
    if (waiting.length > 0 || (pool && pool.pending > 0)) {
      extractor ??= await createExtractor(extractOptions, { prefilter: !options.noPrefilter });
      for (const job of waiting.splice(0)) results.set(job.file, extractor.extractFile(job.file, job.bytes));
      // Help the workers drain their queue; yield between files so their results keep flowing.
      for (let job = pool?.steal(); job; job = pool?.steal()) {
        job.resolve(extractor.extractFile(job.file, job.bytes));
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    const settled = await Promise.all([...results.entries()].map(async ([file, value]) => [file, await value] as const));
    const extractions = settled.map(([, extraction]) => extraction).sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
    const inventory = buildInventory({
      extractions,
      config,
      commit: options.commit ?? commitInfo(root),
      issues,
    });
    return {
      inventory,
      config,
      plan: chosen.origin,
      extractions,
      stats: {
        files: total,
        bytesRead,
        parsedFiles,
        parsedBytes,
        workers: pool ? maxWorkers : 0,
        ms: performance.now() - started,
      },
    };
  } finally {
    await pool?.close();
  }
}
