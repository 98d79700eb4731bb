import { parseArgs } from "node:util";
import { ConfigError } from "../../lib/scanner/config";
import { renderJson } from "../../lib/scanner/report/json";
import { renderMarkdown } from "../../lib/scanner/report/markdown";
import { renderTable } from "../../lib/scanner/report/table";
import { ScanInputError, scanDirectory } from "../../lib/scanner/scan";
import { EXIT, UsageError, type Command } from "../errors";

export const SCAN_HELP = `converge scan: find, classify and check a class family in a working tree

Usage
  converge scan [DIR] [options]

Scope
  DIR                      folder to scan (default: the current folder)
  --config FILE            config file (default: converge.config.json, .converge.json
                           or package.json#converge in DIR; else built-in defaults)

Output
  --format table|json|markdown
                           table for people (default), json for machines (the inventory
                           contract), markdown for an issue thread

Checks
  --check                  exit 1 when any check fails

Exit codes
  0  scanned (checks may fail unless --check)    1  --check and a check failed
  2  bad input: missing folder, bad config, unknown flag

Examples
  converge scan .
  converge scan services/agents --format json > inventory.json
  converge scan . --config ci/converge.json --check
  converge scan . --format markdown | gh issue comment 686 --body-file -
`;

const FORMATS = { table: renderTable, json: renderJson, markdown: renderMarkdown } as const;
type Format = keyof typeof FORMATS;

export const runScan: Command = async (argv, io) => {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      config: { type: "string" },
      format: { type: "string", default: "table" },
      check: { type: "boolean", default: false },
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

  let lastWidth = 0;
  const onProgress = io.interactive
    ? ({ done, total }: { done: number; total: number }) => {
        const text = `scanning ${done}/${total} files`;
        io.stderr(`\r${text.padEnd(lastWidth)}`);
        lastWidth = text.length;
      }
    : undefined;

  let result;
  try {
    result = await scanDirectory(dir, { cwd: io.cwd, configPath: values.config, onProgress });
  } catch (error) {
    if (error instanceof ConfigError || error instanceof ScanInputError) throw new UsageError(error.message);
    throw error;
  } finally {
    if (onProgress && lastWidth > 0) io.stderr(`\r${" ".repeat(lastWidth)}\r`);
  }
  io.stdout(FORMATS[format as Format](result.inventory));
  if (values.check && result.inventory.checks.some((c) => !c.passed)) return EXIT.checkFailed;
  return EXIT.ok;
};
