import { closeSync, fstatSync, openSync, readSync, statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import type { Inventory } from "../contract/inventory";
import type { ChosenPlan, PlanOrigin } from "../sources/plan";
import { EVERY_SCANNABLE, ExcludedHits, ExcludedTally } from "../sources/excluded";
import { PortfolioPrefilter } from "../sources/prefilter";
import { createSelector, type FileSelector } from "../sources/select";
import { openWorkTree, ScanInputError, workTreePlan } from "../sources/worktree";
import { singleFamily, toExtractOptions, type ResolvedConfig, type ResolvedPortfolio } from "./config";
import { createMultiExtractor, type MultiExtractor } from "./extract";
import { commitInfo } from "./git";
import { buildInventory, type CommitInfo } from "./inventory";
import { languageOf } from "./parsers";
import { MultiExtractPool } from "./pool";
import type { FamilyResult } from "./portfolio";
import type { ExcludedCount } from "./reconcile";
import type { FileExtraction } from "./types";
import { OUTSIDE_SYMLINK, walkFiles, type WalkIssue } from "./walk";

export { ScanInputError };

export interface ScanProgress {
  done: number;
  total: number;
  file: string;
}

export interface ScanOptions {
  /** Use this config instead of discovering one. */
  config?: ResolvedConfig;
  /** Use this portfolio (several families, one pass) instead of discovering one; wins over `config`. */
  portfolio?: ResolvedPortfolio;
  /** A plan already chosen (e.g. `workTreePlan`, so a caller can check flags against it first); wins over the others. */
  plan?: ChosenPlan;
  /** Config file path (relative to cwd); otherwise discovered in the root. */
  configPath?: string;
  cwd?: string;
  /** Worker threads for parsing: a number (0 = in-thread) or "auto" (default: all cores, only when parsing pays). */
  workers?: number | "auto";
  /** Skip the literal prefilter and parse every file (benchmarks only). */
  noPrefilter?: boolean;
  /**
   * Measure usages and the reconciliation (default true). False is the plain scan of before: only files
   * that may define a member are parsed, and left-out files are not read (benchmarks only).
   */
  usages?: boolean;
  /** Follow symlinks whose real path is outside the scanned folder (default: skip and report them). */
  followOutsideSymlinks?: boolean;
  /** Commit to record; default: read from git. */
  commit?: CommitInfo;
  onProgress?: (progress: ScanProgress) => void;
}

export interface ScanStats {
  /** Files the walk listed (the union of every family's selection). */
  files: number;
  bytesRead: number;
  /** Files parsed: each at most once, however many families needed it. */
  parsedFiles: number;
  /** Family extractions run from those parses (the sum over families). */
  familyExtractions: number;
  parsedBytes: number;
  /** Files left out by a family's include/exclude that were read to count their hits (text only). */
  excludedRead: number;
  /** Time spent walking and reading the left-out files for their hits. */
  excludedMs: number;
  workers: number;
  ms: number;
}

/** One family of a scan: its config, inventory and per-file extractions. */
export interface FamilyScan extends FamilyResult {
  extractions: FileExtraction[];
  /** Hits in files the family leaves out, per reason (empty without usages). */
  excluded: ExcludedCount[];
}

export interface ScanResult {
  /** What was scanned: every family of the config (`multi` false for a single-family config). */
  portfolio: ResolvedPortfolio;
  /** One per family, in config order. */
  families: FamilyScan[];
  /** The first family's (the only one of a single-family config): for callers that scan one family. */
  inventory: Inventory;
  config: ResolvedConfig;
  extractions: FileExtraction[];
  /** Where the plan came from (`defaults`: no config file was found; callers warn). */
  plan: PlanOrigin;
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

/** Globs every family excludes: the walk prunes those folders for all of them. */
function sharedExcludes(families: readonly ResolvedConfig[]): string[] {
  const [first, ...rest] = families;
  if (!first) return [];
  return first.exclude.filter((glob) => rest.every((family) => family.exclude.includes(glob)));
}

/** The walk of the union: every family's includes, the excludes they share. */
function unionSelection(families: readonly ResolvedConfig[]): { include: string[]; exclude: string[] } {
  return { include: [...new Set(families.flatMap((family) => family.include))], exclude: sharedExcludes(families) };
}

function excludedAbove(selector: FileSelector, path: string): boolean {
  for (let slash = path.indexOf("/"); slash !== -1; slash = path.indexOf("/", slash + 1)) {
    if (selector.excludesDir(path.slice(0, slash))) return true;
  }
  return false;
}

/**
 * Whether a family's own walk would have reported this walk issue: the issue's folder is not excluded
 * for it, and a skipped link is one it selects (a folder it does not exclude, a file it includes).
 */
function familySeesIssue(selector: FileSelector, issue: WalkIssue, root: string): boolean {
  if (issue.file === ".") return true;
  if (excludedAbove(selector, issue.file)) return false;
  if (issue.reason !== OUTSIDE_SYMLINK && !issue.reason.startsWith("symlink loop (points")) return true;
  let isDir = issue.reason.startsWith("symlink loop (points");
  if (!isDir) {
    try {
      isDir = statSync(join(root, issue.file)).isDirectory();
    } catch {
      isDir = false;
    }
  }
  return isDir ? !selector.excludesDir(issue.file) : selector.includes(issue.file);
}

function byFile(a: FileExtraction, b: FileExtraction): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : 0;
}

function choosePlan(root: string, options: ScanOptions, cwd: string): ChosenPlan | Promise<ChosenPlan> {
  if (options.plan) return options.plan;
  if (options.portfolio) {
    return { portfolio: options.portfolio, origin: { kind: "explicit", file: options.portfolio.source ?? "(given)" } as const };
  }
  if (options.config) {
    return { portfolio: singleFamily(options.config), origin: { kind: "explicit", file: options.config.source ?? "(given)" } as const };
  }
  return workTreePlan(root, options.configPath, cwd);
}

/**
 * Walks a folder once for every family of its config (the union of their selections; each family
 * still sees only the files its own include/exclude select), reads each file once, screens it for all
 * families at once, parses it at most once and builds one inventory per family: the CLI's `scan`.
 */
export async function scanDirectory(dir: string, options: ScanOptions = {}): Promise<ScanResult> {
  const started = performance.now();
  const cwd = options.cwd ?? process.cwd();
  const root = openWorkTree(dir, cwd);
  const chosen = await choosePlan(root, options, cwd);
  const configs = chosen.portfolio.families;
  if (configs.length === 0) throw new Error("a portfolio needs at least one family");
  const usages = options.usages ?? true;
  const extractOptions = configs.map((config) => ({ ...toExtractOptions(config), usages }));
  const prefilter = new PortfolioPrefilter(configs, !options.noPrefilter, usages);
  const selectors = configs.map((config) => createSelector(config));
  // Families that share one include/exclude (the usual case: the shared ones) see exactly what the walk lists.
  const sameSelection = new Set(configs.map((config) => JSON.stringify([config.include, config.exclude]))).size === 1;
  const everyFamily = configs.map((_, index) => index);

  const walked = walkFiles(root, { ...unionSelection(configs), followOutsideSymlinks: options.followOutsideSymlinks });
  const issues: WalkIssue[][] = selectors.map((selector) =>
    sameSelection ? [...walked.issues] : walked.issues.filter((issue) => familySeesIssue(selector, issue, root)),
  );
  const results = configs.map(() => new Map<string, FileExtraction | Promise<FileExtraction>>());
  const total = walked.files.length;
  const auto = options.workers === undefined || options.workers === "auto";
  const cores = availableParallelism();
  // The main thread reads, then parses alongside the workers: one core is left for it.
  const maxWorkers = auto ? Math.min(cores - 1, 3) : Math.max(0, Math.floor(options.workers as number));
  // "auto" waits until enough source is queued to pay for starting workers; an explicit count starts at once.
  const threshold = auto ? PARALLEL_THRESHOLD_BYTES : 0;
  // Screened files need no second prefilter in the extractor (same verdict): it parses what it is given.
  const tuning = { prefilter: false };
  const noVenvs = new Set<string>();

  /** Workers that are ready; `starting` was started (pool once ready, unless start-up failed). */
  let pool = null as MultiExtractPool | null; // set when the workers report ready
  let starting: MultiExtractPool | null = null;
  let startFailed = false;
  let extractor: MultiExtractor | null = null;
  const waiting: Array<{ file: string; bytes: Uint8Array; wanted: number[] }> = [];
  let waitingBytes = 0;
  let bytesRead = 0;
  let parsedFiles = 0;
  let parsedBytes = 0;
  let familyExtractions = 0;
  let done = 0;
  let lastProgress = 0;
  const settle = (file: string, wanted: readonly number[], extracted: FileExtraction[] | Promise<FileExtraction[]>) => {
    wanted.forEach((family, at) => {
      const result = Array.isArray(extracted) ? (extracted[at] as FileExtraction) : extracted.then((all) => all[at] as FileExtraction);
      results[family]?.set(file, result);
    });
  };
  const dispatch = (file: string, bytes: Uint8Array, wanted: number[]) => {
    settle(file, wanted, (pool as MultiExtractPool).run(file, bytes, wanted));
  };
  const inThread = async () => (extractor ??= await createMultiExtractor(extractOptions, tuning));

  try {
    for (const entry of walked.files) {
      const kind = languageOf(entry.file);
      done++;
      if (options.onProgress && (done === total || performance.now() - lastProgress > 100)) {
        lastProgress = performance.now();
        options.onProgress({ done, total, file: entry.file });
      }
      if (!kind) continue;
      const selecting = sameSelection
        ? everyFamily
        : selectors.flatMap((selector, index) => (selector.selects(entry.file, noVenvs) ? [index] : []));
      if (selecting.length === 0) continue;
      const cap = Math.max(...selecting.map((index) => (configs[index] as ResolvedConfig).limits.maxFileBytes));
      const read = readCapped(entry.abs, cap);
      if ("error" in read) {
        for (const index of selecting) issues[index]?.push({ kind: "failed", file: entry.file, reason: `unreadable (${read.error})` });
        continue;
      }
      if ("oversize" in read) {
        settle(entry.file, selecting, prefilter.oversize(entry.file, kind.language, read.oversize, selecting) as FileExtraction[]);
        continue;
      }
      const bytes = read.bytes;
      bytesRead += bytes.byteLength;
      const screened = prefilter.screen(entry.file, kind.language, bytes, selecting);
      const wanted: number[] = [];
      screened.forEach((verdict, at) => {
        const family = selecting[at] as number;
        if (verdict) results[family]?.set(entry.file, verdict);
        else wanted.push(family);
      });
      if (wanted.length === 0) continue;
      parsedFiles++;
      parsedBytes += bytes.byteLength;
      familyExtractions += wanted.length;
      if (pool) {
        dispatch(entry.file, bytes, wanted);
        // When the workers fall behind, the main thread parses a queued file itself.
        while (pool.pending > MAX_QUEUED) {
          const job = pool.steal();
          if (!job) break;
          job.resolve((await inThread()).extractFile(job.file, job.bytes, job.wanted));
          await new Promise((resolve) => setImmediate(resolve));
        }
        continue;
      }
      waiting.push({ file: entry.file, bytes, wanted });
      waitingBytes += bytes.byteLength;
      if (!starting && maxWorkers > 0 && waitingBytes >= threshold) {
        const candidate = new MultiExtractPool(extractOptions, maxWorkers, tuning);
        starting = candidate;
        candidate.whenReady().then(
          () => {
            if (starting === candidate) pool = candidate;
          },
          () => {
            startFailed = true; // workers cannot start here: stay in-thread
            void candidate.close();
          },
        );
        // An explicit worker count waits for its workers; "auto" never stalls on their start-up (slow on a busy machine).
        if (!auto) await candidate.whenReady().catch(() => undefined);
      }
      if (pool) {
        for (const job of waiting.splice(0)) dispatch(job.file, job.bytes, job.wanted);
        continue;
      }
      if (starting && !startFailed) {
        // While the workers start, the main thread parses what waits; the yield lets their "ready" arrive.
        const local = await inThread();
        for (const job of waiting.splice(0)) settle(job.file, job.wanted, local.extractFile(job.file, job.bytes, job.wanted));
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    if (waiting.length > 0 || (pool && pool.pending > 0)) {
      const local = await inThread();
      for (const job of waiting.splice(0)) settle(job.file, job.wanted, local.extractFile(job.file, job.bytes, job.wanted));
      // Help the workers drain their queue; yield between files so their results keep flowing.
      for (let job = pool?.steal(); job; job = pool?.steal()) {
        job.resolve(local.extractFile(job.file, job.bytes, job.wanted));
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    // While the workers finish, the main thread counts the hits in the files each family leaves out.
    const excludedStarted = performance.now();
    const left = usages ? countExcluded(root, configs, selectors, options.followOutsideSymlinks) : null;
    const excludedMs = left ? performance.now() - excludedStarted : 0;
    const commit = options.commit ?? commitInfo(root);
    const families: FamilyScan[] = await Promise.all(
      configs.map(async (config, index) => {
        const extractions = (await Promise.all((results[index] as Map<string, FileExtraction | Promise<FileExtraction>>).values())).sort(
          byFile,
        );
        const excluded = left?.tallies[index]?.counts() ?? [];
        const inventory = buildInventory({
          extractions,
          config,
          commit,
          issues: issues[index] as WalkIssue[],
          ...(usages ? { usages: { excluded } } : {}),
        });
        return { config, inventory, extractions, excluded };
      }),
    );
    const first = families[0] as FamilyScan;
    return {
      portfolio: chosen.portfolio,
      families,
      inventory: first.inventory,
      config: first.config,
      extractions: first.extractions,
      plan: chosen.origin,
      stats: {
        files: total,
        bytesRead,
        parsedFiles,
        familyExtractions,
        parsedBytes,
        excludedRead: left?.read ?? 0,
        excludedMs,
        workers: pool ? maxWorkers : 0,
        ms: performance.now() - started,
      },
    };
  } finally {
    // Workers still starting when the scan ends are not waited for.
    await starting?.close();
  }
}

/**
 * Hits in the files a family leaves out, counted from their text per reason: a second walk of every
 * scannable file (what no config selects, ALWAYS_EXCLUDE and virtualenvs, stays unwalked); a file is
 * read once whichever families leave it out, and only when one does.
 */
function countExcluded(
  root: string,
  configs: readonly ResolvedConfig[],
  selectors: readonly FileSelector[],
  followOutsideSymlinks: boolean | undefined,
): { tallies: ExcludedTally[]; read: number } {
  const tallies = configs.map(() => new ExcludedTally());
  let read = 0;
  // Every family scans every file (include "**", no exclude): nothing to walk.
  if (selectors.every((_, index) => isEverything(configs[index] as ResolvedConfig))) return { tallies, read };
  const counter = new ExcludedHits(configs);
  const noVenvs = new Set<string>();
  const walked = walkFiles(root, { include: ["**"], exclude: [], followOutsideSymlinks });
  for (const entry of walked.files) {
    if (!languageOf(entry.file) || !EVERY_SCANNABLE.includes(entry.file)) continue;
    const leaving: Array<{ family: number; reason: string }> = [];
    selectors.forEach((selector, family) => {
      if (selector.selects(entry.file, noVenvs)) return;
      const reason = counter.reason(family, entry.file);
      if (reason !== null) leaving.push({ family, reason });
    });
    if (leaving.length === 0) continue;
    const bytes = readCapped(entry.abs, counter.maxReadBytes);
    if (!("bytes" in bytes)) continue;
    read++;
    for (const { family, reason } of leaving) tallies[family]?.add(reason, counter.hits(family, bytes.bytes));
  }
  return { tallies, read };
}

function isEverything(config: ResolvedConfig): boolean {
  return config.exclude.length === 0 && config.include.includes("**");
}
