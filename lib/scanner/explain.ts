/**
 * `converge explain`: every text hit of a family's pattern, and what it is. It runs on the scan's own
 * one-pass pipeline (`scanDirectory`: each file read once, parsed at most once, the occurrences from the
 * same tree as the members; left-out files counted from their text), then `reconcile`s each family.
 */
import type { Explain } from "../contract/explain";
import type { PlanOrigin } from "../sources/plan";
import { exclusionReason } from "../sources/select";
import { openWorkTree, workTreePlan } from "../sources/worktree";
import { singleFamily, type ResolvedConfig, type ResolvedPortfolio } from "./config";
import { occurrenceFiles, parsedCount, reconcile } from "./reconcile";
import { scanDirectory } from "./scan";

export { exclusionReason };
export { reconcile };
export type { ExcludedCount, ExplainMember, ReconcileInput } from "./reconcile";

export interface ExplainOptions {
  configPath?: string;
  /** Use this config instead of discovering one. */
  config?: ResolvedConfig;
  cwd?: string;
  name?: string | null;
  /** Parsing workers, as for `scanDirectory` (default "auto"). */
  workers?: number | "auto";
}

export interface ExplainStats {
  /** Files the scan parsed (every scanned file holding a family literal), each once for all families. */
  parsedFiles: number;
  ms: number;
}

export interface ExplainDirectoryResult {
  portfolio: ResolvedPortfolio;
  plan: PlanOrigin;
  explains: Explain[];
  stats: ExplainStats;
}

const NO_COMMIT = { sha: null, date: new Date(0).toISOString(), branch: null, message: null };

/** Explains each family of a work tree's plan from one scan of it. */
export async function explainDirectory(dir: string, options: ExplainOptions = {}): Promise<ExplainDirectoryResult> {
  const started = performance.now();
  const cwd = options.cwd ?? process.cwd();
  const root = openWorkTree(dir, cwd);
  const plan = options.config
    ? { portfolio: singleFamily(options.config), origin: { kind: "explicit", file: options.config.source ?? "(given)" } as const }
    : await workTreePlan(root, options.configPath, cwd);
  // No commit is read: an explain names no commit.
  const scan = await scanDirectory(root, { plan, cwd, commit: NO_COMMIT, workers: options.workers });
  const explains = scan.families.map(({ config, inventory, extractions, excluded }) =>
    reconcile({
      family: { slug: config.slug, name: config.name, pattern: config.pattern },
      members: inventory.members,
      files: occurrenceFiles(extractions),
      excluded,
      scanned: extractions.length,
      parsed: parsedCount(extractions),
      name: options.name ?? null,
    }),
  );
  return {
    portfolio: plan.portfolio,
    plan: plan.origin,
    explains,
    stats: { parsedFiles: scan.stats.parsedFiles, ms: performance.now() - started },
  };
}
