/**
 * File selection, once for every source: the config's include/exclude, the folders that are never
 * scanned (ALWAYS_EXCLUDE), and virtualenvs (a folder holding `pyvenv.cfg`). A work tree prunes
 * folders while walking; a git tree asks the same questions of each path.
 */
import picomatch from "picomatch";
import { ALWAYS_EXCLUDE, type ResolvedConfig } from "../scanner/config";

export interface FileSelector {
  /** The file itself passes include/exclude (its folders are not looked at). */
  includes(path: string): boolean;
  /** A whole folder is excluded (pruned by the walker). */
  excludesDir(dir: string): boolean;
  /** A path of a flat tree: the file passes and none of its folders is excluded or a virtualenv. */
  selects(path: string, venvs: ReadonlySet<string>): boolean;
}

const VENV_MARKER = "pyvenv.cfg";

/** A glob filter over root-relative `/` paths; `excludesDir` prunes whole folders. */
export function pathFilter(options: { include: readonly string[]; exclude: readonly string[] }): {
  includes(file: string): boolean;
  excludesDir(dir: string): boolean;
} {
  const opts = { dot: true };
  const include = picomatch([...options.include], opts);
  const exclude = picomatch([...ALWAYS_EXCLUDE, ...options.exclude], opts);
  return {
    includes: (file) => include(file) && !exclude(file),
    excludesDir: (dir) => exclude(`${dir}/`) || exclude(`${dir}/__converge_dir_probe__`),
  };
}

export function createSelector(config: Pick<ResolvedConfig, "include" | "exclude">): FileSelector {
  const filter = pathFilter({ include: config.include, exclude: config.exclude });
  // Folder verdicts are asked once per folder, not once per file below it.
  const dirExcluded = new Map<string, boolean>();
  const excludesDir = (dir: string) => {
    let excluded = dirExcluded.get(dir);
    if (excluded === undefined) {
      excluded = filter.excludesDir(dir);
      dirExcluded.set(dir, excluded);
    }
    return excluded;
  };
  return {
    includes: filter.includes,
    excludesDir,
    selects(path, venvs) {
      if (!filter.includes(path)) return false;
      for (let slash = path.indexOf("/"); slash !== -1; slash = path.indexOf("/", slash + 1)) {
        const dir = path.slice(0, slash);
        if (excludesDir(dir) || venvs.has(dir)) return false;
      }
      return true;
    },
  };
}

/** Folders of a flat tree that hold a `pyvenv.cfg`: never entered, like the walker does. */
export function venvDirs(paths: Iterable<string>): Set<string> {
  const dirs = new Set<string>();
  for (const path of paths) {
    if (path.endsWith(`/${VENV_MARKER}`)) dirs.add(path.slice(0, -VENV_MARKER.length - 1));
  }
  return dirs;
}

/** A path whose change may change the selection (a virtualenv appears or goes). */
export function changesSelection(path: string): boolean {
  return path === VENV_MARKER || path.endsWith(`/${VENV_MARKER}`);
}

/** A folder entry list that marks a virtualenv (the walker's test). */
export function isVenvListing(names: Iterable<string>): boolean {
  for (const name of names) if (name === VENV_MARKER) return true;
  return false;
}

/**
 * Why the config leaves a file out: the first exclude glob matching it or a folder above it, else a miss of
 * `include`; null when the file is scanned. (Folders that are never scanned, ALWAYS_EXCLUDE, are not walked at all.)
 */
export function exclusionReason(config: Pick<ResolvedConfig, "include" | "exclude">): (file: string) => string | null {
  const opts = { dot: true };
  const include = picomatch([...config.include], opts);
  const excludes = config.exclude.map((glob) => ({ glob, match: picomatch(glob, opts) }));
  return (file) => {
    const probes = [file];
    for (let slash = file.indexOf("/"); slash !== -1; slash = file.indexOf("/", slash + 1)) {
      const dir = file.slice(0, slash);
      probes.push(`${dir}/`, `${dir}/__converge_dir_probe__`);
    }
    for (const { glob, match } of excludes) if (probes.some((p) => match(p))) return `excluded by \`${glob}\``;
    if (!include(file)) return "not matched by `include`";
    return null;
  };
}
