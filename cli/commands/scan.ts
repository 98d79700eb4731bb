import { parseArgs } from "node:util";
import { normalizeOptionalValue } from "@/cli/client/args";
import { describeDestination, postScan } from "@/cli/client/batch";
import { postInventory, ServerError, type PostResult, type RetryPolicy } from "@/cli/client/http";
import type { Inventory, PortfolioInventory } from "@/lib/contract/inventory";
import { ConfigError } from "@/lib/scanner/config";
import { toPortfolioInventory } from "@/lib/scanner/portfolio";
import { renderJson } from "@/lib/scanner/report/json";
import { renderMarkdown } from "@/lib/scanner/report/markdown";
import { renderPortfolioMarkdown, renderPortfolioTable } from "@/lib/scanner/report/portfolio";
import { renderTable } from "@/lib/scanner/report/table";
import { ScanInputError, scanDirectory, type ScanResult } from "@/lib/scanner/scan";
import { defaultsWarning, noMembersWarning, type ChosenPlan } from "@/lib/sources/plan";
import { openWorkTree, workTreePlan } from "@/lib/sources/worktree";
import { createProgress } from "@/cli/progress";
import { EXIT, UsageError, type Command, type CommandIo } from "../errors";
import { POST_HELP, POST_OPTIONS, postDestinationFromFlags, type PostDestination } from "../post-flags";

export const SCAN_HELP = `converge scan: find, classify and check a class family (or every family of a config) in a working tree

Usage
  converge scan [DIR] [options]

Scope
  DIR                      folder to scan (default: the current folder)
  --config FILE            config file, relative to the current folder (default:
                           converge.config.json, .converge.json or package.json#converge in DIR;
                           else the built-in defaults, with a warning)
  --follow-outside-symlinks
                           follow symlinks whose real path is outside DIR (default: they are
                           skipped and listed as "symlink outside the scanned folder")

Output
  --format table|json|markdown
                           table for people (default), json for machines (the inventory
                           contract), markdown for an issue thread; a config with families
                           prints one portfolio: a summary line, then a section per family
                           (json: one object with a families array)

Checks
  --check                  exit 1 when any check fails (of any family)

${POST_HELP}                           the scan needs a git commit; retried on network errors and 5xx (1, 2, 4 s)

Exit codes
  0  scanned (checks may fail unless --check)    1  --check and a check failed
  2  bad input: missing folder, bad config, unknown flag; or the server refused the post

Examples
  converge scan .
  converge scan services/agents --format json > inventory.json
  converge scan . --config ci/converge.json --check
  converge scan . --format markdown | gh issue comment 686 --body-file -
  converge scan . --post https://converge.example.com --project engines --token "$CONVERGE_TOKEN"
  converge scan . --post https://converge.example.com --repository netra --token "$CONVERGE_TOKEN"
`;

const FORMATS = {
  table: { single: renderTable, portfolio: renderPortfolioTable },
  json: { single: renderJson, portfolio: renderJson },
  markdown: { single: (inventory: Inventory) => renderMarkdown(inventory), portfolio: renderPortfolioMarkdown },
} as const;
type Format = keyof typeof FORMATS;

/** What one scan prints and posts: the inventory of a single-family config, the portfolio of a families config. */
type Output = { kind: "single"; inventory: Inventory } | { kind: "portfolio"; portfolio: PortfolioInventory };

function outputOf(result: ScanResult): Output {
  return result.portfolio.multi
    ? { kind: "portfolio", portfolio: toPortfolioInventory(result.families) }
    : { kind: "single", inventory: result.inventory };
}

function render(format: Format, output: Output): string {
  return output.kind === "portfolio" ? FORMATS[format].portfolio(output.portfolio) : FORMATS[format].single(output.inventory);
}

/** A project by its slug (as before portfolios), a repository as "repository SLUG". */
function where(destination: PostDestination): string {
  return destination.kind === "project" ? destination.target.project : describeDestination(destination);
}

function post(destination: PostDestination, output: Output, retry: RetryPolicy | undefined): Promise<PostResult> {
  if (destination.kind === "project" && output.kind === "single") {
    return postInventory(destination.target, output.inventory, retry, { replace: destination.replace });
  }
  if (destination.kind === "repository" && output.kind === "portfolio") {
    return postScan(destination, output.portfolio, retry, { replace: destination.replace });
  }
  throw new Error(`a ${output.kind} scan cannot post to a ${destination.kind}`);
}

export interface ScanDeps {
  retry?: RetryPolicy;
}

export function createScanCommand(deps: ScanDeps = {}): Command {
  return async (argv, io) => runScanCommand(argv, io, deps);
}

async function runScanCommand(argv: string[], io: CommandIo, deps: ScanDeps): Promise<number> {
  const { values, positionals } = parseArgs({
    args: normalizeOptionalValue(argv, "--post"),
    allowPositionals: true,
    strict: true,
    options: {
      config: { type: "string" },
      format: { type: "string", default: "table" },
      check: { type: "boolean", default: false },
      "follow-outside-symlinks": { type: "boolean", default: false },
      ...POST_OPTIONS,
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    io.stdout(SCAN_HELP);
    return EXIT.ok;
  }
  if (positionals.length > 1) throw new UsageError(`scan takes one folder, got ${positionals.length}: ${positionals.join(" ")}`);
  const format = values.format as string;
  if (!(format in FORMATS)) throw new UsageError(`--format must be table, json or markdown (got "${format}")`);
  const dir = positionals[0] ?? ".";

  // The plan first: it decides whether --post goes to a project or a repository (flags are checked before scanning).
  let plan: ChosenPlan;
  try {
    plan = await workTreePlan(openWorkTree(dir, io.cwd), values.config, io.cwd);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof ScanInputError) throw new UsageError(error.message);
    throw error;
  }
  const destination = postDestinationFromFlags(values, io.env, plan.portfolio.multi);

  // A bar on a terminal only: a scan is short, so a pipe gets no progress lines.
  const progress = createProgress(io, "scan", { unit: "files" });

  let result: ScanResult;
  try {
    result = await scanDirectory(dir, {
      cwd: io.cwd,
      plan,
      followOutsideSymlinks: values["follow-outside-symlinks"],
      onProgress: ({ done, total, file }) => progress.update(done, total, file),
    });
  } catch (error) {
    if (error instanceof ConfigError || error instanceof ScanInputError) throw new UsageError(error.message);
    throw error;
  } finally {
    progress.stop();
  }
  const output = outputOf(result);
  io.stdout(render(format as Format, output));
  // A config that cannot be found is not silently the defaults; an empty family is not silently "done".
  if (result.plan.kind === "defaults") io.stderr(defaultsWarning(dir));
  for (const family of result.families) {
    if (family.inventory.members.length > 0) continue;
    const prefix = output.kind === "portfolio" ? `${family.config.slug}: ` : "";
    io.stderr(`${prefix}${noMembersWarning(family.config.pattern, family.inventory.files.scanned)}`);
  }
  if (destination) {
    const sha = result.inventory.commit.sha;
    if (!sha) {
      io.stderr(`ERROR: cannot post: ${dir} is not at a git commit (the server stores one scan per commit)\n`);
      return EXIT.badInput;
    }
    try {
      const posted = await post(destination, output, deps.retry);
      io.stderr(
        `${posted.replaced ? "replaced" : posted.created ? "posted" : "already stored"}: ${sha.slice(0, 12)} in ${where(destination)}${posted.url ? ` (${posted.url})` : ""}\n`,
      );
    } catch (error) {
      if (!(error instanceof ServerError)) throw error;
      io.stderr(`ERROR: the server refused the scan of ${sha.slice(0, 12)}: ${error.message}\n`);
      return EXIT.badInput;
    }
  }
  if (values.check && result.families.some((family) => family.inventory.checks.some((c) => !c.passed))) return EXIT.checkFailed;
  return EXIT.ok;
}

export const runScan: Command = createScanCommand();
