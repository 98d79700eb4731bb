import { readdirSync, realpathSync, statSync, type Dirent } from "node:fs";
import { join } from "node:path";
import picomatch from "picomatch";
import type { FileIssue } from "../contract/inventory";
import { ALWAYS_EXCLUDE } from "./config";

export interface WalkEntry {
  /** Relative to the root, with `/`. */
  file: string;
  abs: string;
  /** Known for symlinked files (stat was needed anyway); -1 otherwise: the reader learns it from fstat. */
  size: number;
}

export type WalkIssue = FileIssue & { kind: "skipped" | "failed" };

export interface WalkResult {
  files: WalkEntry[];
  issues: WalkIssue[];
}

export interface WalkOptions {
  include: readonly string[];
  exclude: readonly string[];
}

/** A glob filter over root-relative `/` paths; `excludesDir` prunes whole folders. */
export function pathFilter(options: WalkOptions): { includes(file: string): boolean; excludesDir(dir: string): boolean } {
  const opts = { dot: true };
  const include = picomatch([...options.include], opts);
  const exclude = picomatch([...ALWAYS_EXCLUDE, ...options.exclude], opts);
  return {
    includes: (file) => include(file) && !exclude(file),
    excludesDir: (dir) => exclude(`${dir}/`) || exclude(`${dir}/__converge_dir_probe__`),
  };
}

function code(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? String(error);
}

/**
 * Lists the files a scan considers, following symlinks once. A link back into its own ancestry is a
 * loop (skipped); a link to a folder already walked is not walked twice; broken links and unreadable
 * folders are failures. Virtualenvs (a folder with `pyvenv.cfg`) are never entered.
 */
export function walkFiles(root: string, options: WalkOptions): WalkResult {
  const filter = pathFilter(options);
  const files: WalkEntry[] = [];
  const issues: WalkIssue[] = [];
  const visitedDirs = new Set<string>();
  const seenFiles = new Set<string>();

  const walk = (abs: string, real: string, rel: string, ancestors: Set<string>) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(abs, { withFileTypes: true });
    } catch (error) {
      issues.push({ kind: "failed", file: rel || ".", reason: `unreadable folder (${code(error)})` });
      return;
    }
    if (rel && entries.some((e) => e.name === "pyvenv.cfg")) return;
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const childAbs = join(abs, entry.name);
      const childRel = rel ? `${rel}/${entry.name}` : entry.name;
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      let size = -1;
      if (entry.isSymbolicLink()) {
        try {
          const stat = statSync(childAbs);
          isDir = stat.isDirectory();
          isFile = stat.isFile();
          size = stat.size;
        } catch (error) {
          const c = code(error);
          if (c === "ELOOP") issues.push({ kind: "skipped", file: childRel, reason: "symlink loop (ELOOP)" });
          else if (c === "ENOENT") issues.push({ kind: "failed", file: childRel, reason: "broken symlink (target missing)" });
          else issues.push({ kind: "failed", file: childRel, reason: `unreadable symlink (${c})` });
          continue;
        }
      }
      if (isDir) {
        if (filter.excludesDir(childRel)) continue;
        // A plain folder's real path is its parent's plus its name; only links need resolving.
        let childReal = join(real, entry.name);
        if (entry.isSymbolicLink()) {
          try {
            childReal = realpathSync.native(childAbs);
          } catch (error) {
            issues.push({ kind: "failed", file: childRel, reason: `unreadable folder (${code(error)})` });
            continue;
          }
        }
        if (ancestors.has(childReal)) {
          issues.push({ kind: "skipped", file: childRel, reason: "symlink loop (points to a folder that contains it)" });
          continue;
        }
        if (visitedDirs.has(childReal)) continue;
        visitedDirs.add(childReal);
        ancestors.add(childReal);
        walk(childAbs, childReal, childRel, ancestors);
        ancestors.delete(childReal);
      } else if (isFile) {
        if (!filter.includes(childRel)) continue;
        if (entry.isSymbolicLink()) {
          try {
            const target = realpathSync.native(childAbs);
            if (seenFiles.has(target)) continue;
            seenFiles.add(target);
          } catch {
            // stat worked, so the file exists; keep it.
          }
        }
        files.push({ file: childRel, abs: childAbs, size });
      }
    }
  };

  const rootReal = realpathSync.native(root);
  visitedDirs.add(rootReal);
  walk(root, rootReal, "", new Set([rootReal]));
  return { files, issues };
}
