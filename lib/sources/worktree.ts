/**
 * The working-tree source: a folder on disk. Its plan is the explicit `--config`, else its own
 * config file, else the defaults (which `scan` warns about).
 */
import { readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { configLabel, loadExplicitConfig } from "../scanner/config";
import { readOwnConfig, withoutOwnConfig, type ChosenPlan } from "./plan";

/** The scanned folder is missing or not a folder: bad input, not a scan result. */
export class ScanInputError extends Error {
  override name = "ScanInputError";
}

/** The absolute root of a folder to scan; throws ScanInputError when it is not one. */
export function openWorkTree(dir: string, cwd: string): string {
  const root = resolve(cwd, dir);
  let isDir = false;
  try {
    isDir = statSync(root).isDirectory();
  } catch {
    throw new ScanInputError(`folder not found: ${dir}`);
  }
  if (!isDir) throw new ScanInputError(`not a folder: ${dir}`);
  return root;
}

/** A root-relative file of a folder, or null when it is absent or not a regular file. */
function readWorkTreeText(root: string, name: string): string | null {
  const abs = join(root, name);
  try {
    if (!statSync(abs).isFile()) return null;
    return readFileSync(abs, "utf8");
  } catch {
    return null;
  }
}

/** The work tree's own config (labelled relative to `cwd`), or null. */
export function workTreeConfig(root: string, cwd: string): Promise<ChosenPlan | null> {
  return readOwnConfig(
    async (name) => readWorkTreeText(root, name),
    (name) => configLabel(join(root, name), cwd),
  ).then((portfolio) => (portfolio?.source ? { portfolio, origin: { kind: "own", file: portfolio.source } } : null));
}

/** The plan of a work-tree scan: `--config` (relative to `cwd`), else the folder's own, else defaults. */
export async function workTreePlan(root: string, explicit: string | undefined, cwd: string): Promise<ChosenPlan> {
  if (explicit !== undefined) {
    const portfolio = loadExplicitConfig(explicit, cwd);
    return { portfolio, origin: { kind: "explicit", file: portfolio.source ?? explicit } };
  }
  return withoutOwnConfig(await workTreeConfig(root, cwd));
}
