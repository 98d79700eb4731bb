/**
 * Which plan (config) a scan uses, the same rule for `scan` and `backfill`:
 * - an explicit `--config` file on disk is the plan for everything scanned;
 * - otherwise the source's own config file (a work tree's, or a commit's tree's);
 * - for a commit that has none: the fallback (the ref tip's config, or the work tree's when a
 *   work tree is backfilled), because the config is usually added long after the history began;
 * - else the built-in defaults, which callers warn about.
 */
import {
  CONFIG_LOCATIONS,
  configAtLocation,
  DEFAULT_PATTERN,
  locationFile,
  resolveConfig,
  singleFamily,
  type ResolvedPortfolio,
} from "../scanner/config";

export type PlanOrigin =
  | { kind: "explicit"; file: string }
  | { kind: "own"; file: string }
  | { kind: "fallback"; file: string; from: "tip" | "work tree" }
  | { kind: "defaults" };

export interface ChosenPlan {
  /** Every family the plan scans (one for a single-family config). */
  portfolio: ResolvedPortfolio;
  origin: PlanOrigin;
}

/** Reads a root-relative file of a source (null when absent or not a regular file). */
export type TextReader = (name: string) => Promise<string | null>;

/** The first config a source holds at CONFIG_LOCATIONS, or null. Invalid configs throw ConfigError. */
export async function readOwnConfig(read: TextReader, label: (name: string) => string = (name) => name): Promise<ResolvedPortfolio | null> {
  for (const location of CONFIG_LOCATIONS) {
    const name = locationFile(location);
    const text = await read(name);
    if (text === null) continue;
    const config = configAtLocation(location, text, label(name));
    if (config) return config;
  }
  return null;
}

/** The plan when the source has no config of its own. */
export function withoutOwnConfig(fallback: ChosenPlan | null): ChosenPlan {
  return fallback ?? { portfolio: singleFamily(resolveConfig()), origin: { kind: "defaults" } };
}

/** How the summary names a plan, e.g. `plan from /tmp/backends.json`. */
export function describeOrigin(origin: PlanOrigin): string {
  switch (origin.kind) {
    case "explicit":
      return `plan from ${origin.file}`;
    case "own":
      return `plan from ${origin.file} at each commit`;
    case "fallback":
      return `plan from the ${origin.from === "tip" ? "tip's" : "work tree's"} ${origin.file}`;
    case "defaults":
      return `no config file: the built-in defaults (pattern ${DEFAULT_PATTERN})`;
  }
}

/** The warning `scan` and `backfill` print when nothing named a plan. */
export function defaultsWarning(what: string): string {
  return `warning: no config file found for ${what} (${CONFIG_LOCATIONS.join(", ")}): using the built-in defaults (pattern ${DEFAULT_PATTERN}); pass --config FILE\n`;
}

/** The warning for a run whose every scan found no member: the pattern, include or exclude is wrong. */
export function noMembersWarning(pattern: string, files: number): string {
  return `warning: no members match /${pattern}/ in ${files.toLocaleString("en-US")} files: check pattern, include and exclude\n`;
}

/**
 * One line per kind of plan, in history order, e.g. "12 commits: plan from converge.config.json at
 * each commit; 40 commits before it: plan from the tip's converge.config.json".
 */
export function summarizeOrigins(origins: readonly PlanOrigin[]): string {
  const groups = new Map<string, { origin: PlanOrigin; count: number; first: number }>();
  origins.forEach((origin, index) => {
    const key = describeOrigin(origin);
    const group = groups.get(key);
    if (group) group.count++;
    else groups.set(key, { origin, count: 1, first: index });
  });
  const firstOwn = origins.findIndex((o) => o.kind === "own");
  const lastFallback = origins.map((o) => o.kind).lastIndexOf("fallback");
  // Fallback commits all older than the first commit with its own config: "before it".
  const before = firstOwn !== -1 && lastFallback !== -1 && lastFallback < firstOwn;
  const parts = [...groups.entries()]
    .sort((a, b) => (a[1].origin.kind === "own" ? -1 : b[1].origin.kind === "own" ? 1 : a[1].first - b[1].first))
    .map(([text, { origin, count }]) => {
      const commits = `${count.toLocaleString("en-US")} commit${count === 1 ? "" : "s"}`;
      if (origin.kind === "fallback" && firstOwn !== -1) return `${commits} ${before ? "before it" : "without one"}: ${text}`;
      return `${commits}: ${text}`;
    });
  return parts.join("; ");
}
