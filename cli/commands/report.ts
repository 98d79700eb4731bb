import { parseArgs } from "node:util";
import { fetchReport, resolveTarget, ServerError, validUrl, type RetryPolicy } from "@/cli/client/http";
import { EXIT, UsageError, type Command, type CommandIo } from "../errors";

export const REPORT_HELP = `converge report: print a project's weekly report, as the server renders it

Usage
  converge report --project SLUG [options]

Scope
  --project SLUG           project (or CONVERGE_PROJECT)
  --at DATE|SHA            the report's scan: the last one at or before DATE, or that commit
                           (default: the newest scan)
  --since DATE|SHA         compare against this scan (default: a week before --at)
  --url URL                server (or CONVERGE_URL); reads send CONVERGE_READ_TOKEN if set

Output
  --format markdown|json   markdown for an issue thread (default), json for machines

Exit codes
  0  printed    2  bad input, or the server answered with an error (printed)

Examples
  converge report --project engines --url https://converge.example.com
  converge report --project engines --at 2026-03-01 --since 2026-02-01 | gh issue comment 686 --body-file -
`;

const FORMATS = { markdown: "md", json: "json" } as const;

export interface ReportDeps {
  retry?: RetryPolicy;
}

export function createReportCommand(deps: ReportDeps = {}): Command {
  return async (argv, io) => runReportCommand(argv, io, deps);
}

async function runReportCommand(argv: string[], io: CommandIo, deps: ReportDeps): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: false,
    strict: true,
    options: {
      project: { type: "string" },
      at: { type: "string" },
      since: { type: "string" },
      url: { type: "string" },
      format: { type: "string", default: "markdown" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  void positionals;
  if (values.help) {
    io.stdout(REPORT_HELP);
    return EXIT.ok;
  }
  const format = values.format as string;
  if (!(format in FORMATS)) throw new UsageError(`--format must be markdown or json (got "${format}")`);
  const resolved = resolveTarget({ url: values.url, project: values.project }, io.env);
  if (!resolved.target) throw new UsageError(`report needs ${resolved.missing.join(" and ")}`);
  if (!validUrl(resolved.target.url)) throw new UsageError(`not an http(s) URL: ${resolved.target.url}`);
  let text: string;
  try {
    text = await fetchReport(
      resolved.target,
      { at: values.at, since: values.since, format: FORMATS[format as keyof typeof FORMATS] },
      deps.retry,
    );
  } catch (error) {
    if (!(error instanceof ServerError)) throw error;
    io.stderr(`ERROR: ${error.message}\n`);
    return EXIT.badInput;
  }
  io.stdout(text.endsWith("\n") ? text : `${text}\n`);
  return EXIT.ok;
}

export const runReport: Command = createReportCommand();
