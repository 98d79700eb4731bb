/**
 * Backfill: the inventory of each sampled commit, as `scan` would give it on a checkout of that
 * commit, without checking anything out.
 * - lists the commits once (`git log`), samples one per bucket, lists the first sample's tree
 *   (`ls-tree`) and every later sample's changes (one `diff-tree --stdin`);
 * - reads the config at each commit from its blob, so the plan follows history;
 * - reads only blobs not already extracted (one `cat-file --batch`), keyed by blob SHA.
 */
import { INVENTORY_SCHEMA_VERSION, type Inventory } from "../contract/inventory";
import { SCANNER_VERSION } from "../version";
import {
  CONFIG_LOCATIONS,
  ConfigError,
  configHash,
  parseConfigText,
  parseConfigValue,
  resolveConfig,
  toExtractOptions,
  type ResolvedConfig,
} from "../scanner/config";
import { createExtractor, extractOptionsKey, type Extractor } from "../scanner/extract";
import { buildInventory } from "../scanner/inventory";
import { languageOf } from "../scanner/parsers";
import { compilePattern, literalBuffers, mayContainMember, mayDefineMember } from "../scanner/pattern";
import type { FileExtraction } from "../scanner/types";
import { pathFilter } from "../scanner/walk";
import { BlobCache, defaultCacheDir, InventoryCache } from "./cache";
import { assertRepository, BlobReader, diffPairs, listCommits, listTree, resolveRef, type CommitEntry, type TreeChange, type TreeEntry } from "./git";
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
  /** A config path inside the repository, read at each commit; otherwise discovered at each commit. */
  configPath?: string | undefined;
  /** Disk cache folder; null = memory only; undefined = the user's cache folder. */
  cacheDir?: string | null;
}

export interface BackfillPlan {
  repo: string;
  head: string;
  branch: string | null;
  /** Commits on the walked line (before the date range and sampling). */
  commitsListed: number;
  /** Oldest first. */
  samples: CommitEntry[];
}

export type BackfillEvent =
  /** `json` is the inventory serialized (what ndjson prints and --post sends); `inventory` parses lazily on a cache hit. */
  | { kind: "scan"; commit: CommitEntry; readonly inventory: Inventory; json: string; cached: boolean }
  | { kind: "skipped"; commit: CommitEntry }
  | { kind: "error"; commit: CommitEntry; message: string };

export interface BackfillProgress {
  done: number;
  total: number;
  commit: CommitEntry;
}

export interface RunOptions {
  /** Commits not to scan (already stored on the server); they still advance the tree. */
  skip?: (sha: string) => boolean;
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
  /** Blobs that passed the prefilters and were parsed. */
  blobsParsed: number;
  cacheHits: number;
  /** Commits whose whole inventory came from the disk cache (no git object read). */
  inventoryHits: number;
  /** Entries the disk cache held at the start. */
  cacheLoaded: number;
  ms: number;
}

export class HistoryInputError extends Error {
  override name = "HistoryInputError";
}

export async function planBackfill(options: BackfillOptions): Promise<BackfillPlan> {
  try {
    await assertRepository(options.repo);
    const { sha, branch } = await resolveRef(options.repo, options.ref ?? "HEAD");
    const commits = await listCommits(options.repo, sha, options.firstParent ?? true);
    const samples = sampleCommits(commits, options.every ?? "week", { since: options.since, until: options.until });
    return { repo: options.repo, head: sha, branch, commitsListed: commits.length, samples };
  } catch (error) {
    throw new HistoryInputError((error as Error).message);
  }
}

interface ActiveConfig {
  config: ResolvedConfig;
  hash: string;
  optionsKey: string;
  filter: (path: string, tree: ReadonlyMap<string, TreeEntry>) => boolean;
  extractor: Promise<Extractor>;
  literals: Buffer[] | null;
  family: ReturnType<typeof compilePattern>;
}

const REGULAR_FILE = new Set(["100644", "100755"]);

/** Folders that hold a `pyvenv.cfg`: the walker never enters a virtualenv. */
function venvDirs(tree: ReadonlyMap<string, TreeEntry>): Set<string> {
  const dirs = new Set<string>();
  for (const path of tree.keys()) {
    if (path.endsWith("/pyvenv.cfg")) dirs.add(path.slice(0, -"/pyvenv.cfg".length));
  }
  return dirs;
}

/** The same file selection as `walkFiles`: pruned folders, includes/excludes, no virtualenvs. */
function makeFilter(config: ResolvedConfig): ActiveConfig["filter"] {
  const filter = pathFilter({ include: config.include, exclude: config.exclude });
  const dirExcluded = new Map<string, boolean>();
  let venvs: Set<string> | null = null;
  let venvTree: ReadonlyMap<string, TreeEntry> | null = null;
  return (path, tree) => {
    if (!filter.includes(path)) return false;
    if (venvTree !== tree) {
      venvTree = tree;
      venvs = null;
    }
    for (let slash = path.indexOf("/"); slash !== -1; slash = path.indexOf("/", slash + 1)) {
      const dir = path.slice(0, slash);
      let excluded = dirExcluded.get(dir);
      if (excluded === undefined) {
        excluded = filter.excludesDir(dir);
        dirExcluded.set(dir, excluded);
      }
      if (excluded) return false;
    }
    venvs ??= venvDirs(tree);
    if (venvs.size > 0) {
      for (let slash = path.indexOf("/"); slash !== -1; slash = path.indexOf("/", slash + 1)) {
        if (venvs.has(path.slice(0, slash))) return false;
      }
    }
    return true;
  };
}

/** A path whose change may change the file selection or the config. */
function isStructural(path: string): boolean {
  return path === "pyvenv.cfg" || path.endsWith("/pyvenv.cfg");
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Yields one event per sampled commit, oldest first. Call `stats()` afterwards for the numbers. */
export function runBackfill(plan: BackfillPlan, options: BackfillOptions, run: RunOptions = {}) {
  const started = performance.now();
  const cacheDir = options.cacheDir === undefined ? defaultCacheDir() : options.cacheDir;
  const cache = new BlobCache(cacheDir);
  const scope = JSON.stringify([SCANNER_VERSION, INVENTORY_SCHEMA_VERSION, plan.branch, options.configPath ?? null]);
  const inventories = new InventoryCache(cacheDir, scope);
  const stats: BackfillStats = {
    commitsListed: plan.commitsListed,
    sampled: plan.samples.length,
    scanned: 0,
    skipped: 0,
    errors: 0,
    blobVersions: 0,
    blobsRead: 0,
    bytesRead: 0,
    blobsParsed: 0,
    cacheHits: 0,
    inventoryHits: 0,
    cacheLoaded: 0,
    ms: 0,
  };
  const configs = new Map<string, ResolvedConfig | ConfigError | null>();
  const actives = new Map<string, ActiveConfig>();
  const extractors = new Map<string, Promise<Extractor>>();
  const seenVersions = new Set<string>();

  const readConfig = (reader: BlobReader, tree: ReadonlyMap<string, TreeEntry>) => {
    const candidates = options.configPath !== undefined ? [options.configPath] : CONFIG_LOCATIONS.map(String);
    return (async (): Promise<ResolvedConfig> => {
      for (const location of candidates) {
        const [name = location, key] = location.split("#");
        const entry = tree.get(name);
        if (!entry || !REGULAR_FILE.has(entry.mode)) continue;
        const id = `${location}:${entry.sha}`;
        let parsed = configs.get(id);
        if (parsed === undefined) {
          const bytes = await reader.read(entry.sha);
          const text = bytes?.toString("utf8") ?? "";
          try {
            if (key) {
              let pkg: unknown;
              try {
                pkg = JSON.parse(text);
              } catch {
                pkg = null;
              }
              parsed = typeof pkg === "object" && pkg !== null && key in pkg ? parseConfigValue((pkg as Record<string, unknown>)[key], `${name}#${key}`, [key]) : null;
            } else {
              parsed = parseConfigText(text, name);
            }
          } catch (error) {
            if (!(error instanceof ConfigError)) throw error;
            parsed = error;
          }
          configs.set(id, parsed);
        }
        if (parsed === null) continue;
        if (parsed instanceof ConfigError) throw parsed;
        return parsed;
      }
      return resolveConfig();
    })();
  };

  const activate = (config: ResolvedConfig): ActiveConfig => {
    const hash = configHash(config);
    let active = actives.get(hash);
    if (active) return active;
    const extractOptions = toExtractOptions(config);
    const optionsKey = extractOptionsKey(extractOptions);
    let extractor = extractors.get(optionsKey);
    if (!extractor) {
      extractor = createExtractor(extractOptions);
      extractors.set(optionsKey, extractor);
    }
    const family = compilePattern(config.pattern);
    active = { config, hash, optionsKey, filter: makeFilter(config), extractor, family, literals: literalBuffers(family.literals) };
    actives.set(hash, active);
    return active;
  };

  async function* events(): AsyncGenerator<BackfillEvent> {
    if (plan.samples.length === 0) return;
    const reader = new BlobReader(plan.repo);
    try {
      // Trees are listed lazily, from the first commit that must really be scanned: a re-run that is
      // all cache hits, or a resumed post that is mostly skips, asks git for nothing but the log.
      const tree = new Map<string, TreeEntry>();
      let changes = new Map<string, TreeChange[]>();
      let treeAt = -1;
      const advanceTree = async (index: number) => {
        if (treeAt === -1) {
          const at = plan.samples[index] as CommitEntry;
          for (const [path, entry] of await listTree(plan.repo, at.sha)) tree.set(path, entry);
          const pairs = plan.samples.slice(index + 1).map((commit, i) => [(plan.samples[index + i] as CommitEntry).sha, commit.sha] as const);
          changes = await diffPairs(plan.repo, pairs);
          treeAt = index;
          dirty = new Set(tree.keys());
          structural = true;
          return;
        }
        for (; treeAt < index; treeAt++) {
          for (const change of changes.get((plan.samples[treeAt + 1] as CommitEntry).sha) ?? []) {
            if (change.entry) tree.set(change.path, change.entry);
            else tree.delete(change.path);
            dirty.add(change.path);
            if (isStructural(change.path)) structural = true;
          }
        }
      };

      // The extracted state of the last scanned commit, and what changed since.
      let active: ActiveConfig | null = null;
      const files = new Map<string, FileExtraction>();
      const interesting = new Map<string, FileExtraction>();
      let dirty = new Set<string>();
      let structural = true;

      // Blobs of the next sampled commit are requested while this one is parsed: git never waits on us.
      let prefetched = new Map<string, Promise<Buffer | null>>();
      let upcoming = new Map<string, Promise<Buffer | null>>();
      const prefetch = (index: number, target: ActiveConfig) => {
        const next = plan.samples[index];
        if (!next || run.skip?.(next.sha) || inventories.has(next.sha)) return;
        for (const change of changes.get(next.sha) ?? []) {
          const entry = change.entry;
          if (!entry || !REGULAR_FILE.has(entry.mode) || upcoming.has(entry.sha)) continue;
          const kind = languageOf(change.path);
          if (!kind || !target.filter(change.path, tree) || cache.has(target.optionsKey, `${entry.sha}:${kind.grammar}`)) continue;
          upcoming.set(entry.sha, reader.read(entry.sha));
        }
      };

      const extractPaths = async (target: ActiveConfig, paths: Iterable<string>, nextIndex: number) => {
        const extractor = await target.extractor;
        const siteFilter = !target.config.subclasses;
        const reads: Array<{ path: string; key: string; language: NonNullable<ReturnType<typeof languageOf>>; bytes: Promise<Buffer | null> }> = [];
        for (const path of paths) {
          files.delete(path);
          interesting.delete(path);
          const entry = tree.get(path);
          if (!entry || !REGULAR_FILE.has(entry.mode)) continue;
          const kind = languageOf(path);
          if (!kind || !target.filter(path, tree)) continue;
          const key = `${entry.sha}:${kind.grammar}`;
          seenVersions.add(`${target.optionsKey}:${key}`);
          const cached = cache.get(target.optionsKey, key, path);
          if (cached) {
            files.set(path, cached);
            if (cached.members.length > 0 || cached.issue) interesting.set(path, cached);
            continue;
          }
          reads.push({ path, key, language: kind, bytes: prefetched.get(entry.sha) ?? reader.read(entry.sha) });
        }
        prefetch(nextIndex, target);
        for (const job of reads) {
          const bytes = (await job.bytes) ?? Buffer.alloc(0);
          stats.blobsRead++;
          stats.bytesRead += bytes.byteLength;
          let extraction: FileExtraction;
          // The same prefilters, in the same order, as scanDirectory: equal bytes give an equal result.
          if (
            bytes.byteLength <= extractor.options.maxFileBytes &&
            (!mayContainMember(bytes, target.literals) || (siteFilter && !mayDefineMember(bytes.toString("utf8"), target.family, job.language.language)))
          ) {
            extraction = { file: job.path, language: job.language.language, status: "no-match", issue: null, members: [] };
          } else {
            if (bytes.byteLength <= extractor.options.maxFileBytes) stats.blobsParsed++;
            extraction = extractor.extractFile(job.path, bytes);
          }
          cache.set(target.optionsKey, job.key, extraction);
          files.set(job.path, extraction);
          if (extraction.members.length > 0 || extraction.issue) interesting.set(job.path, extraction);
        }
      };

      for (let index = 0; index < plan.samples.length; index++) {
        const commit = plan.samples[index] as CommitEntry;
        if (run.skip?.(commit.sha)) {
          stats.skipped++;
          run.onProgress?.({ done: index + 1, total: plan.samples.length, commit });
          yield { kind: "skipped", commit };
          continue;
        }
        const stored = inventories.get(commit.sha);
        if (stored !== null) {
          stats.scanned++;
          stats.inventoryHits++;
          run.onProgress?.({ done: index + 1, total: plan.samples.length, commit });
          let parsed: Inventory | null = null;
          yield {
            kind: "scan",
            commit,
            json: stored,
            cached: true,
            get inventory() {
              return (parsed ??= JSON.parse(stored) as Inventory);
            },
          };
          continue;
        }
        await advanceTree(index);
        let config: ResolvedConfig;
        try {
          config = await readConfig(reader, tree);
        } catch (error) {
          if (!(error instanceof ConfigError)) throw error;
          stats.errors++;
          run.onProgress?.({ done: index + 1, total: plan.samples.length, commit });
          yield { kind: "error", commit, message: `bad config at ${commit.sha.slice(0, 12)}: ${error.message}` };
          continue;
        }
        const target = activate(config);
        if (target !== active || structural) {
          // Another plan (pattern, includes) or another virtualenv layout: reconsider every path.
          files.clear();
          interesting.clear();
          dirty = new Set(tree.keys());
          active = target;
          structural = false;
        }
        await extractPaths(target, dirty, index + 1);
        dirty = new Set();
        prefetched = upcoming;
        upcoming = new Map();

        const kept = [...interesting.keys()].sort(compare).map((path) => interesting.get(path) as FileExtraction);
        // Files that cannot hold a member only count as scanned: one shared placeholder stands for them.
        const filler: FileExtraction = { file: "", language: null, status: "no-match", issue: null, members: [] };
        const extractions = kept.concat(new Array<FileExtraction>(files.size - kept.length).fill(filler));
        const inventory = buildInventory({
          extractions,
          config,
          commit: { sha: commit.sha, date: commit.date, branch: plan.branch, message: commit.subject.slice(0, 4096) || null },
        });
        const json = JSON.stringify(inventory);
        inventories.set(commit.sha, json);
        stats.scanned++;
        run.onProgress?.({ done: index + 1, total: plan.samples.length, commit });
        yield { kind: "scan", commit, inventory, json, cached: false };
      }
    } finally {
      reader.close();
      cache.flush();
      inventories.flush();
      stats.blobVersions = seenVersions.size;
      stats.cacheHits = cache.hits;
      stats.cacheLoaded = cache.loadedEntries;
      stats.ms = performance.now() - started;
    }
  }

  return { events: events(), stats: () => stats };
}
