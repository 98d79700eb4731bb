/**
 * Backfill: the inventory of each sampled commit, as `scan` would give it on a checkout of that
 * commit with the same plan, without checking anything out. It runs the shared file pipeline
 * (lib/sources: plan, selection, prefilter) over a git-tree source:
 * - lists the commits once (`git log`), samples one per bucket, and moves one tree from sample to
 *   sample (lib/sources/gittree);
 * - the plan: an explicit `--config` file on disk for every commit; otherwise each commit's own
 *   config, and the tip's (or the work tree's) for commits without one;
 * - reads only blobs not already extracted (one `cat-file --batch`), keyed by blob SHA.
 */
import { availableParallelism } from "node:os";
import { relative, resolve, sep } from "node:path";
import { INVENTORY_SCHEMA_VERSION, type Inventory, type PortfolioInventory } from "../contract/inventory";
import { SCANNER_VERSION } from "../version";
import {
  ConfigError,
  loadExplicitConfig,
  portfolioHash,
  toExtractOptions,
  type ResolvedConfig,
  type ResolvedPortfolio,
} from "../scanner/config";
import { createMultiExtractor, extractOptionsKey, type MultiExtractor } from "../scanner/extract";
import { buildInventory } from "../scanner/inventory";
import { languageOf } from "../scanner/parsers";
import { isWorkerFailure, MultiExtractPool } from "../scanner/pool";
import { toPortfolioInventory } from "../scanner/portfolio";
import type { ExtractOptions, FileExtraction } from "../scanner/types";
import { EVERY_SCANNABLE, ExcludedHits, ExcludedTally } from "../sources/excluded";
import { ConfigBlobs, isRegularFile, rootConfigEntries, SampledTree } from "../sources/gittree";
import { withoutOwnConfig, type ChosenPlan, type PlanOrigin } from "../sources/plan";
import { PortfolioPrefilter } from "../sources/prefilter";
import { createSelector, type FileSelector } from "../sources/select";
import { workTreeConfig } from "../sources/worktree";
import { BlobCache, defaultCacheDir, InventoryCache, type InventoryNote } from "./cache";
import { assertRepository, BlobReader, listCommits, resolveRef, runGit, type CommitEntry } from "./git";
import { sampleCommits, type Every } from "./sample";

export interface BackfillOptions {
  /** A work tree or a bare repository. */
  repo: string;
  ref?: string;
  every?: Every;
  /** Follow only first parents (default), or every commit reachable from the ref. */
  firstParent?: boolean;
  since?: Date | undefined;
  until?: Date | undefined;
  /** A config file on disk (relative to `cwd`): the plan for every commit. */
  configPath?: string | undefined;
  cwd?: string;
  /** Disk cache folder; null = memory only; undefined = the user's cache folder. */
  cacheDir?: string | null;
  /**
   * Worker threads that parse beside the main thread: a number, or "auto" (cores - 1, started once
   * 512 KB wait to be parsed). Default 0, in-thread: on a shared 2-core machine the pool measured
   * slower (bench:history, sentry-python weekly: 6.9-8.0 s with it, 5.6-5.9 s without; +1.3 s CPU).
   */
  workers?: number | "auto";
}

export interface BackfillPlan {
  repo: string;
  head: string;
  branch: string | null;
  /** Commits on the walked line (before the date range and sampling). */
  commitsListed: number;
  /** Oldest first. */
  samples: CommitEntry[];
  /** `--config`: the plan of every commit. */
  explicit: ChosenPlan | null;
  /** For commits without a config of their own: the tip's, or the work tree's. */
  fallback: ChosenPlan | null;
}

export type BackfillEvent =
  /**
   * `json` is the output serialized (what ndjson prints and --post sends): an `Inventory` for a
   * single-family plan, a `PortfolioInventory` for a families plan (`families` then names their
   * slugs, else null); `inventory` parses lazily on a cache hit.
   */
  | {
      kind: "scan";
      commit: CommitEntry;
      readonly inventory: Inventory | PortfolioInventory;
      json: string;
      families: string[] | null;
      cached: boolean;
      origin: PlanOrigin;
    }
  | { kind: "skipped"; commit: CommitEntry }
  | { kind: "error"; commit: CommitEntry; message: string };

export interface BackfillProgress {
  done: number;
  total: number;
  commit: CommitEntry;
}

export interface RunOptions {
  /**
   * Commits not to scan (already stored on the server); they still advance the tree. `families`: the
   * slugs the commit's plan would store (null for a single-family plan).
   */
  skip?: (sha: string, families: readonly string[] | null) => boolean;
  onProgress?: (progress: BackfillProgress) => void;
}

export interface BackfillStats {
  commitsListed: number;
  sampled: number;
  scanned: number;
  skipped: number;
  errors: number;
  /** Distinct (blob, grammar) file versions the sampled commits hold among scanned files. */
  blobVersions: number;
  /** Blobs read from git (cache misses). */
  blobsRead: number;
  bytesRead: number;
  /** Blobs that passed the prefilters and were parsed, and how many of them worker threads parsed. */
  blobsParsed: number;
  blobsParsedByWorkers: number;
  cacheHits: number;
  /** Commits whose whole inventory came from the disk cache (no git object read). */
  inventoryHits: number;
  /** Entries the disk cache held at the start. */
  cacheLoaded: number;
  /** The plan each scanned commit used, oldest first (the summary groups them). */
  origins: PlanOrigin[];
  /** Members found over all scanned commits, and the most files one commit had in scope. */
  membersFound: number;
  maxFilesScanned: number;
  /** The pattern of the last scanned commit (for the "no members match" warning). */
  lastPattern: string | null;
  /** Families plans: per family slug, its pattern, the members found over all commits and the most files in scope. */
  families: Map<string, { pattern: string; members: number; maxFiles: number }>;
  ms: number;
}

export class HistoryInputError extends Error {
  override name = "HistoryInputError";
}

/** Lists and samples the commits and settles the plan: a bad `--config` fails here, before any scan. */
export async function planBackfill(options: BackfillOptions): Promise<BackfillPlan> {
  const cwd = options.cwd ?? process.cwd();
  // ConfigError passes through: the CLI reports it exactly as `scan` does.
  const explicit = options.configPath !== undefined ? explicitPlan(options.configPath, cwd) : null;
  try {
    await assertRepository(options.repo);
    const { sha, branch } = await resolveRef(options.repo, options.ref ?? "HEAD");
    const commits = await listCommits(options.repo, sha, options.firstParent ?? true);
    const samples = sampleCommits(commits, options.every ?? "week", { since: options.since, until: options.until });
    const fallback = explicit ? null : await fallbackPlan(options.repo, sha, cwd);
    return { repo: options.repo, head: sha, branch, commitsListed: commits.length, samples, explicit, fallback };
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new HistoryInputError((error as Error).message);
  }
}

function explicitPlan(path: string, cwd: string): ChosenPlan {
  const portfolio = loadExplicitConfig(path, cwd);
  return { portfolio, origin: { kind: "explicit", file: portfolio.source ?? path } };
}

/** The work tree's config when `repo` is a work tree, else the config of the tip commit's tree. */
async function fallbackPlan(repo: string, tip: string, cwd: string): Promise<ChosenPlan | null> {
  const bare = (await runGit(repo, ["rev-parse", "--is-bare-repository"])).toString("utf8").trim() === "true";
  if (!bare) {
    const top = (await runGit(repo, ["rev-parse", "--show-toplevel"])).toString("utf8").trim();
    const own = await workTreeConfig(top, cwd);
    // Named from the work tree's root ("the work tree's converge.config.json"), not from cwd.
    const file = own?.origin.kind === "own" ? relative(top, resolve(cwd, own.origin.file)).split(sep).join("/") : "config";
    return own ? { portfolio: own.portfolio, origin: { kind: "fallback", file, from: "work tree" } } : null;
  }
  const reader = new BlobReader(repo);
  try {
    const portfolio = await new ConfigBlobs(reader).configOf(await rootConfigEntries(repo, tip));
    return portfolio ? { portfolio, origin: { kind: "fallback", file: portfolio.source ?? "config", from: "tip" } } : null;
  } catch (error) {
    if (error instanceof ConfigError) {
      // The same message, naming the commit it was read at: "converge.config.json at the tip (abc…): target: …".
      const detail = error.message.slice(`${error.file}: ${error.keyPath ? `${error.keyPath}: ` : ""}`.length);
      throw new ConfigError(`${error.file} at the tip (${tip.slice(0, 12)})`, error.keyPath, detail);
    }
    throw error;
  } finally {
    reader.close();
  }
}

/** One family of the active plan: its selection and the blob-cache table its extract options key. */
interface ActiveFamily {
  config: ResolvedConfig;
  optionsKey: string;
  selector: FileSelector;
}

/** One plan (a portfolio of one or more families), ready to scan with: one prefilter and one extractor for all. */
interface ActivePlan {
  portfolio: ResolvedPortfolio;
  families: ActiveFamily[];
  extractOptions: ExtractOptions[];
  /** The families' options keys together: the extractor and the pool are shared by plans with equal ones. */
  extractorKey: string;
  prefilter: PortfolioPrefilter;
  extractor: Promise<MultiExtractor>;
  /** Counts the hits of the files a family leaves out (text only). */
  excluded: ExcludedHits;
}

/** What one family keeps of the current commit: every selected file, and those with members or issues. */
interface FamilyState {
  files: Map<string, FileExtraction>;
  interesting: Map<string, FileExtraction>;
  /** Files the family leaves out that hold hits: why, and how many. */
  excluded: Map<string, { reason: string; hits: number }>;
}

/** Workers start once this much source waits to be parsed: a short run never pays their start-up. */
const PARALLEL_THRESHOLD_BYTES = 512_000;

/** Parsing workers for one set of extract options; `ready` once they have all started. */
interface PoolSlot {
  pool: MultiExtractPool;
  ready: MultiExtractPool | null;
}

/** A blob to extract for one path of the current commit, for the families whose cache missed it. */
interface BlobRead {
  path: string;
  key: string;
  language: NonNullable<ReturnType<typeof languageOf>>;
  bytes: Promise<Buffer | null>;
  /** Indexes (in the active plan) of the families that need this blob's extraction. */
  missing: number[];
  /** Families that leave this path out and have not counted this blob's hits yet. */
  leftOut: Array<{ family: number; reason: string }>;
}

/** One blob's way through the prefilter and the parser: `parsed` holds the `wanted` families' results. */
interface ReadResult {
  job: BlobRead;
  /** Per family in `job.missing`: the prefilter's verdict (null: parse it); null when the blob is missing. */
  screened: Array<FileExtraction | null> | null;
  wanted: number[];
  parsed: FileExtraction[] | Promise<FileExtraction[]> | null;
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function missingBlob(file: string, language: FileExtraction["language"]): FileExtraction {
  return {
    file,
    language,
    status: "failed",
    issue: { kind: "failed", reason: "blob missing from the repository (a partial or shallow clone?)" },
    members: [],
  };
}

function emptyStats(plan: BackfillPlan): BackfillStats {
  return {
    commitsListed: plan.commitsListed,
    sampled: plan.samples.length,
    scanned: 0,
    skipped: 0,
    errors: 0,
    blobVersions: 0,
    blobsRead: 0,
    bytesRead: 0,
    blobsParsed: 0,
    blobsParsedByWorkers: 0,
    cacheHits: 0,
    inventoryHits: 0,
    cacheLoaded: 0,
    origins: [],
    membersFound: 0,
    maxFilesScanned: 0,
    lastPattern: null,
    families: new Map(),
    ms: 0,
  };
}

/** A commit's inventory depends on its tree, the plans that may apply, the branch and the scanner version. */
function inventoryScope(plan: BackfillPlan): string {
  // What the plan means, not where it was read: a bare clone replays what its work tree stored.
  const hash = (chosen: ChosenPlan | null) => (chosen ? portfolioHash(chosen.portfolio) : null);
  // v3: inventories carry usages and the reconciliation.
  return JSON.stringify(["plan-v3", SCANNER_VERSION, INVENTORY_SCHEMA_VERSION, plan.branch, hash(plan.explicit), hash(plan.fallback)]);
}

/** The slugs of a families config (what a repository stores per commit); null for a single-family config. */
export function familySlugs(portfolio: ResolvedPortfolio): string[] | null {
  return portfolio.multi ? portfolio.families.map((family) => family.slug ?? "") : null;
}

/**
 * Walks the samples oldest first, keeping the extracted state of the last scanned commit so that
 * each next commit only re-reads the paths that changed. A plan with several families is one pass:
 * each changed blob is read once, screened once for all families, and parsed at most once for the
 * families that miss it in their own blob-cache table.
 */
class HistoryScan {
  readonly stats: BackfillStats;
  private readonly started = performance.now();
  private readonly blobs: BlobCache;
  private readonly inventories: InventoryCache;
  private readonly tree: SampledTree;
  private readonly actives = new Map<string, ActivePlan>();
  private readonly extractors = new Map<string, Promise<MultiExtractor>>();
  private readonly seenVersions = new Set<string>();
  private reader: BlobReader | null = null;
  /** Parsing workers per extract options, started once enough source has been parsed; null: they cannot start here. */
  private readonly pools = new Map<string, PoolSlot>();
  private readonly maxWorkers: number;
  /** Bytes handed to parsing so far: workers start once this passes the threshold. */
  private toParseBytes = 0;
  private readonly explicitWorkers: boolean;
  private configs: ConfigBlobs | null = null;
  private active: ActivePlan | null = null;
  /** Per family of the active plan, in config order. */
  private states: FamilyState[] = [];
  /** Blobs of the next sampled commit are requested while this one is parsed: git never waits on us. */
  private prefetched = new Map<string, Promise<Buffer | null>>();
  private upcoming = new Map<string, Promise<Buffer | null>>();

  constructor(
    private readonly plan: BackfillPlan,
    options: BackfillOptions,
    private readonly run: RunOptions,
  ) {
    const cacheDir = options.cacheDir === undefined ? defaultCacheDir() : options.cacheDir;
    this.blobs = new BlobCache(cacheDir);
    this.inventories = new InventoryCache(cacheDir, inventoryScope(plan));
    this.tree = new SampledTree(plan.repo, plan.samples);
    this.stats = emptyStats(plan);
    const auto = options.workers === "auto";
    // The main thread reads git objects and parses too: one core is left for it.
    this.maxWorkers = auto
      ? Math.min(availableParallelism() - 1, 3)
      : Math.max(0, Math.floor(typeof options.workers === "number" ? options.workers : 0));
    this.explicitWorkers = !auto;
    if (!auto) this.toParseBytes = this.maxWorkers > 0 ? Infinity : 0;
  }

  async *events(): AsyncGenerator<BackfillEvent> {
    try {
      for (let index = 0; index < this.plan.samples.length; index++) {
        const commit = this.plan.samples[index] as CommitEntry;
        const event = await this.scanSample(index, commit);
        this.run.onProgress?.({ done: index + 1, total: this.plan.samples.length, commit });
        yield event;
      }
    } finally {
      await this.closePools();
      this.finish();
    }
  }

  /**
   * Whether the caller has this commit already. The families that would be stored are the plan's:
   * `--config`'s at once; otherwise the commit's own config is read (the tree moves there first).
   */
  private async skips(index: number, commit: CommitEntry): Promise<boolean> {
    const skip = this.run.skip;
    if (!skip) return false;
    if (this.plan.explicit) return skip(commit.sha, familySlugs(this.plan.explicit.portfolio));
    await this.tree.advanceTo(index);
    try {
      return skip(commit.sha, familySlugs((await this.choosePlan()).portfolio));
    } catch (error) {
      if (error instanceof ConfigError) return false; // reported as this commit's error below
      throw error;
    }
  }

  private async scanSample(index: number, commit: CommitEntry): Promise<BackfillEvent> {
    if (await this.skips(index, commit)) {
      this.stats.skipped++;
      return { kind: "skipped", commit };
    }
    const stored = this.inventories.get(commit.sha);
    if (stored !== null) return this.replay(commit, stored.json, stored.note);
    await this.tree.advanceTo(index);
    let chosen: ChosenPlan;
    try {
      chosen = await this.choosePlan();
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      this.stats.errors++;
      return { kind: "error", commit, message: `bad config at ${commit.sha.slice(0, 12)}: ${error.message}` };
    }
    const target = this.activate(chosen.portfolio);
    await this.extractChanged(target, index + 1);
    const built = target.families.map((family, at) => ({
      config: family.config,
      inventory: this.assemble(commit, family.config, this.states[at] as FamilyState),
    }));
    const families = familySlugs(chosen.portfolio);
    const inventory: Inventory | PortfolioInventory = families
      ? toPortfolioInventory(built)
      : (built[0] as { inventory: Inventory }).inventory;
    const json = JSON.stringify(inventory);
    const note: InventoryNote = {
      origin: chosen.origin,
      members: built.reduce((sum, { inventory: one }) => sum + one.members.length, 0),
      files: Math.max(...built.map(({ inventory: one }) => one.files.scanned)),
      pattern: (built[0] as { inventory: Inventory }).inventory.plan.pattern,
      ...(families
        ? {
            families: built.map(({ config, inventory: one }) => ({
              slug: config.slug ?? "",
              pattern: one.plan.pattern,
              members: one.members.length,
              files: one.files.scanned,
            })),
          }
        : {}),
    };
    this.inventories.set(commit.sha, json, note);
    this.count(note);
    return { kind: "scan", commit, inventory, json, families, cached: false, origin: chosen.origin };
  }

  private count(note: InventoryNote): void {
    this.stats.scanned++;
    this.stats.origins.push(note.origin);
    this.stats.membersFound += note.members;
    this.stats.maxFilesScanned = Math.max(this.stats.maxFilesScanned, note.files);
    this.stats.lastPattern = note.pattern;
    for (const family of note.families ?? []) {
      const seen = this.stats.families.get(family.slug);
      this.stats.families.set(family.slug, {
        pattern: family.pattern,
        members: (seen?.members ?? 0) + family.members,
        maxFiles: Math.max(seen?.maxFiles ?? 0, family.files),
      });
    }
  }

  /** A commit whose inventory is in the disk cache: no git object is read. */
  private replay(commit: CommitEntry, json: string, stored: InventoryNote): BackfillEvent {
    // The same plan may have been read elsewhere last time (the tip instead of the work tree): name today's.
    const today = stored.origin.kind === "explicit" ? this.plan.explicit : stored.origin.kind === "fallback" ? this.plan.fallback : null;
    const note = today ? { ...stored, origin: today.origin } : stored;
    this.stats.inventoryHits++;
    this.count(note);
    let parsed: Inventory | PortfolioInventory | null = null;
    return {
      kind: "scan",
      commit,
      json,
      families: note.families ? note.families.map((family) => family.slug) : null,
      cached: true,
      origin: note.origin,
      get inventory() {
        parsed ??= JSON.parse(json) as Inventory | PortfolioInventory;
        return parsed;
      },
    };
  }

  private git(): { reader: BlobReader; configs: ConfigBlobs } {
    this.reader ??= new BlobReader(this.plan.repo);
    this.configs ??= new ConfigBlobs(this.reader);
    return { reader: this.reader, configs: this.configs };
  }

  /** `--config`, else the commit's own config, else the fallback (tip or work tree), else defaults. */
  private async choosePlan(): Promise<ChosenPlan> {
    if (this.plan.explicit) return this.plan.explicit;
    const own = await this.git().configs.configOf(this.tree.entries);
    if (own) return { portfolio: own, origin: { kind: "own", file: own.source ?? "config" } };
    return withoutOwnConfig(this.plan.fallback);
  }

  private activate(portfolio: ResolvedPortfolio): ActivePlan {
    const hash = portfolioHash(portfolio);
    let active = this.actives.get(hash);
    if (active) return active;
    const extractOptions = portfolio.families.map(toExtractOptions);
    const families = portfolio.families.map((config, at) => ({
      config,
      optionsKey: extractOptionsKey(extractOptions[at] as ExtractOptions),
      selector: createSelector(config),
    }));
    const extractorKey = families.map((family) => family.optionsKey).join(",");
    let extractor = this.extractors.get(extractorKey);
    if (!extractor) {
      extractor = createMultiExtractor(extractOptions);
      this.extractors.set(extractorKey, extractor);
    }
    active = {
      portfolio,
      families,
      extractOptions,
      extractorKey,
      prefilter: new PortfolioPrefilter(portfolio.families),
      extractor,
      excluded: new ExcludedHits(portfolio.families),
    };
    this.actives.set(hash, active);
    return active;
  }

  /** Re-extracts the paths that changed (all of them when the plan or the selection changed). */
  private async extractChanged(target: ActivePlan, nextIndex: number): Promise<void> {
    const replan = target !== this.active;
    const { paths, all } = this.tree.takeDirty(replan);
    if (replan || all) {
      // Another plan, or the selection may have changed (a virtualenv came or went): nothing kept is trusted.
      this.states = target.families.map(() => ({ files: new Map(), interesting: new Map(), excluded: new Map() }));
      this.active = target;
    }
    const reads = this.collectReads(target, paths);
    this.prefetch(nextIndex, target);
    await this.extractReads(target, reads);
    this.prefetched = this.upcoming;
    this.upcoming = new Map();
  }

  /**
   * Screens each blob once for every family that needs it, then parses what passed once for all of
   * them: on the workers and the main thread together once a pool runs. Every result is kept in
   * `reads` order, so the outcome never depends on who parsed.
   */
  private async extractReads(target: ActivePlan, reads: readonly BlobRead[]): Promise<void> {
    const extractor = await target.extractor;
    const results: ReadResult[] = [];
    const toParse: Array<{ index: number; path: string; bytes: Buffer; wanted: number[] }> = [];
    for (const job of reads) {
      const bytes = await job.bytes;
      // A blob the repository does not have (a partial or shallow mirror) is a failure of this run, never cached.
      if (bytes === null) {
        results.push({ job, screened: null, wanted: [], parsed: null });
        continue;
      }
      this.stats.blobsRead++;
      this.stats.bytesRead += bytes.byteLength;
      for (const { family, reason } of job.leftOut) {
        const hits = target.excluded.hits(family, bytes);
        this.blobs.setTextHits((target.families[family] as ActiveFamily).optionsKey, job.key, hits);
        this.leaveOut(family, job.path, reason, hits);
      }
      // Screened once, for the families whose cache missed it (the others already have their result).
      const screened = target.prefilter.screen(job.path, job.language.language, bytes, job.missing);
      const wanted = job.missing.filter((_, at) => screened[at] === null);
      results.push({ job, screened, wanted, parsed: wanted.length === 0 ? [] : null });
      if (wanted.length > 0) toParse.push({ index: results.length - 1, path: job.path, bytes, wanted });
    }
    this.stats.blobsParsed += toParse.length;
    this.toParseBytes += toParse.reduce((sum, item) => sum + item.bytes.byteLength, 0);
    await this.parseAll(target, extractor, toParse, results);
    for (const { job, screened, wanted, parsed } of results) {
      if (screened === null) {
        for (const family of job.missing) this.remember(family, job.path, missingBlob(job.path, job.language.language));
        continue;
      }
      if (parsed === null) throw new Error(`backfill: ${job.path} was never parsed`);
      const extractions = await parsed;
      for (const [at, family] of job.missing.entries()) {
        const extraction = screened[at] ?? extractions[wanted.indexOf(family)];
        if (!extraction) throw new Error(`backfill: ${job.path} has no extraction for family ${family}`);
        if (isWorkerFailure(extraction)) this.remember(family, job.path, extraction);
        else this.keep(family, job.path, extraction, job.key, target);
      }
    }
  }

  /**
   * Parses in-thread until the plan's workers are ready, then hands them the rest and keeps parsing
   * what is still queued beside them. Results land at their index, so who parsed never shows.
   */
  private async parseAll(
    target: ActivePlan,
    extractor: MultiExtractor,
    items: ReadonlyArray<{ index: number; path: string; bytes: Buffer; wanted: number[] }>,
    results: ReadResult[],
  ): Promise<void> {
    let pool = await this.poolFor(target);
    let yielded = performance.now();
    for (const [position, item] of items.entries()) {
      const slot = results[item.index] as ReadResult;
      if (!pool) {
        slot.parsed = extractor.extractFile(item.path, item.bytes, item.wanted);
        // Now and then let the event loop run: a pool that became ready takes over the rest.
        if (performance.now() - yielded > 50 && position < items.length - 1) {
          await new Promise((resolve) => setImmediate(resolve));
          yielded = performance.now();
          pool = await this.poolFor(target);
        }
        continue;
      }
      slot.parsed = pool.run(item.path, item.bytes, item.wanted);
    }
    // The main thread parses queued files beside the workers; yielding lets their results flow in.
    for (let stolen = pool?.steal(); stolen; stolen = pool?.steal()) {
      stolen.resolve(extractor.extractFile(stolen.file, stolen.bytes, stolen.wanted));
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /**
   * The pool for this plan's extract options once its workers are ready, else null (parse in-thread).
   * Workers start in the background once enough source waits to be parsed: their start-up (tsx, the
   * extractor, the grammars: most of a second) never stalls the main thread.
   */
  private async poolFor(target: ActivePlan): Promise<MultiExtractPool | null> {
    const slot = this.pools.get(target.extractorKey);
    if (slot) return slot.ready;
    if (this.maxWorkers > 0 && this.toParseBytes >= PARALLEL_THRESHOLD_BYTES) {
      const pool = new MultiExtractPool(target.extractOptions, this.maxWorkers);
      const entry: PoolSlot = { pool, ready: null };
      pool.whenReady().then(
        () => {
          entry.ready = pool;
        },
        () => pool.close(), // workers cannot start here: stay in-thread
      );
      this.pools.set(target.extractorKey, entry);
      // An explicit worker count means "parse on workers": wait for them (a test compares the results).
      if (this.explicitWorkers) await pool.whenReady().catch(() => undefined);
      return entry.ready;
    }
    return null;
  }

  private async closePools(): Promise<void> {
    const pools = [...this.pools.values()].map((slot) => slot.pool);
    for (const pool of pools) this.stats.blobsParsedByWorkers += pool.workerExtracted;
    await Promise.all(pools.map((pool) => pool.close()));
  }

  /**
   * Cached extractions are kept at once, per family; the rest are returned as blob reads, requested
   * now, naming the families whose cache missed (one read serves them all).
   */
  private collectReads(target: ActivePlan, paths: Iterable<string>): BlobRead[] {
    const reads: BlobRead[] = [];
    const venvs = this.tree.venvs();
    for (const path of paths) {
      for (const state of this.states) {
        state.files.delete(path);
        state.interesting.delete(path);
        state.excluded.delete(path);
      }
      const entry = this.tree.entries.get(path);
      if (!isRegularFile(entry)) continue;
      const kind = languageOf(path);
      if (!kind) continue;
      const key = `${entry.sha}:${kind.grammar}`;
      const missing: number[] = [];
      const leftOut: BlobRead["leftOut"] = [];
      for (const [at, family] of target.families.entries()) {
        if (!family.selector.selects(path, venvs)) {
          // Left out by this family: its hits are counted from the text (a blob once per family).
          const reason = EVERY_SCANNABLE.selects(path, venvs) ? target.excluded.reason(at, path) : null;
          if (reason === null) continue;
          const hits = this.blobs.getTextHits(family.optionsKey, key);
          if (hits === undefined) leftOut.push({ family: at, reason });
          else this.leaveOut(at, path, reason, hits);
          continue;
        }
        this.seenVersions.add(key);
        const cached = this.blobs.get(family.optionsKey, key, path);
        if (cached) this.remember(at, path, cached);
        else missing.push(at);
      }
      if (missing.length === 0 && leftOut.length === 0) continue;
      reads.push({
        path,
        key,
        language: kind,
        missing,
        leftOut,
        bytes: this.prefetched.get(entry.sha) ?? this.git().reader.read(entry.sha),
      });
    }
    return reads;
  }

  private prefetch(index: number, target: ActivePlan): void {
    const next = this.plan.samples[index];
    if (!next || this.run.skip?.(next.sha, familySlugs(target.portfolio)) || this.inventories.has(next.sha)) return;
    const venvs = this.tree.venvs();
    for (const change of this.tree.changesOf(index)) {
      const entry = change.entry ?? undefined;
      if (!isRegularFile(entry) || this.upcoming.has(entry.sha)) continue;
      const kind = languageOf(change.path);
      if (!kind) continue;
      const key = `${entry.sha}:${kind.grammar}`;
      const needed = target.families.some((family) =>
        family.selector.selects(change.path, venvs)
          ? !this.blobs.has(family.optionsKey, key)
          : !this.blobs.hasTextHits(family.optionsKey, key) && EVERY_SCANNABLE.selects(change.path, venvs),
      );
      if (needed) this.upcoming.set(entry.sha, this.git().reader.read(entry.sha));
    }
  }

  private keep(family: number, path: string, extraction: FileExtraction, key: string, target: ActivePlan): void {
    this.blobs.set((target.families[family] as ActiveFamily).optionsKey, key, extraction);
    this.remember(family, path, extraction);
  }

  private remember(family: number, path: string, extraction: FileExtraction): void {
    const state = this.states[family] as FamilyState;
    state.files.set(path, extraction);
    if (extraction.members.length > 0 || extraction.issue || (extraction.occurrences?.occurrences.length ?? 0) > 0) {
      state.interesting.set(path, extraction);
    }
  }

  private leaveOut(family: number, path: string, reason: string, hits: number): void {
    if (hits > 0) (this.states[family] as FamilyState).excluded.set(path, { reason, hits });
  }

  private assemble(commit: CommitEntry, config: ResolvedConfig, state: FamilyState): Inventory {
    const kept = [...state.interesting.keys()].sort(compare).map((path) => state.interesting.get(path) as FileExtraction);
    // Files that cannot hold a member only count as scanned: one shared placeholder stands for them.
    const filler: FileExtraction = { file: "", language: null, status: "no-match", issue: null, members: [] };
    const extractions = kept.concat(new Array<FileExtraction>(state.files.size - kept.length).fill(filler));
    const tally = new ExcludedTally();
    for (const { reason, hits } of state.excluded.values()) tally.add(reason, hits);
    return buildInventory({
      extractions,
      config,
      usages: { excluded: tally.counts() },
      commit: { sha: commit.sha, date: commit.date, branch: this.plan.branch, message: commit.subject.slice(0, 4096) || null },
    });
  }

  private finish(): void {
    this.reader?.close();
    this.blobs.flush();
    this.inventories.flush();
    this.stats.blobVersions = this.seenVersions.size;
    this.stats.cacheHits = this.blobs.hits;
    this.stats.cacheLoaded = this.blobs.loadedEntries;
    this.stats.ms = performance.now() - this.started;
  }
}

/** Yields one event per sampled commit, oldest first. Call `stats()` afterwards for the numbers. */
export function runBackfill(plan: BackfillPlan, options: BackfillOptions, run: RunOptions = {}) {
  const scan = new HistoryScan(plan, options, run);
  return { events: scan.events(), stats: () => scan.stats };
}
