import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import {
  baselineFromInventory,
  baselineOf,
  BaselineError,
  diffAgainstBaseline,
  parseBaseline,
  serializeBaseline,
  type Baseline,
} from "@/cli/check/baseline";
import { renderCheckJson, renderCheckMarkdown, renderCheckText } from "@/cli/check/report";
import { fetchBranchScan, resolveTarget, ServerError, validUrl, type RetryPolicy } from "@/cli/client/http";
import { ConfigError } from "@/lib/scanner/config";
import { ScanInputError, scanDirectory } from "@/lib/scanner/scan";
import { EXIT, UsageError, type Command, type CommandIo } from "../errors";

export const CHECK_HELP = `converge check: fail a pull request when the family grows (a CI gate)

Usage
  converge check [DIR] --baseline FILE [--update-baseline]
  converge check [DIR] --branch main [--url URL --project SLUG]

Baseline (one of)
  --baseline FILE          a committed baseline file: the counted members and passing checks
  --update-baseline        rewrite FILE from this scan and exit 0 (commit it with the change)
  --branch BRANCH          the server's last scan of BRANCH (e.g. the PR's base branch)
  --url URL                server (or CONVERGE_URL); reads send CONVERGE_READ_TOKEN if set
  --project SLUG           project (or CONVERGE_PROJECT)

Scope
  DIR                      folder to scan (default: the current folder)
  --config FILE            config file (as for converge scan)

Output
  --format text|markdown|json
                           text (default); markdown for a PR comment; json for machines

Fails (exit 1) when
  - the counted number is higher than the baseline's;
  - a counted member is not in the baseline (named, with file:line);
  - a check that passed at the baseline fails now;
  - with --baseline FILE: an entry names a member that no longer exists (stale), so the
    file only ever shrinks; --update-baseline removes it.

Exit codes
  0  no regression    1  regression (see above)    2  bad input, unreachable server

Examples
  converge check . --baseline .converge-baseline.json
  converge check . --baseline .converge-baseline.json --update-baseline
  converge check . --branch "$GITHUB_BASE_REF" --format markdown > comment.md
`;

const REPORTERS = { text: renderCheckText, markdown: renderCheckMarkdown, json: renderCheckJson } as const;
type Format = keyof typeof REPORTERS;

export interface CheckDeps {
  retry?: RetryPolicy;
}

export function createCheckCommand(deps: CheckDeps = {}): Command {
  return async (argv, io) => runCheckCommand(argv, io, deps);
}

async function runCheckCommand(argv: string[], io: CommandIo, deps: CheckDeps): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      config: { type: "string" },
      baseline: { type: "string" },
      "update-baseline": { type: "boolean", default: false },
      branch: { type: "string" },
      url: { type: "string" },
      project: { type: "string" },
      format: { type: "string", default: "text" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    io.stdout(CHECK_HELP);
    return EXIT.ok;
  }
  if (positionals.length > 1) throw new UsageError(`check takes one folder, got ${positionals.length}: ${positionals.join(" ")}`);
  const format = values.format as string;
  if (!(format in REPORTERS)) throw new UsageError(`--format must be text, markdown or json (got "${format}")`);
  if (values.baseline !== undefined && values.branch !== undefined) throw new UsageError("--baseline and --branch exclude each other");
  if (values.baseline === undefined && values.branch === undefined) throw new UsageError("check needs --baseline FILE or --branch BRANCH");
  if (values["update-baseline"] && values.baseline === undefined) throw new UsageError("--update-baseline needs --baseline FILE");

  let scan: Awaited<ReturnType<typeof scanDirectory>>;
  try {
    scan = await scanDirectory(positionals[0] ?? ".", { cwd: io.cwd, configPath: values.config });
  } catch (error) {
    if (error instanceof ConfigError || error instanceof ScanInputError) throw new UsageError(error.message);
    throw error;
  }
  // A baseline and a branch scan are one family's: a portfolio would silently be checked by its first family.
  if (scan.portfolio.multi) {
    throw new UsageError("check compares one family; this config has families: pass --config with a single-family config");
  }
  const inventory = scan.inventory;

  let baseline: Baseline;
  let label: string;
  if (values.baseline !== undefined) {
    const path = resolve(io.cwd, values.baseline);
    if (values["update-baseline"]) {
      const next = baselineFromInventory(inventory);
      writeFileSync(path, serializeBaseline(next));
      io.stderr(`baseline written to ${values.baseline}: ${next.counted} counted member(s), ${next.passing.length} passing check(s)\n`);
      return EXIT.ok;
    }
    if (!existsSync(path)) throw new UsageError(`baseline file not found: ${values.baseline} (create it with --update-baseline)`);
    try {
      baseline = parseBaseline(readFileSync(path, "utf8"), values.baseline);
    } catch (error) {
      if (error instanceof BaselineError) throw new UsageError(error.message);
      throw error;
    }
    label = values.baseline;
  } else {
    const branch = values.branch as string;
    const resolved = resolveTarget({ url: values.url, project: values.project }, io.env);
    if (!resolved.target) throw new UsageError(`--branch needs ${resolved.missing.join(" and ")}`);
    if (!validUrl(resolved.target.url)) throw new UsageError(`not an http(s) URL: ${resolved.target.url}`);
    let serverScan: Awaited<ReturnType<typeof fetchBranchScan>>;
    try {
      serverScan = await fetchBranchScan(resolved.target, branch, deps.retry);
    } catch (error) {
      if (!(error instanceof ServerError)) throw error;
      io.stderr(`ERROR: cannot read the baseline from the server: ${error.message}\n`);
      return EXIT.badInput;
    }
    if (!serverScan) {
      // Nothing to regress against yet (the base branch was never posted): say so and pass.
      io.stderr(`warning: the server has no scan of branch "${branch}" in ${resolved.target.project}; nothing to compare against\n`);
      return EXIT.ok;
    }
    baseline = baselineOf({ members: serverScan.members, checks: serverScan.checkResults, target: serverScan.target });
    label = `${branch} @ ${serverScan.commit.sha.slice(0, 7)}`;
  }

  const outcome = diffAgainstBaseline(baseline, inventory, { baselineLabel: label, staleFails: values.baseline !== undefined });
  const rendered = REPORTERS[format as Format](outcome);
  io.stdout(rendered.output);
  return rendered.exitCode;
}

export const runCheck: Command = createCheckCommand();
