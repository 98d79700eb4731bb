import { parseArgs } from "node:util";
import { writeOnce, type ServerTarget } from "@/cli/client/http";
import { ScansDeleteResponseSchema } from "@/lib/contract/responses";
import { apiPath } from "@/lib/links";
import { EXIT, UsageError, type Command } from "../errors";
import { writeTargetFromFlags } from "../post-flags";

const HELP = `converge scans: correct a project's stored history on the server

Usage
  converge scans delete --project SLUG (--all | --since DATE --until DATE) [--url URL] [--token T] [--json]

Options
  --all              delete every stored scan of the project
  --since DATE       first commit date to delete (YYYY-MM-DD or an ISO instant, inclusive)
  --until DATE       last commit date to delete (inclusive)
  --url URL          the server (or CONVERGE_URL)
  --project SLUG     the project (or CONVERGE_PROJECT)
  --token TOKEN      the project's ingest token (or CONVERGE_TOKEN)
  --json             print the server's answer as JSON
  -h, --help         show this help

The scans go in one transaction, with their members and checks; members seen in no other
scan go too. Re-post with \`converge backfill ... --post\` (or --replace to overwrite in place).

Examples
  converge scans delete --project engines --since 2026-01-01 --until 2026-03-31
  CONVERGE_URL=https://converge.example.com converge scans delete --project engines --all
`;

const DATE = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/;

interface DeleteFlags {
  all: boolean;
  since?: string | undefined;
  until?: string | undefined;
}

/** The DELETE query: `all=1`, or both ends of the range; anything else is a usage error naming the flag. */
export function deleteQuery(flags: DeleteFlags): URLSearchParams {
  const ranged = flags.since !== undefined || flags.until !== undefined;
  if (flags.all && ranged) throw new UsageError("scans delete: give either --all or --since and --until, not both");
  if (flags.all) return new URLSearchParams({ all: "1" });
  if (!ranged) throw new UsageError("scans delete: give --all, or --since DATE and --until DATE");
  if (flags.since === undefined || flags.until === undefined) {
    throw new UsageError(`scans delete: --${flags.since === undefined ? "since" : "until"} is missing (a range needs both)`);
  }
  for (const [flag, value] of [
    ["since", flags.since],
    ["until", flags.until],
  ] as const) {
    if (!DATE.test(value) || Number.isNaN(Date.parse(value)))
      throw new UsageError(`scans delete: --${flag} ${value} is not a date (YYYY-MM-DD)`);
  }
  return new URLSearchParams({ since: flags.since, until: flags.until });
}

/** One DELETE, not retried: the server deletes in one transaction, so a lost answer is safe to re-run by hand. */
async function deleteOnServer(target: ServerTarget, query: URLSearchParams): Promise<number> {
  const path = apiPath.projectScans(target.project, query);
  return (await writeOnce(target, path, { method: "DELETE" }, ScansDeleteResponseSchema, "the delete")).deleted;
}

export const runScans: Command = async (argv, io) => {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      all: { type: "boolean", default: false },
      since: { type: "string" },
      until: { type: "string" },
      url: { type: "string" },
      project: { type: "string" },
      token: { type: "string" },
      json: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  const [action, ...extra] = positionals;
  if (values.help || !action) {
    io.stdout(HELP);
    return EXIT.ok;
  }
  if (action !== "delete") throw new UsageError(`unknown scans action "${action}" (delete)`);
  if (extra.length > 0) throw new UsageError(`scans delete takes no positional arguments (got ${extra.join(" ")})`);
  const query = deleteQuery(values);
  const target = writeTargetFromFlags(values, io.env, "scans delete");
  const deleted = await deleteOnServer(target, query);
  if (values.json) io.stdout(`${JSON.stringify({ project: target.project, deleted })}\n`);
  else io.stdout(`Deleted ${deleted} ${deleted === 1 ? "scan" : "scans"} of ${target.project}.\n`);
  return EXIT.ok;
};
