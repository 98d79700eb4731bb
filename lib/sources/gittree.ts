/**
 * The git-tree source: the tree of one sampled commit after another, read without a checkout. The
 * first tree comes from one `ls-tree`, every later one from one `diff-tree --stdin` pass; blob
 * bytes come from one long-lived `cat-file --batch`. Only regular files are read: a symlink blob
 * (mode 120000) holds a path, never followed, so a commit cannot point the scanner outside its tree.
 */
import { type BlobReader, diffPairs, listTree, runGit, type CommitEntry, type TreeChange, type TreeEntry } from "../history/git";
import { CONFIG_LOCATIONS, locationFile, type ResolvedPortfolio } from "../scanner/config";
import { readOwnConfig } from "./plan";
import { changesSelection, venvDirs } from "./select";

const REGULAR_FILE = new Set(["100644", "100755"]);

export function isRegularFile(entry: TreeEntry | undefined): entry is TreeEntry {
  return entry !== undefined && REGULAR_FILE.has(entry.mode);
}

/** The tree of the current sample, moved forward commit by commit; knows what changed since the last scan. */
export class SampledTree {
  readonly entries = new Map<string, TreeEntry>();
  private changes = new Map<string, TreeChange[]>();
  private at = -1;
  /** Paths changed since `takeDirty()`; everything right after the first listing. */
  private dirty = new Set<string>();
  /** A virtualenv appeared or went since the last `takeDirty()`: the whole selection may differ. */
  private reselect = true;
  private venvCache: Set<string> | null = null;

  constructor(
    private readonly repo: string,
    private readonly samples: readonly CommitEntry[],
  ) {}

  get listed(): boolean {
    return this.at !== -1;
  }

  /** Lists lazily, from the first sample that is really scanned: a re-run of cache hits lists nothing. */
  async advanceTo(index: number): Promise<void> {
    if (this.at === -1) {
      await this.listFrom(index);
      return;
    }
    for (; this.at < index; this.at++) {
      for (const change of this.changesOf(this.at + 1)) {
        if (change.entry) this.entries.set(change.path, change.entry);
        else this.entries.delete(change.path);
        this.dirty.add(change.path);
        if (changesSelection(change.path)) this.reselect = true;
      }
    }
  }

  private async listFrom(index: number): Promise<void> {
    const at = this.samples[index] as CommitEntry;
    for (const [path, entry] of await listTree(this.repo, at.sha)) this.entries.set(path, entry);
    const pairs = this.samples.slice(index + 1).map((commit, i) => [(this.samples[index + i] as CommitEntry).sha, commit.sha] as const);
    this.changes = await diffPairs(this.repo, pairs);
    this.at = index;
    this.reselect = true;
  }

  /** Changes that lead to sample `index` (empty when nothing changed or the tree is not listed yet). */
  changesOf(index: number): readonly TreeChange[] {
    const commit = this.samples[index];
    return commit ? (this.changes.get(commit.sha) ?? []) : [];
  }

  /** Paths to look at again: the changed ones, or all of them when the selection itself may have changed. */
  takeDirty(everything: boolean): { paths: Set<string>; all: boolean } {
    const all = everything || this.reselect;
    const paths = all ? new Set(this.entries.keys()) : this.dirty;
    if (this.reselect) this.venvCache = null;
    this.dirty = new Set();
    this.reselect = false;
    return { paths, all };
  }

  venvs(): ReadonlySet<string> {
    if (this.venvCache === null) this.venvCache = venvDirs(this.entries.keys());
    return this.venvCache;
  }
}

/** Blob text by SHA for config files: the same config blob is parsed once, not once per commit. */
export class ConfigBlobs {
  private readonly texts = new Map<string, Promise<string | null>>();
  private readonly parsed = new Map<string, Promise<ResolvedPortfolio | null>>();

  constructor(private readonly reader: BlobReader) {}

  /** The tree's own config, or null; an invalid one rejects with its ConfigError. */
  configOf(tree: ReadonlyMap<string, TreeEntry>): Promise<ResolvedPortfolio | null> {
    // The identity of a tree's config is the blob SHAs at the config locations.
    const ids = CONFIG_LOCATIONS.map((location) => {
      const entry = tree.get(locationFile(location));
      return isRegularFile(entry) ? entry.sha : "-";
    }).join(":");
    let config = this.parsed.get(ids);
    if (!config) {
      config = readOwnConfig(async (name) => {
        const entry = tree.get(name);
        return isRegularFile(entry) ? this.text(entry.sha) : null;
      });
      this.parsed.set(ids, config);
    }
    return config;
  }

  private text(sha: string): Promise<string | null> {
    let text = this.texts.get(sha);
    if (!text) {
      text = this.reader.read(sha).then((bytes) => bytes?.toString("utf8") ?? null);
      this.texts.set(sha, text);
    }
    return text;
  }
}

/** The config files at the root of one commit's tree (no recursive listing: the tip may be huge). */
export async function rootConfigEntries(repo: string, sha: string): Promise<Map<string, TreeEntry>> {
  const names = [...new Set(CONFIG_LOCATIONS.map(locationFile))];
  const out = (await runGit(repo, ["ls-tree", "-z", sha, "--", ...names])).toString("utf8");
  const tree = new Map<string, TreeEntry>();
  for (const record of out.split("\0")) {
    if (!record) continue;
    const tab = record.indexOf("\t");
    const [mode = "", , blob = ""] = record.slice(0, tab).split(" ");
    tree.set(record.slice(tab + 1), { mode, sha: blob });
  }
  return tree;
}
