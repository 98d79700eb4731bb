import { readdirSync, realpathSync, statSync, type Dirent } from "node:fs";
import { isAbsolute, join, relative } from "node:path";
import type { FileIssue } from "../contract/inventory";
import { isVenvListing, pathFilter } from "../sources/select";

// The filter lives with file selection (lib/sources/select), which every source shares; re-exported for callers of the walker.
export { pathFilter };

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
  /** Follow symlinks whose real path is outside the root (default: skip and report them). */
  followOutsideSymlinks?: boolean;
}

export const OUTSIDE_SYMLINK = "symlink outside the scanned folder";

function isInside(rootReal: string, target: string): boolean {
  const rel = relative(rootReal, target);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
}

function code(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? String(error);
}

/**
 * Lists the files a scan considers, following symlinks once. A link whose real path is outside the
 * root is skipped and reported (unless `followOutsideSymlinks`); a link back into its own ancestry is a
 * loop (skipped); a link to a folder already walked is not walked twice; broken links and unreadable
 * folders are failures. Virtualenvs (a folder with `pyvenv.cfg`) are never entered.
 */
export function walkFiles(root: string, options: WalkOptions): WalkResult {
  const filter = pathFilter(options);
  const files: WalkEntry[] = [];
  const issues: WalkIssue[] = [];
  const visitedDirs = new Set<string>();
  const seenFiles = new Set<string>();
  const rootReal = realpathSync.native(root);

  const walk = (abs: string, real: string, rel: string, ancestors: Set<string>) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(abs, { withFileTypes: true });
    } catch (error) {
      issues.push({ kind: "failed", file: rel || ".", reason: `unreadable folder (${code(error)})` });
      return;
    }
    if (rel && isVenvListing(entries.map((e) => e.name))) return;
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const childAbs = join(abs, entry.name);
      const childRel = rel ? `${rel}/${entry.name}` : entry.name;
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      let size = -1;
      // A symlink is resolved first: a pull request can point one anywhere on the machine.
      let linkTarget: string | null = null;
      if (entry.isSymbolicLink()) {
        try {
          linkTarget = realpathSync.native(childAbs);
          const stat = statSync(linkTarget);
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
      const outside = linkTarget !== null && !options.followOutsideSymlinks && !isInside(rootReal, linkTarget);
      if (isDir) {
        if (filter.excludesDir(childRel)) continue;
        if (outside) {
          issues.push({ kind: "skipped", file: childRel, reason: OUTSIDE_SYMLINK });
          continue;
        }
        // A plain folder's real path is its parent's plus its name; only links need resolving.
        const childReal = linkTarget ?? join(real, entry.name);
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
        if (outside) {
          issues.push({ kind: "skipped", file: childRel, reason: OUTSIDE_SYMLINK });
          continue;
        }
        if (linkTarget !== null) {
          // A link to a file inside the root: that file is scanned at its own path (or excluded there);
          // a git tree never follows links either, so scan and backfill agree.
          if (isInside(rootReal, linkTarget) || seenFiles.has(linkTarget)) continue;
          seenFiles.add(linkTarget);
        }
        files.push({ file: childRel, abs: childAbs, size });
      }
    }
  };

  visitedDirs.add(rootReal);
  walk(root, rootReal, "", new Set([rootReal]));
  return { files, issues };
}
