/**
 * Extraction results by blob: a file version is prefiltered and parsed once for the whole history,
 * and (on disk) once across runs. An extraction depends only on the bytes, the grammar and the
 * extract options (which include the scanner version), never on the path, so the key is
 * `blob:grammar` inside one file per options key; the path is put back on the way out. Left-out file
 * versions (never parsed) keep their count of the pattern's words there too, under `hits:blob:grammar`.
 */
import { createHash } from "node:crypto";
import { appendFileSync, mkdirSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import type { FileExtraction } from "../scanner/types";
import type { PlanOrigin } from "../sources/plan";

/** What the summary needs of a replayed inventory without parsing it. */
export interface InventoryNote {
  origin: PlanOrigin;
  members: number;
  files: number;
  pattern: string;
  /** A families plan: each family's numbers (the replayed output is then a portfolio). */
  families?: Array<{ slug: string; pattern: string; members: number; files: number }>;
}

/** Bump when the stored shape changes: old files are then simply not read. */
const CACHE_FORMAT = "history-v1";

/** The user's cache folder for Converge: CONVERGE_CACHE_DIR, XDG_CACHE_HOME, or the platform's. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CONVERGE_CACHE_DIR) return env.CONVERGE_CACHE_DIR;
  if (env.XDG_CACHE_HOME) return join(env.XDG_CACHE_HOME, "converge");
  if (process.platform === "darwin") return join(homedir(), "Library", "Caches", "converge");
  if (process.platform === "win32") return join(env.LOCALAPPDATA ?? join(homedir(), "AppData", "Local"), "converge", "cache");
  return join(homedir(), ".cache", "converge");
}

/** An extraction without its path; `textHits`: the entry of a left-out file version (its words, counted from the text). */
type Stored = Omit<FileExtraction, "file"> & { textHits?: number };

/** Time-budget failures depend on machine load, not on the bytes: kept for this run only. */
function persistable(extraction: Stored): boolean {
  return !(extraction.status === "failed" && /time budget/.test(extraction.issue?.reason ?? ""));
}

export class BlobCache {
  private readonly tables = new Map<string, Map<string, Stored>>();
  private readonly unsaved = new Map<string, string[]>();
  hits = 0;
  misses = 0;
  loadedEntries = 0;

  /** `dir` null: memory only. */
  constructor(private readonly dir: string | null) {}

  private file(optionsKey: string): string | null {
    return this.dir ? join(this.dir, CACHE_FORMAT, `${optionsKey}.ndjson`) : null;
  }

  private table(optionsKey: string): Map<string, Stored> {
    let table = this.tables.get(optionsKey);
    if (table) return table;
    table = new Map();
    this.tables.set(optionsKey, table);
    const file = this.file(optionsKey);
    if (file) {
      let text = "";
      try {
        text = readFileSync(file, "utf8");
      } catch {
        text = "";
      }
      for (const line of text.split("\n")) {
        if (!line) continue;
        try {
          const { k, e } = JSON.parse(line) as { k: string; e: Stored };
          table.set(k, e);
        } catch {
          // A torn line (a run killed mid-write) is skipped; the blob is parsed again.
        }
      }
      this.loadedEntries += table.size;
    }
    return table;
  }

  get(optionsKey: string, key: string, path: string): FileExtraction | null {
    const stored = this.table(optionsKey).get(key);
    if (!stored) {
      this.misses++;
      return null;
    }
    this.hits++;
    return withPath(stored, path);
  }

  /** A lookup that does not count as a hit or a miss (prefetch planning). */
  has(optionsKey: string, key: string): boolean {
    return this.table(optionsKey).has(key);
  }

  /** The pattern's words in a left-out file version (never parsed); undefined when not counted yet. Not a hit or a miss. */
  getTextHits(optionsKey: string, key: string): number | undefined {
    return this.table(optionsKey).get(`hits:${key}`)?.textHits;
  }

  hasTextHits(optionsKey: string, key: string): boolean {
    return this.table(optionsKey).has(`hits:${key}`);
  }

  setTextHits(optionsKey: string, key: string, hits: number): void {
    this.store(optionsKey, `hits:${key}`, { language: null, status: "no-match", issue: null, members: [], textHits: hits });
  }

  set(optionsKey: string, key: string, extraction: FileExtraction): void {
    const { file: _file, ...stored } = extraction;
    const members = stored.members.map((m) => ({ ...m, file: "" }));
    this.store(optionsKey, key, { ...stored, members });
  }

  private store(optionsKey: string, key: string, value: Stored): void {
    this.table(optionsKey).set(key, value);
    if (this.dir && persistable(value)) {
      const lines = this.unsaved.get(optionsKey) ?? [];
      lines.push(JSON.stringify({ k: key, e: value }));
      this.unsaved.set(optionsKey, lines);
    }
  }

  /** Appends new entries to disk. A failure to write only costs speed next time. */
  flush(): void {
    for (const [optionsKey, lines] of this.unsaved) {
      const file = this.file(optionsKey);
      if (!file || lines.length === 0) continue;
      try {
        mkdirSync(join(this.dir as string, CACHE_FORMAT), { recursive: true });
        appendFileSync(file, `${lines.join("\n")}\n`);
      } catch {
        // read-only home, full disk: the cache is an optimisation
      }
    }
    this.unsaved.clear();
  }
}

function withPath(stored: Stored, path: string): FileExtraction {
  if (stored.members.length === 0) return { ...stored, file: path };
  return { ...stored, file: path, members: stored.members.map((m) => ({ ...m, file: path })) };
}

/**
 * Whole inventories by commit: a commit's inventory depends only on its tree and config (both fixed
 * by the SHA), the branch it is recorded under, the `--config` path and the scanner version. A
 * re-run therefore replays stored JSON and reads no git object. Stored gzipped, one member per
 * flush (concatenated gzip members read back as one stream); a line is `sha<TAB>note<TAB>json`.
 */
export class InventoryCache {
  private table: Map<string, Buffer> | null = null;
  private unsaved: string[] = [];
  private unsavedBytes = 0;
  hits = 0;

  constructor(
    private readonly dir: string | null,
    private readonly scope: string,
  ) {}

  private file(): string | null {
    if (!this.dir) return null;
    const name = createHash("sha256").update(this.scope).digest("hex").slice(0, 32);
    return join(this.dir, CACHE_FORMAT, "inventories", `${name}.ndjson.gz`);
  }

  /** Entries stay slices of the one decompressed buffer; a string is made only when replayed. */
  private load(): Map<string, Buffer> {
    if (this.table) return this.table;
    this.table = new Map();
    const file = this.file();
    if (!file) return this.table;
    let data: Buffer;
    try {
      data = gunzipSync(readFileSync(file));
    } catch {
      // missing, or cut short by a killed run: lost entries are simply scanned again
      return this.table;
    }
    for (let start = 0; start < data.length; ) {
      let end = data.indexOf(10, start);
      if (end === -1) end = data.length;
      const tab = data.indexOf(9, start);
      if (tab > start && tab < end) this.table.set(data.toString("latin1", start, tab), data.subarray(tab + 1, end));
      start = end + 1;
    }
    return this.table;
  }

  has(sha: string): boolean {
    return this.dir !== null && this.load().has(sha);
  }

  get(sha: string): { json: string; note: InventoryNote } | null {
    if (!this.dir) return null;
    const line = this.load().get(sha);
    if (line === undefined) return null;
    const tab = line.indexOf(9);
    if (tab === -1) return null;
    let note: InventoryNote;
    try {
      note = JSON.parse(line.toString("utf8", 0, tab)) as InventoryNote;
    } catch {
      return null;
    }
    this.hits++;
    return { json: line.toString("utf8", tab + 1), note };
  }

  set(sha: string, json: string, note: InventoryNote): void {
    if (!this.dir) return;
    // Not kept in memory: this run never asks for the same commit twice; flushed in slices.
    this.unsaved.push(`${sha}\t${JSON.stringify(note)}\t${json}`);
    this.unsavedBytes += json.length;
    if (this.unsavedBytes > 4_000_000) this.flush();
  }

  flush(): void {
    const file = this.file();
    if (!file || this.unsaved.length === 0) return;
    try {
      mkdirSync(dirname(file), { recursive: true });
      appendFileSync(file, gzipSync(`${this.unsaved.join("\n")}\n`));
    } catch {
      // the cache is an optimisation
    }
    this.unsaved = [];
    this.unsavedBytes = 0;
  }
}
