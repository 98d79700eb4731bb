import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { normalizeOptionalValue } from "@/cli/client/args";
import { describeDestination, fetchStoredCommits, ScanPoster, type CommitStatus } from "@/cli/client/batch";
import { ServerError, type RetryPolicy } from "@/cli/client/http";
import {
  EVERY,
  HistoryInputError,
  parseDateFlag,
  planBackfill,
  runBackfill,
  type BackfillPlan,
  type BackfillStats,
  type Every,
} from "@/lib/history";
import { createProgress } from "@/cli/progress";
import { ConfigError } from "@/lib/scanner/config";
import { defaultsWarning, noMembersWarning, summarizeOrigins } from "@/lib/sources/plan";
import { EXIT, UsageError, type Command, type CommandIo } from "../errors";
import { POST_HELP, POST_OPTIONS, postDestinationFromFlags } from "../post-flags";

export const BACKFILL_HELP = `converge backfill: scan a repository's history, one commit per day, week or month

Usage
  converge backfill [REPO] [options]

Sampling
  REPO                     a git work tree or a bare repository (default: the current folder)
  --ref REF                branch, tag or commit to walk back from (default: HEAD)
  --every day|week|month|commit
                           one commit per UTC bucket (default: week): the newest commit of each
                           bucket on the first-parent line, i.e. what the branch looked like
                           when the day/week/month ended
  --since DATE, --until DATE
                           YYYY-MM-DD, an ISO date-time, or a span back from now (90d, 12w, 6m, 1y)
  --first-parent           follow only first parents: the branch's own line (default)
  --all                    every commit reachable from REF, merged branches included

Scanning
  --config FILE            a config file on disk (relative to the current folder): the plan for
                           every commit. Without it: converge.config.json, .converge.json or
                           package.json#converge as each commit had it, and for commits without
                           one the tip's config (a work tree: the work tree's). A missing or
                           invalid --config exits 2 before anything is scanned
  --cache-dir DIR          where parsed file versions are kept between runs
                           (default: CONVERGE_CACHE_DIR or the user's cache folder)
  --no-cache               keep nothing on disk

Output
  --format ndjson|json     ndjson: one inventory per sampled commit, oldest first (default without
                           --post); json: one array. A config with families gives one portfolio
                           (every family's inventory) per commit, all families in one pass
  --no-progress            no progress on stderr (it is drawn only on a terminal, never in CI)

${POST_HELP}                           inventories go out oldest first, in batches (gzipped, below the
                           server's body cap); commits the server already has are skipped (a
                           repository: when every family has them), so a re-run resumes, except
                           with --replace, which posts every sampled commit again and replaces
                           what the server stored

Nothing is checked out: git objects are read through git plumbing, and each file version is
parsed once for the whole history (and kept in the cache for the next run).

Exit codes
  0  done (commits whose config is invalid are listed as warnings)
  2  bad input: not a repository, unknown ref, bad flag, missing or invalid --config; or the
     server refused a scan

Examples
  converge backfill . --since 1y --every week > history.ndjson
  converge backfill /srv/git/app.git --ref main --every day --since 2025-01-01
  CONVERGE_URL=https://converge.example.com CONVERGE_PROJECT=engines CONVERGE_TOKEN=… \\
    converge backfill . --since 1y --every day --post
  converge backfill . --config portfolio.json --since 1y --post --repository netra
`;

export interface BackfillDeps {
  retry?: RetryPolicy;
  /** Batch limits (tests make them small to see several requests); default: the server's cap. */
  batch?: { maxCommits?: number; maxBytes?: number };
}

function formatCount(n: number): string {
  return n.toLocaleString("en-US");
}

/** "12 posted (9 created, 3 already stored)": what the server did with each commit sent. */
export function describePosted(counts: Record<CommitStatus, number>): string {
  const total = counts.created + counts.existing + counts.replaced;
  const parts = [
    counts.created ? `${formatCount(counts.created)} created` : "",
    counts.existing ? `${formatCount(counts.existing)} already stored` : "",
    counts.replaced ? `${formatCount(counts.replaced)} replaced` : "",
  ].filter(Boolean);
  return `${formatCount(total)} posted${parts.length > 0 ? ` (${parts.join(", ")})` : ""}`;
}

export function summarize(stats: BackfillStats, every: Every, posted: Record<CommitStatus, number> | null): string {
  const parts = [
    `${formatCount(stats.sampled)} of ${formatCount(stats.commitsListed)} commits sampled (${every === "commit" ? "every commit" : `one per ${every}`})`,
    `${formatCount(stats.scanned)} scanned${stats.inventoryHits ? ` (${formatCount(stats.inventoryHits)} replayed from the cache)` : ""}${stats.skipped ? `, ${formatCount(stats.skipped)} already on the server` : ""}${stats.errors ? `, ${formatCount(stats.errors)} with a bad config` : ""}`,
    `${formatCount(stats.blobsParsed)} file versions parsed, ${formatCount(stats.blobsRead)} read, ${formatCount(stats.blobVersions)} seen`,
  ];
  if (stats.families.size > 0) parts.splice(1, 0, `${formatCount(stats.families.size)} families in one pass`);
  if (posted !== null) parts.push(describePosted(posted));
  const plans = stats.origins.length > 0 ? `backfill plan: ${summarizeOrigins(stats.origins)}\n` : "";
  return `backfill: ${parts.join("; ")}; ${(stats.ms / 1000).toFixed(1)} s\n${plans}`;
}

/** Warnings a user must not miss: no config anywhere, or a family that matched nothing in every commit. */
export function backfillWarnings(stats: BackfillStats, repo: string): string {
  let text = "";
  if (stats.origins.some((origin) => origin.kind === "defaults")) text += defaultsWarning(`some commits of ${repo}`);
  if (stats.families.size > 0) {
    for (const [slug, family] of stats.families)
      if (family.members === 0)
        text += noMembersWarning(family.pattern, family.maxFiles).replace(/^warning: /, `warning: family ${slug}: `);
  } else if (stats.scanned > 0 && stats.membersFound === 0 && stats.lastPattern !== null)
    text += noMembersWarning(stats.lastPattern, stats.maxFilesScanned);
  return text;
}

export function createBackfillCommand(deps: BackfillDeps = {}): Command {
  return async (argv, io) => runBackfillCommand(argv, io, deps);
}

async function runBackfillCommand(argv: string[], io: CommandIo, deps: BackfillDeps): Promise<number> {
  const { values, positionals } = parseArgs({
    args: normalizeOptionalValue(argv, "--post"),
    allowPositionals: true,
    strict: true,
    options: {
      ref: { type: "string" },
      since: { type: "string" },
      until: { type: "string" },
      every: { type: "string", default: "week" },
      "first-parent": { type: "boolean" },
      all: { type: "boolean" },
      config: { type: "string" },
      format: { type: "string" },
      ...POST_OPTIONS,
      "cache-dir": { type: "string" },
      "no-cache": { type: "boolean", default: false },
      "no-progress": { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    io.stdout(BACKFILL_HELP);
    return EXIT.ok;
  }
  if (positionals.length > 1) throw new UsageError(`backfill takes one repository, got ${positionals.length}: ${positionals.join(" ")}`);
  if (values.all && values["first-parent"]) throw new UsageError("--all and --first-parent exclude each other");
  const every = values.every as string;
  if (!(EVERY as readonly string[]).includes(every)) throw new UsageError(`--every must be day, week, month or commit (got "${every}")`);
  const format = values.format;
  if (format !== undefined && format !== "ndjson" && format !== "json")
    throw new UsageError(`--format must be ndjson or json (got "${format}")`);
  const now = new Date();
  const since = values.since !== undefined ? parseDateFlag(values.since, now) : undefined;
  if (since === null)
    throw new UsageError(`--since must be YYYY-MM-DD, an ISO date-time or a span like 90d, 12w, 6m, 1y (got "${values.since}")`);
  const until = values.until !== undefined ? parseDateFlag(values.until, now, true) : undefined;
  if (until === null)
    throw new UsageError(`--until must be YYYY-MM-DD, an ISO date-time or a span like 90d, 12w, 6m, 1y (got "${values.until}")`);

  const posting = values.post !== undefined;
  const output = format ?? (posting ? null : "ndjson");

  const options = {
    repo: resolve(io.cwd, positionals[0] ?? "."),
    ref: values.ref,
    every: every as Every,
    firstParent: !values.all,
    since,
    until,
    configPath: values.config,
    cwd: io.cwd,
    cacheDir: values["no-cache"] ? null : (values["cache-dir"] ?? undefined),
  };
  // Without --post the flags are checked before the (slow) plan; with it, the config's form picks the flag.
  if (!posting) postDestinationFromFlags(values, io.env, false);
  let plan: BackfillPlan;
  try {
    plan = await planBackfill(options);
  } catch (error) {
    if (error instanceof HistoryInputError || error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
  const planned = plan.explicit ?? plan.fallback;
  const destination = postDestinationFromFlags(values, io.env, planned?.portfolio.multi ?? false);

  const retry = deps.retry ? { ...deps.retry } : undefined;
  let skip: ((sha: string, families: readonly string[] | null) => boolean) | undefined;
  // With --replace every sampled commit is posted again: the stored ones are what is being corrected.
  if (destination && !destination.replace) {
    try {
      skip = await fetchStoredCommits(destination, retry);
    } catch (error) {
      if (!(error instanceof ServerError)) throw error;
      io.stderr(`ERROR: cannot list the commits ${describeDestination(destination)} already has: ${error.message}\n`);
      return EXIT.badInput;
    }
  }

  const progress = createProgress(io, "backfill", { unit: "commits", enabled: !values["no-progress"], pipeEveryMs: 5_000 });
  const run = runBackfill(plan, options, {
    skip,
    onProgress: ({ done, total, commit }) => progress.update(done, total, `${commit.sha.slice(0, 7)} ${commit.date.slice(0, 10)}`),
  });

  const collected: string[] = [];
  // Batches go out in commit order, one request in flight while the next commits are scanned.
  const poster = destination ? new ScanPoster(destination, { retry, replace: destination.replace, ...deps.batch }) : null;
  let mismatch: string | null = null;
  try {
    for await (const event of run.events) {
      if (event.kind === "error") {
        io.stderr(`warning: ${event.message}\n`);
        continue;
      }
      if (event.kind !== "scan") continue;
      if (output === "ndjson") io.stdout(`${event.json}\n`);
      else if (output === "json") collected.push(event.json);
      if (!poster || !destination) continue;
      // A commit whose own config has the other form cannot go where the rest goes.
      if ((event.families !== null) !== (destination.kind === "repository")) {
        mismatch ??= `${event.commit.sha.slice(0, 12)}'s config ${event.families ? "has families" : "has no families"}; not posted to ${describeDestination(destination)}`;
        continue;
      }
      if (!(await poster.add(event.commit.sha, event.json))) break;
    }
    await poster?.finish();
  } finally {
    progress.stop();
  }
  if (output === "json") io.stdout(collected.length === 0 ? "[]\n" : `[\n${collected.join(",\n")}\n]\n`);
  io.stderr(summarize(run.stats(), every as Every, poster ? poster.counts() : null));
  io.stderr(backfillWarnings(run.stats(), positionals[0] ?? "."));
  if (mismatch) io.stderr(`warning: ${mismatch}\n`);
  const failure = poster?.failure;
  if (failure) {
    const first = failure.shas[0]?.slice(0, 12) ?? "";
    const last = failure.shas[failure.shas.length - 1]?.slice(0, 12) ?? "";
    const what = failure.shas.length === 1 ? `the scan of ${first}` : `the batch of ${failure.shas.length} scans ${first}..${last}`;
    io.stderr(`ERROR: the server refused ${what}: ${failure.error.message}\n`);
    io.stderr(`${poster.outcomes.length} scan(s) were posted before it; run the same command again to resume.\n`);
    return EXIT.badInput;
  }
  return EXIT.ok;
}

export const runBackfillCli: Command = createBackfillCommand();
