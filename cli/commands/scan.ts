import { parseArgs } from "node:util";
import { normalizeOptionalValue } from "@/cli/client/args";
import { postInventory, ServerError, type RetryPolicy } from "@/cli/client/http";
import { ConfigError } from "@/lib/scanner/config";
import { defaultsWarning, noMembersWarning } from "@/lib/sources/plan";
import { renderJson } from "@/lib/scanner/report/json";
import { renderMarkdown } from "@/lib/scanner/report/markdown";
import { renderTable } from "@/lib/scanner/report/table";
import { ScanInputError, scanDirectory } from "@/lib/scanner/scan";
import { createProgress } from "@/cli/progress";
import { EXIT, UsageError, type Command, type CommandIo } from "../errors";
import { POST_HELP, POST_OPTIONS, postTargetFromFlags } from "../post-flags";

export const SCAN_HELP = `converge scan: find, classify and check a class family in a working tree

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
                           contract), markdown for an issue thread

Checks
  --check                  exit 1 when any check fails

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
`;

const FORMATS = { table: renderTable, json: renderJson, markdown: renderMarkdown } as const;
type Format = keyof typeof FORMATS;

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
  const target = postTargetFromFlags(values, io.env);

  // A bar on a terminal only: a scan is short, so a pipe gets no progress lines.
  const progress = createProgress(io, "scan", { unit: "files" });

  let result: Awaited<ReturnType<typeof scanDirectory>>;
  try {
    result = await scanDirectory(dir, {
      cwd: io.cwd,
      configPath: values.config,
      followOutsideSymlinks: values["follow-outside-symlinks"],
      onProgress: ({ done, total, file }) => progress.update(done, total, file),
    });
  } catch (error) {
    if (error instanceof ConfigError || error instanceof ScanInputError) throw new UsageError(error.message);
    throw error;
  } finally {
    progress.stop();
  }
  io.stdout(FORMATS[format as Format](result.inventory));
  // A config that cannot be found is not silently the defaults; an empty family is not silently "done".
  if (result.plan.kind === "defaults") io.stderr(defaultsWarning(dir));
  if (result.inventory.members.length === 0) io.stderr(noMembersWarning(result.config.pattern, result.inventory.files.scanned));
  if (target) {
    const sha = result.inventory.commit.sha;
    if (!sha) {
      io.stderr(`ERROR: cannot post: ${dir} is not at a git commit (the server stores one scan per commit)\n`);
      return EXIT.badInput;
    }
    try {
      const posted = await postInventory(target, result.inventory, deps.retry, { replace: target.replace });
      io.stderr(
        `${posted.replaced ? "replaced" : posted.created ? "posted" : "already stored"}: ${sha.slice(0, 12)} in ${target.project}${posted.url ? ` (${posted.url})` : ""}\n`,
      );
    } catch (error) {
      if (!(error instanceof ServerError)) throw error;
      io.stderr(`ERROR: the server refused the scan of ${sha.slice(0, 12)}: ${error.message}\n`);
      return EXIT.badInput;
    }
  }
  if (values.check && result.inventory.checks.some((c) => !c.passed)) return EXIT.checkFailed;
  return EXIT.ok;
}

export const runScan: Command = createScanCommand();
